"""Visitors' leave: whole local days on which a visitor cannot be booked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, ValidationError
from hvdesk.messages import msg
from hvdesk.model import User, VisitorLeave
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor


@dataclass(frozen=True, slots=True)
class LeaveView:
    id: int
    user_id: int
    start_date: dt.date
    end_date: dt.date
    reason: str


def _view(row: VisitorLeave) -> LeaveView:
    return LeaveView(row.id, row.user_id, row.start_date, row.end_date, row.reason)


def _visitor(session: Session, actor: Actor, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(msg("scheduling.leave.user_id_user",
                "no user with id {user_id}",
                user_id=user_id))
    scope.require_branch(actor, user.branch_id, scope.what_record("user", user.login))
    return user


def add_leave(
    session: Session,
    actor: Actor,
    user_id: int,
    start_date: dt.date,
    end_date: dt.date,
    reason: str,
) -> LeaveView:
    """Record leave; visits already planned in it are not touched (the calendar flags them)."""
    actor.require(Permission.VISIT_SCHEDULE)
    audit.bind_actor(session, actor)
    _visitor(session, actor, user_id)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("reason", msg("scheduling.leave.give_reason_leave",
                "give a reason for the leave"))
    if end_date < start_date:
        raise ValidationError("end_date", msg("scheduling.leave.leave_ends_before",
                "the leave ends before it starts"))
    row = VisitorLeave(
        user_id=user_id,
        start_date=start_date,
        end_date=end_date,
        reason=reason[:300],
        created_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    return _view(row)


def remove_leave(session: Session, actor: Actor, leave_id: int) -> None:
    actor.require(Permission.VISIT_SCHEDULE)
    audit.bind_actor(session, actor)
    row = session.get(VisitorLeave, leave_id)
    if row is None:
        raise NotFound(msg("scheduling.leave.leave_id_leave",
                "no leave with id {leave_id}",
                leave_id=leave_id))
    _visitor(session, actor, row.user_id)
    session.delete(row)
    session.flush()


def list_leaves(
    session: Session, actor: Actor, start_date: dt.date, end_date: dt.date
) -> list[LeaveView]:
    """Leave overlapping the dates, of the actor's branch (an admin: all)."""
    query = (
        select(VisitorLeave)
        .join(User, User.id == VisitorLeave.user_id)
        .where(VisitorLeave.start_date <= end_date, VisitorLeave.end_date >= start_date)
        .order_by(VisitorLeave.start_date, VisitorLeave.id)
    )
    query = query.where(scope.branch_filter(actor, User.branch_id))
    return [_view(r) for r in session.scalars(query)]
