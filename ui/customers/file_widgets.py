"""Small widgets of the customer file: the note box, read-only tables, value labels."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QPlainTextEdit, QTableView

from hvdesk.services.customer_file import VisitRow
from ui.tables import setup_read_only_table


def start_of(visit: VisitRow) -> dt.datetime:
    return visit.planned_start


class NoteEdit(QPlainTextEdit):
    """Ctrl+Enter submits (plain Enter starts a new line, as in any text box)."""

    sig_submit = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.sig_submit.emit()
            return
        super().keyPressEvent(event)


def table_for(model: QAbstractTableModel, stretch: int) -> QTableView:
    table = setup_read_only_table(QTableView())
    table.setModel(model)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def value_label() -> QLabel:
    value = QLabel()
    value.setWordWrap(True)
    value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return value


