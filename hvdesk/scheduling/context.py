"""Load what the rules need in one small batch of queries.

The calendar loads one context for the week it shows and passes it to
:func:`hvdesk.scheduling.service.check_visit` on every drag step, so a drag
costs no query at all; a single check without a context loads one just big
enough for its proposal. Rows are read as plain columns into frozen
dataclasses: nothing lands in the session's identity map and no widget can
trigger a lazy load.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound
from hvdesk.messages import msg
from hvdesk.model import Branch, Customer, User, Visit, VisitMember, VisitorLeave, utcnow
from hvdesk.scheduling.rules import (
    FREED_STATUSES,
    FREQUENCY_WINDOW,
    BookedVisit,
    BranchPolicy,
    CustomerInfo,
    Leave,
    RuleConfig,
    RuleContext,
    StaffInfo,
)
from hvdesk.security import exposure

#: Members' visits this far around the span: overlaps and same-day travel.
_MEMBER_MARGIN = dt.timedelta(days=1)


def branch_policy(session: Session, branch_id: int) -> BranchPolicy:
    branch = session.get(Branch, branch_id)
    if branch is None:
        raise NotFound(msg("scheduling.context.branch_id_branch",
                "no branch with id {branch_id}",
                branch_id=branch_id))
    return BranchPolicy(
        id=branch.id,
        code=branch.code,
        timezone=branch.timezone,
        visit_window_start=branch.visit_window_start,
        visit_window_end=branch.visit_window_end,
        max_visits_per_30_days=branch.max_visits_per_30_days,
        sms_lead_hours=branch.sms_lead_hours,
        latitude=branch.latitude,
        longitude=branch.longitude,
    )


def load_context(
    session: Session,
    branch_id: int,
    start: dt.datetime,
    end: dt.datetime,
    *,
    customer_ids: Iterable[int] = (),
    member_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> RuleContext:
    """Rules context for proposals of ``branch_id`` between ``start`` and ``end``.

    Every user of the branch is loaded (a few dozen), plus ``member_ids`` from
    elsewhere (so a visitor of another branch is named in the refusal); the
    customers are those named in ``customer_ids``.
    """
    policy = branch_policy(session, branch_id)
    customer_ids = sorted(set(customer_ids))
    staff = _staff(session, branch_id, set(member_ids))
    customers = _customers(session, customer_ids)
    lo, hi = start - _MEMBER_MARGIN, end + _MEMBER_MARGIN
    leaves = [
        Leave(r.user_id, r.start_date, r.end_date)
        for r in session.execute(
            select(VisitorLeave.user_id, VisitorLeave.start_date, VisitorLeave.end_date).where(
                VisitorLeave.user_id.in_(list(staff)),
                VisitorLeave.start_date <= hi.date(),
                VisitorLeave.end_date >= lo.date(),
            )
        )
    ]
    visits = _visits(
        session, list(staff), customer_ids, lo, hi, start - FREQUENCY_WINDOW, end + FREQUENCY_WINDOW
    )
    return RuleContext(
        branch=policy,
        now=now or utcnow(),
        customers=customers,
        staff=staff,
        leaves=leaves,
        visits=visits,
        config=config or RuleConfig(),
        span=(start, end),
    )


def _staff(session: Session, branch_id: int, extra: set[int]) -> dict[int, StaffInfo]:
    condition = User.branch_id == branch_id
    if extra:
        condition = or_(condition, User.id.in_(sorted(extra)))
    rows = session.execute(
        select(
            User.id, User.login, User.display_name, User.role, User.active, User.branch_id
        ).where(condition)
    )
    staff = {
        r.id: StaffInfo(r.id, r.login, r.display_name, r.role, r.active, r.branch_id) for r in rows
    }
    missing = extra - set(staff)
    if missing:
        raise NotFound(msg("scheduling.context.user_id_value",
                "no user with id {value}",
                value=min(missing)))
    return staff


def _customers(session: Session, ids: list[int]) -> dict[int, CustomerInfo]:
    if not ids:
        return {}
    c = Customer.__table__.c
    rows = session.execute(
        select(
            c.id,
            c.branch_id,
            c.name,
            c.do_not_visit,
            c.do_not_visit_reason,
            c.latitude,
            c.longitude,
            c.registered_adcode,
        ).where(c.id.in_(ids))
    )
    found = {
        r.id: CustomerInfo(
            id=r.id,
            branch_id=r.branch_id,
            masked_name=exposure.message_name(r.name),
            do_not_visit=r.do_not_visit,
            do_not_visit_reason=r.do_not_visit_reason,
            latitude=r.latitude,
            longitude=r.longitude,
            adcode=r.registered_adcode,
        )
        for r in rows
    }
    missing = set(ids) - set(found)
    if missing:
        raise NotFound(msg("scheduling.context.customer_id_value",
                "no customer with id {value}",
                value=min(missing)))
    return found


def _visits(
    session: Session,
    user_ids: list[int],
    customer_ids: list[int],
    member_lo: dt.datetime,
    member_hi: dt.datetime,
    customer_lo: dt.datetime,
    customer_hi: dt.datetime,
) -> list[BookedVisit]:
    """Active visits of the people in the span, and of the customers 30 days around it."""
    wanted = [
        and_(
            Visit.planned_start < member_hi,
            Visit.planned_end > member_lo,
            Visit.id.in_(select(VisitMember.visit_id).where(VisitMember.user_id.in_(user_ids))),
        )
    ]
    if customer_ids:
        wanted.append(
            and_(
                Visit.customer_id.in_(customer_ids),
                Visit.planned_start < customer_hi,
                Visit.planned_end > customer_lo,
            )
        )
    ids = select(Visit.id).where(Visit.status.not_in(list(FREED_STATUSES)), or_(*wanted))
    rows = session.execute(
        select(
            Visit.id,
            Visit.customer_id,
            Visit.planned_start,
            Visit.planned_end,
            Visit.status,
            Customer.latitude,
            Customer.longitude,
            VisitMember.user_id,
        )
        .join(Customer, Customer.id == Visit.customer_id)
        .outerjoin(VisitMember, VisitMember.visit_id == Visit.id)
        .where(Visit.id.in_(ids))
        .order_by(Visit.id)
    )
    members: dict[int, set[int]] = {}
    heads: dict[int, Any] = {}
    for r in rows:
        heads.setdefault(r.id, r)
        if r.user_id is not None:
            members.setdefault(r.id, set()).add(r.user_id)
    return [
        BookedVisit(
            id=vid,
            customer_id=r.customer_id,
            start=r.planned_start,
            end=r.planned_end,
            member_ids=frozenset(members.get(vid, ())),
            status=r.status,
            latitude=r.latitude,
            longitude=r.longitude,
        )
        for vid, r in heads.items()
    ]
