"""What the services do differently when the PostgreSQL server enforces the roles.

After ``hvdesk db init-server`` each desk connects as its user's own login
role. Then user changes are mirrored onto that role, and roles without
``pii.full_view`` (no SELECT on the ciphertexts) get a full number only
through the server's auditing ``hvdesk_reveal``. On SQLite and on the owner's
connection nothing here changes anything.
"""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.model import DbMeta, User
from hvdesk.security import pg_roles
from hvdesk.services.context import Actor


def server_enforced(session: Session) -> bool:
    """True on a PostgreSQL database that ``init-server`` has set up."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    return session.scalar(
        select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX)
    ) is not None


def sync_login(session: Session, user_id: int, password: str | None = None) -> str | None:
    """Create or update the user's login role (active, group, password); its name.

    Runs in the caller's transaction, so a refused user change leaves no role
    change behind and vice versa. None when the server does not enforce roles.
    """
    if not server_enforced(session):
        return None
    verifier = pg_roles.scram_verifier(password) if password is not None else None
    session.flush()
    name = session.scalar(
        text("SELECT hvdesk_sync_login(:id, :verifier)"), {"id": user_id, "verifier": verifier}
    )
    return str(name) if name is not None else None


def own_password_hash(session: Session, user: User) -> str:
    """The stored hash to check a sign-in against.

    On a user's own server connection no role may SELECT the hashes; the
    server hands out the connected user's own, and nothing for anyone else
    (signing in as another user over one's own connection fails).
    """
    role = pg_roles.connection_role(session)
    if role is None:
        return user.password_hash
    if user.db_role != role:
        return ""
    return str(session.scalar(text("SELECT hvdesk_own_password_hash()")) or "")


def reveal_through_server(session: Session) -> bool:
    """Whether a full view must go through ``hvdesk_reveal`` on this connection."""
    return pg_roles.connection_role(session) is not None


def reveal_ciphertext(
    session: Session, actor: Actor, customer_id: int, what: str, reason: str
) -> bytes:
    """The ciphertext from the server's auditing function (it writes the event).

    Translates the function's refusals into the services' exceptions so the
    GUI and the CLI show the same one-line messages as on SQLite.
    """
    try:
        with session.begin_nested():
            value = session.scalar(
                select(func.hvdesk_reveal(customer_id, what, reason, actor.desk))
            )
    except DBAPIError as exc:
        code = getattr(exc.orig, "sqlstate", None)
        message = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        if code == "22023":
            raise ValidationError("reason", message) from exc
        if code == "P0002":
            raise NotFound(message) from exc
        if code == "42501":
            raise PermissionDenied(message) from exc
        raise
    if value is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    return bytes(value)
