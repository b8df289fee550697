"""Signing in and resolving the acting user; repeated failures lock the login.

The GUI's sign-in dialog, its idle lock and the CLI all go through
:func:`authenticate`, so the lockout holds for every way in.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from hvdesk.errors import AuthenticationFailed, LoginLocked, NotFound
from hvdesk.messages import msg
from hvdesk.model import User
from hvdesk.model.base import utcnow
from hvdesk.security import pg_roles
from hvdesk.security.passwords import hash_password, needs_rehash, verify_password
from hvdesk.security.roles import Permission, Role
from hvdesk.security.signin_policy import POLICY, SignInPolicy
from hvdesk.services import audit, pg_access
from hvdesk.services.context import Actor

WRONG = "wrong user name or password, or the account is disabled"


def actor_for(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        login=user.login,
        role=user.role,
        branch_id=user.branch_id,
        display_name=user.display_name,
        employee_no=user.employee_no,
        branch_name=user.branch.name if user.branch else "",
        timezone=user.branch.timezone if user.branch else "",
    )


def _find(session: Session, login: str) -> User | None:
    return session.scalar(
        select(User).options(selectinload(User.branch)).where(User.login == login.strip())
    )


def authenticate(
    session: Session,
    login: str,
    password: str,
    *,
    via: str = "app",
    now: dt.datetime | None = None,
    policy: SignInPolicy = POLICY,
) -> Actor:
    """Check a login and password; the same message for every failure but a lock.

    A failure is counted and audited in a transaction of its own, committed
    before the error is raised: the caller's unit of work rolls back, the
    record of the attempt must not. ``via`` (app, cli, unlock, login) goes
    into the audit details.
    """
    now = now or utcnow()
    user = _find(session, login)
    if user is None:
        _record_failure(session, None, login, via, now, policy)
        raise AuthenticationFailed(WRONG)
    if user.locked_until is not None and user.locked_until > now:
        _record_refusal(session, user.id, via, user.locked_until)
        raise LoginLocked(locked_message(user.locked_until), user.locked_until)
    # On a shared server the hash comes through the user's own connection.
    stored = pg_access.own_password_hash(session, user)
    if not user.active or not verify_password(stored, password):
        until = _record_failure(session, user.id, login, via, now, policy)
        if until is not None:
            raise LoginLocked(locked_message(until), until)
        raise AuthenticationFailed(WRONG)
    actor = actor_for(user)
    audit.bind_actor(session, actor)
    if user.failed_count or user.locked_until is not None:
        # Core UPDATE: bookkeeping, not an edit of the account to audit row by row.
        session.execute(update(User).where(User.id == user.id)
                        .values(failed_count=0, locked_until=None)
                        .execution_options(synchronize_session=False))
    if needs_rehash(stored):
        user.password_hash = hash_password(password)
    audit.record(session, actor, "sign_in", "app_user", user.id, via=via)
    return actor


def verify_before_upgrade(session: Session, login: str, password: str) -> Actor:
    """The password check for ``hvdesk db upgrade`` of a database on an older schema.

    Reads only the columns every revision has (the lockout columns may not
    exist yet), so there is no lockout and no sign-in event on that path; the
    upgrade that follows needs ``settings.manage`` all the same.
    """
    t = User.__table__.c
    row = session.execute(
        select(t.id, t.login, t.role, t.branch_id, t.active, t.password_hash, t.display_name,
               t.employee_no).where(t.login == login.strip())
    ).first()
    if row is None or not row.active or not verify_password(row.password_hash, password):
        raise AuthenticationFailed(WRONG)
    return Actor(user_id=row.id, login=row.login, role=Role(row.role), branch_id=row.branch_id,
                 display_name=row.display_name, employee_no=row.employee_no)


def locked_message(until: dt.datetime) -> str:
    local = until.astimezone().strftime("%H:%M")
    return f"too many wrong passwords: this login is locked until {local}"


def _failure_actor(user: User | None, login: str) -> Actor:
    """Who the trail names for an attempt: the account it claimed to be."""
    if user is not None:
        return actor_for(user)
    # An unknown name: the typed text (cut to the column) is all there is.
    return Actor(user_id=None, login=login.strip()[:50] or "?", role=Role.VISITOR,
                 branch_id=None)


def _record_failure(
    outer: Session, user_id: int | None, login: str, via: str, now: dt.datetime,
    policy: SignInPolicy,
) -> dt.datetime | None:
    """Count and audit a wrong password in its own transaction; the lock's end if it locked."""
    locked: dt.datetime | None = None
    with Session(bind=outer.get_bind()) as s, s.begin():
        if user_id is None:
            audit.record(s, _failure_actor(None, login), "sign_in_failed", "app_user", None,
                         via=via, unknown_login=True)
            return None
        if pg_roles.connection_role(outer) is not None:
            # The user's own connection on a shared server (the lock screen): the
            # server checks passwords at connect and its roles may not touch the
            # counters, so the attempt is audited, not counted.
            user = s.scalar(select(User).options(selectinload(User.branch))
                            .where(User.id == user_id))
            assert user is not None
            audit.record(s, _failure_actor(user, login), "sign_in_failed", "app_user", user_id,
                         via=via, counted=False)
            return None
        # One atomic increment: desks guessing at the same time still count every try.
        count = s.execute(
            update(User).where(User.id == user_id)
            .values(failed_count=User.failed_count + 1).returning(User.failed_count)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        user = s.scalar(select(User).options(selectinload(User.branch))
                        .where(User.id == user_id))
        assert user is not None
        actor = _failure_actor(user, login)
        if count >= policy.max_failures:
            locked = now + dt.timedelta(minutes=policy.lock_minutes)
            s.execute(update(User).where(User.id == user_id)
                      .values(failed_count=0, locked_until=locked)
                      .execution_options(synchronize_session=False))
        audit.record(s, actor, "sign_in_failed", "app_user", user_id, via=via, failures=count,
                     disabled=not user.active)
        if locked is not None:
            audit.record(s, actor, "sign_in_locked", "app_user", user_id, via=via,
                         failures=count, minutes=policy.lock_minutes,
                         until=locked.isoformat(timespec="seconds"))
    return locked


def _record_refusal(outer: Session, user_id: int, via: str, until: dt.datetime) -> None:
    with Session(bind=outer.get_bind()) as s, s.begin():
        user = s.scalar(select(User).options(selectinload(User.branch))
                        .where(User.id == user_id))
        assert user is not None
        audit.record(s, actor_for(user), "sign_in_refused", "app_user", user.id, via=via,
                     reason="locked", until=until.isoformat(timespec="seconds"))


def unlock(session: Session, actor: Actor, login: str) -> None:
    """An admin lifts a lock before it runs out (``hvdesk user unlock``)."""
    actor.require(Permission.USER_MANAGE)
    user = _find(session, login)
    if user is None:
        raise NotFound(msg("scheduling.listing.user_named_login",
                "no user named {login!r}",
                login=login))
    session.execute(update(User).where(User.id == user.id)
                    .values(failed_count=0, locked_until=None)
                    .execution_options(synchronize_session=False))
    audit.record(session, actor, "unlock", "app_user", user.id)


def sign_out(session: Session, actor: Actor) -> None:
    audit.record(session, actor, "sign_out", "app_user", actor.user_id)


def actor_by_login(session: Session, login: str) -> Actor:
    """For the CLI's ``--as USER``: the named, active user."""
    user = _find(session, login)
    if user is None:
        raise NotFound(msg("scheduling.listing.user_named_login",
                "no user named {login!r}",
                login=login))
    if not user.active:
        raise AuthenticationFailed(msg("services.auth.user_login_r",
                "user {login!r} is disabled",
                login=login))
    return actor_for(user)


def list_logins(session: Session) -> list[str]:
    """Active logins, for the sign-in dialog's completer."""
    return list(session.scalars(select(User.login).where(User.active).order_by(User.login)))
