"""Complaint cases: open ones with owner and due date (overdue marked), resolving them.

Cases are read on a worker with :func:`hvdesk.visitreports.complaint_cases`;
"Resolve…" (or a double click) opens
:class:`~ui.dashboard.complaint_dialog.ResolveComplaintDialog`, which writes
through :func:`~hvdesk.visitreports.resolve_complaint`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services.context import Actor
from ui.common.follow import Follower
from ui.common.report_texts import complaint_name
from ui.dashboard.complaint_dialog import ResolveComplaintDialog
from ui.labels import error_text
from ui.tables import setup_read_only_table
from ui.workers import Op

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE_TEXT = QColor("#b42318")
OVERDUE_FILL = QColor("#fdecec")


class CaseColumn(enum.IntEnum):
    CUSTOMER = 0
    OPENED = 1
    TEXT = 2
    OWNER = 3
    DUE = 4
    STATUS = 5


class ComplaintsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[core.ComplaintView] = []
        self._headers: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._headers = [
            self.tr("Customer"),
            self.tr("Opened"),
            self.tr("Complaint"),
            self.tr("Owner"),
            self.tr("Due"),
            self.tr("Status"),
        ]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(CaseColumn) - 1)

    def set_rows(self, rows: Sequence[core.ComplaintView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CaseColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation is Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._headers)
        ):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        case = self.rows[index.row()]
        column = CaseColumn(index.column())
        late = case.overdue and case.status == "open"
        value: Any = None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._display(case, column)
        elif role == Qt.ItemDataRole.ToolTipRole:
            value = self._tip(case, column)
        elif role == SORT_ROLE:
            value = self._sort_key(case, column)
        elif role == ID_ROLE:
            value = case.id
        elif late and column is CaseColumn.DUE and role == Qt.ItemDataRole.ForegroundRole:
            value = QBrush(OVERDUE_TEXT)
        elif late and column is CaseColumn.DUE and role == Qt.ItemDataRole.BackgroundRole:
            value = QBrush(OVERDUE_FILL)
        return value

    def _tip(self, case: core.ComplaintView, column: CaseColumn) -> str | None:
        if column is CaseColumn.TEXT:
            return case.text
        if column is CaseColumn.DUE and case.overdue and case.status == "open":
            return self.tr("Overdue: the case was due to be resolved by {0}").format(
                case.due.isoformat()
            )
        if column is CaseColumn.STATUS:
            return case.resolution_note
        return None

    def _display(self, case: core.ComplaintView, column: CaseColumn) -> str:
        if column is CaseColumn.CUSTOMER:
            return case.customer_name
        if column is CaseColumn.OPENED:
            return case.opened_at.astimezone().strftime("%Y-%m-%d")
        if column is CaseColumn.TEXT:
            return " ".join(case.text.split())
        if column is CaseColumn.OWNER:
            return case.owner
        if column is CaseColumn.DUE:
            late = case.overdue and case.status == "open"
            return self.tr("{0} (overdue)").format(case.due.isoformat()) if late else (
                case.due.isoformat()
            )
        text = complaint_name(case.status)
        if case.do_not_visit_set:
            text = self.tr("{0} · do not visit").format(text)
        return text

    @staticmethod
    def _sort_key(case: core.ComplaintView, column: CaseColumn) -> Any:
        keys: dict[CaseColumn, Any] = {
            CaseColumn.CUSTOMER: case.customer_name,
            CaseColumn.OPENED: case.opened_at.timestamp(),
            CaseColumn.TEXT: case.text,
            CaseColumn.OWNER: case.owner,
            CaseColumn.DUE: case.due.toordinal(),
            CaseColumn.STATUS: case.status,
        }
        return keys[column]

    def case(self, case_id: int) -> core.ComplaintView | None:
        return next((c for c in self.rows if c.id == case_id), None)


#: Tables whose changes the list follows.
FOLLOWED = ("complaint_case", "feedback", "customer")


class ComplaintsTab(QWidget):
    """The complaints list of the dashboard; it follows changes to cases and feedback."""

    sig_loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follower = Follower(self, FOLLOWED, self.reload)
        self._db = db
        self._actor = actor
        self.dialog: ResolveComplaintDialog | None = None
        self.model = ComplaintsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.resolved_check = QCheckBox()
        self.resolved_check.toggled.connect(lambda _on: self.reload())
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.resolve_button = QPushButton()
        self.resolve_button.setEnabled(False)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.table = QTableView()
        self.table.setObjectName("complaintsTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(CaseColumn.DUE, Qt.SortOrder.AscendingOrder)
        setup_read_only_table(self.table)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CaseColumn.TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.resolve_selected())

        bar = QHBoxLayout()
        bar.addWidget(self.resolved_check)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.resolve_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        self.retranslateUi()
        # The page reads the lists when it is first shown (and on F5).

    def retranslateUi(self) -> None:
        self.resolved_check.setText(self.tr("Show resolved cases"))
        self.resolve_button.setText(self.tr("Resolve…"))
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def reload(self) -> Op[list[core.ComplaintView]]:
        db, actor = self._db, self._actor
        open_only = not self.resolved_check.isChecked()

        def work(_state: object) -> list[core.ComplaintView]:
            with db.session() as session:
                return core.complaint_cases(session, actor, open_only=open_only)

        op: Op[list[core.ComplaintView]] = Op(self, work)
        op.success(self._loaded)
        op.failure(self._failed)
        return op.run()

    def _loaded(self, rows: list[core.ComplaintView]) -> None:
        self.model.set_rows(rows)
        self.message_label.hide()
        self._show_count()
        self._update_buttons()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.message_label.setText(error_text(exc))
        self.message_label.show()

    def _show_count(self) -> None:
        cases = self.model.rows
        open_cases = sum(1 for c in cases if c.status == "open")
        late = sum(1 for c in cases if c.status == "open" and c.overdue)
        text = self.tr("{0} open cases").format(open_cases)
        if late:
            text = self.tr("{0}, {1} overdue").format(text, late)
        self.count_label.setText(text)

    def selected(self) -> core.ComplaintView | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.case(int(rows[0].data(ID_ROLE)))

    def select_case(self, case_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == case_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_buttons(self) -> None:
        case = self.selected()
        self.resolve_button.setEnabled(case is not None and case.status == "open")

    def resolve_selected(self) -> ResolveComplaintDialog | None:
        case = self.selected()
        if case is None or case.status != "open":
            return None
        dialog = ResolveComplaintDialog(self._db, self._actor, case, self)
        dialog.sig_resolved.connect(self._resolved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _resolved(self, _case_id: int) -> None:
        """The list follows the committed change (``follower``); nothing to read here."""
