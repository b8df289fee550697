"""A visit block's context menu: open, move, cancel, notices, report, customer file.

The menu changes nothing itself. "Open" shows the details; "Move…" asks for a
day and a time (:class:`MoveDialog`) and hands the new slot to the page's move
path (the one a drag takes: the service decides, undo follows); "Cancel
visit…" asks for a confirmation with the reason the service records
(:class:`CancelDialog`) and cancels through the editor, on a worker. Notices,
the report and the customer file are other features': the menu only says
which visit, through signals the page passes on to the main window's wiring.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QPoint, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QMenu, QWidget

from hvdesk.errors import HvdeskError
from hvdesk.model import VisitStatus
from hvdesk.scheduling.calendar_query import VisitBlock
from ui.calendar.block_dialogs import CancelDialog, MoveDialog
from ui.calendar.editing import CalendarEditor
from ui.calendar.visit_dialogs import ReportState
from ui.workers import Op

#: No report is written for these.
NO_REPORT = frozenset({VisitStatus.CANCELLED, VisitStatus.RESCHEDULED})


class BlockMenu(QObject):
    #: The visit's details are wanted.
    sig_open = Signal(int)
    #: (VisitBlock, start, end, member ids): the user chose a new slot.
    sig_move = Signal(object, object, object, object)
    #: The visit's SMS notices are wanted (a list of one visit id).
    sig_notices = Signal(list)
    #: The visit's report is wanted (to open or to write).
    sig_report = Signal(int)
    sig_customer = Signal(int)

    def __init__(
        self,
        editor: CalendarEditor,
        block_of: Callable[[int], VisitBlock | None],
        may_edit: Callable[[], bool],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self._editor = editor
        self._block_of = block_of
        self._may_edit = may_edit
        self._parent = parent
        #: Set by the page: the user may open notices; the reports feature's state of a
        #: visit's report (None: no report feature), read on a worker when the menu opens.
        self.offer_notices: Callable[[], bool] = lambda: False
        self.report_state: Callable[[], ReportState | None] = lambda: None
        self._menu: QMenu | None = None
        self.move_dialog: MoveDialog | None = None
        self.cancel_dialog: CancelDialog | None = None
        self.last_error = ""

    def build(self, visit_id: int) -> QMenu | None:
        block = self._block_of(visit_id)
        if block is None:
            return None
        menu = QMenu(self._parent)
        menu.setObjectName("visitMenu")
        editable = block.editable and self._may_edit()
        self.open_action = _action(menu, self.tr("Open"), lambda: self.sig_open.emit(visit_id))
        bold = QFont(self.open_action.font())
        bold.setBold(True)
        self.open_action.setFont(bold)
        menu.setDefaultAction(self.open_action)
        self.move_action = _action(menu, self.tr("Move to another day or time…"),
                                   lambda: self.ask_move(visit_id))
        self.move_action.setEnabled(editable)
        self.cancel_action = _action(menu, self.tr("Cancel visit…"),
                                     lambda: self.ask_cancel(visit_id))
        self.cancel_action.setEnabled(editable)
        menu.addSeparator()
        self.notices_action = _action(menu, self.tr("SMS notices"),
                                      lambda: self.sig_notices.emit([visit_id]))
        self.notices_action.setVisible(self.offer_notices())
        self.report_action = _action(menu, self.tr("Visit report…"),
                                     lambda: self.sig_report.emit(visit_id))
        state = self.report_state()
        self.report_action.setVisible(state is not None)
        self.report_action.setEnabled(block.status not in NO_REPORT)
        if state is not None and block.status not in NO_REPORT:
            self._read_report(menu, self.report_action, state, block)
        self.customer_action = _action(menu, self.tr("Customer file…"),
                                       lambda: self.sig_customer.emit(block.customer_id))
        return menu

    def _read_report(
        self, menu: QMenu, action: QAction, state: ReportState, block: VisitBlock
    ) -> None:
        """Say "Write report…" or "Open report…" once the report's state is read."""
        visit_id, status = block.id, block.status

        def known(report: str | None) -> None:
            if not shiboken6.isValid(action):
                return
            if report is None:
                action.setEnabled(False)  # none, and this user may not write one
            else:
                action.setText(self.tr("Open report…") if report else self.tr("Write report…"))

        op: Op[str | None] = Op(menu, lambda _s: state(visit_id, status))
        def failed(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            # Else the action stays as it is: the report feature says what is wrong.

        op.success(known).failure(failed).run()

    @property
    def menu(self) -> QMenu | None:
        """The menu :meth:`popup` showed, until it is gone (tests reach its actions here)."""
        menu = self._menu
        return menu if menu is not None and shiboken6.isValid(menu) else None

    def popup(self, visit_id: int, where: QPoint) -> QMenu | None:
        """Show the visit's menu at ``where`` (global); it does not block."""
        if self.menu is not None:
            self.menu.close()
        menu = self.build(visit_id)
        if menu is None:
            return None
        self._menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(where)
        return menu

    # --- moving -----------------------------------------------------------------------------
    def ask_move(self, visit_id: int) -> MoveDialog | None:
        block = self._block_of(visit_id)
        if block is None:
            return None
        dialog = MoveDialog(block, self._parent)
        dialog.accepted.connect(lambda: self._moved(block, dialog))
        self.move_dialog = dialog
        dialog.open()
        return dialog

    def _moved(self, block: VisitBlock, dialog: MoveDialog) -> None:
        start = dialog.start()
        if start != block.start:
            self.sig_move.emit(block, start, start + (block.end - block.start), block.member_ids)

    # --- cancelling -------------------------------------------------------------------------
    def ask_cancel(self, visit_id: int) -> CancelDialog | None:
        block = self._block_of(visit_id)
        if block is None:
            return None
        dialog = CancelDialog(block, self._parent)
        dialog.sig_confirmed.connect(lambda reason: self._cancel(dialog, reason))
        self.cancel_dialog = dialog
        dialog.open()
        return dialog

    def _cancel(self, dialog: CancelDialog, reason: str) -> None:
        def then(problem: str | None) -> None:
            self.last_error = problem or ""
            if not shiboken6.isValid(dialog):
                return
            if problem is None:
                dialog.accept()
            else:
                dialog.show_error(problem)

        dialog.set_busy(True)
        self._editor.cancel(dialog.block, reason, then)


def _action(menu: QMenu, text: str, slot: Callable[[], object]) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(slot)
    return action

