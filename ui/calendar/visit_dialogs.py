"""A visit's details dialog as the calendar opens it, and what follows from it.

Cancelling goes through the editor (on a worker); the report button's state
is read on a worker when the dialog opens and again when the change hub says
the visit's report changed (approved at another desk, say); the visit itself
is updated in place when a change re-read it. Feedback, costs and printing
come from other features, handed over by the main window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.model import VisitStatus
from hvdesk.scheduling.calendar_query import VisitBlock
from hvdesk.services.context import Actor
from ui.calendar.details import VisitDetailsDialog
from ui.calendar.editing import CalendarEditor
from ui.calendar.extras import AfterVisit, PrintCommands
from ui.labels import error_text
from ui.workers import Op

#: (visit id, status) -> None: no report button; "": "Write report…"; else the report's status.
ReportState = Callable[[int, VisitStatus], "str | None"]


class VisitDialogs(QObject):
    sig_open_report = Signal(int)
    sig_open_customer = Signal(int)
    #: The SMS notices of these visits are wanted.
    sig_notices_wanted = Signal(list)
    #: A worker's read failed (the exception).
    sig_failed = Signal(object)

    def __init__(self, db: Database, actor: Actor, editor: CalendarEditor, can_cancel: bool,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._editor = editor
        self._can_cancel = can_cancel
        self._parent = parent
        self.dialog: VisitDetailsDialog | None = None
        self.follow_up_dialog: QDialog | None = None
        #: Set by the reports feature; called on a worker.
        self.report_state: ReportState | None = None
        self.after_visit: AfterVisit | None = None
        self.documents: PrintCommands | None = None
        self.offer_notices = False

    def open(self, block: VisitBlock) -> VisitDetailsDialog:
        dialog = VisitDetailsDialog(block, self._can_cancel, self._parent, None)
        dialog.sig_open_report.connect(self.sig_open_report)
        dialog.sig_cancel_requested.connect(lambda _vid, reason: self._cancel(dialog, reason))
        dialog.sig_open_customer.connect(self.sig_open_customer)
        if self.offer_notices:
            dialog.notices_button.show()
            dialog.sig_notices_wanted.connect(lambda vid: self._notices_for(dialog, vid))
        if self.after_visit is None:
            dialog.feedback_button.hide()
            dialog.costs_button.hide()
        dialog.sig_feedback_requested.connect(lambda _v: self._after_visit(dialog, "feedback"))
        dialog.sig_costs_requested.connect(lambda _v: self._after_visit(dialog, "costs"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.documents is not None:
            self.documents.extend_details(dialog)
        self.dialog = dialog
        self._read_report_state(dialog)
        dialog.open()
        return dialog

    def _open_dialog(self) -> VisitDetailsDialog | None:
        dialog = self.dialog
        return dialog if dialog is not None and shiboken6.isValid(dialog) else None

    # --- following changes --------------------------------------------------------------------
    def visits_changed(self, blocks: Iterable[VisitBlock]) -> None:
        dialog = self._open_dialog()
        if dialog is not None:
            fresh = next((b for b in blocks if b.id == dialog.block.id), None)
            if fresh is not None:
                dialog.set_block(fresh)

    def reports_changed(self, visit_ids: frozenset[int]) -> None:
        dialog = self._open_dialog()
        if dialog is not None and dialog.block.id in visit_ids:
            self._read_report_state(dialog)

    def _read_report_state(self, dialog: VisitDetailsDialog) -> None:
        """The report button's state, read on a worker (it appears when known)."""
        state = self.report_state
        if state is None:
            return
        visit_id, status = dialog.block.id, dialog.block.status
        op: Op[str | None] = Op(dialog, lambda _s: state(visit_id, status))
        op.success(dialog.set_report)
        op.failure(self.sig_failed.emit)
        op.run()

    # --- what the dialog asks for -------------------------------------------------------------
    def _notices_for(self, dialog: VisitDetailsDialog, visit_id: int) -> None:
        dialog.accept()
        self.sig_notices_wanted.emit([visit_id])

    def _after_visit(self, details: VisitDetailsDialog, what: str) -> None:
        hooks = self.after_visit
        if hooks is None:
            return
        opener = hooks.open_feedback if what == "feedback" else hooks.open_costs
        try:
            self.follow_up_dialog = opener(self._db, self._actor, details.block, details)
        except HvdeskError as exc:
            details.show_error(error_text(exc))

    def _cancel(self, dialog: VisitDetailsDialog, reason: str) -> None:
        def then(problem: str | None) -> None:
            if not shiboken6.isValid(dialog):
                return
            if problem is None:
                dialog.accept()
            else:
                dialog.show_error(problem)

        self._editor.cancel(dialog.block, reason, then)
