"""Read-only queries behind the shell's audit page, and the branch's time zone.

Pure functions of a Session and plain values returning frozen dataclasses, so
no widget holds SQL or an ORM object. The home page's read is
:mod:`hvdesk.services.home`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.model import (
    AuditEvent,
    Branch,
    User,
)
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

DEFAULT_TIMEZONE = "Asia/Shanghai"


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
