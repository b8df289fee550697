"""Cost of appending audit events, per event, without and with the hash chain.

    python bench/audit_append.py [--events 1000] [--rounds 5] [--pg postgresql+psycopg://…/postgres]

Two databases per backend, both at the head: one as migrated (0009: the
database chains every event in a trigger), one with the chain trigger dropped
(as before 0009, with the two extra columns left NULL). Three shapes: ``one tx``
(every event its own transaction, as a desk's single actions), ``batch`` (all
events recorded in one transaction through :func:`hvdesk.services.audit.record`),
``bulk`` (one Core executemany, as the importer writes). Rounds alternate
between the two databases and the best round counts, so load from other
processes falls on both alike. With ``--pg`` throw-away databases are created
on that server and dropped after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.model import AuditEvent
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM


def _one_tx(db: Database, n: int) -> None:
    for k in range(n):
        with db.begin() as s:
            audit.record(s, SYSTEM, "bench", "thing", k, n=k)


def _batch(db: Database, n: int) -> None:
    with db.begin() as s:
        for k in range(n):
            audit.record(s, SYSTEM, "bench", "thing", k, n=k)


def _bulk(db: Database, n: int) -> None:
    now = dt.datetime.now(dt.UTC)
    rows = [{"at": now, "actor_id": None, "actor_login": "system", "action": "bench",
             "entity": "thing", "entity_id": str(k), "desk": "bench", "detail": {"n": k}}
            for k in range(n)]
    with db.begin() as s:
        s.execute(insert(AuditEvent), rows)


SHAPES: dict[str, Callable[[Database, int], None]] = {
    "one tx": _one_tx, "batch": _batch, "bulk": _bulk}
LABELS = ("no chain trigger", "chain (0009)")


def _drop_chain(db: Database) -> None:
    with db.engine.begin() as conn:
        if db.is_sqlite:
            conn.execute(text("DROP TRIGGER audit_event_chain"))
            return
        conn.execute(text("DROP TRIGGER audit_event_chain ON audit_event"))
        conn.execute(text("ALTER TABLE audit_event ALTER COLUMN id "
                          "SET DEFAULT nextval('audit_event_id_seq'::regclass)"))


def _compare(urls: dict[str, str], n: int, rounds: int) -> dict[str, dict[str, float]]:
    dbs = {}
    for label, url in urls.items():
        db = Database.open(url)
        migrations.upgrade(db)
        if label == LABELS[0]:
            _drop_chain(db)
        dbs[label] = db
    best = {label: dict.fromkeys(SHAPES, float("inf")) for label in dbs}
    for shape_name, shape in SHAPES.items():
        for db in dbs.values():
            shape(db, 50)  # warm up: connections, statement caches
        for _ in range(rounds):
            for label, db in dbs.items():
                start = time.perf_counter()
                shape(db, n)
                elapsed = (time.perf_counter() - start) / n * 1e6
                best[label][shape_name] = min(best[label][shape_name], elapsed)
    for db in dbs.values():
        db.dispose()
    return best


def _print(backend: str, best: dict[str, dict[str, float]]) -> None:
    print(f"{backend + ', µs per event':<28}" + "".join(f"{k:>10}" for k in SHAPES))
    for label, values in best.items():
        print(f"  {label:<26}" + "".join(f"{v:>10.0f}" for v in values.values()))


@contextmanager
def _pg_databases(server: str) -> Iterator[dict[str, str]]:
    base = make_url(server)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    names = {label: f"hvdesk_bench_{uuid.uuid4().hex[:10]}" for label in LABELS}
    with admin.connect() as conn:
        for name in names.values():
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield {label: base.set(database=name).render_as_string(hide_password=False)
               for label, name in names.items()}
    finally:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pg", help="PostgreSQL server URL (databases are created there)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = {label: f"sqlite:///{(Path(tmp) / f'{k}.db').as_posix()}"
                for k, label in enumerate(LABELS)}
        _print("SQLite", _compare(urls, args.events, args.rounds))
    if args.pg:
        with _pg_databases(args.pg) as urls:
            _print("PostgreSQL", _compare(urls, args.events, args.rounds))


if __name__ == "__main__":
    main()
