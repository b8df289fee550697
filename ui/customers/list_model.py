"""Table model over the customer list: pages fetched on demand, sorted in SQL.

Rows arrive a page at a time (``canFetchMore``/``fetchMore``) by keyset
cursor. A jump far down the list (:meth:`CustomerListModel.jump_to_row`)
fetches the page at that position with one query and leaves placeholders
(``None``) for the rows skipped; a placeholder is filled, a page at a time,
the first time a view asks for it, from whichever loaded neighbour is
nearest. Sorting asks for a new query: the model never sorts in Python.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any
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

from hvdesk.database import Database
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
from ui.labels import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex

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


SORTABLE: dict[Column, SortKey] = {
    Column.NAME: SortKey.NAME,
    Column.DAYS_PAST_DUE: SortKey.DAYS_PAST_DUE,
    Column.OVERDUE: SortKey.OVERDUE_AMOUNT,
    Column.UPDATED: SortKey.UPDATED_AT,
}
COLUMN_OF_SORT = {key: column for column, key in SORTABLE.items()}

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

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
    """Customers matching one :class:`CustomerQuery`, loaded as the view scrolls."""

    PAGE = 200

    #: The list was reloaded for a new query (search, filter or sort changed).
    sig_reloaded = Signal()

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

    # --- the query ---------------------------------------------------------
    @property
    def query(self) -> CustomerQuery:
        return self._query

    def set_query(self, query: CustomerQuery) -> None:
        """Show the first page of ``query`` (also when it did not change: a refresh)."""
        with self._db.session() as session:
            page = service.fetch_page(session, self._actor, query, limit=self.PAGE)
        self.beginResetModel()
        self._query = query
        self._rows = list(page.rows)
        self._at_end = page.next_cursor is None
        self.endResetModel()
        self.sig_reloaded.emit()

    def refresh(self) -> None:
        self.set_query(self._query)

    def row_at(self, row: int) -> CustomerRow | None:
        """The loaded row, filling a placeholder if need be; None past the end."""
        if not 0 <= row < len(self._rows):
            return None
        found = self._rows[row]
        if found is None:
            self._fill(row)
            found = self._rows[row]
        return found

    def customer_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def loaded_rows(self) -> int:
        return len(self._rows)

    # --- paging --------------------------------------------------------------
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and not self._at_end

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._at_end:
            return
        last = self._rows[-1] if self._rows else None
        with self._db.session() as session:
            page = service.fetch_page(session, self._actor, self._query,
                                      last.cursor if last else None, self.PAGE)
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

    def jump_to_row(self, row: int) -> int:
        """Make ``row`` exist (loading it with one query); returns the row reached.

        Past the end of the list the last row is reached instead.
        """
        if row < len(self._rows) or self._at_end:
            return min(row, len(self._rows) - 1)
        with self._db.session() as session:
            page = service.fetch_at(session, self._actor, self._query, row, self.PAGE)
        if not page.rows:
            # Fewer rows than asked for: load the last page instead.
            while self.canFetchMore():
                self.fetchMore()
            return len(self._rows) - 1
        self._append(page, gap=row - len(self._rows))
        return row

    def _fill(self, row: int) -> None:
        """Load the placeholders around ``row`` from the nearest loaded neighbour.

        Neighbours give a cursor (a cheap index seek); only a row deep inside a
        long gap costs a positional fetch.
        """
        rows = self._rows
        start = row
        while start > 0 and rows[start - 1] is None and row - start < self.PAGE - 1:
            start -= 1
        end = row
        while end + 1 < len(rows) and rows[end + 1] is None and end - row < self.PAGE - 1:
            end += 1
        previous = rows[start - 1] if start > 0 else None
        following = rows[end + 1] if end + 1 < len(rows) else None
        with self._db.session() as session:
            if previous is not None:
                limit = min(self.PAGE, end - start + 1 if following is not None else self.PAGE)
                page = service.fetch_page(session, self._actor, self._query,
                                          previous.cursor, limit)
                first = start
            elif following is not None:
                limit = min(self.PAGE, end - start + 1)
                page = service.fetch_page(session, self._actor, self._query, limit=limit,
                                          before=following.cursor)
                first = end + 1 - len(page.rows)
            else:
                page = service.fetch_at(session, self._actor, self._query, row, self.PAGE)
                first = row
        for offset, found in enumerate(page.rows):
            slot = first + offset
            if slot >= len(rows) or rows[slot] is not None:
                break
            rows[slot] = found

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
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.column_title(column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
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
        }[column]

    # --- dragging customers to the calendar or the map ------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid():
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

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
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        # A plain int compared with IntEnum members: Column(...) costs a call per cell.
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (Column.DAYS_PAST_DUE, Column.OVERDUE) else _LEFT
        if column == Column.DAYS_PAST_DUE and role in (
            Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole
        ):
            bucket = service.dpd_bucket_of(row.days_past_due)
            if bucket is None:
                return None
            table = DPD_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else DPD_FOREGROUND
            return table[bucket]
        if column == Column.DO_NOT_VISIT and role == Qt.ItemDataRole.ForegroundRole:
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
        return row.updated_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))
