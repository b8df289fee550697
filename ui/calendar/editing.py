"""Every change the calendar makes, through the backend, with undo for moves and resizes.

A drop is saved first and only then pushed on the :class:`QUndoStack` (whose
first ``redo`` is therefore a no-op), so a refused drop leaves no command
behind. Undo and redo go through the service as well; when the service
refuses one (a colleague booked the slot meanwhile), the reasons are shown
and the command is made obsolete, so the stack never claims a state the
database does not have.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QWidget

from hvdesk.errors import HvdeskError, StaleEdit
from hvdesk.scheduling.violations import SchedulingRefused, Violation
from ui.calendar.backend import CalendarBackend, Outcome, PlanResult
from ui.calendar.data import VisitBlock
from ui.calendar.override_dialog import (
    OverrideAnswer,
    OverrideDialog,
    liftable,
    needs_consent,
)
from ui.calendar.texts import violations_text
from ui.labels import error_text


@dataclass(frozen=True, slots=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    member_ids: tuple[int, ...]


class ChangeVisitCommand(QUndoCommand):
    """A move, resize or reassignment that has already been saved."""

    def __init__(
        self, editor: CalendarEditor, visit_id: int, before: Slot, after: Slot, text: str
    ) -> None:
        super().__init__(text)
        self.editor, self.visit_id, self.before, self.after = editor, visit_id, before, after
        self._saved = True

    def redo(self) -> None:
        if self._saved:
            self._saved = False
            return
        if not self.editor.apply(self.visit_id, self.after):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self.editor.apply(self.visit_id, self.before):
            self.setObsolete(True)


class CalendarEditor(QObject):
    """Turns the calendar's requests into service calls and reports what happened."""

    #: Visits changed or created: the page puts them in place at once.
    sig_blocks_changed = Signal(list)
    #: (text, is_error)
    sig_message = Signal(str, bool)
    #: The shown range should be read again (a refusal may mean it is stale).
    sig_reload_wanted = Signal()

    def __init__(
        self, backend: CalendarBackend, current: Callable[[int], VisitBlock | None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self._current = current
        self._parent = parent
        self.undo_stack = QUndoStack(self)
        self.last_refusal: tuple[Violation, ...] = ()
        #: Tests reach the consent dialog here before it runs modally.
        self.consent_dialog_hook: Callable[[OverrideDialog], None] | None = None

    # --- moving and resizing ---------------------------------------------------------------
    def request_change(
        self, block: VisitBlock, start: dt.datetime, end: dt.datetime, member_ids: tuple[int, ...]
    ) -> bool:
        """Save a drop; on success it becomes an undoable command."""
        before = Slot(block.start, block.end, block.member_ids)
        after = Slot(start, end, tuple(member_ids))
        if not self.apply(block.id, after, ask_override=True):
            return False
        if start == block.start and member_ids == block.member_ids:
            text = self.tr("Change the length of the visit with {0}").format(block.customer)
        elif member_ids != block.member_ids and start == block.start:
            text = self.tr("Give the visit with {0} to another team").format(block.customer)
        else:
            text = self.tr("Move the visit with {0}").format(block.customer)
        self.undo_stack.push(ChangeVisitCommand(self, block.id, before, after, text))
        return True

    def apply(self, visit_id: int, slot: Slot, ask_override: bool = False) -> bool:
        block = self._current(visit_id) or self.backend.visit(visit_id)
        if block is None:
            self.sig_message.emit(self.tr("The visit no longer exists."), True)
            self.sig_reload_wanted.emit()
            return False
        try:
            saved = self._with_override(
                lambda answer: self.backend.change(
                    block,
                    slot.start,
                    slot.end,
                    slot.member_ids,
                    answer.reason if answer else None,
                    consent=answer.consent if answer else None,
                ),
                ask_override,
            )
        except SchedulingRefused as refused:
            self._refused(self.tr("The visit was not moved:"), refused.violations)
            return False
        except StaleEdit as exc:
            self.sig_message.emit(error_text(exc), True)
            self.sig_reload_wanted.emit()
            return False
        except HvdeskError as exc:
            self.sig_message.emit(error_text(exc), True)
            return False
        self.last_refusal = ()
        self.sig_blocks_changed.emit([saved])
        self.sig_message.emit("", False)
        return True

    def _with_override(
        self, call: Callable[[OverrideAnswer | None], VisitBlock], ask: bool
    ) -> VisitBlock:
        try:
            return call(None)
        except SchedulingRefused as refused:
            if not ask or not self.backend.can_override() or not liftable(refused.violations):
                raise
            answer = self.ask_override(refused.violations)
            if answer is None:
                raise
            return call(answer)

    def ask_override(self, violations: tuple[Violation, ...]) -> OverrideAnswer | None:
        """A reason for soft rules; for the quiet hours, the customer's consent too."""
        if not needs_consent(violations):
            reason = self.ask_override_reason(violations)
            return OverrideAnswer(reason) if reason else None
        staff_of = getattr(self.backend, "staff_choices", None)
        staff: list[tuple[int, str]] = staff_of() if staff_of is not None else []
        me = getattr(getattr(self.backend, "actor", None), "user_id", None)
        dialog = OverrideDialog(violations, staff, me, self._parent)
        if self.consent_dialog_hook is not None:
            self.consent_dialog_hook(dialog)
        if dialog.exec() != OverrideDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def ask_override_reason(self, violations: tuple[Violation, ...]) -> str:
        """The user's written reason to override soft rules; empty to give up."""
        text, ok = QInputDialog.getMultiLineText(
            self._parent,
            self.tr("Override"),
            self.tr("This breaks rules that may be overridden with a reason:")
            + "\n"
            + violations_text(violations)
            + "\n\n"
            + self.tr("Reason (audited):"),
        )
        return text.strip() if ok else ""

    def _refused(self, heading: str, violations: tuple[Violation, ...]) -> None:
        self.last_refusal = tuple(violations)
        self.sig_message.emit(heading + "\n" + violations_text(violations), True)

    # --- creating, cancelling, routing, accepting ------------------------------------------
    def create(
        self, customer_ids: list[int], start: dt.datetime, member_ids: tuple[int, ...], minutes: int
    ) -> Outcome | None:
        if not member_ids:
            self.sig_message.emit(
                self.tr(
                    "Drop the customers onto a team's column (the day view, or a team's lane in "
                    "the week view)."
                ),
                True,
            )
            return None
        try:
            outcome = self.backend.create(customer_ids, start, member_ids, minutes)
            outcome = self._override_refusals(outcome, member_ids, minutes)
        except HvdeskError as exc:
            self.sig_message.emit(error_text(exc), True)
            return None
        self._report(outcome, self.tr("Visits planned: {0}.").format(len(outcome.saved)))
        return outcome

    def _override_refusals(
        self, outcome: Outcome, member_ids: tuple[int, ...], minutes: int
    ) -> Outcome:
        """Visits refused on soft rules only: with a reason (asked once), try them again."""
        soft = [r for r in outcome.refused
                if liftable(r.violations) and r.customer_id and r.start]
        quiet = [r for r in soft if needs_consent(r.violations)]
        if len(quiet) > 1:
            # One customer's consent cannot cover another's visit: those stay refused.
            soft = [r for r in soft if r not in quiet]
        if not soft or not self.backend.can_override():
            return outcome
        answer = self.ask_override(tuple(v for r in soft for v in r.violations))
        if answer is None:
            return outcome
        saved, refused = list(outcome.saved), [r for r in outcome.refused if r not in soft]
        for r in soft:
            assert r.customer_id is not None and r.start is not None
            again = self.backend.create(
                [r.customer_id], r.start, member_ids, minutes, answer.reason,
                consent=answer.consent,
            )
            saved += again.saved
            refused += again.refused
        return Outcome(tuple(saved), tuple(refused))

    def cancel(self, block: VisitBlock, reason: str) -> str | None:
        """None when cancelled, else the reason it was not."""
        try:
            saved = self.backend.cancel(block, reason)
        except SchedulingRefused as refused:
            return violations_text(refused.violations)
        except HvdeskError as exc:
            return error_text(exc)
        self.sig_blocks_changed.emit([saved])
        self.sig_message.emit(
            self.tr("The visit with {0} was cancelled.").format(block.customer), False
        )
        return None

    def order_route(self, day: dt.date, member_ids: tuple[int, ...], title: str) -> bool:
        try:
            blocks = self.backend.order_route(day, member_ids)
        except SchedulingRefused as refused:
            self._refused(self.tr("The route was not saved:"), refused.violations)
            return False
        except HvdeskError as exc:
            self.sig_message.emit(error_text(exc), True)
            return False
        self.sig_blocks_changed.emit(blocks)
        self.sig_message.emit(
            self.tr("The {0} stops of {1} are numbered in route order.").format(len(blocks), title),
            False,
        )
        return True

    def accept(self, plan: PlanResult, ids: list[int]) -> Outcome | None:
        try:
            outcome = self.backend.accept(plan, ids)
        except HvdeskError as exc:
            self.sig_message.emit(error_text(exc), True)
            return None
        self._report(outcome, self.tr("Proposed visits accepted: {0}.").format(len(outcome.saved)))
        return outcome

    def _report(self, outcome: Outcome, done: str) -> None:
        if outcome.saved:
            self.sig_blocks_changed.emit(list(outcome.saved))
        if outcome.refused:
            lines = [done] if outcome.saved else []
            for refusal in outcome.refused:
                self.last_refusal = refusal.violations
                lines.append(self.tr("Not planned: {0}").format(refusal.who))
                lines.append(violations_text(refusal.violations))
            self.sig_message.emit("\n".join(lines), True)
        else:
            self.sig_message.emit(done, False)

