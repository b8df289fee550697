"""Tampering with the audit trail the way an owner would: the database's own tools.

SQLite through the plain ``sqlite3`` module (no hvdesk function registered,
as the sqlite3 shell would be); PostgreSQL through a plain psycopg connection
as the owner, as psql would.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Sequence
from typing import Any

import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url

from hvdesk.database import Database
from hvdesk.security import audit_chain

SQLITE_NO_DELETE = ("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
                    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END")
M0009 = importlib.import_module("hvdesk.migrations.versions.0009_audit_chain")


def pg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def raw(db: Database, statements: Sequence[str | tuple[str, Any]]) -> None:
    """Run statements in one transaction outside hvdesk (no hvdesk hooks, no function)."""
    if db.is_sqlite:
        assert db.sqlite_path is not None
        conn = sqlite3.connect(db.sqlite_path)
        try:
            for st in statements:
                sql, params = (st, ()) if isinstance(st, str) else st
                conn.execute(sql, params)
            conn.commit()
        finally:
            conn.close()
        return
    with psycopg.connect(pg_dsn(db.url)) as pg:
        for st in statements:
            sql, params = (st, None) if isinstance(st, str) else st
            pg.execute(sql.replace("?", "%s"), params)


def unlocked(db: Database, statements: Sequence[str | tuple[str, Any]]) -> None:
    """As the owner: switch the append-only and chain triggers off, run, switch them on."""
    if db.is_sqlite:
        raw(db, ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete",
                 "DROP TRIGGER audit_event_chain", *statements,
                 M0009.SQLITE_NO_UPDATE_SEALED, M0009.SQLITE_CHAIN, SQLITE_NO_DELETE])
        return
    raw(db, ["ALTER TABLE audit_event DISABLE TRIGGER USER", *statements,
             "ALTER TABLE audit_event ENABLE TRIGGER USER",
             # Ids given by hand: the sequence must not hand them out again.
             "SELECT setval('audit_event_id_seq', greatest((SELECT max(id) FROM audit_event),"
             " (SELECT last_value FROM audit_event_id_seq)))"])


def raw_events(db: Database) -> list[audit_chain.RawEvent]:
    with db.engine.connect() as conn:
        rows = conn.execute(text(audit_chain.select_sql(db.engine.dialect.name))).all()
    return [audit_chain.RawEvent(*r) for r in rows]


def rewrite_from(db: Database, events: list[audit_chain.RawEvent], start: int,
                 **changes: Any) -> None:
    """Change event ``start`` and recompute every hash after it: a consistent forgery."""
    statements: list[str | tuple[str, Any]] = []
    prev = audit_chain.GENESIS
    for e in events:
        if e.id == start:
            e = e._replace(**changes)
            sets = ", ".join(f"{k} = ?" for k in changes)
            statements.append((f"UPDATE audit_event SET {sets} WHERE id = ?",
                               (*changes.values(), e.id)))
        if e.id >= start:
            h = audit_chain.event_hash(*e[:9], prev)
            statements.append(("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE id = ?",
                               (prev, h, e.id)))
            prev = h
        else:
            prev = e.hash or ""
    unlocked(db, statements)
