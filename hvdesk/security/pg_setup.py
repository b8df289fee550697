"""``hvdesk db init-server``: make a shared PostgreSQL enforce the role table itself.

Run as the database owner after ``hvdesk db upgrade`` (and again after every
upgrade; it is idempotent). It creates the database's group roles, grants
them what :mod:`hvdesk.security.pg_grants` says, turns on row-level security
by branch, installs the SECURITY DEFINER functions the desks call (who am I,
reveal a number with a reason, create or change a login role) and gives every
existing user a login role. The owner then stays with IT: desks sign in as
their user's own role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, insert, inspect, select, text

from hvdesk.database import Database
from hvdesk.errors import DatabaseError
from hvdesk.messages import msg
from hvdesk.model import DbMeta, User
from hvdesk.security import pg_grants, pg_roles
from hvdesk.security.pg_sql import function_sql, policy_sql
from hvdesk.security.roles import Role

#: Read-only for every app role: Alembic's bookkeeping (desks refuse an old schema).
READ_ONLY_EXTRA = ("alembic_version",)


@dataclass(frozen=True, slots=True)
class InitReport:
    prefix: str
    groups: tuple[str, ...]
    #: Login roles created by this run: they have no password until one is set.
    new_logins: tuple[str, ...]
    #: Tables in the schema that no role was given anything on (a new table
    #: missing from pg_grants, usually).
    ungranted: tuple[str, ...]


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}) is not None


def _ensure_group(conn: Connection, name: str) -> None:
    if not _role_exists(conn, name):
        conn.execute(text(f"CREATE ROLE {_q(name)} NOLOGIN"))


def _columns(conn: Connection, table: str) -> list[str]:
    return [c["name"] for c in inspect(conn).get_columns(table)]


def _columns_with_default(conn: Connection, table: str) -> list[str]:
    return [c["name"] for c in inspect(conn).get_columns(table)
            if c.get("default") is not None or c.get("identity") is not None]


def _grant_tables(conn: Connection, prefix: str, tables: set[str]) -> set[str]:
    granted: set[str] = set()
    app = _q(pg_roles.group_role_name(prefix, pg_roles.APP_GROUP))
    for role in Role:
        group = _q(pg_roles.group_role_name(prefix, role.value))
        for table, privs in sorted(pg_grants.table_privileges(role).items()):
            if table not in tables:
                continue
            granted.add(table)
            writes = sorted(privs - {"SELECT"})
            if writes:
                conn.execute(text(f"GRANT {', '.join(writes)} ON {_q(table)} TO {group}"))
            if "SELECT" not in privs:
                continue
            hidden = pg_grants.HIDDEN_COLUMNS.get(table, ())
            if not pg_grants.reads_ciphertexts(role):
                hidden += pg_grants.ENCRYPTED_COLUMNS.get(table, ())
            if hidden:
                cols = ", ".join(_q(c) for c in _columns(conn, table) if c not in hidden)
                conn.execute(text(f"GRANT SELECT ({cols}) ON {_q(table)} TO {group}"))
            else:
                conn.execute(text(f"GRANT SELECT ON {_q(table)} TO {group}"))
        if pg_grants.reads_audit(role):
            conn.execute(text(f"GRANT SELECT ON {pg_grants.AUDIT_TABLE} TO {group}"))
    # The trail: INSERT only. Its RETURNING (the id, server-set values) needs
    # SELECT on exactly those columns; nobody may UPDATE, DELETE or TRUNCATE.
    audit_cols = _columns_with_default(conn, pg_grants.AUDIT_TABLE) or ["id"]
    conn.execute(text(f"GRANT INSERT ON {pg_grants.AUDIT_TABLE} TO {app}"))
    conn.execute(text(
        f"GRANT SELECT ({', '.join(_q(c) for c in audit_cols)}) ON {pg_grants.AUDIT_TABLE} TO {app}"
    ))
    granted.add(pg_grants.AUDIT_TABLE)
    # A user changes their own password (row-level security keeps it to their row).
    conn.execute(text(f"GRANT UPDATE (password_hash, version) ON app_user TO {app}"))
    for table in READ_ONLY_EXTRA:
        if table in tables:
            conn.execute(text(f"GRANT SELECT ON {_q(table)} TO {app}"))
            granted.add(table)
    return granted


def _reset(conn: Connection, schema: str, groups: Iterable[str]) -> None:
    names = ", ".join(_q(g) for g in groups)
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {_q(schema)} FROM {names}"))
    conn.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {_q(schema)} FROM {names}"))
    # Only grants to our own roles: other functions (triggers' helpers) keep PUBLIC's EXECUTE.
    conn.execute(text(f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {_q(schema)} FROM {names}"))


def init_server(db: Database) -> InitReport:
    """Set the database up for desks signing in with their own roles (idempotent)."""
    if db.is_sqlite:
        raise DatabaseError(msg("security.pg_setup.init_server_shared",
                "init-server is for a shared PostgreSQL; on SQLite the OS account is the "
                "boundary"))
    if db.login_role is not None:
        raise DatabaseError(msg("security.pg_setup.init_server_needs",
                "init-server needs the database owner's URL, not a user's sign-in"))
    with db.engine.begin() as conn:
        dbname = conn.scalar(text("SELECT current_database()"))
        schema = conn.scalar(text("SELECT current_schema()"))
        assert isinstance(dbname, str) and isinstance(schema, str)
        stored = conn.scalar(select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX))
        prefix = stored or pg_roles.role_prefix(dbname)
        if stored is None:
            conn.execute(insert(DbMeta).values(key=pg_roles.META_ROLE_PREFIX, value=prefix))
        app = pg_roles.group_role_name(prefix, pg_roles.APP_GROUP)
        groups = [pg_roles.group_role_name(prefix, r.value) for r in Role]
        _ensure_group(conn, app)
        for group in groups:
            _ensure_group(conn, group)
            # Group roles inherit the shared grants; login roles inherit their group's.
            conn.execute(text(f"GRANT {_q(app)} TO {_q(group)}"))
        _reset(conn, schema, [app, *groups])
        qdb = _q(dbname)
        # Only this database's app roles (and the owner) connect to it.
        conn.execute(text(f"REVOKE CONNECT, TEMPORARY ON DATABASE {qdb} FROM PUBLIC"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE {qdb} TO {_q(app)}"))
        conn.execute(text(f"REVOKE CREATE ON SCHEMA {_q(schema)} FROM PUBLIC"))
        conn.execute(text(f"GRANT USAGE ON SCHEMA {_q(schema)} TO {_q(app)}"))
        conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {_q(schema)} "
                          f"TO {_q(app)}"))
        tables = set(inspect(conn).get_table_names(schema=schema))
        granted = _grant_tables(conn, prefix, tables)
        for statement in function_sql(schema):
            conn.execute(text(statement))
        conn.execute(text(
            f"GRANT EXECUTE ON FUNCTION hvdesk_current_user_id(), hvdesk_current_branch(), "
            f"hvdesk_sees_all(), hvdesk_own_password_hash(), "
            f"hvdesk_reveal(integer, text, text, text), "
            f"hvdesk_sync_login(integer, text), hvdesk_login_role_name(text) TO {_q(app)}"
        ))
        for statement in policy_sql(tables):
            conn.execute(text(statement))
        before = {uid: role for uid, role in conn.execute(select(User.id, User.db_role))}
        for user_id in sorted(before):
            conn.execute(text("SELECT hvdesk_sync_login(:id, NULL)"), {"id": user_id})
    new = tuple(sorted(
        pg_roles.login_role_name(prefix, login)
        for login, in _logins_without_role(db, before)
    ))
    return InitReport(prefix=prefix, groups=(app, *groups), new_logins=new,
                      ungranted=tuple(sorted(tables - granted
                                             - set(pg_grants.OWNER_ONLY_TABLES))))


def _logins_without_role(db: Database, before: dict[int, str | None]) -> list[tuple[str]]:
    ids = [uid for uid, role in before.items() if role is None]
    if not ids:
        return []
    with db.session() as s:
        return [(login,) for login in s.scalars(select(User.login).where(User.id.in_(ids)))]


def drop_server_roles(db: Database) -> list[str]:
    """Remove this database's roles from the server (decommissioning, tests).

    Roles belong to the whole server: run this before dropping the database
    so no orphaned ``hv_…`` roles stay behind.
    """
    with db.engine.begin() as conn:
        prefix = conn.scalar(select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX))
        if prefix is None:
            return []
        pattern = prefix.replace("_", r"\_") + "%"
        names = list(conn.scalars(
            text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p ORDER BY rolname DESC"),
            {"p": pattern},
        ))
        for name in names:
            conn.execute(text(f"DROP OWNED BY {_q(name)}"))
        for name in names:
            conn.execute(text(f"DROP ROLE {_q(name)}"))
    return names
