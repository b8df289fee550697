"""Opening the database as the signed-in user: what the GUI and CLI call at sign-in.

On a shared PostgreSQL set up with ``hvdesk db init-server`` the desk connects
as the user's own login role with the user's password, so the server checks
the password and enforces the role. A database that was never set up that way
(SQLite, or a server still run with one shared account) opens with the URL as
before; a set-up server refuses the URL's own account for app work.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import make_url

from hvdesk import migrations
from hvdesk.database import Database, resolve_url
from hvdesk.errors import AuthenticationFailed, DatabaseError
from hvdesk.messages import msg
from hvdesk.model import DbMeta
from hvdesk.security import pg_roles
from hvdesk.services import auth
from hvdesk.services.context import Actor

REFUSED = "wrong user name or password, or the account is disabled"


def needs_user_credentials(url: str | None) -> bool:
    """True when a desk can open ``url`` only as a signed-in user.

    A PostgreSQL URL without a user name: the desk has no account of its own
    and must wait for the sign-in (no logins list, no upgrade before it).
    """
    parsed = make_url(resolve_url(url))
    return parsed.get_backend_name() == "postgresql" and not parsed.username


def _legacy(url: str) -> Database | None:
    """The URL's own account, if it opens a database ``init-server`` never touched."""
    db = Database.open(url)
    try:
        db.check_connection()
        if not db.has_schema():
            return db
        with db.session() as s:
            enforced = s.scalar(
                select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX)
            )
    except DatabaseError:
        db.dispose()
        return None
    if enforced is not None:
        db.dispose()
        return None
    return db


def open_for_user(url: str | None, login: str, password: str) -> Database:
    """The database as ``login`` uses it (checked with the server on PostgreSQL).

    Raises AuthenticationFailed when the server refuses the user's role.
    """
    resolved = resolve_url(url)
    if make_url(resolved).get_backend_name() != "postgresql":
        return Database.open(resolved)
    db = Database.open(resolved, login=login, password=password)
    try:
        db.check_connection()
    except DatabaseError as exc:
        db.dispose()
        if make_url(resolved).username:
            legacy = _legacy(resolved)
            if legacy is not None:
                return legacy
        text = str(exc)
        if any(w in text for w in ("authentication", "does not exist", "not permitted to log in",
                                    "no password supplied", "permission denied")):
            raise AuthenticationFailed(REFUSED) from exc
        raise
    if migrations.needs_upgrade(db):
        db.dispose()
        raise DatabaseError(msg("services.connect.database_version_s",
                "the database is not at this version's schema: IT runs 'hvdesk db upgrade' "
                "with the owner's URL"))
    return db


def sign_in(url: str | None, login: str, password: str) -> tuple[Database, Actor]:
    """Open the database as the user and check the app password (audited sign-in)."""
    db = open_for_user(url, login, password)
    try:
        with db.begin() as s:
            actor = auth.authenticate(s, login, password)
    except Exception:
        db.dispose()
        raise
    return db, actor
