"""What the administration tabs share: a table, a row of actions, work on workers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services.context import Actor
from ui.labels import error_text
from ui.workers import Op

T = TypeVar("T")


class AdminTab(QWidget):
    """One tab: ``reload()`` reads on a worker; ``sig_loaded`` when the rows are shown;
    ``sig_done`` after every action (done or refused)."""

    sig_loaded = Signal()
    sig_done = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self.ops: list[Op[Any]] = []
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        self.hint_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.action_row = QHBoxLayout()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.hint_label)

    def table(self, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        return table

    def button(self, shown: bool, slot: Callable[[], object]) -> QPushButton:
        # Parented at once: a parentless widget made visible would flash up as a window.
        button = QPushButton(self)
        button.clicked.connect(slot)
        button.setVisible(shown)
        self.action_row.addWidget(button)
        return button

    def finish_layout(self, *widgets: QWidget) -> None:
        for widget in widgets:
            self.layout_.addWidget(widget)
        self.action_row.addStretch(1)
        self.layout_.addLayout(self.action_row)
        self.layout_.addWidget(self.error_label)

    @staticmethod
    def fill(table: QTableWidget, rows: Sequence[Sequence[str]], keys: Sequence[object]) -> None:
        table.setRowCount(len(rows))
        for r, (values, key) in enumerate(zip(rows, keys, strict=True)):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, key)
                table.setItem(r, c, item)

    @staticmethod
    def selected(table: QTableWidget) -> object | None:
        items = table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def text_of(self, exc: BaseException) -> str:
        if isinstance(exc, HvdeskError):
            return error_text(exc)
        # Named context: self.tr() here would look under the subclass's name.
        return QCoreApplication.translate("AdminTab", "Something went wrong ({0}).").format(
            type(exc).__name__)

    def work(self, fn: Callable[[], T], done: Callable[[T], None],
             shown: Callable[[str], None] | None = None) -> None:
        """``fn`` on a worker; ``done`` here; a refusal in ``shown`` (else the tab's line)."""
        self.error_label.hide()

        def failed(exc: BaseException) -> None:
            text = self.text_of(exc)
            if shown is not None:
                shown(text)
            else:
                self.error_label.setText(text)
                self.error_label.show()

        op: Op[T] = Op(self, lambda _s: fn()).success(done).failure(failed)
        def finished() -> None:
            self.ops.remove(op)
            self.sig_done.emit()

        op.finally_(finished)
        self.ops.append(op)
        op.run()
