"""Checking a dragged block in memory: no query per mouse move.

The rules themselves are :func:`hvdesk.scheduling.rules.evaluate`, pure
functions over a :class:`~hvdesk.scheduling.rules.RuleContext` that the
backend preloads with the shown range (the branch's policy, its people, their
leave and the visits around). The calendar turns a drag position into a
:class:`Candidate`, the backend into a rules ``Proposal``; the service checks
everything again, against the database, on drop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from hvdesk.scheduling import routing, rules
from hvdesk.scheduling.calendar_query import VisitBlock
from hvdesk.scheduling.rules import Proposal, RuleContext, evaluate
from hvdesk.scheduling.violations import Violation


@dataclass(frozen=True, slots=True)
class Candidate:
    """A visit as it would be after the drop (a new one when ``visit_id`` is None)."""

    visit_id: int | None
    customer_id: int | None
    start: dt.datetime
    end: dt.datetime
    member_ids: tuple[int, ...]
    customer_agreed_hours: bool = False
    #: Only the end moves (a resize): the notice already sent still has the right time.
    resize: bool = False

    @classmethod
    def of(cls, block: VisitBlock) -> Candidate:
        return cls(
            block.id,
            block.customer_id,
            block.start,
            block.end,
            block.member_ids,
            block.customer_agreed_hours,
        )


def proposal_of(cand: Candidate, customer_id: int) -> Proposal:
    return Proposal(
        customer_id=customer_id,
        start=cand.start.astimezone(dt.UTC),
        end=cand.end.astimezone(dt.UTC),
        member_ids=cand.member_ids,
        customer_agreed_hours=cand.customer_agreed_hours,
        visit_id=cand.visit_id,
        check_notice_lead=not cand.resize,
    )


def check_in_context(ctx: RuleContext, cand: Candidate) -> list[Violation]:
    """Every rule ``cand`` breaks against the preloaded ``ctx``.

    A new visit dragged in before its customer is known (or with a customer
    the context does not hold) is checked for everything but the customer's
    own rules, which the service applies on drop.
    """
    customer_id = cand.customer_id
    if customer_id is None or customer_id not in ctx.customers:
        return _without_customer(ctx, cand)
    if any(m not in ctx.staff for m in cand.member_ids):
        return _without_customer(ctx, cand)
    return evaluate(ctx, proposal_of(cand, customer_id))


def _without_customer(ctx: RuleContext, cand: Candidate) -> list[Violation]:
    p = proposal_of(cand, -1)
    if p.end <= p.start:
        return evaluate(ctx, p)  # answers before it looks at the customer
    found: list[Violation] = []
    found += rules.check_hours(ctx, p)
    found += rules.check_holidays(ctx, p)
    members = [m for m in p.member_ids if m in ctx.staff]
    if len(members) == len(p.member_ids):
        found += rules.check_team(ctx, p)
        found += rules.check_leave(ctx, p)
        found += [v for v in _overlaps(ctx, p) if v.code == "visitor_busy"]
    found += rules.check_notice_lead(ctx, p)
    return found


def _overlaps(ctx: RuleContext, p: Proposal) -> list[Violation]:
    # check_overlaps_and_travel reads the customer's location; a placeholder has none.
    placeholder = rules.CustomerInfo(id=-1, branch_id=ctx.branch.id, masked_name="")
    saved = ctx.customers.get(-1)
    ctx.customers[-1] = placeholder
    try:
        return rules.check_overlaps_and_travel(ctx, p)
    finally:
        if saved is None:
            del ctx.customers[-1]
        else:
            ctx.customers[-1] = saved


def blocking(violations: Iterable[Violation], can_override: bool) -> bool:
    """True when the drop cannot go through as it is (a hard rule, or soft without override)."""
    return any(v.hard or not can_override for v in violations)


def leg_between(a: VisitBlock, b: VisitBlock) -> tuple[float, int] | None:
    """Kilometres and minutes to budget from ``a`` to ``b`` (None without both locations)."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    km = routing.haversine_km((a.latitude, a.longitude), (b.latitude, b.longitude))
    return km, routing.travel_minutes(km)
