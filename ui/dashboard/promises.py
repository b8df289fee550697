"""Promises to pay: filter by status, record a repayment, import a bank's repayment file.

Read on a worker with :func:`hvdesk.visitreports.promises`; "Record
repayment…" opens :class:`~ui.dashboard.repayment_dialog.RepaymentDialog` for
the selected promise's customer; "Import repayments…" reads a .csv/.xlsx on a
worker through :func:`~hvdesk.visitreports.import_repayments` and says what
it added, skipped and refused.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
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
    QComboBox,
    QFileDialog,
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
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.common.follow import Follower
from ui.common.report_texts import promise_name
from ui.dashboard.repayment_dialog import RepaymentDialog
from ui.labels import error_text
from ui.settings import Settings
from ui.tables import setup_read_only_table
from ui.workers import Op

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_COLOURS = {"kept": "#1f8a4c", "partial": "#c27803", "broken": "#b42318",
                  "pending": "#4b5563"}
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class PromiseColumn(enum.IntEnum):
    CUSTOMER = 0
    PROMISED_ON = 1
    AMOUNT = 2
    DUE = 3
    PAID = 4
    STATUS = 5


class PromisesModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[core.PromiseView] = []
        self._headers: list[str] = []
        self.retranslate()

    def retranslate(self) -> None:
        self._headers = [
            self.tr("Customer"),
            self.tr("Promised on"),
            self.tr("Amount"),
            self.tr("Due"),
            self.tr("Paid"),
            self.tr("Status"),
        ]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(PromiseColumn) - 1)

    def set_rows(self, rows: Sequence[core.PromiseView]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(PromiseColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in (
            PromiseColumn.AMOUNT, PromiseColumn.PAID
        ):
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        promise = self.rows[index.row()]
        column = PromiseColumn(index.column())
        value: Any = None
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._display(promise, column)
        elif role == SORT_ROLE:
            value = self._sort_key(promise, column)
        elif role == ID_ROLE:
            value = promise.id
        elif role == Qt.ItemDataRole.TextAlignmentRole and column in (
            PromiseColumn.AMOUNT, PromiseColumn.PAID
        ):
            value = RIGHT
        elif role == Qt.ItemDataRole.ForegroundRole and column is PromiseColumn.STATUS:
            value = QBrush(QColor(STATUS_COLOURS.get(promise.status, "#4b5563")))
        return value

    @staticmethod
    def _display(p: core.PromiseView, column: PromiseColumn) -> str:
        if column is PromiseColumn.STATUS:
            return promise_name(p.status)
        texts = {
            PromiseColumn.CUSTOMER: p.customer_name,
            PromiseColumn.PROMISED_ON: p.promised_on.isoformat(),
            PromiseColumn.AMOUNT: f"{p.amount:,.2f}",
            PromiseColumn.DUE: p.due.isoformat(),
            PromiseColumn.PAID: f"{p.paid:,.2f}",
        }
        return texts[column]

    @staticmethod
    def _sort_key(p: core.PromiseView, column: PromiseColumn) -> Any:
        keys: dict[PromiseColumn, Any] = {
            PromiseColumn.CUSTOMER: p.customer_name,
            PromiseColumn.PROMISED_ON: p.promised_on.toordinal(),
            PromiseColumn.AMOUNT: float(p.amount),
            PromiseColumn.DUE: p.due.toordinal(),
            PromiseColumn.PAID: float(p.paid),
            PromiseColumn.STATUS: core.PROMISE_STATUSES.index(p.status)
            if p.status in core.PROMISE_STATUSES else 9,
        }
        return keys[column]

    def promise(self, promise_id: int) -> core.PromiseView | None:
        return next((p for p in self.rows if p.id == promise_id), None)


#: Tables whose changes the list follows.
FOLLOWED = ("promise_to_pay", "repayment", "visit_report", "customer", "loan_account")


class PromisesTab(QWidget):
    """The promises list; it follows changes to promises, repayments and reports."""

    sig_loaded = Signal()
    sig_imported = Signal(object)  # ImportSummary

    def __init__(
        self, db: Database, actor: Actor, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.follower = Follower(self, FOLLOWED, self.reload)
        self._db = db
        self._actor = actor
        self._settings = settings
        self.dialog: RepaymentDialog | None = None
        self._generation = 0
        self.model = PromisesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.status_label = QLabel()
        self.status_combo = QComboBox()
        self.status_combo.addItem("", "")
        for status in core.PROMISE_STATUSES:
            self.status_combo.addItem("", status)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.repay_button = QPushButton()
        self.repay_button.setEnabled(False)
        self.repay_button.clicked.connect(self.record_repayment)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(lambda: self.import_repayments())
        # Repayments are entered by those who edit customers; files by those who import.
        # Hidden only: showing a child before it has a parent opens it as a window.
        for button, permission in ((self.repay_button, Permission.CUSTOMER_EDIT),
                                   (self.import_button, Permission.DATA_IMPORT)):
            if not actor.can(permission):
                button.hide()
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.table = self._build_table()

        bar = QHBoxLayout()
        bar.addWidget(self.status_label)
        bar.addWidget(self.status_combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.import_button)
        bar.addWidget(self.repay_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        self.retranslateUi()
        # The page reads the lists when it is first shown (and on F5).

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("promisesTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(PromiseColumn.DUE, Qt.SortOrder.AscendingOrder)
        setup_read_only_table(table)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PromiseColumn.CUSTOMER, QHeaderView.ResizeMode.Stretch)
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        table.doubleClicked.connect(lambda _i: self.record_repayment())
        return table

    def retranslateUi(self) -> None:
        self.status_label.setText(self.tr("Show:"))
        self.status_combo.setItemText(0, self.tr("All promises"))
        for row in range(1, self.status_combo.count()):
            self.status_combo.setItemText(row, promise_name(str(self.status_combo.itemData(row))))
        self.repay_button.setText(self.tr("Record repayment…"))
        self.import_button.setText(self.tr("Import repayments…"))
        self.import_button.setToolTip(
            self.tr("A .csv or .xlsx with the columns contract_no, amount, paid_on and "
                    "optionally reference")
        )
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def status(self) -> core.PromiseStatus | None:
        value = str(self.status_combo.currentData() or "")
        return next((s for s in core.PROMISE_STATUSES if s == value), None)

    def set_status(self, status: core.PromiseStatus | None) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status or ""))

    def reload(self) -> Op[list[core.PromiseView]]:
        self._generation += 1
        generation = self._generation
        db, actor, status = self._db, self._actor, self.status()

        def work(_state: object) -> list[core.PromiseView]:
            with db.session() as session:
                return core.promises(session, actor, status=status)

        op: Op[list[core.PromiseView]] = Op(self, work)
        op.success(lambda rows: self._loaded(generation, rows))
        op.failure(self._failed)
        return op.run()

    def _loaded(self, generation: int, rows: list[core.PromiseView]) -> None:
        if generation != self._generation:
            return
        self.model.set_rows(rows)
        self._show_count()
        self._update_buttons()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.show_message(error_text(exc))

    def show_message(self, text: str, error: bool = True) -> None:
        self.message_label.setObjectName("errorMessage" if error else "noticeMessage")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _show_count(self) -> None:
        self.count_label.setText(self.tr("%n promise(s)", "", self.proxy.rowCount()))

    def selected(self) -> core.PromiseView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.promise(int(rows[0].data(ID_ROLE))) if rows else None

    def select_promise(self, promise_id: int) -> bool:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == promise_id:
                self.table.selectRow(row)
                return True
        return False

    def row_of(self, promise_id: int) -> list[str]:
        """The displayed cells of a promise's row (for tests and screen readers)."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == promise_id:
                return [self.proxy.index(row, c).data() for c in range(len(PromiseColumn))]
        return []

    def _update_buttons(self) -> None:
        self.repay_button.setEnabled(self.selected() is not None)

    def record_repayment(self) -> RepaymentDialog | None:
        promise = self.selected()
        if promise is None or not self._actor.can(Permission.CUSTOMER_EDIT):
            return None
        dialog = RepaymentDialog(self._db, self._actor, promise, self)
        dialog.sig_saved.connect(self._repaid)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _repaid(self, _repayment: object) -> None:
        # The list follows the committed change (``follower``).
        self.show_message("")

    def import_repayments(self, path: Path | None = None) -> Op[core.ImportSummary] | None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Import repayments"),
                self._settings.last_import_dir,
                self.tr("Repayment files (*.csv *.xlsx)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
            self._settings.last_import_dir = str(path.parent)
        source = path
        db, actor = self._db, self._actor

        def work(_state: object) -> core.ImportSummary:
            with db.begin() as session:
                return core.import_repayments(session, actor, source)

        self.import_button.setEnabled(False)
        op: Op[core.ImportSummary] = Op(self, work)
        op.success(self._imported)
        op.failure(self._failed)
        op.finally_(lambda: self.import_button.setEnabled(True))
        return op.run()

    def _imported(self, summary: core.ImportSummary) -> None:
        text = self.tr(
            "{0} rows read: {1} repayments added, {2} already known, {3} refused."
        ).format(summary.rows, summary.added, summary.duplicates, len(summary.errors))
        if summary.errors:
            shown = "; ".join(
                self.tr("row {0}: {1}").format(row, message) for row, message in summary.errors[:5]
            )
            text = f"{text} {shown}"
        self.show_message(text, error=bool(summary.errors))
        self.sig_imported.emit(summary)
