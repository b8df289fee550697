"""Auto-plan in the calendar page: ask for the days, propose, draw the ghosts, accept or discard.

A mixin of :class:`ui.calendar.page.CalendarPage` (kept apart so the page stays
readable); its strings keep the page's translation context.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QCoreApplication, QObject

from hvdesk.scheduling.calendar_cn import next_working_day
from ui.calendar.backend import CalendarBackend, Loaded, Outcome, PlanResult
from ui.calendar.layout import ViewMode
from ui.calendar.proposals import AutoPlanDialog, ProposalPanel
from ui.workers import Op

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QWidget


def default_span(today: dt.date, shown_from: dt.date) -> tuple[dt.date, dt.date]:
    """The dialog's days: from the first working day after today (or after the shown
    week's start, whichever is later; never a Sunday or a holiday) for a week."""
    start = next_working_day(max(today, shown_from - dt.timedelta(days=1)))
    return start, start + dt.timedelta(days=6)


class AutoPlanning:
    """What the page gives the auto-plan (annotations only) and the auto-plan itself."""

    plan: PlanResult | None
    proposals: ProposalPanel
    loaded: Loaded | None
    backend: CalendarBackend
    status_label: QLabel
    message_label: QLabel
    #: The "N visits proposed" line while it is shown (issue 16: it outlived the proposal).
    proposal_message: str = ""
    canvas: Any
    editor: Any

    if TYPE_CHECKING:
        def today(self) -> dt.date: ...
        def span(self) -> tuple[dt.date, dt.date]: ...
        def show_message(self, text: str, error: bool = False) -> None: ...
        def go_to(self, day: dt.date, mode: ViewMode | None = None) -> None: ...
        def _draw(self) -> None: ...
        def _failed(self, exc: BaseException) -> None: ...

    def autoplan(
        self, customer_ids: list[int], span: tuple[dt.date, dt.date] | None = None,
        by_value: bool = False,
    ) -> Op[PlanResult] | None:
        """Propose visits for ``customer_ids`` (asks for the days and the order unless
        ``span`` is given; the dialog proposes the best expected value first)."""
        if span is None:
            start, end = default_span(self.today(), self.span()[0])
            dialog = AutoPlanDialog(len(customer_ids), start, end, cast("QWidget", self))
            if not dialog.exec():
                return None
            span, by_value = dialog.span(), dialog.by_value()
        first, last = span
        # The teams the calendar shows; none yet: auto-plan pairs the branch's visitors.
        teams = [r.member_ids for r in self.loaded.data.team_resources()] if self.loaded else []
        self.status_label.setText(QCoreApplication.translate("CalendarPage", "Planning…"))
        backend = self.backend
        op: Op[PlanResult] = Op(cast(QObject, self), lambda _s: backend.propose(
            customer_ids, first, last, teams or None, by_value))
        op.success(self._planned)
        op.failure(self._failed)
        return op.run()

    def _planned(self, plan: PlanResult) -> None:
        self.plan = plan
        self.proposals.set_proposals(plan.proposals, plan.unplaced)
        self.proposals.show()
        text = QCoreApplication.translate(
            "CalendarPage", "{0} visits proposed: nothing is saved until you accept them.")
        self.proposal_message = text.format(len(plan.proposals))
        self.show_message(self.proposal_message, False)
        if plan.proposals:
            self.go_to(min(b.day for b in plan.proposals), ViewMode.WEEK)
        self._draw()

    def _show_ghosts(self) -> None:
        ghosts = list(self.plan.proposals) if self.plan is not None else []
        self.canvas.set_ghosts(ghosts, self.proposals.checked_ids())

    def _ghost_toggled(self, ghost_id: int) -> None:
        self.proposals.toggle(ghost_id)

    def accept_proposals(self, ids: list[int]) -> None:
        if self.plan is None or not ids:
            return
        self.editor.accept(self.plan, ids, self._accepted)

    def _accepted(self, _outcome: Outcome) -> None:
        self.discard_proposals()

    def discard_proposals(self) -> None:
        """The proposal is gone (discarded, or accepted and saved): so is its banner, unless
        something newer (the accept's outcome) replaced it already."""
        if self.proposal_message and self.message_label.text() == self.proposal_message:
            self.show_message("", False)
        self.proposal_message = ""
        self.plan = None
        self.proposals.set_proposals([], [])
        self.proposals.hide()
        self._show_ghosts()
