"""Sending a batch of notices: confirmation, a worker behind a progress dialog, the summary.

The confirmation and the progress dialog are opened with ``open()``/``show()``
(window modal, no nested event loop) and kept as attributes, so a user — or a
test — answers them like any other window. "Stop" asks the worker to finish
after the chunk in flight (:meth:`~ui.notices.backend.NoticeBackend.send`):
what went out stays recorded, the rest stays as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from hvdesk.model import NoticeStatus
from hvdesk.notices import NoticeView, SendSummary
from ui.notices.backend import NoticeBackend
from ui.notices.model import SENDABLE, sendable
from ui.workers import Op


class BatchSender(QObject):
    """Asks, sends on a worker, reports. One batch at a time."""

    #: The batch finished (SendSummary).
    sig_sent = Signal(object)
    #: The batch failed as a whole (the exception).
    sig_failed = Signal(object)
    #: Success or failure: the list should be read again.
    sig_finished = Signal()
    #: A line for the page's message area (text, is_error).
    sig_message = Signal(str, bool)
    #: Sending started or ended (buttons follow).
    sig_busy = Signal(bool)

    def __init__(self, backend: NoticeBackend, parent: QWidget) -> None:
        super().__init__(parent)
        self._backend = backend
        self._window = parent
        self.confirm_box: QMessageBox | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.op: Op[SendSummary] | None = None

    @property
    def busy(self) -> bool:
        return self.op is not None

    def confirm(self, title: str, text: str, info: str, yes: str,
                then: Callable[[], None], destructive: bool = False) -> QMessageBox:
        """A question with a named "yes" button; ``then`` runs only when that is clicked."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._window)
        if info:
            box.setInformativeText(info)
        role = (QMessageBox.ButtonRole.DestructiveRole if destructive
                else QMessageBox.ButtonRole.AcceptRole)
        accept = box.addButton(yes, role)
        box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(accept)
        box.buttonClicked.connect(lambda clicked: then() if clicked is accept else None)
        self.confirm_box = box
        box.open()
        return box

    # --- asking ---------------------------------------------------------------------------
    def ask_send(self, rows: Sequence[NoticeView]) -> QMessageBox | None:
        """Every pending notice without wording problems; the others are named and held."""
        if self.busy:
            return None
        ready = [v for v in rows if sendable(v)]
        blocked = [v for v in rows if v.status in SENDABLE and v.problems]
        if not ready:
            self.sig_message.emit(self.tr(
                "Nothing to send: no draft or queued notice without wording problems."), True)
            return None
        info = ""
        if blocked:
            info = self.tr("{0} notices with wording problems are held back until their text "
                           "is fixed.").format(len(blocked))
        ids = [v.id for v in ready]
        return self.confirm(
            self.tr("Send notices"),
            self.tr("Send {0} notices to {1} customers?").format(
                len(ready), len({v.customer_id for v in ready})),
            info,
            self.tr("Send"),
            lambda: self._run(ids, retry=False),
        )

    def ask_retry(self, rows: Sequence[NoticeView],
                  notice_id: int | None = None) -> QMessageBox | None:
        """Every failed notice of ``rows`` again, or just ``notice_id`` (its preview's button)."""
        if self.busy:
            return None
        failed = [v for v in rows if v.status is NoticeStatus.FAILED
                  and notice_id in (None, v.id)]
        if not failed:
            return None
        ids = [v.id for v in failed]
        return self.confirm(
            self.tr("Retry failed"),
            self.tr("Send {0} failed notices to {1} customers again?").format(
                len(failed), len({v.customer_id for v in failed})),
            self.tr("Each goes out under its first key: the gateway never delivers one twice."),
            self.tr("Send again"),
            lambda: self._run(ids, retry=True),
        )

    # --- running --------------------------------------------------------------------------
    def _run(self, ids: list[int], retry: bool) -> None:
        self.start(ids, retry)

    def start(self, ids: list[int], retry: bool = False) -> Op[SendSummary]:
        """Send ``ids`` now (no question asked) behind a progress dialog."""
        progress = QProgressDialog(self.tr("Sending {0} notices…").format(len(ids)),
                                   self.tr("Stop"), 0, len(ids), self._window)
        progress.setWindowTitle(self.tr("Sending notices"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(360)
        progress.setValue(0)
        self.progress_dialog = progress
        backend = self._backend
        op: Op[SendSummary] = Op(self._window, lambda state: backend.send(
            ids, retry=retry, progress=lambda done, total: state.report(done, total),
            cancelled=lambda: state.cancelled))
        progress.canceled.connect(lambda: self._stopping(op))
        op.with_progress(lambda done, _total, _label: progress.setValue(done))
        op.success(self.sig_sent.emit)
        op.failure(self.sig_failed.emit)
        op.finally_(self._finished)
        self.op = op
        self.sig_busy.emit(True)
        progress.show()
        return op.run()

    def _stopping(self, op: Op[SendSummary]) -> None:
        if not op.running:
            return
        op.cancel()
        self.sig_message.emit(
            self.tr("Stopping after the notices already handed to the gateway…"), False)

    def _finished(self) -> None:
        self.op = None
        if self.progress_dialog is not None:
            # Closing a progress dialog reports "canceled": not the user's word here.
            self.progress_dialog.canceled.disconnect()
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self.sig_busy.emit(False)
        self.sig_finished.emit()
