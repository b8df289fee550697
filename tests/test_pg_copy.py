"""bench/pg_copy.py on a small demo: SQLite → PostgreSQL with COPY, then the app opens the copy.

The 1M copy (hvdesk_1m on the dev server) is made by the script itself; here a
50-customer demo goes through the same steps: ids and ciphertexts kept (every
number decrypts with the source's key), map counts and search terms equal to the
source's, the audit chain verified before and after a desk's sign-in through its
own login role, counts equal table by table.
"""

from __future__ import annotations

import sqlite3
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.model.list_indexes import LIST_COVER_INDEX_NAME
from hvdesk.security import pg_setup
from tests.conftest import pg_base_url
from tests.crypto_helpers import make_demo, readings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pg_copy  # noqa: E402

pytestmark = pytest.mark.pg

CUSTOMERS = 50


@pytest.fixture
def server() -> str:
    base = pg_base_url()
    if base is None:
        pytest.skip("HVDESK_TEST_PG_URL not set")
    return base


@pytest.fixture
def target(server: str):
    name = f"hvdesk_pgcopy_{uuid.uuid4().hex[:10]}"
    yield name
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
    if exists:
        db = Database.open(url)
        pg_setup.drop_server_roles(db)  # roles belong to the server, not the database
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def _counts(conn, tables) -> dict[str, int]:
    return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def test_copy_opens_in_the_app_with_everything_equal(sqlite_db, server, target, capsys):
    make_demo(sqlite_db, CUSTOMERS)
    before = readings(sqlite_db)
    source = Path(make_url(sqlite_db.url).database or "")
    with sqlite_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")  # the copy reads the file alone
        tables = [r[0] for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        theirs = _counts(conn, tables)

    url = pg_copy.run(source, server, target, "Copy-pass-19", "coord1", demo_hash=True)

    out = capsys.readouterr().out
    assert "coord1 signed in as role hv_" in out
    assert f"sees {CUSTOMERS:,} customers" in out
    copy = Database.open(url)
    try:
        assert copy.database_id() == sqlite_db.database_id()
        assert readings(copy) == before  # ids kept: every ciphertext opens where it is
        with copy.engine.connect() as conn:
            ours = _counts(conn, tables)
        # Since the copy: the password change and the sign-in (audit, change log).
        for table in ("audit_event", "change_log"):
            assert ours.pop(table) > theirs.pop(table)
        assert ours.pop("db_meta") == theirs.pop("db_meta") + 1  # init-server's role prefix
        assert ours == theirs
        with copy.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM customer_search")).scalar_one() > 0
            assert conn.execute(text("SELECT sum(n) FROM map_cell WHERE level = 9")
                                ).scalar_one() == conn.execute(text(
                "SELECT count(*) FROM customer WHERE latitude IS NOT NULL")).scalar_one()
    finally:
        copy.dispose()
    assert pg_copy.verify_chain(url).ok


def test_an_older_source_is_copied_at_its_revision_then_upgraded(sqlite_db, server, target):
    make_demo(sqlite_db, 10)
    migrations.downgrade(sqlite_db, "0023")
    with sqlite_db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    source = Path(make_url(sqlite_db.url).database or "")
    url = pg_copy.run(source, server, target, "Copy-pass-19", "coord1", demo_hash=True)
    copy = Database.open(url)
    try:
        assert migrations.current_revision(copy.engine) == migrations.head_revision()
        with copy.engine.connect() as conn:
            indexes = {i["name"] for i in inspect(conn).get_indexes("customer")}
        assert LIST_COVER_INDEX_NAME in indexes  # 0024 ran on the copied rows
    finally:
        copy.dispose()


def test_refuses_a_source_at_an_unknown_revision(tmp_path, server, target, capsys):
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        conn.execute("INSERT INTO alembic_version VALUES ('9999')")
    assert pg_copy.main(["--source", str(old), "--server", server, "--name", target]) == 1
    assert "not one of this code's migrations" in capsys.readouterr().err
