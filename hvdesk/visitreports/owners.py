"""Who may own a complaint case: the active managers and coordinators of the visit's
branch, managers first (the feedback dialog's choice of owner)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from hvdesk.model import User, Visit
from hvdesk.security import scope
from hvdesk.security.roles import Role
from hvdesk.services.context import Actor

OWNER_ROLES = (Role.MANAGER, Role.COORDINATOR)


@dataclass(frozen=True, slots=True)
class Owner:
    id: int
    name: str
    role: Role
    employee_no: str


def owner_candidates(session: Session, actor: Actor, visit_id: int | None = None) -> list[Owner]:
    """Owners for a case of ``visit_id``: its branch's people (head office picks for any).

    A visit of another branch is refused: its people are not the actor's to name.
    """
    branch_id = actor.branch_id
    if visit_id is not None:
        branch_id = session.scalar(select(Visit.branch_id).where(Visit.id == visit_id)) or branch_id
        scope.require_branch(actor, branch_id, scope.what_record("visit", visit_id))
    stmt = select(User.id, User.display_name, User.role, User.employee_no).where(
        User.active.is_(True), User.role.in_(OWNER_ROLES)
    )
    if branch_id is not None:
        stmt = stmt.where(User.branch_id == branch_id)
    first = case((User.role == Role.MANAGER, 0), else_=1)
    stmt = stmt.order_by(first, User.display_name, User.id)
    return [Owner(r.id, r.display_name, r.role, r.employee_no) for r in session.execute(stmt)]
