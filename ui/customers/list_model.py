"""Table model over the customer list: pages fetched on demand, sorted in SQL.

Rows arrive a page at a time (``canFetchMore``/``fetchMore``) by keyset
cursor. A jump far down the list (:meth:`CustomerListModel.jump_to_row`)
fetches the page at that position with one query and leaves placeholders
(``None``) for the rows skipped; a placeholder is filled, a page at a time,
the first time a view asks for it, from whichever loaded neighbour is
nearest. Sorting asks for a new query: the model never sorts in Python.
Every read runs on an ``Op`` worker; the model changes when the answer
arrives on the GUI thread (``sig_reloaded``, ``sig_jumped``, row signals).
A change named by the hub re-reads just those customers (:meth:`refresh_customers`).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from hvdesk import safelog
from hvdesk.database import Database, Session
from hvdesk.errors import HvdeskError
from hvdesk.model import VisitStatus
from hvdesk.services import customer_list as service
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import (
    CustomerQuery,
    CustomerRow,
    DpdBucket,
    Page,
    SortKey,
)
from ui.dragdrop import CUSTOMER_IDS_MIME, customer_ids_mime
from ui.labels import QT_TRANSLATE_NOOP, error_text
from ui.workers import Op, OpState

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")
log = logging.getLogger(__name__)

#: The customer's id, for selections and signals.
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(enum.IntEnum):
    NAME = 0
    ID_NUMBER = 1
    PHONE = 2
    DISTRICT = 3
    DAYS_PAST_DUE = 4
    OVERDUE = 5
    NEXT_VISIT = 6
    DO_NOT_VISIT = 7
    UPDATED = 8
    #: Expected value of a visit (issue 20), as of the last ``priorities refresh``.
    VISIT_VALUE = 9


SORTABLE: dict[Column, SortKey] = {
    Column.NAME: SortKey.NAME,
    Column.DAYS_PAST_DUE: SortKey.DAYS_PAST_DUE,
    Column.OVERDUE: SortKey.OVERDUE_AMOUNT,
    Column.UPDATED: SortKey.UPDATED_AT,
    Column.VISIT_VALUE: SortKey.VISIT_VALUE,
}
COLUMN_OF_SORT = {key: column for column, key in SORTABLE.items()}

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_COLUMNS = len(Column)
_NUMBERS = frozenset({Column.DAYS_PAST_DUE, Column.OVERDUE, Column.VISIT_VALUE})
# Plain ints: a view asks ~3,000 times per search for roles (font, icon, size,
# check state) the list does not serve; those are answered before anything else.
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGN = Qt.ItemDataRole.TextAlignmentRole.value
_BACKGROUND = Qt.ItemDataRole.BackgroundRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_SERVED = frozenset({_DISPLAY, ID_ROLE, _ALIGN, _BACKGROUND, _FOREGROUND})
_ROW_FLAGS = (Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
              | Qt.ItemFlag.ItemNeverHasChildren | Qt.ItemFlag.ItemIsDragEnabled)

#: Soft tints: the eye finds the late accounts without the table shouting.
DPD_BACKGROUND: dict[DpdBucket, QColor] = {
    DpdBucket.D1_30: QColor("#fffaeb"),
    DpdBucket.D31_60: QColor("#fff3e6"),
    DpdBucket.D61_90: QColor("#fdeeec"),
    DpdBucket.D90_PLUS: QColor("#fbe4e1"),
}
DPD_FOREGROUND: dict[DpdBucket, QColor] = {
    DpdBucket.D1_30: QColor("#7a5b00"),
    DpdBucket.D31_60: QColor("#8a4b08"),
    DpdBucket.D61_90: QColor("#9b2c1f"),
    DpdBucket.D90_PLUS: QColor("#8b1a12"),
}
DNV_FOREGROUND = QColor("#b42318")

VISIT_STATUS_NAMES: dict[VisitStatus, str] = {
    VisitStatus.PLANNED: QT_TRANSLATE_NOOP("CustomerListModel", "planned"),
    VisitStatus.NOTIFIED: QT_TRANSLATE_NOOP("CustomerListModel", "notified"),
    VisitStatus.CONFIRMED: QT_TRANSLATE_NOOP("CustomerListModel", "confirmed"),
}


class CustomerListModel(QAbstractTableModel):
    """Customers matching one :class:`CustomerQuery`, loaded as the view scrolls.

    Every read runs on an ``Op`` worker with its own session; rows arrive on
    the GUI thread as frozen :class:`CustomerRow` values. Answers for a query
    the user already left are dropped (``_generation``).
    """

    PAGE = 200
    #: A refresh of named customers larger than this reloads the list instead.
    REFRESH_LIMIT = 2_000

    #: The list was reloaded for a new query (search, filter or sort changed).
    sig_reloaded = Signal()
    #: ``jump_to_row`` reached this row (-1 for an empty list).
    sig_jumped = Signal(int)
    #: Rows came or went after a change (a customer created, deleted, or now (not) matching).
    sig_membership_changed = Signal()
    #: Named customers were re-read after a change (their ids).
    sig_rows_refreshed = Signal(list)
    #: A read failed (the message, for the status line).
    sig_failed = Signal(str)

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._zone = zone
        self._query = CustomerQuery()
        self._rows: list[CustomerRow | None] = []
        self._at_end = True
        self._generation = 0
        #: A reload for the current query is on its way.
        self.loading = False
        self._fetching = False
        #: Placeholder rows whose page is being read.
        self._filling: set[int] = set()
        #: Column titles in the current language (the header asks for them often).
        self._titles: list[str] = []

    # --- running reads ---------------------------------------------------------
    def _read(self, fn: Callable[[Session], T], then: Callable[[T], None],
              *, stale_ok: bool = False) -> Op[T]:
        """``fn(session)`` on a worker; ``then(result)`` here unless the query changed meanwhile."""
        db, generation = self._db, self._generation

        def work(_state: OpState) -> T:
            with db.session() as session:
                return fn(session)

        def done(result: T) -> None:
            if stale_ok or generation == self._generation:
                then(result)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.loading = self._fetching = False
                self._filling.clear()
            safelog.failure(log, "customer list read", exc)
            self.sig_failed.emit(error_text(exc) if isinstance(exc, HvdeskError)
                                 else type(exc).__name__)

        return Op(self, work).success(done).failure(failed).run()

    # --- the query ---------------------------------------------------------
    @property
    def query(self) -> CustomerQuery:
        return self._query

    def set_query(self, query: CustomerQuery) -> None:
        """Show the first page of ``query`` (also when it did not change: a refresh).

        The rows shown stay until the new ones arrive; ``sig_reloaded`` says when.
        """
        self._query = query
        self._generation += 1
        self.loading = True
        self._fetching = False
        self._filling.clear()
        actor, limit = self._actor, self.PAGE
        self._read(lambda s: service.fetch_page(s, actor, query, limit=limit), self._reloaded)

    def _reloaded(self, page: Page) -> None:
        self.beginResetModel()
        self._rows = list(page.rows)
        self._at_end = page.next_cursor is None
        self.loading = False
        self.endResetModel()
        self.sig_reloaded.emit()

    def refresh(self) -> None:
        self.set_query(self._query)

    def row_at(self, row: int) -> CustomerRow | None:
        """The loaded row; None past the end or for a row not loaded yet (it is then asked for)."""
        if not 0 <= row < len(self._rows):
            return None
        found = self._rows[row]
        if found is None:
            self._fill(row)
        return found

    def customer_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def loaded_rows(self) -> int:
        return len(self._rows)

    def placeholders(self) -> int:
        """Rows a jump skipped that are not loaded yet."""
        return sum(1 for r in self._rows if r is None)

    def row_of(self, customer_id: int) -> int | None:
        """The row a loaded customer is on (None if not loaded)."""
        for index, found in enumerate(self._rows):
            if found is not None and found.id == customer_id:
                return index
        return None

    # --- paging --------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and not self._at_end

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._at_end or self._fetching or self.loading:
            return
        self._fetching = True
        last = self._rows[-1] if self._rows else None
        actor, query, limit = self._actor, self._query, self.PAGE
        after = last.cursor if last else None
        self._read(lambda s: service.fetch_page(s, actor, query, after, limit), self._fetched)

    def _fetched(self, page: Page) -> None:
        self._fetching = False
        self._append(page)

    def _append(self, page: Page, gap: int = 0) -> None:
        added = gap + len(page.rows)
        if added:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + added - 1)
            self._rows.extend([None] * gap)
            self._rows.extend(page.rows)
            self._at_end = page.next_cursor is None
            self.endInsertRows()
        else:
            self._at_end = page.next_cursor is None

    def jump_to_row(self, row: int) -> None:
        """Make ``row`` exist (loading it with one query); ``sig_jumped`` gives the row reached.

        Past the end of the list the last row is reached instead.
        """
        if row < len(self._rows) or self._at_end:
            self.sig_jumped.emit(min(row, len(self._rows) - 1))
            return
        actor, query, limit, loaded = self._actor, self._query, self.PAGE, len(self._rows)
        last = self._rows[-1] if self._rows else None

        def work(s: Session) -> tuple[int, Page, bool]:
            page = service.fetch_at(s, actor, query, row, limit)
            if page.rows:
                return row, page, True
            # Fewer rows than asked for: the last page instead.
            total = service.count(s, actor, query)
            if total - loaded <= limit:
                after = last.cursor if last else None
                return loaded, service.fetch_page(s, actor, query, after, limit), False
            return total - limit, service.fetch_at(s, actor, query, total - limit, limit), False

        def jumped(found: tuple[int, Page, bool]) -> None:
            first, page, exact = found
            if first >= len(self._rows):
                self._append(page, gap=first - len(self._rows))
            reached = row if exact and row < len(self._rows) else len(self._rows) - 1
            self.sig_jumped.emit(reached)

        self._read(work, jumped)

    def add_page(self, start: int, page: Page) -> None:
        """Rows read elsewhere (a lookup for a selection) starting at row ``start``."""
        if start >= len(self._rows) and page.rows:
            self._append(page, gap=start - len(self._rows))

    def _fill(self, row: int) -> None:
        """Load the placeholders around ``row`` from the nearest loaded neighbour.

        Neighbours give a cursor (a cheap index seek); only a row deep inside a
        long gap costs a positional fetch.
        """
        if row in self._filling:
            return
        rows = self._rows
        start = row
        while (start > 0 and rows[start - 1] is None and start - 1 not in self._filling
               and row - start < self.PAGE - 1):
            start -= 1
        end = row
        while (end + 1 < len(rows) and rows[end + 1] is None and end + 1 not in self._filling
               and end - row < self.PAGE - 1):
            end += 1
        previous = rows[start - 1] if start > 0 else None
        following = rows[end + 1] if end + 1 < len(rows) else None
        actor, query, limit = self._actor, self._query, self.PAGE
        span = set(range(start, end + 1))
        self._filling |= span

        def work(s: Session) -> tuple[int, Page]:
            if previous is not None:
                size = min(limit, end - start + 1 if following is not None else limit)
                return start, service.fetch_page(s, actor, query, previous.cursor, size)
            if following is not None:
                page = service.fetch_page(s, actor, query, limit=min(limit, end - start + 1),
                                          before=following.cursor)
                return end + 1 - len(page.rows), page
            return row, service.fetch_at(s, actor, query, row, limit)

        def filled(found: tuple[int, Page]) -> None:
            first, page = found
            self._filling -= span
            changed = [first + offset for offset in range(len(page.rows))]
            for slot, found_row in zip(changed, page.rows, strict=True):
                if slot >= len(rows) or rows[slot] is not None:
                    break
                rows[slot] = found_row
            if changed:
                self.dataChanged.emit(self.index(min(changed), 0),
                                      self.index(min(max(changed), len(rows) - 1), len(Column) - 1))

        self._read(work, filled)

    def load_rows(self, rows: Sequence[int]) -> bool:
        """Ask for the placeholders among ``rows``; True when all of them are loaded already."""
        missing = [r for r in rows if 0 <= r < len(self._rows) and self._rows[r] is None]
        for r in missing:
            self._fill(r)
        return not missing

    # --- following changes -------------------------------------------------------
    def _key(self, row: CustomerRow) -> tuple[Any, int]:
        return row.cursor.value, row.cursor.id

    def _before(self, a: CustomerRow, b: CustomerRow) -> bool:
        """``a`` comes before ``b`` in list order."""
        try:
            less = self._key(a) < self._key(b)
        except TypeError:  # a NULL sort value: place by id
            less = a.id < b.id
        return less != self._query.descending if self._key(a) != self._key(b) else False

    @property
    def generation(self) -> int:
        """Changes with every new query (or reload): answers for an older one are stale."""
        return self._generation

    def refresh_customers(self, ids: Iterable[int], *, recount: bool = True) -> None:
        """Re-read just these customers (a change named them) and update, add or drop their rows.

        ``recount``: the change may have added or removed customers beyond the loaded
        rows (a customer written, or a filter on visits), so ``sig_membership_changed``
        follows when some of them are not loaded.
        """
        wanted = sorted(set(ids))
        if not wanted or self.loading:
            return
        if len(wanted) > self.REFRESH_LIMIT:
            self.refresh()
            return
        actor, query = self._actor, self._query
        self._read(lambda s: service.fetch_rows(s, actor, query, wanted),
                   lambda rows: self._apply(wanted, rows, recount))

    def refresh_loaded(self) -> None:
        """Re-read every loaded row (a change that names no customers)."""
        ids = [r.id for r in self._rows if r is not None]
        if len(ids) > self.REFRESH_LIMIT or self.placeholders():
            self.refresh()
        else:
            self.refresh_customers(ids)

    def _fits(self, index: int, row: CustomerRow) -> bool:
        rows = self._rows
        before = rows[index - 1] if index > 0 else None
        after = rows[index + 1] if index + 1 < len(rows) else None
        return ((before is None or not self._before(row, before))
                and (after is None or not self._before(after, row)))

    def _apply(self, wanted: list[int], found: list[CustomerRow], recount: bool) -> None:
        by_id = {row.id: row for row in found}
        where = {row.id: i for i, row in enumerate(self._rows) if row is not None}
        unseen = any(customer_id not in where for customer_id in wanted)
        refreshed: list[int] = []
        drop: list[int] = []
        place: list[CustomerRow] = []
        for customer_id in wanted:
            index, row = where.get(customer_id), by_id.get(customer_id)
            if index is None:
                if row is not None:
                    place.append(row)
            elif row is None:
                drop.append(index)
            elif self._fits(index, row):
                self._rows[index] = row
                refreshed.append(customer_id)
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(Column) - 1))
            else:
                drop.append(index)
                place.append(row)
        for index in sorted(drop, reverse=True):
            self.beginRemoveRows(QModelIndex(), index, index)
            del self._rows[index]
            self.endRemoveRows()
        inserted = 0
        for row in place:
            spot = self._spot(row)
            if spot is None:
                continue
            if spot < 0:  # among rows a jump skipped: only a reload places it right
                self.refresh()
                return
            self.beginInsertRows(QModelIndex(), spot, spot)
            self._rows.insert(spot, row)
            self.endInsertRows()
            inserted += 1
            refreshed.append(row.id)
        if refreshed:
            self.sig_rows_refreshed.emit(refreshed)
        if drop or inserted or (recount and unseen):
            self.sig_membership_changed.emit()

    def _spot(self, row: CustomerRow) -> int | None:
        """Where ``row`` goes among the loaded rows; None past what is loaded, -1 if unknown."""
        rows = self._rows
        for index, other in enumerate(rows):
            if other is not None and self._before(row, other):
                return -1 if index > 0 and rows[index - 1] is None else index
        return len(rows) if self._at_end else None

    # --- sorting ---------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORTABLE.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            return  # only indexed columns sort; the page puts the indicator back
        descending = order == Qt.SortOrder.DescendingOrder
        if key is self._query.sort and descending == self._query.descending and self._rows:
            return
        self.set_query(self._query.with_changes(sort=key, descending=descending))

    # --- QAbstractTableModel -------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < _COLUMNS:
            return None
        if role == _DISPLAY:
            if not self._titles:
                self._titles = [self.column_title(column) for column in Column]
            return self._titles[section]
        if role == _ALIGN:
            # Left even over numbers: the sort arrow sits at the right edge.
            return _LEFT
        return None

    def column_title(self, column: Column) -> str:
        return {
            Column.NAME: self.tr("Name"),
            Column.ID_NUMBER: self.tr("ID number"),
            Column.PHONE: self.tr("Phone"),
            Column.DISTRICT: self.tr("Registered district"),
            Column.DAYS_PAST_DUE: self.tr("Days past due"),
            Column.OVERDUE: self.tr("Overdue amount"),
            Column.NEXT_VISIT: self.tr("Next visit"),
            Column.DO_NOT_VISIT: self.tr("Do not visit"),
            Column.UPDATED: self.tr("Updated"),
            Column.VISIT_VALUE: self.tr("Visit value"),
        }[column]

    # --- dragging customers to the calendar or the map ------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:
        return [CUSTOMER_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: list[int] = []
        for index in indexes:
            row = self.row_at(index.row())
            if row is not None and row.id not in ids:
                ids.append(row.id)
        return customer_ids_mime(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def data(  # noqa: PLR0911 (one answer per role)
        self, index: Index, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in _SERVED:
            return None
        at = index.row()  # -1 for an invalid index
        if not 0 <= at < len(self._rows):
            return None
        row = self._rows[at]
        if row is None:
            self._fill(at)
            return None
        # A plain int compared with IntEnum members: Column(...) costs a call per cell.
        column = index.column()
        if role == _DISPLAY:
            return self._display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == _ALIGN:
            return _RIGHT if column in _NUMBERS else _LEFT
        if column == Column.DAYS_PAST_DUE:
            bucket = service.dpd_bucket_of(row.days_past_due)
            if bucket is None:
                return None
            return (DPD_BACKGROUND if role == _BACKGROUND else DPD_FOREGROUND)[bucket]
        if column == Column.DO_NOT_VISIT and role == _FOREGROUND:
            return DNV_FOREGROUND
        return None

    def _display(self, row: CustomerRow, column: int) -> str:  # noqa: PLR0911 (one per column)
        if column == Column.NAME:
            return row.name
        if column == Column.ID_NUMBER:
            return row.id_number_masked
        if column == Column.PHONE:
            return row.phone_masked
        if column == Column.DISTRICT:
            return row.district
        if column == Column.DAYS_PAST_DUE:
            return str(row.days_past_due)
        if column == Column.OVERDUE:
            return f"{row.overdue_amount:,.2f}"
        if column == Column.NEXT_VISIT:
            if row.next_visit_at is None or row.next_visit_status is None:
                return ""
            when = row.next_visit_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
            status = VISIT_STATUS_NAMES.get(row.next_visit_status, row.next_visit_status.value)
            return f"{when}  {QCoreApplication.translate('CustomerListModel', status)}"
        if column == Column.DO_NOT_VISIT:
            return self.tr("Do not visit") if row.do_not_visit else ""
        if column == Column.VISIT_VALUE:
            # "—" until the branch's values are refreshed ('hvdesk priorities refresh').
            return "—" if row.visit_value_on is None else f"{row.visit_value:,.0f}"
        return row.updated_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")

    def retranslate(self) -> None:
        self._titles = []
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))
