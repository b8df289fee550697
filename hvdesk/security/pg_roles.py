"""Names and passwords of the PostgreSQL roles behind app users.

PostgreSQL roles belong to the whole server, which may hold several hvdesk
databases, so every role of one database carries that database's prefix
``hv_<8 hex of sha256(database name)>_``: group roles ``<prefix><app role>``
(and ``<prefix>app`` for what all share), login roles ``<prefix>u_<login>``.
A desk knows the database name from its URL, so it can name its user's role
before it has a connection; ``db init-server`` keeps the prefix in ``db_meta``.

Passwords reach the server only as SCRAM-SHA-256 verifiers computed here, so
the clear text never appears in a server log or ``pg_stat_activity``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from typing import Any

from sqlalchemy.orm import Session

#: ``db_meta`` key of the role prefix, written by ``hvdesk db init-server``.
META_ROLE_PREFIX = "pg_role_prefix"
#: Key in a DBAPI connection's ``info``: the login role a desk connected as.
CONNECTION_ROLE_KEY = "hvdesk_login_role"
#: PostgreSQL truncates identifiers beyond 63 bytes.
MAX_NAME = 63
SCRAM_ITERATIONS = 4096
LOGIN_INFIX = "u_"
APP_GROUP = "app"


def role_prefix(database_name: str) -> str:
    digest = hashlib.sha256(database_name.encode("utf-8")).hexdigest()[:8]
    return f"hv_{digest}_"


def login_role_name(prefix: str, login: str) -> str:
    """The login role of one app user; long logins keep a hash to stay unique.

    Mirrored in SQL by ``hvdesk_login_role_name`` (pg_setup): change both.
    """
    name = f"{prefix}{LOGIN_INFIX}{login}"
    if len(name.encode("utf-8")) <= MAX_NAME:
        return name
    tail = hashlib.md5(login.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{prefix}{LOGIN_INFIX}{login[:30]}_{tail}"


def group_role_name(prefix: str, app_role: str) -> str:
    return f"{prefix}{app_role}"


def scram_verifier(password: str, *, salt: bytes | None = None,
                   iterations: int = SCRAM_ITERATIONS) -> str:
    """What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802/7677).

    ``ALTER ROLE … PASSWORD '<verifier>'`` stores it as is. PostgreSQL runs
    SASLprep on the password; plain ASCII and most text pass through unchanged,
    and where SASLprep would fail the server uses the raw bytes, as here.
    """
    salt = salt if salt is not None else os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def connection_role(session: Session) -> str | None:
    """The app user's login role the session's connection signed in as, if any.

    None on SQLite and on a connection with the owner's (or any other
    non-app) credentials, such as ``db upgrade`` and the test suite's.
    """
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return None
    info: dict[Any, Any] = session.connection().info
    role = info.get(CONNECTION_ROLE_KEY)
    return str(role) if role else None
