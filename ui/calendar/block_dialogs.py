"""The two small dialogs of a block's context menu: a new day and time, and cancelling.

Neither writes anything: the menu hands their answer to the page (a move goes
the way a drag goes) or to the editor (a cancel goes through the service).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QTime, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hvdesk.scheduling.calendar_query import VisitBlock


def _when(block: VisitBlock) -> str:
    return f"{block.start:%Y-%m-%d %H:%M}–{block.end:%H:%M}"


class MoveDialog(QDialog):
    """A new day and start time for a visit (its length and team stay)."""

    def __init__(self, block: VisitBlock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("moveVisitDialog")
        self.block = block
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.now_label = QLabel()
        self.now_label.setObjectName("dialogSubtitle")
        day = block.start.date()
        self.date_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.time_edit = QTimeEdit(QTime(block.start.hour, block.start.minute))
        self.time_edit.setDisplayFormat("HH:mm")
        self.form = QFormLayout()
        self.date_label, self.time_label = QLabel(), QLabel()
        self.form.addRow(self.date_label, self.date_edit)
        self.form.addRow(self.time_label, self.time_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.date_edit.dateChanged.connect(self._update)
        self.time_edit.timeChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.now_label)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Move visit"))
        self.title_label.setText(self.tr("Move the visit with {0}").format(self.block.customer))
        self.now_label.setText(self.tr("Now: {0}").format(_when(self.block)))
        self.date_label.setText(self.tr("Day:"))
        self.time_label.setText(self.tr("Start:"))
        self.ok_button.setText(self.tr("Move"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def start(self) -> dt.datetime:
        """The chosen start, in the visit's zone."""
        day: dt.date = self.date_edit.date().toPython()  # type: ignore[assignment]
        time: dt.time = self.time_edit.time().toPython()  # type: ignore[assignment]
        return dt.datetime.combine(day, time.replace(second=0, microsecond=0),
                                   self.block.start.tzinfo)

    def _update(self) -> None:
        self.ok_button.setEnabled(self.start() != self.block.start)


class CancelDialog(QDialog):
    """"Cancel this visit?" with the reason the service records (required)."""

    #: The user confirmed, with this reason.
    sig_confirmed = Signal(str)

    def __init__(self, block: VisitBlock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cancelVisitDialog")
        self.setMinimumWidth(380)
        self.block = block
        self.question_label = QLabel()
        self.question_label.setObjectName("dialogTitle")
        self.question_label.setWordWrap(True)
        self.when_label = QLabel(_when(block))
        self.when_label.setObjectName("dialogSubtitle")
        self.reason_edit = QLineEdit()
        self.reason_edit.textChanged.connect(self._update)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("dangerButton")
        self.keep_button = QPushButton()
        self.keep_button.setDefault(True)
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.confirm_button.clicked.connect(self._confirm)
        self.keep_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.question_label)
        layout.addWidget(self.when_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Cancel visit"))
        self.question_label.setText(
            self.tr("Cancel the visit with {0}?").format(self.block.customer))
        self.reason_edit.setPlaceholderText(self.tr("Reason for cancelling (required)"))
        self.confirm_button.setText(self.tr("Cancel visit"))
        self.keep_button.setText(self.tr("Keep the visit"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _update(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason_edit.text().strip()))

    def _confirm(self) -> None:
        reason = self.reason_edit.text().strip()
        if reason:
            self.sig_confirmed.emit(reason)

    def set_busy(self, busy: bool) -> None:
        self.confirm_button.setEnabled(not busy and bool(self.reason_edit.text().strip()))

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error_label.setText(text)
        self.error_label.show()
