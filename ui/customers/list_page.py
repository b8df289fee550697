"""The customer list page: search, filters, saved filters, a paged table, bulk selection.

Every read and write runs on an ``Op`` worker with its own session (pages of
rows in the model, the count for the status line, saved filters, lookups for
a selection from the map); answers for a query the user already left are
dropped. The page follows the change hub: a change that names customers
re-reads just those rows.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QObject,
    QPoint,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk.changes import OpChanges
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services import customer_list as service
from hvdesk.services import saved_filters
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery
from hvdesk.services.saved_filters import SavedFilterView
from ui.customers.filter_bar import FilterBar
from ui.customers.list_model import (
    COLUMN_OF_SORT,
    ID_ROLE,
    SORTABLE,
    Column,
    CustomerListModel,
)
from ui.customers.list_settings import CustomerListSettings
from ui.hub import ChangeHub
from ui.labels import error_text
from ui.settings import Settings
from ui.tables import setup_read_only_table
from ui.workers import Op, OpState

#: The status line counts this far, then says "more than".
COUNT_CAP = 10_000
#: The count starts when the new rows are painted, or after this long at the latest.
COUNT_FALLBACK_MS = 100
DEFAULT_WIDTHS: dict[Column, int] = {
    Column.NAME: 110, Column.ID_NUMBER: 170, Column.PHONE: 120, Column.DISTRICT: 150,
    Column.DAYS_PAST_DUE: 90, Column.OVERDUE: 120, Column.NEXT_VISIT: 160,
    Column.DO_NOT_VISIT: 80, Column.UPDATED: 140, Column.VISIT_VALUE: 100,
}

#: A column fitted to its content grows no wider (an address-long region stays readable).
FIT_MAX = 420

#: Customers picked on the map that the list looks up and selects.
SELECT_LIMIT = 500


#: Tables whose rows the list shows (the customer, its next visit, its loans).
SHOWN_TABLES = ("customer", "visit", "loan_account")


class CustomerTable(QTableView):
    """Enter opens the current customer, like a double click."""

    sig_open_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.sig_open_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class CustomerListPage(QWidget):
    #: A customer to open in the customer file (Enter or double click).
    sig_open_customer = Signal(int)
    #: The ids of the selected (loaded) rows, after every selection change.
    sig_selection_changed = Signal(list)
    #: ``scroll_to_row`` brought this row into view (-1: the list is empty).
    sig_scrolled = Signal(int)
    #: ``select_customers`` selected this many rows.
    sig_customers_selected = Signal(int)
    #: The saved filters were read (after start, a save or a delete).
    sig_saved_filters = Signal(list)

    def __init__(
        self, db: Database, actor: Actor, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._db = db
        self._actor = actor
        self._columns = CustomerListSettings(settings)
        #: Widths set by fitting to content, not by the user: not remembered.
        self._fitting = False
        self._generation = 0
        self.count: int | None = None
        #: The query (generation) whose count waits for its rows to be painted.
        self._count_pending: int | None = None
        #: The actor's saved filters, read on a worker (the menu is built from them).
        self.saved: list[SavedFilterView] = []
        zone = ZoneInfo(actor.timezone or clock.DEFAULT_ZONE)

        self.model = CustomerListModel(db, actor, zone, parent=self)
        self.model.sig_reloaded.connect(self._fit_columns)
        self.model.sig_reloaded.connect(self._count_after_rows)
        self.model.sig_membership_changed.connect(self._count_async)
        self.model.sig_failed.connect(self.status_label_error)
        self.model.sig_jumped.connect(self._jumped)

        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.status_label = QLabel()
        self.status_label.setObjectName("pageSubtitle")
        self.filter_bar = FilterBar()
        self.filter_bar.sig_changed.connect(self._filters_changed)
        self.filter_bar.sig_to_list.connect(self._focus_list)
        self.saved_menu = QMenu(self)
        self.saved_menu.aboutToShow.connect(self._build_saved_menu)
        self.filter_bar.saved_button.setMenu(self.saved_menu)
        self.table = self._build_table()
        self.table.viewport().installEventFilter(self)
        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.activated.connect(self.focus_search)

        heading = QHBoxLayout()
        heading.addWidget(self.title_label)
        heading.addStretch(1)
        heading.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addLayout(heading)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.table, 1)

        self.retranslateUi()
        self._restore_columns()
        self.model.set_query(CustomerQuery())
        self._show_sort()
        self._load_saved_filters()
        ChangeHub.instance().sig_changed.connect(self._on_changes)

    # --- construction --------------------------------------------------------------
    def _build_table(self) -> CustomerTable:
        table = CustomerTable()
        table.setObjectName("customerTable")
        table.setModel(self.model)
        setup_read_only_table(table)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Selected customers drag onto the calendar to create visits.
        table.setDragEnabled(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        table.setDefaultDropAction(Qt.DropAction.CopyAction)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Every row has the same height: no per-row size hints over a million rows.
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        header.sectionClicked.connect(self._header_clicked)
        header.sectionResized.connect(self._save_widths)
        table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        table.sig_open_row.connect(self._open_row)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Customers"))
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- public API -------------------------------------------------------------------
    def current_query(self) -> CustomerQuery:
        return self.model.query

    def set_query(self, query: CustomerQuery) -> None:
        """Show ``query`` in the bar and the table (a saved filter, or the lead's wiring)."""
        self.model.set_query(query)
        self.filter_bar.show_query(query)
        self._show_sort()

    def selected_customer_ids(self) -> list[int]:
        """Ids of the selected loaded rows in list order (rows a jump skipped and not
        painted yet are asked for, and count once they arrive)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        ids = (self.model.customer_id(row) for row in rows)
        return [customer_id for customer_id in ids if customer_id is not None]

    def select_customers(self, ids: list[int]) -> None:
        """Select these customers' rows (loading them if need be); ``sig_customers_selected``
        says how many were found.

        At most :data:`SELECT_LIMIT` are looked up, one indexed query each, on a
        worker; a bigger pick from the map stays a set of ids for bulk actions.
        """
        db, actor, query, limit = self._db, self._actor, self.model.query, self.model.PAGE
        loaded, generation = self.model.loaded_rows(), self.model.generation
        wanted = list(ids[:SELECT_LIMIT])

        def work(_state: OpState) -> tuple[list[int], list[tuple[int, service.Page]]]:
            with db.session() as session:
                rows = sorted(r for r in (service.row_index_of(session, actor, query, i)
                                          for i in wanted) if r is not None)
                pages: list[tuple[int, service.Page]] = []
                reach = loaded
                for row in rows:
                    if row >= reach:
                        page = service.fetch_at(session, actor, query, row, limit)
                        pages.append((row, page))
                        reach = row + len(page.rows)
            return rows, pages

        def found(result: tuple[list[int], list[tuple[int, service.Page]]]) -> None:
            if generation == self.model.generation:
                self._select_rows(*result)

        Op(self, work).success(found).failure(self._failed).run()

    def _select_rows(self, rows: list[int], pages: list[tuple[int, service.Page]]) -> None:
        for start, page in pages:
            self.model.add_page(start, page)
        selection = self.table.selectionModel()
        flags = QItemSelectionModel.SelectionFlag
        shown = [row for row in rows if row < self.model.rowCount()]
        with QSignalBlocker(selection):
            selection.clearSelection()
            for row in shown:
                selection.select(self.model.index(row, 0), flags.Select | flags.Rows)
        if shown:
            first = self.model.index(shown[0], 0)
            self.table.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtCenter)
            selection.setCurrentIndex(first, flags.NoUpdate)
        self.table.viewport().update()
        self.sig_customers_selected.emit(len(shown))

    def with_matching_ids(self, then: Callable[[list[int]], object]) -> Op[list[int]]:
        """Every customer the current filter matches, in list order, read on a worker
        (for bulk actions); ``then`` gets them on the GUI thread."""
        db, actor, query = self._db, self._actor, self.model.query

        def work(_state: OpState) -> list[int]:
            with db.session() as session:
                return list(service.matching_ids(session, actor, query))

        def done(ids: list[int]) -> None:
            then(ids)

        return Op(self, work).success(done).failure(self._failed).run()

    def focus_search(self) -> None:
        self.filter_bar.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search_edit.selectAll()

    def scroll_to_row(self, row: int) -> None:
        """Bring ``row`` into view, loading it with one query if need be (``sig_scrolled``)."""
        self.model.jump_to_row(row)

    def _jumped(self, reached: int) -> None:
        if reached >= 0:
            index = self.model.index(reached, 0)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
            self.table.setCurrentIndex(index)
        self.sig_scrolled.emit(reached)

    def refresh(self) -> None:
        self.model.refresh()

    def _on_changes(self, changes: OpChanges) -> None:
        """Follow what others (and this desk's dialogs) wrote: just the rows named."""
        if changes.touches("saved_filter"):
            self._load_saved_filters()
        if not changes.touches(*SHOWN_TABLES):
            return
        if changes.all_of("customer"):
            self.model.refresh()  # a bulk write (an import): which rows exist is unknown
        elif any(changes.all_of(table) for table in SHOWN_TABLES):
            self.model.refresh_loaded()
        elif changes.customers:
            # Only a customer written, or a filter on visits, can change who is in the list.
            recount = changes.touches("customer") or self.model.query.next_visit is not None
            self.model.refresh_customers(changes.customers, recount=recount)

    def _failed(self, exc: BaseException) -> None:
        self.status_label_error(error_text(exc) if isinstance(exc, HvdeskError)
                                else type(exc).__name__)

    def status_label_error(self, message: str) -> None:
        self.status_label.setText(message)

    # --- query changes ------------------------------------------------------------------
    def _filters_changed(self) -> None:
        query = self.filter_bar.apply_to(self.model.query)
        if query != self.model.query:
            self.model.set_query(query)

    def _header_clicked(self, section: int) -> None:
        """Sort by an indexed column in SQL; a click on the sorted one flips the order.

        Names start A to Z, numbers and dates largest first (the urgent end).
        """
        key = SORTABLE.get(Column(section)) if 0 <= section < len(Column) else None
        if key is None:
            self._show_sort()  # not sortable: put the indicator back
            return
        query = self.model.query
        descending = (not query.descending if key is query.sort
                      else key is not service.SortKey.NAME)
        self.model.set_query(query.with_changes(sort=key, descending=descending))
        self._show_sort()

    def _show_sort(self) -> None:
        query = self.model.query
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            COLUMN_OF_SORT[query.sort],
            Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    # --- count --------------------------------------------------------------------------
    def _count_after_rows(self) -> None:
        """New rows: the status line says "Counting…" at once and the count starts once
        they are painted (issue 19: counting 10,000 matches of 伟 beside the painting
        held the rows back; the number may follow them)."""
        self._generation += 1
        self.count = None
        self._show_count()
        generation = self._generation
        if not self.table.isVisible():
            self._count_async(generation)
            return
        self._count_pending = generation
        # Painted rows start it (eventFilter); a view that paints nothing (a covered
        # window) gets its count a moment later all the same.
        QTimer.singleShot(COUNT_FALLBACK_MS, self, lambda: self._start_count(generation))

    def _start_count(self, generation: int) -> None:
        if self._count_pending == generation:
            self._count_pending = None
            self._count_async(generation)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self._count_pending is not None and event.type() == QEvent.Type.Paint
                and watched is self.table.viewport()):
            generation = self._count_pending
            # After this paint has finished, not beside it.
            QTimer.singleShot(0, self, lambda: self._start_count(generation))
        return super().eventFilter(watched, event)

    def _count_async(self, pending: int | None = None) -> None:
        """Count the current query on a worker (``pending``: a deferred count, dropped when
        a newer query came first)."""
        if pending is not None and pending != self._generation:
            return
        self._generation += 1
        generation = self._generation
        self.count = None
        self._show_count()
        db, actor, query = self._db, self._actor, self.model.query

        def work(_state: OpState) -> int:
            with db.session() as session:
                return service.count(session, actor, query, cap=COUNT_CAP)

        def counted(found: int) -> None:
            if generation == self._generation:
                self.count = found
                self._show_count()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)

        Op(self, work).success(counted).failure(failed).run()

    def _show_count(self) -> None:
        if self.count is None:
            self.status_label.setText(self.tr("Counting…"))
        elif self.count > COUNT_CAP:
            self.status_label.setText(
                self.tr("More than {0} customers").format(f"{COUNT_CAP:,}"))
        else:
            self.status_label.setText(self.tr("{0} customers").format(f"{self.count:,}"))

    # --- selection and opening --------------------------------------------------------
    def _open_row(self, row: int) -> None:
        customer_id = self.model.data(self.model.index(row, 0), ID_ROLE)
        if customer_id is not None:
            self.sig_open_customer.emit(int(customer_id))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.sig_selection_changed.emit(self.selected_customer_ids())

    def _focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))

    # --- columns ------------------------------------------------------------------------
    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for column in Column:
            action = QAction(self.model.column_title(column), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            # The name identifies the row: it always stays.
            action.setEnabled(column != Column.NAME)
            action.toggled.connect(lambda shown, c=column: self.set_column_visible(c, shown))
            menu.addAction(action)
        menu.popup(header.mapToGlobal(pos))
        self.column_menu = menu

    def set_column_visible(self, column: Column, visible: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not visible)
        hidden = {c.name.lower() for c in Column if self.table.isColumnHidden(c)}
        self._columns.set_hidden(hidden)

    def _restore_columns(self) -> None:
        hidden = self._columns.hidden()
        widths = self._columns.widths()
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        for column in Column:
            name = column.name.lower()
            header.resizeSection(column, widths.get(name, DEFAULT_WIDTHS[column]))
            header.setSectionHidden(column, name in hidden and column != Column.NAME)
        header.blockSignals(False)

    def _fit_columns(self) -> None:
        """Columns the user never resized take the width their shown rows need (issue 16.9:
        region, next visit and "updated" were cut while the window had room)."""
        chosen = self._columns.widths()
        header = self.table.horizontalHeader()
        last = header.logicalIndex(len(Column) - 1)
        self._fitting = True
        # The rows in view, not the whole page of 200: Qt asks the model for every
        # cell it measures, and 200 rows x 9 columns cost 40-60 ms a search.
        precision = header.resizeContentsPrecision()
        header.setResizeContentsPrecision(0)
        try:
            for column in Column:
                if column.name.lower() in chosen or header.isSectionHidden(column) \
                        or column == last:
                    continue
                need = max(header.sectionSizeHint(column), self.table.sizeHintForColumn(column))
                # Grow only: a narrower filter result does not make the columns jump back.
                wide = max(need + 8, DEFAULT_WIDTHS[column], header.sectionSize(column))
                header.resizeSection(column, min(wide, FIT_MAX))
        finally:
            header.setResizeContentsPrecision(precision)
            self._fitting = False

    def _save_widths(self, section: int, _old: int, new: int) -> None:
        header = self.table.horizontalHeader()
        if self._fitting or new <= 0 or (header.stretchLastSection()
                        and section == header.logicalIndex(len(Column) - 1)):
            return  # hiding sets 0; the stretched last column's width is the window's
        widths = self._columns.widths()
        widths[Column(section).name.lower()] = new
        self._columns.set_widths(widths)

    # --- saved filters ---------------------------------------------------------------
    def _load_saved_filters(self) -> None:
        db, actor = self._db, self._actor

        def work(_state: OpState) -> list[SavedFilterView]:
            try:
                with db.session() as session:
                    return list(saved_filters.list_filters(session, actor))
            except HvdeskError:
                return []  # no user to own filters (system sessions): saving says why

        def loaded(saved: list[SavedFilterView]) -> None:
            self.saved = saved
            self.sig_saved_filters.emit(saved)

        Op(self, work).success(loaded).failure(self._failed).run()

    def _build_saved_menu(self) -> None:
        menu = self.saved_menu
        menu.clear()
        save = menu.addAction(self.tr("Save current filter…"))
        save.triggered.connect(lambda: self.save_current_filter())
        if self.saved:
            menu.addSeparator()
            for item in self.saved:
                apply = menu.addAction(item.name)
                apply.triggered.connect(lambda _=False, f=item: self.set_query(f.query))
            delete_menu = menu.addMenu(self.tr("Delete saved filter"))
            for item in self.saved:
                remove = delete_menu.addAction(item.name)
                remove.triggered.connect(lambda _=False, f=item: self.delete_filter(f))

    def save_current_filter(self, name: str | None = None) -> Op[SavedFilterView] | None:
        """Save on a worker; the hub's change then re-reads the menu's list."""
        if not name:
            name, ok = QInputDialog.getText(self, self.tr("Save filter"),
                                            self.tr("Name of the filter:"))
            if not ok or not name.strip():
                return None
        db, actor, query, title = self._db, self._actor, self.model.query, self.tr("Save filter")

        def work(_state: OpState) -> SavedFilterView:
            with db.begin() as session:
                return saved_filters.save_filter(session, actor, name, query)

        return Op(self, work).failure(lambda exc: self._warn(title, exc)).run()

    def delete_filter(self, saved: SavedFilterView, confirm: bool = True) -> Op[None] | None:
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete saved filter"),
                self.tr("Delete the saved filter “{0}”?").format(saved.name))
            if answer != QMessageBox.StandardButton.Yes:
                return None
        db, actor, title = self._db, self._actor, self.tr("Delete saved filter")

        def work(_state: OpState) -> None:
            with db.begin() as session:
                saved_filters.delete_filter(session, actor, saved.id)

        return Op(self, work).failure(lambda exc: self._warn(title, exc)).run()

    def _warn(self, title: str, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, HvdeskError) else type(exc).__name__
        QMessageBox.warning(self, title, text)
