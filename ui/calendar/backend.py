"""What the calendar asks of the scheduling core, behind one small protocol.

:class:`CalendarBackend` is all the page and its widgets use, so tests can
drive them with a fake; :class:`ui.calendar.service_backend.ServiceBackend`
is the real one over :mod:`hvdesk.scheduling`. Every write goes through the
scheduling service (which checks every rule, audits and guards against
double booking in the database); the in-memory :meth:`check` previews the
same rules on each drag step against what :meth:`load` preloaded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from hvdesk.scheduling.calendar_query import CalendarData, DueCustomer, VisitBlock
from hvdesk.scheduling.consent import ConsentInput
from hvdesk.scheduling.violations import Violation
from ui.calendar.conflicts import Candidate


@dataclass(frozen=True, slots=True)
class Loaded:
    """A range's calendar data and the rules context preloaded for drag checks."""

    data: CalendarData
    #: Opaque to the widgets: whatever :meth:`CalendarBackend.check` needs.
    context: Any = None


@dataclass(frozen=True, slots=True)
class Changed:
    """Visits a change named, read again: those to put in place and the ids that are gone."""

    blocks: tuple[VisitBlock, ...] = ()
    gone: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class PlanResult:
    """Auto-plan's answer: proposed visits (negative ids) and what it could not place."""

    proposals: tuple[VisitBlock, ...]
    unplaced: tuple[str, ...] = ()
    #: Opaque per-proposal payload for :meth:`CalendarBackend.accept`, by proposal id.
    payload: dict[int, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Refusal:
    """One visit of a batch that the service refused, and why."""

    who: str
    violations: tuple[Violation, ...]
    customer_id: int | None = None
    #: When the visit was to start (so it can be tried again with an override).
    start: dt.datetime | None = None

    @property
    def soft_only(self) -> bool:
        return not any(v.hard for v in self.violations)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a batch of writes did: the visits saved and the refusals."""

    saved: tuple[VisitBlock, ...] = ()
    refused: tuple[Refusal, ...] = ()


class CalendarBackend(Protocol):
    def can_schedule(self) -> bool: ...

    def can_override(self) -> bool: ...

    def load(self, first: dt.date, last: dt.date, checks: bool = True) -> Loaded:
        """The visits of a range, and (``checks``) the rules context for dragging in it.

        Runs on a worker thread. The month view, where nothing is dragged, does
        without the context."""
        ...

    def with_customers(self, loaded: Loaded, customer_ids: list[int]) -> Loaded:
        """``loaded`` able to check new visits of these customers (on a worker, on drag enter)."""
        ...

    def check(self, loaded: Loaded, cand: Candidate, customer_id: int | None) -> list[Violation]:
        """Every rule the candidate breaks, in memory (called on each drag step)."""
        ...

    def changed(self, visit_ids: Iterable[int]) -> Changed:
        """The named visits as they are now (on a worker, after a change on the hub)."""
        ...

    def merge(self, loaded: Loaded, changed: Changed) -> Loaded:
        """``loaded`` with ``changed`` in place, rules context included (in memory)."""
        ...

    def staff_choices(self, loaded: Loaded | None) -> list[tuple[int, str]]:
        """Who may have taken a customer's consent (from what ``loaded`` holds)."""
        ...

    def visit(self, visit_id: int) -> VisitBlock | None:
        """Runs on a worker thread, like every method below that reads or writes."""
        ...

    def change(
        self,
        block: VisitBlock,
        start: dt.datetime,
        end: dt.datetime,
        member_ids: tuple[int, ...],
        override_reason: str | None = None,
        consent: ConsentInput | None = None,
    ) -> VisitBlock:
        """Move, resize and/or reassign ``block``; raises ``SchedulingRefused``.

        ``consent``: the customer's recorded agreement to a time in the quiet hours."""
        ...

    def create(
        self,
        customer_ids: list[int],
        start: dt.datetime,
        member_ids: tuple[int, ...],
        minutes: int,
        override_reason: str | None = None,
        consent: ConsentInput | None = None,
    ) -> Outcome:
        """Visits for ``customer_ids`` one after another from ``start``."""
        ...

    def cancel(self, block: VisitBlock, reason: str) -> VisitBlock: ...

    def order_route(self, day: dt.date, member_ids: tuple[int, ...]) -> list[VisitBlock]:
        """Number the team's stops of ``day`` in the shortest order; the updated visits."""
        ...

    def due(self, quiet_days: int, customer_ids: Iterable[int] | None = None) -> list[DueCustomer]:
        """The customers due a visit (``customer_ids``: which of just these are)."""
        ...

    def priorities(self, customer_ids: list[int]) -> dict[int, tuple[float, str]]:
        """Expected value of a visit and its reasons per customer (schedulers only)."""
        ...

    def propose(
        self,
        customer_ids: list[int],
        first: dt.date,
        last: dt.date,
        teams: list[tuple[int, ...]] | None = None,
        by_value: bool = False,
    ) -> PlanResult:
        """Auto-plan for ``teams`` (default: the branch's pairs); on a worker, saves nothing.

        ``by_value``: each team-day takes the visits worth most per hour of its day
        (the expected value of a visit, issue 20) instead of the longest overdue first.
        """
        ...

    def accept(self, plan: PlanResult, ids: list[int]) -> Outcome: ...

    def export(
        self,
        kind: str,
        path: Path,
        first: dt.date,
        last: dt.date,
        member_ids: tuple[int, ...] | None,
    ) -> int:
        """Write ``kind`` ("ics" or "xlsx") to ``path``; the number of visits written.

        Runs on a worker thread; the export is audited by the service."""
        ...
