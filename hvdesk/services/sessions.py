"""``hvdesk login`` sessions: an expiring token bound to one database.

The desk keeps the token (see :mod:`hvdesk.security.tokens`); the database
keeps only its SHA-256, the user, the database id and the expiry. A session
ends when it expires, on ``hvdesk logout``, when the password changes, when
the account is disabled, or while the login is locked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from hvdesk.errors import AuthenticationFailed, LoginLocked
from hvdesk.messages import msg
from hvdesk.model import CliSession, User
from hvdesk.model.base import utcnow
from hvdesk.services import audit
from hvdesk.services.auth import POLICY, actor_for, locked_message
from hvdesk.services.context import Actor

ENDED = "the login session has expired or ended: sign in again with 'hvdesk login'"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def start(
    session: Session,
    actor: Actor,
    database_id: str,
    *,
    hours: int = POLICY.session_hours,
    now: dt.datetime | None = None,
) -> tuple[str, dt.datetime]:
    """A new session for a freshly authenticated ``actor``: (token, expiry)."""
    now = now or utcnow()
    user = session.get(User, actor.user_id)
    if user is None:
        raise AuthenticationFailed(msg("services.sessions.sign_first", "sign in first"))
    token = secrets.token_urlsafe(32)
    expires = now + dt.timedelta(hours=hours)
    # Ended sessions are of no use to anyone; clear them while we are here.
    session.execute(delete(CliSession).where(CliSession.expires_at <= now))
    # Core INSERT: the explicit session_start event says it all.
    row_id = session.execute(
        insert(CliSession).values(
            token_hash=_digest(token), user_id=user.id, database_id=database_id,
            password_stamp=_digest(user.password_hash), desk=actor.desk,
            created_at=now, expires_at=expires,
        ).returning(CliSession.id)
    ).scalar_one()
    audit.record(session, actor, "session_start", "cli_session", row_id, hours=hours)
    return token, expires


def resume(
    session: Session, token: str, database_id: str, *, now: dt.datetime | None = None
) -> Actor:
    """The user a stored token stands for, if its session is still good."""
    now = now or utcnow()
    row = session.scalar(select(CliSession).where(CliSession.token_hash == _digest(token)))
    if row is None or row.database_id != database_id or row.expires_at <= now:
        raise AuthenticationFailed(ENDED)
    user = session.scalar(
        select(User).options(selectinload(User.branch)).where(User.id == row.user_id)
    )
    if user is None or not user.active or row.password_stamp != _digest(user.password_hash):
        raise AuthenticationFailed(ENDED)
    if user.locked_until is not None and user.locked_until > now:
        raise LoginLocked(locked_message(user.locked_until), user.locked_until)
    return actor_for(user)


def end(session: Session, token: str) -> bool:
    """Delete the token's session (``hvdesk logout``); False if there was none."""
    row = session.scalar(select(CliSession).where(CliSession.token_hash == _digest(token)))
    if row is None:
        return False
    user = session.scalar(
        select(User).options(selectinload(User.branch)).where(User.id == row.user_id)
    )
    session.execute(delete(CliSession).where(CliSession.id == row.id))
    if user is not None:
        audit.record(session, actor_for(user), "session_end", "cli_session", row.id)
    return True
