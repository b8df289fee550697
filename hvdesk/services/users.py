"""User accounts: list, add, change passwords (admin only)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hvdesk.errors import NotFound, ValidationError
from hvdesk.messages import msg
from hvdesk.model import Branch, User
from hvdesk.security import scope
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Permission, Role
from hvdesk.services import audit, pg_access
from hvdesk.services.context import Actor

MIN_PASSWORD = 8


@dataclass(frozen=True, slots=True)
class UserRow:
    login: str
    display_name: str
    employee_no: str
    role: Role
    branch_code: str | None
    active: bool


def has_users(session: Session) -> bool:
    return session.scalar(select(User.id).limit(1)) is not None


def list_users(session: Session, actor: Actor) -> list[UserRow]:
    if not (actor.can(Permission.USER_MANAGE) or actor.can(Permission.AUDIT_VIEW)):
        actor.require(Permission.USER_MANAGE)
    users = session.scalars(
        select(User).options(selectinload(User.branch))
        .where(scope.branch_filter(actor, User.branch_id)).order_by(User.login)
    )
    return [
        UserRow(u.login, u.display_name, u.employee_no, u.role,
                u.branch.code if u.branch else None, u.active)
        for u in users
    ]


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", msg("services.users.password_needs_least",
                "password needs at least {MIN_PASSWORD} characters",
                MIN_PASSWORD=MIN_PASSWORD))


def add_user(
    session: Session,
    actor: Actor,
    *,
    login: str,
    display_name: str,
    employee_no: str,
    role: Role,
    branch_code: str | None,
    password: str,
) -> UserRow:
    actor.require(Permission.USER_MANAGE)
    audit.bind_actor(session, actor)
    login = login.strip()
    if not login or not login.isascii() or " " in login:
        raise ValidationError("login", msg("services.users.login_must_ascii",
                "login must be ASCII letters/digits without spaces"))
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise ValidationError("login", msg("services.users.login_login_r",
                "login {login!r} is taken",
                login=login))
    if session.scalar(select(User.id).where(User.employee_no == employee_no)) is not None:
        raise ValidationError("employee_no", msg("services.users.employee_number_employee",
                "employee number {employee_no!r} is taken",
                employee_no=employee_no))
    branch_id = None
    if role is not Role.ADMIN:
        if not branch_code:
            raise ValidationError("branch", msg("services.users.every_role_but",
                    "every role but admin belongs to a branch"))
        branch_id = session.scalar(select(Branch.id).where(Branch.code == branch_code))
        if branch_id is None:
            raise NotFound(msg("services.users.branch_code_branch",
                    "no branch with code {branch_code!r}",
                    branch_code=branch_code))
    _check_password(password)
    user = User(login=login, display_name=display_name.strip(), employee_no=employee_no.strip(),
                role=role, branch_id=branch_id, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    # On a server that enforces the roles the user gets a login role too.
    pg_access.sync_login(session, user.id, password)
    return UserRow(login, user.display_name, user.employee_no, role, branch_code, True)


def set_password(session: Session, actor: Actor, login: str, password: str) -> None:
    if actor.login != login:
        actor.require(Permission.USER_MANAGE)
    audit.bind_actor(session, actor)
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise NotFound(msg("scheduling.listing.user_named_login",
                "no user named {login!r}",
                login=login))
    _check_password(password)
    user.password_hash = hash_password(password)
    pg_access.sync_login(session, user.id, password)


def set_active(session: Session, actor: Actor, login: str, active: bool) -> None:
    """Disable or re-enable a user; on a shared server their login role follows."""
    actor.require(Permission.USER_MANAGE)
    audit.bind_actor(session, actor)
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise NotFound(msg("scheduling.listing.user_named_login",
                "no user named {login!r}",
                login=login))
    if not active and actor.login == login:
        raise ValidationError("active", msg("services.users.you_disable_your",
                "you cannot disable your own account"))
    user.active = active
    pg_access.sync_login(session, user.id)
