"""Visits for several customers at once: a drop of customers on one team's slot.

The calendar drops a selection of customers on a column and a time; they are
planned in the given order, each after the previous one plus the travel
between them (rounded up to the calendar's 15-minute grid), in one
transaction. A customer the rules refuse is reported with the reasons and
the time it was to have, and the next one takes its slot; the others are
saved. The purpose follows the customer: overdue follow-up when days past
due, else a post-loan review.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound
from hvdesk.messages import msg
from hvdesk.model import Customer, VisitPurpose
from hvdesk.scheduling import routing
from hvdesk.scheduling import service as scheduling
from hvdesk.scheduling.consent import ConsentInput
from hvdesk.scheduling.guards import begin_write, require_branch
from hvdesk.scheduling.violations import SchedulingRefused, Violation
from hvdesk.security import exposure
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

#: Visits start on this grid (the calendar's snap).
GRID_MINUTES = 15
#: Between two customers without coordinates: a guess at the way across.
UNKNOWN_TRAVEL_MINUTES = 2 * GRID_MINUTES


@dataclass(frozen=True, slots=True)
class Refused:
    """One customer of the batch that the rules refused."""

    customer_id: int
    #: As the one rule shows it to the actor.
    who: str
    violations: tuple[Violation, ...]
    #: When the visit was to start (to try again with an override).
    start: dt.datetime


@dataclass(frozen=True, slots=True)
class Created:
    visit_ids: tuple[int, ...] = ()
    refused: tuple[Refused, ...] = ()


def shown_name(actor: Actor, name: str) -> str:
    """A customer's name as the actor may see it."""
    return exposure.name(actor, name)


def create_visits(
    session: Session,
    actor: Actor,
    customer_ids: Sequence[int],
    start: dt.datetime,
    member_ids: Sequence[int],
    minutes: int,
    *,
    override_reason: str | None = None,
    consent: ConsentInput | None = None,
    now: dt.datetime | None = None,
) -> Created:
    """One visit per customer from ``start``, in order, in the caller's transaction.

    Every visit goes through :func:`hvdesk.scheduling.service.create_visit`
    (rules, audit, the database's double-booking guard), each in a savepoint
    so a refused one leaves nothing behind. A customer outside the actor's
    scope refuses the whole batch (PermissionDenied).
    """
    actor.require(Permission.VISIT_SCHEDULE)
    wanted = list(dict.fromkeys(customer_ids))
    rows = {
        r.id: r
        for r in session.execute(
            select(
                Customer.id,
                Customer.branch_id,
                Customer.name,
                Customer.days_past_due,
                Customer.latitude,
                Customer.longitude,
            ).where(Customer.id.in_(wanted))
        )
    }
    for customer_id in wanted:
        row = rows.get(customer_id)
        if row is None:
            raise NotFound(msg("rights.scope.customer_id_customer",
                    "no customer with id {customer_id}",
                    customer_id=customer_id))
        require_branch(actor, row.branch_id)
    begin_write(session)
    saved: list[int] = []
    refused: list[Refused] = []
    #: Where and when the last saved visit ends; a refused one takes no time.
    free_from = start
    previous: tuple[float, float] | None = None
    for customer_id in wanted:
        row = rows[customer_id]
        here = (
            (row.latitude, row.longitude)
            if row.latitude is not None and row.longitude is not None
            else None
        )
        clock = free_from + dt.timedelta(minutes=_gap(previous, here)) if saved else start
        purpose = VisitPurpose.OVERDUE if row.days_past_due > 0 else VisitPurpose.POST_LOAN
        end = clock + dt.timedelta(minutes=minutes)
        savepoint = session.begin_nested()
        try:
            view = scheduling.create_visit(
                session,
                actor,
                customer_id=customer_id,
                start=clock,
                end=end,
                member_ids=member_ids,
                purpose=purpose,
                override_reason=override_reason,
                consent=consent,
                now=now,
            )
        except SchedulingRefused as exc:
            savepoint.rollback()
            refused.append(
                Refused(customer_id, shown_name(actor, row.name), tuple(exc.violations), clock)
            )
            continue
        savepoint.commit()
        saved.append(view.id)
        free_from = end
        previous = here
    return Created(tuple(saved), tuple(refused))


def _gap(previous: tuple[float, float] | None, here: tuple[float, float] | None) -> int:
    """Minutes from the end of one visit to the start of the next, on the grid."""
    if previous is None or here is None:
        return UNKNOWN_TRAVEL_MINUTES
    travel = routing.travel_minutes(routing.haversine_km(previous, here))
    return GRID_MINUTES * math.ceil(travel / GRID_MINUTES)
