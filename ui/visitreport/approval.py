"""Approving with a second thought: a confirmation first, then "Undo" for a few seconds.

The undo goes through the core's ``undo_approval`` (the reviewer's own approval,
within a short window, audited); the bar only offers it while that is sure to
be allowed, like a mail program's "Undo send".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

#: Seconds the "Undo" stays offered after an approval.
UNDO_SECONDS = 10

STYLE = """
QFrame#undoBar { background: #1f2937; border-radius: 6px; }
QFrame#undoBar QLabel { color: #f9fafb; }
QFrame#undoBar QPushButton { color: #93c5fd; background: transparent; border: none;
                             font-weight: 600; padding: 2px 8px; }
"""


def ask_approval(parent: QWidget, customer: str, then: Callable[[], None]) -> QMessageBox:
    """"Approve this report?"; ``then`` runs only on "Approve" (opened, not exec'd)."""
    title = QCoreApplication.translate("ApprovalBox", "Approve the report")
    question = QCoreApplication.translate("ApprovalBox", "Approve the visit report of {0}?")
    box = QMessageBox(QMessageBox.Icon.Question, title, question.format(customer), parent=parent)
    box.setInformativeText(QCoreApplication.translate(
        "ApprovalBox",
        "An approved report is locked and can be printed; only an amendment changes it."))
    accept = box.addButton(QCoreApplication.translate("ApprovalBox", "Approve"),
                           QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("ApprovalBox", "Cancel"),
                  QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(accept)
    box.buttonClicked.connect(lambda clicked: then() if clicked is accept else None)
    box.open()
    return box


class UndoBar(QFrame):
    """"Report approved. Undo (10 s)" — hidden again when the time is up."""

    sig_undo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setStyleSheet(STYLE)
        self.label = QLabel()
        self.undo_button = QPushButton()
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self._undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        self.left = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self.hide()

    def offer(self, seconds: int = UNDO_SECONDS) -> None:
        self.left = seconds
        self._show_left()
        self.timer.start()
        self.show()

    def withdraw(self) -> None:
        self.timer.stop()
        self.hide()

    def _tick(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.withdraw()
        else:
            self._show_left()

    def _show_left(self) -> None:
        self.label.setText(self.tr("Report approved."))
        self.undo_button.setText(self.tr("Undo ({0} s)").format(self.left))

    def _undo(self) -> None:
        self.withdraw()
        self.sig_undo.emit()
