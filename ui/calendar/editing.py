"""Every change the calendar makes, through the backend on a worker, with undo for moves.

Each write is one :class:`~ui.workers.Op`: the service runs on a pool thread
(one transaction) and the answer comes back to the GUI thread, where a
refusal may ask for an override reason (or the customer's consent) and try
again. A drop is saved first and only then pushed on the
:class:`QUndoStack` (whose first ``redo`` is therefore a no-op), so a
refused drop leaves no command behind. Undo and redo go through the service
as well; when the service refuses one (a colleague booked the slot
meanwhile), the reasons are shown and the command is dropped from the stack
without running it again, so the stack never claims a state the database
does not have. The screen learns what changed from the change hub; the
saved visits are also handed over at once (:attr:`sig_blocks_changed`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QWidget

from hvdesk.errors import HvdeskError, StaleEdit
from hvdesk.scheduling.calendar_query import VisitBlock
from hvdesk.scheduling.violations import SchedulingRefused, Violation
from ui.calendar.backend import CalendarBackend, Outcome, PlanResult
from ui.calendar.override_dialog import (
    OverrideAnswer,
    OverrideDialog,
    liftable,
    needs_consent,
)
from ui.calendar.texts import violations_text
from ui.labels import error_text
from ui.workers import Op

T = TypeVar("T")
#: Called with True when a change was saved, False when it was not.
Then = Callable[[bool], None]


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
        #: The next redo/undo only steps the stack (already saved, or refused and dropped).
        self._skip = True

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.editor.apply(self.visit_id, self.after, then=lambda ok: self._done(ok, undone=False))

    def undo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.editor.apply(self.visit_id, self.before, then=lambda ok: self._done(ok, undone=True))

    def _done(self, ok: bool, undone: bool) -> None:
        """A refused undo/redo: step back over this command without saving, and drop it."""
        if ok:
            return
        stack = self.editor.undo_stack
        self._skip = True
        self.setObsolete(True)  # the stack deletes an obsolete command when it steps over it
        if undone:
            stack.redo()
        else:
            stack.undo()


class CalendarEditor(QObject):
    """Turns the calendar's requests into service calls on a worker and reports what happened."""

    #: Visits changed or created: the page puts them in place at once.
    sig_blocks_changed = Signal(list)
    #: (text, is_error)
    sig_message = Signal(str, bool)
    #: These visits should be read again (a refusal may mean the screen is stale).
    sig_refresh_wanted = Signal(list)
    #: A write is running (True) or ended (False): the page shows a wait cursor.
    sig_busy = Signal(bool)

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
        #: Who may have taken a customer's consent (the page knows, from its range).
        self.staff_choices: Callable[[], list[tuple[int, str]]] = list
        self.running = 0

    def _run(
        self, work: Callable[[], T], done: Callable[[T], None],
        failed: Callable[[BaseException], None],
    ) -> Op[T]:
        """``work`` on a worker; ``done`` or ``failed`` back on the GUI thread."""
        self.running += 1
        self.sig_busy.emit(True)

        def finished() -> None:
            self.running -= 1
            self.sig_busy.emit(self.running > 0)

        op: Op[T] = Op(self._parent, lambda _state: work())
        return op.success(done).failure(failed).finally_(finished).run()

    # --- moving and resizing ---------------------------------------------------------------
    def request_change(
        self, block: VisitBlock, start: dt.datetime, end: dt.datetime, member_ids: tuple[int, ...],
        then: Then | None = None,
    ) -> None:
        """Save a drop; once saved it becomes an undoable command."""
        before = Slot(block.start, block.end, block.member_ids)
        after = Slot(start, end, tuple(member_ids))
        if start == block.start and member_ids == block.member_ids:
            text = self.tr("Change the length of the visit with {0}").format(block.customer)
        elif member_ids != block.member_ids and start == block.start:
            text = self.tr("Give the visit with {0} to another team").format(block.customer)
        else:
            text = self.tr("Move the visit with {0}").format(block.customer)

        def saved(ok: bool) -> None:
            if ok:
                self.undo_stack.push(ChangeVisitCommand(self, block.id, before, after, text))
            if then is not None:
                then(ok)

        self.apply(block.id, after, ask_override=True, then=saved)

    def apply(
        self, visit_id: int, slot: Slot, ask_override: bool = False, then: Then | None = None
    ) -> None:
        known = self._current(visit_id)
        backend = self.backend

        def work(answer: OverrideAnswer | None) -> VisitBlock | None:
            block = known or backend.visit(visit_id)
            if block is None:
                return None
            return backend.change(
                block, slot.start, slot.end, slot.member_ids,
                answer.reason if answer else None,
                consent=answer.consent if answer else None,
            )

        def done(saved: VisitBlock | None) -> None:
            if saved is None:
                self.sig_message.emit(self.tr("The visit no longer exists."), True)
                self.sig_refresh_wanted.emit([visit_id])
                self._then(then, False)
                return
            self.last_refusal = ()
            self.sig_blocks_changed.emit([saved])
            self.sig_message.emit("", False)
            self._then(then, True)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SchedulingRefused):
                self._refused(self.tr("The visit was not moved:"), exc.violations)
            elif isinstance(exc, StaleEdit):
                self.sig_message.emit(error_text(exc), True)
                self.sig_refresh_wanted.emit([visit_id])
            elif isinstance(exc, HvdeskError):
                self.sig_message.emit(error_text(exc), True)
            else:
                self._then(then, False)
                raise exc
            self._then(then, False)

        self._with_override(work, done, failed, ask_override)

    @staticmethod
    def _then(then: Then | None, ok: bool) -> None:
        if then is not None:
            then(ok)

    def _with_override(
        self, work: Callable[[OverrideAnswer | None], T], done: Callable[[T], None],
        failed: Callable[[BaseException], None], ask: bool,
    ) -> None:
        """``work`` without an override; refused on liftable rules, ask and run it once more."""

        def first_failed(exc: BaseException) -> None:
            if (
                not isinstance(exc, SchedulingRefused) or not ask
                or not self.backend.can_override() or not liftable(exc.violations)
            ):
                failed(exc)
                return
            answer = self.ask_override(exc.violations)
            if answer is None:
                failed(exc)
                return
            self._run(lambda: work(answer), done, failed)

        self._run(lambda: work(None), done, first_failed)

    def ask_override(self, violations: tuple[Violation, ...]) -> OverrideAnswer | None:
        """A reason for soft rules; for the quiet hours, the customer's consent too."""
        if not needs_consent(violations):
            reason = self.ask_override_reason(violations)
            return OverrideAnswer(reason) if reason else None
        me = getattr(getattr(self.backend, "actor", None), "user_id", None)
        dialog = OverrideDialog(violations, self.staff_choices(), me, self._parent)
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

    def _error(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.sig_message.emit(error_text(exc), True)

    # --- creating, cancelling, routing, accepting ------------------------------------------
    def create(
        self,
        customer_ids: list[int],
        start: dt.datetime,
        member_ids: tuple[int, ...],
        minutes: int,
        then: Callable[[Outcome | None], None] | None = None,
    ) -> None:
        """Visits for the dropped customers: one worker op, one transaction, for them all."""
        if not member_ids:
            self.sig_message.emit(
                self.tr(
                    "Drop the customers onto a team's column (the day view, or a team's lane in "
                    "the week view)."
                ),
                True,
            )
            return
        backend = self.backend

        def done(outcome: Outcome) -> None:
            self._override_refusals(outcome, member_ids, minutes, then)

        def failed(exc: BaseException) -> None:
            self._error(exc)
            if then is not None:
                then(None)

        self._run(lambda: backend.create(customer_ids, start, member_ids, minutes), done, failed)

    def _override_refusals(
        self, outcome: Outcome, member_ids: tuple[int, ...], minutes: int,
        then: Callable[[Outcome | None], None] | None,
    ) -> None:
        """Visits refused on soft rules only: with a reason (asked once), try them again."""
        soft = [r for r in outcome.refused
                if liftable(r.violations) and r.customer_id and r.start]
        quiet = [r for r in soft if needs_consent(r.violations)]
        if len(quiet) > 1:
            # One customer's consent cannot cover another's visit: those stay refused.
            soft = [r for r in soft if r not in quiet]
        answer = (self.ask_override(tuple(v for r in soft for v in r.violations))
                  if soft and self.backend.can_override() else None)
        if answer is None:
            self._created(outcome, then)
            return
        backend = self.backend

        def again() -> Outcome:
            saved, refused = list(outcome.saved), [r for r in outcome.refused if r not in soft]
            for r in soft:
                assert r.customer_id is not None and r.start is not None
                more = backend.create(
                    [r.customer_id], r.start, member_ids, minutes, answer.reason,
                    consent=answer.consent,
                )
                saved += more.saved
                refused += more.refused
            return Outcome(tuple(saved), tuple(refused))

        def failed(exc: BaseException) -> None:
            self._created(outcome, then)
            self._error(exc)

        self._run(again, lambda both: self._created(both, then), failed)

    def _created(self, outcome: Outcome, then: Callable[[Outcome | None], None] | None) -> None:
        self._report(outcome, self.tr("Visits planned: {0}.").format(len(outcome.saved)))
        if then is not None:
            then(outcome)

    def cancel(self, block: VisitBlock, reason: str, then: Callable[[str | None], None]) -> None:
        """``then(None)`` when cancelled, else with the reason it was not."""
        backend = self.backend

        def done(saved: VisitBlock) -> None:
            self.sig_blocks_changed.emit([saved])
            self.sig_message.emit(
                self.tr("The visit with {0} was cancelled.").format(block.customer), False
            )
            then(None)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SchedulingRefused):
                then(violations_text(exc.violations))
            elif isinstance(exc, HvdeskError):
                then(error_text(exc))
            else:
                raise exc

        self._run(lambda: backend.cancel(block, reason), done, failed)

    def order_route(self, day: dt.date, member_ids: tuple[int, ...], title: str) -> None:
        backend = self.backend

        def done(blocks: list[VisitBlock]) -> None:
            self.sig_blocks_changed.emit(blocks)
            self.sig_message.emit(
                self.tr("The {0} stops of {1} are numbered in route order.").format(
                    len(blocks), title),
                False,
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, SchedulingRefused):
                self._refused(self.tr("The route was not saved:"), exc.violations)
            else:
                self._error(exc)

        self._run(lambda: backend.order_route(day, member_ids), done, failed)

    def accept(
        self, plan: PlanResult, ids: list[int], then: Callable[[Outcome], None] | None = None
    ) -> None:
        backend = self.backend

        def done(outcome: Outcome) -> None:
            self._report(
                outcome, self.tr("Proposed visits accepted: {0}.").format(len(outcome.saved))
            )
            if then is not None:
                then(outcome)

        self._run(lambda: backend.accept(plan, ids), done, self._error)

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

