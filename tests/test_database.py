import datetime as dt

import pytest
from sqlalchemy import func, select, text

from hvdesk.database import (
    PASSING_CACHE_KIB,
    SQLITE_CACHE_KIB,
    SQLITE_HEAP_LIMIT,
    Database,
    passing_read,
    resolve_url,
)
from hvdesk.errors import DatabaseError, KeyUnavailable
from hvdesk.model import Branch
from hvdesk.security.crypto import encode_key, new_master_key
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM


def test_url_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("HVDESK_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HVDESK_DB_URL", raising=False)
    assert resolve_url(None) == f"sqlite:///{(tmp_path / 'hvdesk.db').as_posix()}"
    monkeypatch.setenv("HVDESK_DB_URL", "sqlite:///env.db")
    assert resolve_url(None) == "sqlite:///env.db"
    assert resolve_url("sqlite:///cli.db") == "sqlite:///cli.db"


def test_unsupported_and_malformed_urls():
    with pytest.raises(DatabaseError, match="unsupported"):
        Database.open("mysql://x/y")
    with pytest.raises(DatabaseError, match="not a database URL"):
        Database.open("::nonsense::")


def test_sqlite_is_wal_with_foreign_keys(sqlite_db):
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert sqlite_db.describe().startswith("SQLite: ")


def test_sqlite_page_caches_are_bounded_and_the_warm_connection_is_lent_first(sqlite_db):
    # Issue 19: SQLite's memory across every pooled connection has a ceiling, and the
    # pool lends the connection returned last (its cache is the warm one).
    engine = sqlite_db.engine
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA soft_heap_limit")).scalar() == SQLITE_HEAP_LIMIT
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -SQLITE_CACHE_KIB
    first, second = engine.raw_connection(), engine.raw_connection()
    first_dbapi, second_dbapi = first.dbapi_connection, second.dbapi_connection
    first.close()
    second.close()
    again = engine.raw_connection()
    try:
        assert again.dbapi_connection is second_dbapi
        assert again.dbapi_connection is not first_dbapi
    finally:
        again.close()


def test_a_passing_read_keeps_a_small_page_cache_then_the_usual_one(db):
    with db.session() as s:
        sqlite = s.connection().dialect.name == "sqlite"
        with passing_read(s):
            if sqlite:
                assert s.execute(text("PRAGMA cache_size")).scalar() == -PASSING_CACHE_KIB
            assert s.scalar(select(func.count()).select_from(Branch)) == 0
        if sqlite:
            assert s.execute(text("PRAGMA cache_size")).scalar() == -SQLITE_CACHE_KIB


def test_timestamps_come_back_aware_utc(db):
    local = dt.datetime(2026, 11, 28, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(Branch(code="B1", name="n", address="a", hotline="1", created_at=local))
    with db.session() as s:
        got = s.scalar(select(Branch.created_at))
    assert got == local
    assert got.utcoffset() == dt.timedelta(0)
    assert got.hour == 1


def test_naive_timestamps_are_refused(db):
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(Branch(code="B1", name="n", address="a", hotline="1",
                     created_at=dt.datetime(2026, 1, 1)))
        with pytest.raises(Exception, match="naive"):
            s.flush()
        s.rollback()


def test_new_database_gets_id_and_key_and_reopens(db):
    db_id = db.database_id()
    assert db_id
    again = Database.open(db.url)
    assert again.cipher.fingerprint == db.cipher.fingerprint
    again.dispose()


def test_wrong_key_is_refused_with_a_message(db, monkeypatch):
    monkeypatch.setenv("HVDESK_KEY", encode_key(new_master_key()))
    other = Database.open(db.url)
    with pytest.raises(KeyUnavailable, match="does not fit"):
        _ = other.cipher
    other.dispose()
