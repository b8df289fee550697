"""The "unscheduled" pane: customers due a visit, most urgent first, draggable onto a slot.

Rows come from :func:`hvdesk.scheduling.calendar_query.due_customers` (days past due, not
do-not-visit, no visit ahead, none in the last N days). The table model is
read-only; a :class:`QSortFilterProxyModel` sorts on precomputed keys and
filters by name or district. Dragging rows carries their customer ids as
:data:`ui.dragdrop.CUSTOMER_IDS_MIME`, like the customer list.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk.scheduling.calendar_query import DueCustomer
from ui.dragdrop import CUSTOMER_IDS_MIME, customer_ids_mime
from ui.tables import setup_read_only_table

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


MODE_STYLE = """
QTabBar::tab { background: transparent; border: none; border-bottom: 2px solid transparent;
               padding: 4px 8px; margin-right: 4px; color: #4b5563; }
QTabBar::tab:selected { color: #111827; border-bottom: 2px solid #2f6fde; font-weight: 600; }
"""


class DueColumn(enum.IntEnum):
    NAME = 0
    DISTRICT = 1
    DAYS_PAST_DUE = 2
    OVERDUE = 3
    VALUE = 4  # expected value of a visit (issue 20), filled in when the ranking answers


class DueModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DueCustomer] = []
        #: Per customer id, a tooltip that replaces "last visit" (broken promises).
        self.tips: dict[int, str] = {}
        #: Rows are broken promises: the amount column is the unpaid part of the promise.
        self.follow_up = False
        #: Per customer id, the expected value of a visit and its reasons (hvdesk.priorities).
        self.values: dict[int, tuple[float, str]] = {}
        self._headers: list[str] = []
        self._tips: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._headers = [
            self.tr("Customer"),
            self.tr("District"),
            self.tr("DPD"),
            self.tr("Unpaid") if self.follow_up else self.tr("Overdue"),
            self.tr("Value"),
        ]
        self._tips = [
            self.tr("Days past due"),
            self.tr("Promised and not yet paid") if self.follow_up else self.tr("Amount overdue"),
            self.tr("Expected value of a visit: what it is expected to recover, less its cost"),
        ]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(DueColumn) - 1)

    def set_rows(self, rows: Sequence[DueCustomer]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DueColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section >= DueColumn.DAYS_PAST_DUE
        ):
            return self._tips[section - DueColumn.DAYS_PAST_DUE]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = DueColumn(index.column())
        value: Any = None
        if column is DueColumn.VALUE and role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE,
                                                  Qt.ItemDataRole.ToolTipRole):
            worth = self.values.get(row.id)
            if role == SORT_ROLE:
                return worth[0] if worth else float("-inf")
            if role == Qt.ItemDataRole.ToolTipRole:
                return worth[1] if worth else None
            return f"{worth[0]:,.0f}" if worth else "–"
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._display(row, column)
        elif role == Qt.ItemDataRole.ToolTipRole and row.id in self.tips:
            value = self.tips[row.id]
        elif role == Qt.ItemDataRole.ToolTipRole:
            last = row.last_visit.isoformat() if row.last_visit else "–"
            value = self.tr("Last visit: {0}").format(last)
        elif role == SORT_ROLE:
            value = self._sort_key(row, column)
        elif role == ID_ROLE:
            value = row.id
        elif role == Qt.ItemDataRole.TextAlignmentRole and column >= DueColumn.DAYS_PAST_DUE:
            value = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return value

    @staticmethod
    def _display(row: DueCustomer, column: DueColumn) -> str:
        if column is DueColumn.NAME:
            return row.name
        if column is DueColumn.DISTRICT:
            return row.district
        if column is DueColumn.DAYS_PAST_DUE:
            return str(row.days_past_due)
        return f"{row.overdue_amount:,.0f}"

    @staticmethod
    def _sort_key(row: DueCustomer, column: DueColumn) -> Any:
        if column is DueColumn.NAME:
            return row.name
        if column is DueColumn.DISTRICT:
            return row.district
        if column is DueColumn.OVERDUE:
            return float(row.overdue_amount)
        # Priority: days past due, then the amount overdue.
        return (row.days_past_due, float(row.overdue_amount))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [CUSTOMER_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return customer_ids_mime(self.rows[r].id for r in rows)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class DueProxy(QSortFilterProxyModel):
    """Sorts on the model's precomputed keys; filters on name and district."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._needle = ""

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; the older calls are deprecated there
            self.beginFilterChange()
            self._needle = text.strip().lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt 6.8
            self._needle = text.strip().lower()
            self.invalidateRowsFilter()

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a == b:
            # Ties keep the model's priority order.
            return left.row() > right.row()
        return bool(a < b)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not self._needle or not isinstance(model, DueModel):
            return True
        row = model.rows[source_row]
        return self._needle in row.name.lower() or self._needle in row.district.lower()


class UnscheduledPane(QWidget):
    """Search, "no visit in N days", the table, and the auto-plan button."""

    sig_quiet_days_changed = Signal(int)
    sig_autoplan_requested = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unscheduledPane")
        self.model = DueModel(self)
        self.proxy = DueProxy(self)
        self.proxy.setSourceModel(self.model)
        # "Due a visit" or "Broken promises" (customers due a follow-up, issue 7).
        self.mode_bar = QTabBar()
        self.mode_bar.setDocumentMode(True)
        self.mode_bar.setExpanding(False)
        self.mode_bar.setStyleSheet(MODE_STYLE)
        self.mode_bar.addTab("")
        self.mode_bar.addTab("")
        self.mode_bar.currentChanged.connect(self._mode_changed)
        self._due_rows: list[DueCustomer] = []
        self._follow_rows: list[DueCustomer] = []
        self._follow_tips: dict[int, str] = {}
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_text)
        self.search_edit.textChanged.connect(lambda _t: self._show_count())
        self.quiet_label = QLabel()
        self.quiet_spin = QSpinBox()
        self.quiet_spin.setRange(0, 365)
        self.quiet_spin.setValue(30)
        self.quiet_spin.valueChanged.connect(self.sig_quiet_days_changed)
        self.table = self._build_table()
        self.autoplan_button = QPushButton()
        self.autoplan_button.clicked.connect(self._autoplan)

        quiet = QHBoxLayout()
        quiet.setSpacing(6)
        quiet.addWidget(self.quiet_label)
        quiet.addWidget(self.quiet_spin)
        quiet.addStretch(1)
        heading = QHBoxLayout()
        heading.addWidget(self.mode_bar)
        heading.addStretch(1)
        heading.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.search_edit)
        self.quiet_row = QWidget()
        self.quiet_row.setLayout(quiet)
        quiet.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.quiet_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.autoplan_button)
        self.retranslateUi()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("unscheduledTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(DueColumn.DAYS_PAST_DUE, Qt.SortOrder.DescendingOrder)
        setup_read_only_table(table)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setDragEnabled(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        table.setDefaultDropAction(Qt.DropAction.CopyAction)
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        # No sideways scrolling in a side pane: the name and the district always show in full
        # (a few characters each); the figures share what is left, their headers elided first
        # (with the app's style at 1366 px the figures' headers alone took the whole width).
        for column in DueColumn:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        metrics = table.fontMetrics()
        # Three characters and the style sheet's cell padding.
        for column, sample in ((DueColumn.NAME, "王晓明"), (DueColumn.DISTRICT, "武侯区")):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 30)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        return table

    def retranslateUi(self) -> None:
        self.mode_bar.setTabText(0, self.tr("Due a visit"))
        self.mode_bar.setTabText(1, self.tr("Broken promises ({0})").format(
            len(self._follow_rows)))
        self.mode_bar.setTabToolTip(1, self.tr("Customers who broke a promise to pay: due a "
                                               "follow-up visit"))
        self.search_edit.setPlaceholderText(self.tr("Filter by name or district"))
        self.quiet_label.setText(self.tr("No visit in the last"))
        self.quiet_spin.setSuffix(self.tr(" days"))
        self.autoplan_button.setText(self.tr("Auto-plan selected…"))
        self.autoplan_button.setToolTip(
            self.tr("Propose visits for the selected customers (all shown if none is selected)")
        )
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_rows(self, rows: Sequence[DueCustomer]) -> None:
        self._due_rows = list(rows)
        if self.mode_bar.currentIndex() == 0:
            self.model.set_rows(rows)
        self._show_count()

    def update_rows(self, customer_ids: Sequence[int], due: Sequence[DueCustomer]) -> None:
        """A change named ``customer_ids``: of those, ``due`` are due a visit now."""
        named, fresh = set(customer_ids), {r.id: r for r in due}
        rows = [fresh.pop(r.id, r) for r in self._due_rows if r.id not in named or r.id in fresh]
        rows += fresh.values()
        if rows != self._due_rows:
            self.set_rows(rows)

    def set_values(self, values: dict[int, tuple[float, str]]) -> None:
        """Expected values of a visit and their reasons, by customer id (sortable column)."""
        self.model.values = dict(values)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, DueColumn.VALUE),
                                        self.model.index(len(self.model.rows) - 1,
                                                         DueColumn.VALUE))

    def set_follow_ups(self, rows: Sequence[DueCustomer], tips: dict[int, str]) -> None:
        self._follow_rows, self._follow_tips = list(rows), dict(tips)
        self.mode_bar.setTabText(1, self.tr("Broken promises ({0})").format(len(rows)))
        if self.mode_bar.currentIndex() == 1:
            self._mode_changed(1)

    def _mode_changed(self, index: int) -> None:
        follow = index == 1
        self.quiet_row.setVisible(not follow)
        self.model.tips = self._follow_tips if follow else {}
        self.model.follow_up = follow
        self.model.retranslate()
        self.model.set_rows(self._follow_rows if follow else self._due_rows)
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("{0} customers").format(self.proxy.rowCount()))

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def shown_ids(self) -> list[int]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def _autoplan(self) -> None:
        ids = self.selected_ids() or self.shown_ids()
        if ids:
            self.sig_autoplan_requested.emit(ids)
