"""Read-only queries behind the shell's overview and audit pages.

Pure functions of a Session and plain values returning frozen dataclasses, so
no widget holds SQL or an ORM object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.model import (
    AuditEvent,
    Branch,
    Customer,
    ReportStatus,
    User,
    Visit,
    VisitReport,
    VisitStatus,
)
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

DEFAULT_TIMEZONE = "Asia/Shanghai"
PLANNING_HORIZON = dt.timedelta(days=14)
#: Visits still ahead of the team (not done, dropped or moved).
OPEN_VISIT_STATUSES = (VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.CONFIRMED)


@dataclass(frozen=True, slots=True)
class Overview:
    branch_name: str
    timezone: str
    customers: int
    visits_next_14_days: int
    reports_awaiting_review: int


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor_login: str
    actor_name: str
    action: str
    entity: str
    entity_id: str | None
    desk: str
    detail: dict[str, Any]


def branch_timezone(session: Session, branch_id: int | None) -> str:
    """The branch's zone name; head-office users (no branch) see China time."""
    if branch_id is None:
        return DEFAULT_TIMEZONE
    zone = session.scalar(select(Branch.timezone).where(Branch.id == branch_id))
    return zone or DEFAULT_TIMEZONE


def overview(session: Session, actor: Actor, now: dt.datetime | None = None) -> Overview:
    """Counts for the actor's branch, or for all branches for a user without one."""
    now = now or clock.now()
    branch_id = scope.branch_of(actor)

    customers = select(func.count()).select_from(Customer)
    visits = (
        select(func.count())
        .select_from(Visit)
        .where(
            Visit.planned_start >= now,
            Visit.planned_start < now + PLANNING_HORIZON,
            Visit.status.in_(OPEN_VISIT_STATUSES),
        )
    )
    reports = (
        select(func.count())
        .select_from(VisitReport)
        .join(Visit, VisitReport.visit_id == Visit.id)
        .where(VisitReport.status == ReportStatus.SUBMITTED)
    )
    if branch_id is not None:
        customers = customers.where(Customer.branch_id == branch_id)
        visits = visits.where(Visit.branch_id == branch_id)
        reports = reports.where(Visit.branch_id == branch_id)
        name = session.scalar(select(Branch.name).where(Branch.id == branch_id)) or ""
    else:
        name = ""
    return Overview(
        branch_name=name,
        timezone=branch_timezone(session, branch_id),
        customers=session.scalar(customers) or 0,
        visits_next_14_days=session.scalar(visits) or 0,
        reports_awaiting_review=session.scalar(reports) or 0,
    )


def recent_audit(session: Session, actor: Actor, limit: int = 500,
                 after_id: int | None = None) -> list[AuditRow]:
    """The newest audit events first; only for those allowed to read the trail.

    ``after_id``: only the events written after that one (a screen appending what is new).
    """
    actor.require(Permission.AUDIT_VIEW)
    stmt = (
        select(AuditEvent, User.display_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        # A manager reads what the people of his branch did; an admin reads it all.
        .where(scope.branch_filter(actor, User.branch_id))
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    )
    if after_id is not None:
        stmt = stmt.where(AuditEvent.id > after_id)
    rows = session.execute(stmt)
    return [
        AuditRow(
            id=event.id,
            at=event.at,
            actor_login=event.actor_login,
            actor_name=name or "",
            action=event.action,
            entity=event.entity,
            entity_id=event.entity_id,
            desk=event.desk,
            detail=dict(event.detail or {}),
        )
        for event, name in rows
    ]
