"""Desks follow each other (issue 15 item 2): change_log rows written at commit, and
the feed that brings other desks' commits, on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import json
import random
import statistics
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select, text

from hvdesk import changes
from hvdesk.changefeed import ChangeFeed, FeedState
from hvdesk.changes import DESK_ID, OpChanges
from hvdesk.database import Database
from hvdesk.model import Branch, ChangeLog
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.feed_helpers import Heard, quick

_codes = itertools.count(1)


def add_branch(db: Database) -> int:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = Branch(code=f"F{next(_codes):04d}", name="测试网点", address="成都市",
                        hotline="95500")
        s.add(branch)
        s.flush()
        return branch.id


def write_then_fail(db: Database, code: str) -> None:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(Branch(code=code, name="回滚", address="成都市", hotline="95500"))
        s.flush()
        raise RuntimeError("undo")


def log_rows(db: Database) -> list[ChangeLog]:
    with db.session() as s:
        return list(s.scalars(select(ChangeLog).order_by(ChangeLog.id)))


@pytest.fixture
def local() -> Iterator[list[OpChanges]]:
    got: list[OpChanges] = []
    unsubscribe = changes.subscribe(got.append)
    yield got
    unsubscribe()


@pytest.fixture
def other_desk(db: Database, db_url: str) -> Iterator[Database]:
    """A second desk on the same database (its own engine and connections)."""
    other = Database.open(db_url)
    yield other
    other.dispose()


@pytest.fixture
def heard() -> Heard:
    return Heard()


def feed_on(db: Database, heard: Heard, **kw: object) -> Iterator[ChangeFeed]:
    # Both desks of a test are in this process: nothing is "this desk's own".
    feed = quick(ChangeFeed(db, heard.change, on_state=heard.state,
                            ignore_desk=str(kw.get("ignore_desk", "another process"))))
    feed.start()
    assert heard.wait_state(FeedState.CONNECTED), heard.states
    yield feed
    feed.stop()


@pytest.fixture
def feed(other_desk: Database, heard: Heard) -> Iterator[ChangeFeed]:
    yield from feed_on(other_desk, heard)


# --- written at commit -------------------------------------------------------------
def test_commit_writes_one_row_with_the_changes(db: Database, local: list[OpChanges]) -> None:
    before = len(log_rows(db))
    branch_id = add_branch(db)
    rows = log_rows(db)[before:]
    assert len(rows) == 1
    assert rows[0].desk == DESK_ID
    stored = OpChanges.from_json(json.loads(rows[0].changes))
    assert stored.ids("branch") == {branch_id} and stored.touches("audit_event")
    assert local[-1].seq == rows[0].id


def test_rollback_and_reads_write_nothing(db: Database, local: list[OpChanges]) -> None:
    before = len(log_rows(db))
    with pytest.raises(RuntimeError):
        write_then_fail(db, "RB01")
    with db.begin() as s:
        s.scalar(select(func.count()).select_from(Branch))
    assert len(log_rows(db)) == before and local == []


def test_a_savepoint_is_not_the_commit(db: Database, local: list[OpChanges]) -> None:
    """Releasing or rolling back a savepoint neither publishes nor drops what the
    transaction wrote; only the real commit does, once."""
    before = len(log_rows(db))
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        first = Branch(code="SP01", name="一", address="成都市", hotline="95500")
        s.add(first)
        with s.begin_nested():
            s.add(Branch(code="SP02", name="二", address="成都市", hotline="95500"))
        assert local == []
        nested = s.begin_nested()
        s.add(Branch(code="SP03", name="三", address="成都市", hotline="95500"))
        s.flush()
        nested.rollback()
    assert len(local) == 1 and first.id in (local[0].ids("branch") or ())
    assert len(log_rows(db)) == before + 1


# --- the feed ------------------------------------------------------------------------
def test_other_desks_commit_arrives_once(db: Database, feed: ChangeFeed, heard: Heard) -> None:
    ids = [add_branch(db) for _ in range(3)]
    assert heard.wait(lambda: len(heard.changes) >= 3), heard.changes
    assert heard.table_ids("branch") == sorted(ids)
    assert all(c.origin == "remote" and c.desk == DESK_ID for c in heard.changes)
    assert heard.seqs() == sorted({r.id for r in log_rows(db)} & set(heard.seqs()))
    time.sleep(1.2)  # past the grace and an idle reread: nothing comes twice
    assert len(heard.changes) == 3


def test_rollback_announces_nothing(db: Database, feed: ChangeFeed, heard: Heard) -> None:
    with pytest.raises(RuntimeError):
        write_then_fail(db, "RB02")
    feed.wake()
    time.sleep(1.2)
    assert heard.changes == []
    add_branch(db)
    assert heard.wait(lambda: len(heard.changes) == 1)


def test_own_desk_is_skipped(db: Database, other_desk: Database, heard: Heard) -> None:
    for _ in feed_on(other_desk, heard, ignore_desk=DESK_ID):
        add_branch(db)
        time.sleep(1.2)
        assert heard.changes == []


def test_history_is_not_news(db: Database, other_desk: Database, heard: Heard) -> None:
    add_branch(db)
    for _ in feed_on(other_desk, heard):
        time.sleep(0.8)
        assert heard.changes == []
        branch = add_branch(db)
        assert heard.wait(lambda branch=branch: heard.table_ids("branch") == [branch])


def test_propagation_time(db: Database, feed: ChangeFeed, heard: Heard,
                          capsys: pytest.CaptureFixture[str]) -> None:
    """Commit → arrival at the other desk; the figures go to the report (``-s``)."""
    took = []
    rng = random.Random(15)
    for n in range(20):
        time.sleep(rng.uniform(0, 0.5))  # commits fall anywhere in a poll interval
        committed = time.perf_counter()
        add_branch(db)
        assert heard.wait(lambda n=n: len(heard.changes) > n)
        took.append(heard.arrived[n] - committed)
    took.sort()
    p50, p95 = statistics.median(took), took[int(len(took) * 0.95) - 1]
    with capsys.disabled():
        print(f"\n[{db.engine.dialect.name}] commit→arrival p50 {p50 * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms")
    assert p95 < 2.0


def test_a_busy_desk_is_heard_in_full(db: Database, feed: ChangeFeed, heard: Heard) -> None:
    """A burst of commits (more than one per poll or notification) arrives whole."""
    ids = [add_branch(db) for _ in range(25)]
    assert heard.wait(lambda: len(heard.changes) >= 25, timeout=10)
    time.sleep(1.0)
    assert heard.table_ids("branch") == sorted(ids)
    assert len(heard.seqs()) == len(set(heard.seqs())) == 25


def test_prune_removes_only_old_rows(db: Database, other_desk: Database, heard: Heard) -> None:
    add_branch(db)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO change_log (at, desk, changes) VALUES "
                          "(:at, 'old', '{}')"), {"at": "2000-01-01 00:00:00"})
    before = {r.desk for r in log_rows(db)}
    assert "old" in before
    for _ in feed_on(other_desk, heard):
        deadline = time.monotonic() + 3
        while "old" in {r.desk for r in log_rows(db)} and time.monotonic() < deadline:
            time.sleep(0.1)
    assert {r.desk for r in log_rows(db)} == before - {"old"}


def test_a_bulk_commit_is_logged_without_its_ids() -> None:
    many = changes.of({"customer": range(1, changes.MAX_LOGGED_IDS + 2), "visit": [5]},
                      customers=range(1, changes.MAX_LOGGED_IDS + 2), visits=[5])
    logged = changes._for_log(many)
    assert logged.all_of("customer") and logged.customers == frozenset()
    assert logged.ids("visit") == {5} and logged.visits == {5}
