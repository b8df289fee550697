"""Signing in and resolving the acting user."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hvdesk.errors import AuthenticationFailed, NotFound
from hvdesk.model import User
from hvdesk.security.passwords import hash_password, needs_rehash, verify_password
from hvdesk.services import audit, pg_access
from hvdesk.services.context import Actor


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        login=user.login,
        role=user.role,
        branch_id=user.branch_id,
        display_name=user.display_name,
        employee_no=user.employee_no,
        branch_name=user.branch.name if user.branch else "",
    )


def _find(session: Session, login: str) -> User | None:
    return session.scalar(
        select(User).options(selectinload(User.branch)).where(User.login == login.strip())
    )


def authenticate(session: Session, login: str, password: str) -> Actor:
    """Check a login and password; the same message for every failure."""
    user = _find(session, login)
    stored = pg_access.own_password_hash(session, user) if user is not None else ""
    if user is None or not user.active or not verify_password(stored, password):
        raise AuthenticationFailed("wrong user name or password, or the account is disabled")
    actor = actor_for(user)
    audit.bind_actor(session, actor)
    if needs_rehash(stored):
        user.password_hash = hash_password(password)
    audit.record(session, actor, "sign_in", "app_user", user.id)
    return actor


def sign_out(session: Session, actor: Actor) -> None:
    audit.record(session, actor, "sign_out", "app_user", actor.user_id)


def actor_by_login(session: Session, login: str) -> Actor:
    """For the CLI's ``--as USER``: the named, active user."""
    user = _find(session, login)
    if user is None:
        raise NotFound(f"no user named {login!r}")
    if not user.active:
        raise AuthenticationFailed(f"user {login!r} is disabled")
    return actor_for(user)


def list_logins(session: Session) -> list[str]:
    """Active logins, for the sign-in dialog's completer."""
    return list(session.scalars(select(User.login).where(User.active).order_by(User.login)))
