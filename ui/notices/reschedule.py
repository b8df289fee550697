"""Moving a visit its customer asked to move (an SMS reply "2"), from the notices.

The dialog only asks for the new day and time; the page moves the visit
through the scheduling service on a worker and hands a refusal back with
:meth:`RescheduleDialog.show_error` (the dialog stays open to try another time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QObject, QTime, Signal, SignalInstance
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hvdesk.errors import HvdeskError
from hvdesk.notices import NoticeView
from ui.common.popups import keep_popup_on_screen
from ui.notices.backend import NoticeBackend
from ui.notices.texts import core_error
from ui.workers import Op


class RescheduleDialog(QDialog):
    #: (visit id, new start, aware)
    sig_move = Signal(int, object)

    def __init__(self, view: NoticeView, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rescheduleDialog")
        self.view = view
        self._zone = zone
        start = view.visit_start.astimezone(zone)
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.reply_label = QLabel()
        self.reply_label.setWordWrap(True)
        self.date_edit = QDateEdit(QDate(start.year, start.month, start.day))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        keep_popup_on_screen(self.date_edit)
        self.time_edit = QTimeEdit(QTime(start.hour, start.minute))
        self.time_edit.setDisplayFormat("HH:mm")
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox()
        self.move_button = QPushButton()
        self.move_button.setDefault(True)
        self.buttons.addButton(self.move_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._move)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.date_caption, self.time_caption = QLabel(), QLabel()
        self.form.addRow(self.date_caption, self.date_edit)
        self.form.addRow(self.time_caption, self.time_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addWidget(self.title_label)
        layout.addWidget(self.reply_label)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        v = self.view
        start = v.visit_start.astimezone(self._zone)
        self.setWindowTitle(self.tr("Move the visit"))
        self.title_label.setText(self.tr("{0}: move the visit of {1}").format(
            v.customer_name, f"{start:%Y-%m-%d %H:%M}"))
        self.reply_label.setText(self.tr(
            "The customer replied “{0}” (another time, please). Choose the new time; "
            "a notice with it is drafted for you to send.").format(v.reply or ""))
        self.date_caption.setText(self.tr("New day:"))
        self.time_caption.setText(self.tr("New time:"))
        self.move_button.setText(self.tr("Move visit"))
        self.cancel_button.setText(self.tr("Cancel"))

    def new_start(self) -> dt.datetime:
        day, time = self.date_edit.date(), self.time_edit.time()
        return dt.datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(),
                           tzinfo=self._zone)

    def _move(self) -> None:
        self.error_label.hide()
        self.move_button.setEnabled(False)
        self.sig_move.emit(self.view.visit_id, self.new_start())

    def show_error(self, text: str) -> None:
        self.move_button.setEnabled(True)
        self.error_label.setText(text)
        self.error_label.show()


class VisitMover(QObject):
    """Asks for the new time (:class:`RescheduleDialog`) and moves the visit on a worker."""

    #: A line for the page's message area (text, is_error).
    sig_message = Signal(str, bool)

    def __init__(self, backend: NoticeBackend, parent: QWidget, wanted: SignalInstance,
                 message: Callable[[str, bool], None]) -> None:
        """``wanted`` carries the notice whose visit to move; ``message`` tells the outcome."""
        super().__init__(parent)
        self._backend = backend
        self._window = parent
        self.dialog: RescheduleDialog | None = None
        wanted.connect(self.ask)
        self.sig_message.connect(message)

    def ask(self, view: NoticeView) -> RescheduleDialog:
        dialog = RescheduleDialog(view, self._backend.zone, self._window)
        dialog.sig_move.connect(self._move)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _move(self, visit_id: int, start: dt.datetime) -> None:
        backend, dialog = self._backend, self.dialog

        def done(moved: dt.datetime) -> None:
            if dialog is not None:
                dialog.accept()
            self.sig_message.emit(self.tr(
                "Visit moved to {0}. A notice with the new time waits among the drafts."
            ).format(f"{moved.astimezone(backend.zone):%Y-%m-%d %H:%M}"), False)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            if dialog is not None:
                dialog.show_error(core_error(exc))

        op: Op[dt.datetime] = Op(self._window, lambda _s: backend.move_visit(visit_id, start))
        op.success(done).failure(failed).run()
