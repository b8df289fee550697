"""audit hash chain, server-set audit time and actor, TRUNCATE refused

Each audit event gets ``prev_hash`` and ``hash`` (canonical form in
``hvdesk/security/audit_chain.py``); existing events are chained here in id
order. From now on the database fills both at insert, whoever inserts:

- PostgreSQL: a BEFORE INSERT trigger (SECURITY DEFINER, so app roles need no
  rights on the lock row, the id sequence or the events) locks the one-row
  ``audit_chain_lock`` until commit, takes the id under that lock (the column
  loses its default), reads the previous hash from the last event, sets ``at`` from the server clock and, unless the connecting role
  is the table's owner or a superuser (set-up, migrations, tests), the actor
  from the connecting login role; then it hashes the event with ``sha256()``
  over the same canonical text as Python. TRUNCATE is refused by a statement
  trigger (on customer_note too, the other append-only table).
- SQLite: an AFTER INSERT trigger links the new row to the one before and
  hashes it through ``hvdesk_audit_hash``, a function every hvdesk connection
  registers; the update trigger lets exactly that one write through.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hvdesk.security import audit_chain

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = ("audit_event", "customer_note")
_CONTENT = ("id", "at", "actor_id", "actor_login", "action", "entity", "entity_id", "desk",
            "detail")

# --- SQLite -----------------------------------------------------------------------
_SQLITE_PREV = (
    f"coalesce((SELECT e.hash FROM audit_event e WHERE e.id < NEW.id ORDER BY e.id DESC "
    f"LIMIT 1), '{audit_chain.GENESIS}')"
)
SQLITE_CHAIN = f"""
CREATE TRIGGER audit_event_chain AFTER INSERT ON audit_event
BEGIN
    UPDATE audit_event SET
        prev_hash = {_SQLITE_PREV},
        hash = {audit_chain.SQLITE_FUNCTION}({", ".join(f"NEW.{c}" for c in _CONTENT)},
                                             {_SQLITE_PREV})
    WHERE id = NEW.id;
END
"""
# Only the chain trigger's own first write of prev_hash/hash may pass.
SQLITE_NO_UPDATE_SEALED = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN OLD.hash IS NOT NULL "
    + "".join(f"OR NEW.{c} IS NOT OLD.{c} " for c in _CONTENT)
    + "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
)
SQLITE_NO_UPDATE_0002 = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
)

# --- PostgreSQL ---------------------------------------------------------------------
PG_FIELD = """
CREATE FUNCTION audit_chain_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN v IS NULL THEN '-' ELSE length(v)::text || ':' || v END
$$
"""
# Which app user a login role is. Role names equal app logins; if the server's
# roles are ever named otherwise, replacing this function is the only change.
PG_ACTOR = """
CREATE FUNCTION audit_actor(role_name name, OUT login text, OUT user_id integer)
LANGUAGE sql STABLE AS $$
    SELECT role_name::text, (SELECT u.id FROM app_user u WHERE u.login = role_name::text)
$$
"""
_PG_HASH = " || '|' || ".join(
    [f"'{audit_chain.VERSION_TAG}'"]
    + [
        f"audit_chain_field({expr})"
        for expr in (
            "NEW.id::text",
            """to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
            "NEW.actor_id::text", "NEW.actor_login", "NEW.action", "NEW.entity",
            "NEW.entity_id", "NEW.desk", "NEW.detail::text", "NEW.prev_hash",
        )
    ]
)


def _pg_chain(schema: str) -> str:
    # search_path pinned with pg_temp last: a SECURITY DEFINER function must not
    # find a caller's temporary table named like ours first.
    return f"""
CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
SET search_path = {schema}, pg_temp AS $$
DECLARE
    who record;
BEGIN
    -- The chain lock, held to the end of the transaction: the first event of a
    -- transaction writes the lock row (later ones find it theirs and write
    -- nothing). A concurrent appender waits here, then (READ COMMITTED: each
    -- statement a fresh snapshot) sees the events committed before it; under
    -- REPEATABLE READ the write fails rather than link to a stale head.
    UPDATE audit_chain_lock SET xact = txid_current()
     WHERE id = 1 AND xact IS DISTINCT FROM txid_current();
    IF NOT FOUND AND NOT EXISTS (SELECT 1 FROM audit_chain_lock WHERE id = 1) THEN
        RAISE EXCEPTION 'audit_chain_lock has no row: the audit chain cannot continue';
    END IF;
    NEW.id := nextval('audit_event_id_seq'::regclass);
    NEW.at := clock_timestamp();
    IF NOT pg_has_role(session_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID),
                       'USAGE') THEN
        SELECT * INTO who FROM audit_actor(session_user);
        NEW.actor_login := left(who.login, 50);
        NEW.actor_id := who.user_id;
    END IF;
    NEW.prev_hash := coalesce(
        (SELECT e.hash FROM audit_event e ORDER BY e.id DESC LIMIT 1), '{audit_chain.GENESIS}');
    NEW.hash := encode(sha256(convert_to({_PG_HASH}, 'UTF8')), 'hex');
    RETURN NEW;
END $$
"""


def _chain_existing(conn: sa.Connection) -> None:
    rows = conn.execute(sa.text(audit_chain.select_sql(conn.dialect.name))).all()
    prev = audit_chain.GENESIS
    updates = []
    for r in rows:
        h = audit_chain.event_hash(*r[:9], prev)
        updates.append({"i": r[0], "p": prev, "h": h})
        prev = h
    if updates:
        conn.execute(sa.text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :i"),
                     updates)


def upgrade() -> None:
    conn = op.get_bind()
    sqlite = conn.dialect.name == "sqlite"
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("hash", sa.String(length=64), nullable=True))
    op.create_table(
        "audit_chain_lock",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("xact", sa.BigInteger(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_chain_lock_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_chain_lock")),
    )
    if sqlite:
        op.execute("DROP TRIGGER audit_event_no_update")
    else:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    _chain_existing(conn)
    conn.execute(sa.text("INSERT INTO audit_chain_lock (id, xact) VALUES (1, NULL)"))
    if sqlite:
        op.execute(SQLITE_NO_UPDATE_SEALED)
        op.execute(SQLITE_CHAIN)
        return
    op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    schema = conn.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    op.execute(PG_FIELD)
    op.execute(PG_ACTOR)
    op.execute(_pg_chain(schema))
    op.execute("CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event "
               "FOR EACH ROW EXECUTE FUNCTION audit_event_chain()")
    # The trigger takes the id under the chain lock; a column default would take
    # one more before it (every other id lost) and need the sequence granted.
    op.execute("ALTER TABLE audit_event ALTER COLUMN id DROP DEFAULT")
    for table in APPEND_ONLY:
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.execute("DROP TRIGGER IF EXISTS audit_event_chain")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute(SQLITE_NO_UPDATE_0002)
    else:
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP TRIGGER IF EXISTS audit_event_chain ON audit_event")
        op.execute("ALTER TABLE audit_event ALTER COLUMN id "
                   "SET DEFAULT nextval('audit_event_id_seq'::regclass)")
        op.execute("DROP FUNCTION IF EXISTS audit_event_chain()")
        op.execute("DROP FUNCTION IF EXISTS audit_actor(name)")
        op.execute("DROP FUNCTION IF EXISTS audit_chain_field(text)")
    op.drop_table("audit_chain_lock")
    op.drop_column("audit_event", "hash")
    op.drop_column("audit_event", "prev_hash")
