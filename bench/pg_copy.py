"""Copy a SQLite demo database into a new PostgreSQL database, with COPY, keeping ids.

    python bench/pg_copy.py --source /tmp/map-bench/sq1m.db \
        --server postgresql+psycopg://postgres@127.0.0.1:55433/postgres [--name hvdesk_1m]
        [--password Bench-pass-19] [--login coord1] [--demo-hash] [--stay]

The demo generator needs ~16 minutes per 200k customers on PostgreSQL; a copy of
a SQLite demo takes minutes. The source is opened read-only; its revision must
be one of this code's migrations. Steps (each timed):

1. a new database (an old one of that name is dropped with its server roles),
   migrated to the source's revision by the project's own migrations (no
   identity: the source's ``db_meta`` comes over, so its data key still opens
   the copy);
2. every table in foreign-key order with ``COPY``, ids kept, the database's
   triggers off for the copying session (``session_replication_role =
   replica``): the audit chain's trigger would give the events new ids, times
   and hashes, the map-cell triggers would count a million customers row by
   row. Values pass in COPY's text form, which PostgreSQL reads as the column
   types want (0/1 as booleans, SQLite's naive UTC text as ``timestamptz`` in a
   UTC session, bytes as ``bytea``). Ciphertexts are bound to table, column and
   row id (migration 0011), so with ids kept they stay valid. Secondary
   indexes are dropped for the copy and built again after it;
3. row counts of every table against the source; sequences set past the
   highest id; ``map_cell`` filled by the migration's
   own statement per level and compared with the source's counts;
   ``customer_search`` copied and checked (count, and the terms of sampled
   customers against ``terms_of``); then the later migrations up to head, on the
   copied rows as on a real upgrade (``--stay``: none);
4. every user's password set (production Argon2id unless ``--demo-hash``),
   ``hvdesk db init-server`` run and each user's login role given the same
   password: desks sign in as on a shared server (no user name in the URL);
5. VACUUM ANALYZE (index-only scans need the visibility map), then the audit
   chain verified by the app's own check, a sign-in as ``--login`` through
   ``connect.sign_in`` (its audit event continues the copied chain), the chain
   verified again.

The copy's ``db_meta`` is the source's, so the source's data key (key file,
keyring or ``HVDESK_KEY``) opens it. Prints the desks' URL at the end; exit 1
with one line on stderr when a check fails.
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

# The checkout this file is in, not whichever hvdesk is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import URL, make_url

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.mapping import cellstore
from hvdesk.model import DbMeta, User
from hvdesk.model.search import terms_of
from hvdesk.security import audit_chain, pg_roles, pg_setup
from hvdesk.security.passwords import hash_password
from hvdesk.services import audit, auth, connect, pg_access
from hvdesk.services.context import SYSTEM

PASSWORD = "Bench-pass-19"
#: Filled by the migrations themselves; never copied.
SKIP = frozenset({migrations.VERSION_TABLE})
#: Filled from the copied customers by the migration's statement, then checked.
DERIVED = frozenset({"map_cell"})
T = TypeVar("T")


class CopyFailed(Exception):
    """A check of the copy failed: the message says which."""


@contextmanager
def step(label: str) -> Iterator[None]:
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    print(f"  {label:<44} {time.perf_counter() - wall:8.1f} s wall "
          f"{time.process_time() - cpu:7.1f} s CPU (this process)", flush=True)


def timed(label: str, fn: Callable[[], T]) -> T:
    with step(label):
        return fn()


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def open_source(path: Path) -> tuple[sqlite3.Connection, str]:
    """The source, read-only, and its revision (one this code knows)."""
    if not path.is_file():
        raise CopyFailed(f"no SQLite file at {path}")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(f"SELECT version_num FROM {migrations.VERSION_TABLE}").fetchone()
    except sqlite3.Error:
        row = None
    if row is None or row[0] not in migrations.known_revisions():
        conn.close()
        raise CopyFailed(f"the source's revision {row and row[0]} is not one of this code's "
                         f"migrations: upgrade a copy of it first")
    return conn, str(row[0])


def source_columns(src: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in src.execute(f"PRAGMA table_info({_q(table)})")]


# --- the new database -------------------------------------------------------------------
def recreate(server: str, name: str) -> str:
    """Drop ``name`` (and its server roles) if it exists, create it empty; its owner URL."""
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists:
            old = Database.open(url)
            try:
                if old.has_schema():
                    pg_setup.drop_server_roles(old)
            finally:
                old.dispose()
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE {_q(name)} WITH (FORCE)"))
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {_q(name)}"))
    finally:
        admin.dispose()
    return url


def migrate(url: str, revision: str) -> None:
    db = Database.open(url)
    try:
        # A revision by name, not "head": that would also give the database a new
        # identity and data key, and the source's identity is what comes over.
        migrations.upgrade(db, revision)
    finally:
        db.dispose()


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def tables_in_order(conn: psycopg.Connection[Any]) -> list[str]:
    """The schema's tables, each after the tables its foreign keys name."""
    tables = [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' "
        "AND c.relnamespace = current_schema()::regnamespace ORDER BY c.relname")]
    deps: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in conn.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"):
        if child != parent and child in deps:
            deps[child].add(parent)
    ordered: list[str] = []
    while deps:
        ready = sorted(t for t, d in deps.items() if not d - set(ordered))
        if not ready:
            raise CopyFailed(f"foreign keys form a cycle among {sorted(deps)}")
        for t in ready:
            ordered.append(t)
            del deps[t]
    return ordered


def secondary_indexes(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    """(name, definition) of every index that no constraint owns."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "JOIN pg_class c ON c.relname = i.indexname "
        "AND c.relnamespace = current_schema()::regnamespace "
        "WHERE i.schemaname = current_schema() "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid) "
        "ORDER BY i.indexname")]


def copy_table(src: sqlite3.Connection, dst: psycopg.Connection[Any], table: str) -> int:
    columns = source_columns(src, table)
    target = [r[0] for r in dst.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped", (table,))]
    if set(columns) != set(target):
        raise CopyFailed(f"{table}: columns differ (SQLite only "
                         f"{sorted(set(columns) - set(target))}, PostgreSQL only "
                         f"{sorted(set(target) - set(columns))})")
    names = ", ".join(_q(c) for c in columns)
    rows = src.execute(f"SELECT {names} FROM {_q(table)} ORDER BY rowid")
    n = 0
    with dst.cursor() as cur, cur.copy(f"COPY {_q(table)} ({names}) FROM STDIN") as copy:
        while batch := rows.fetchmany(20_000):
            for row in batch:
                copy.write_row(row)
            n += len(batch)
    return n


def copy_all(src: sqlite3.Connection, url: str) -> dict[str, int]:
    copied: dict[str, int] = {}
    with psycopg.connect(libpq(url)) as dst:
        # Triggers (and the foreign keys' checks) off for this session only: the
        # rows come as they were, checked already by the source.
        dst.execute("SET session_replication_role = replica")
        dst.execute("SET TimeZone = 'UTC'")
        dst.execute("SET maintenance_work_mem = '512MB'")
        order = tables_in_order(dst)
        indexes = secondary_indexes(dst)
        with step(f"drop {len(indexes)} secondary indexes"):
            for name, _definition in indexes:
                dst.execute(f"DROP INDEX {_q(name)}")
        for table in order:
            if table in SKIP or table in DERIVED:
                continue
            dst.execute(f"DELETE FROM {_q(table)}")  # rows a migration wrote (db_meta, chain lock)
            copied[table] = timed(f"copy {table}", partial(copy_table, src, dst, table))
        dst.commit()
        with step(f"build {len(indexes)} secondary indexes again"):
            for _name, definition in indexes:
                dst.execute(definition)
            dst.commit()
        with step("set sequences past the highest ids"):
            set_sequences(dst)
            dst.commit()
    return copied


def set_sequences(conn: psycopg.Connection[Any]) -> None:
    owned = conn.execute(
        "SELECT s.oid::regclass::text, t.relname, a.attname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid JOIN pg_attribute a "
        "ON a.attrelid = t.oid AND a.attnum = d.refobjsubid "
        "WHERE s.relkind = 'S' AND s.relnamespace = current_schema()::regnamespace").fetchall()
    for sequence, table, column in owned:
        top = conn.execute(f"SELECT max({_q(column)}) FROM {_q(table)}").fetchone()
        value = top[0] if top and top[0] is not None else None
        if value is None:
            conn.execute("SELECT setval(%s, 1, false)", (sequence,))
        else:
            conn.execute("SELECT setval(%s, %s, true)", (sequence, value))


# --- derived tables and checks ----------------------------------------------------------
def fill_map_cells(url: str) -> int:
    with psycopg.connect(libpq(url)) as conn:
        conn.execute("DELETE FROM map_cell")
        for level in cellstore.LEVELS:
            conn.execute(cellstore.backfill_sql("postgresql", level))
        row = conn.execute("SELECT count(*) FROM map_cell").fetchone()
    return int(row[0]) if row else 0


_CELL_KEY = "branch_id, level, gy, gx, bucket, dnv"


def check_map_cells(src: sqlite3.Connection, url: str) -> int:
    """The stored counts equal the source's (cells with customers; sums to 1e-9)."""
    query = (f"SELECT {_CELL_KEY}, n, lat_sum, lon_sum FROM map_cell WHERE n > 0 "
             f"ORDER BY {_CELL_KEY}")
    theirs = src.execute(query).fetchall()
    with psycopg.connect(libpq(url)) as conn:
        ours = conn.execute(query).fetchall()
    if len(theirs) != len(ours):
        raise CopyFailed(f"map_cell: {len(ours)} cells with customers, "
                         f"the source has {len(theirs)}")
    for a, b in zip(theirs, ours, strict=True):
        same_key = tuple(a[:5]) == tuple(b[:5]) and bool(a[5]) == bool(b[5]) and a[6] == b[6]
        close = all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6) for x, y in zip(a[7:], b[7:],
                                                                                strict=True))
        if not (same_key and close):
            raise CopyFailed(f"map_cell differs from the source at {tuple(a[:6])}: "
                             f"{a[6:]} / {b[6:]}")
    return len(ours)


def check_search_terms(src: sqlite3.Connection, url: str, sample: int = 200) -> int:
    """Every sampled customer's stored terms are the ones ``terms_of`` gives today."""
    rng = random.Random(19)
    top = src.execute("SELECT max(id) FROM customer").fetchone()[0] or 0
    checked = 0
    with psycopg.connect(libpq(url)) as conn:
        for _ in range(sample if top else 0):
            row = conn.execute("SELECT id, name, phone_last4, id_last4 FROM customer "
                               "WHERE id >= %s ORDER BY id LIMIT 1",
                               (rng.randint(1, top),)).fetchone()
            if row is None:
                continue
            stored = {r[0] for r in conn.execute(
                "SELECT term FROM customer_search WHERE customer_id = %s", (row[0],))}
            if stored != set(terms_of(row[1] or "", row[2], row[3])):
                raise CopyFailed(f"customer_search: customer {row[0]}'s terms differ from terms_of")
            checked += 1
    return checked


def check_counts(src: sqlite3.Connection, url: str, tables: list[str]) -> None:
    with psycopg.connect(libpq(url)) as conn:
        for table in [*tables, "customer_search"]:
            theirs = src.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0]
            row = conn.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()
            ours = row[0] if row else None
            if theirs != ours:
                raise CopyFailed(f"{table}: {ours} rows, the source has {theirs}")


def verify_chain(url: str) -> audit_chain.ChainReport:
    """The app's own check over every event as stored (not recorded as a check)."""
    with psycopg.connect(libpq(url)) as conn:
        rows = conn.execute(audit_chain.select_sql("postgresql")).fetchall()
    report = audit_chain.verify(audit_chain.RawEvent(*r) for r in rows)
    if not report.ok:
        raise CopyFailed(f"audit chain broken at event {report.event_id}: {report.problem}")
    return report


# --- desks ------------------------------------------------------------------------------
def set_passwords(url: str, password: str, demo_hash: bool) -> int:
    db = Database.open(url)
    try:
        with db.begin() as s:
            audit.bind_actor(s, SYSTEM)
            # One hash for all: the bench needs the password, not distinct salts.
            digest = hash_password(password, demo=demo_hash)
            users = list(s.scalars(select(User)))
            for user in users:
                user.password_hash = digest
        return len(users)
    finally:
        db.dispose()


def enforce_roles(url: str, password: str) -> str:
    """``db init-server``, then each user's login role with the password; the role prefix."""
    db = Database.open(url)
    try:
        pg_setup.init_server(db)
        with db.begin() as s:
            for user_id in s.scalars(select(User.id).order_by(User.id)):
                pg_access.sync_login(s, user_id, password)
            prefix = s.scalar(select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX))
        return prefix or ""
    finally:
        db.dispose()


def desk_url(url: str) -> str:
    """The URL a desk is given: server and database, no account (the sign-in names it)."""
    parsed = make_url(url)
    # URL.create, not URL.set: set() keeps a user name given None.
    return URL.create(parsed.drivername, host=parsed.host, port=parsed.port,
                      database=parsed.database).render_as_string(hide_password=False)


def sign_in_as(url: str, login: str, password: str) -> tuple[str | None, int]:
    owner = Database.open(url)
    try:
        current = migrations.current_revision(owner.engine)
    finally:
        owner.dispose()
    if current == migrations.head_revision():
        db, _actor = connect.sign_in(desk_url(url), login, password)
    else:
        # A copy kept at an older revision (--stay): this code's sign-in refuses the
        # schema, so its two checks without that one: the server's, then the app's.
        db = Database.open(desk_url(url), login=login, password=password)
        db.check_connection()
        with db.begin() as s:
            auth.authenticate(s, login, password)
    try:
        with db.session() as s:
            seen = s.scalar(text("SELECT count(*) FROM customer")) or 0
        return db.login_role, int(seen)
    finally:
        db.dispose()


def vacuum_analyze(url: str) -> None:
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def run(source: Path, server: str, name: str, password: str, login: str,
        demo_hash: bool, upgrade: bool = True) -> str:
    total = time.perf_counter()
    src, revision = open_source(source)
    head = migrations.head_revision()
    try:
        print(f"source: {source} ({source.stat().st_size / 1e6:,.0f} MB, revision {revision}); "
              f"target: {name}")
        url = timed("create the database", lambda: recreate(server, name))
        timed(f"migrate to {revision} (project migrations)", lambda: migrate(url, revision))
        copied = copy_all(src, url)
        rows = sum(copied.values())
        timed("check row counts against the source", lambda: check_counts(src, url, list(copied)))
        cells = timed("fill map_cell (migration 0023's statement)", lambda: fill_map_cells(url))
        timed(f"check map_cell against the source ({cells:,})", lambda: check_map_cells(src, url))
        timed("check customer_search terms (200 sampled)", lambda: check_search_terms(src, url))
        if upgrade and revision != head:
            # The later migrations run on the copied rows, as on a desk's upgrade.
            timed(f"upgrade {revision} -> {head}", lambda: migrate(url, head))
        users = timed("set passwords", lambda: set_passwords(url, password, demo_hash))
        prefix = timed("init-server and login roles", lambda: enforce_roles(url, password))
        timed("VACUUM ANALYZE", lambda: vacuum_analyze(url))
        before = timed("verify the audit chain", lambda: verify_chain(url))
        role, seen = timed(f"sign in as {login} (desk URL, own role)",
                           lambda: sign_in_as(url, login, password))
        after = timed("verify the audit chain again", lambda: verify_chain(url))
    finally:
        src.close()
    if after.count <= before.count:
        raise CopyFailed("the sign-in wrote no audit event on the copy")
    print(f"copied {rows:,} rows in {len(copied)} tables, {cells:,} map cells; {users} users "
          f"with password {password!r} ({'demo' if demo_hash else 'production'} hash)")
    print(f"audit chain: {before.count} events verified; after the sign-in {after.count}, "
          f"verified (head {after.head[:12]}…)")
    print(f"{login} signed in as role {role} and sees {seen:,} customers (row security)")
    print(f"role prefix {prefix}; desks: {desk_url(url)}  owner: {url}")
    print(f"total {time.perf_counter() - total:.1f} s")
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("/tmp/map-bench/sq1m.db"),
                        help="SQLite demo file at migration head (opened read-only)")
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:55433/postgres",
                        help="URL of a superuser on the PostgreSQL server")
    parser.add_argument("--name", default="hvdesk_1m", help="database to (re)create")
    parser.add_argument("--password", default=PASSWORD, help="every user's password in the copy")
    parser.add_argument("--login", default="coord1", help="the user whose sign-in is checked")
    parser.add_argument("--demo-hash", action="store_true",
                        help="hash passwords at the demo's cheap setting (tests)")
    parser.add_argument("--stay", action="store_true",
                        help="keep the copy at the source's revision (no upgrade to head)")
    args = parser.parse_args(argv)
    try:
        run(args.source, args.server, args.name, args.password, args.login, args.demo_hash,
            upgrade=not args.stay)
    except (CopyFailed, psycopg.Error) as exc:
        print(f"pg_copy: {exc}".splitlines()[0], file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
