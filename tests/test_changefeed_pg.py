"""The change feed on PostgreSQL: a killed listener reconnects and replays what was
committed meanwhile exactly once; ids committing out of order; a desk's own login role."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from hvdesk import migrations
from hvdesk.changefeed import ChangeFeed, FeedState
from hvdesk.changes import CHANNEL
from hvdesk.database import Database
from hvdesk.security import pg_setup
from hvdesk.services import connect
from tests.factories import PASSWORD, make_org
from tests.feed_helpers import Heard, quick
from tests.test_changefeed import add_branch

pytestmark = pytest.mark.pg


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = Database.open(pg_url)
    migrations.upgrade(database)
    yield database
    database.dispose()


def _listener_pids(db: Database) -> list[int]:
    with db.engine.connect() as conn:
        return list(conn.execute(text(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'hvdesk change feed' "
            "AND datname = current_database()")).scalars())


def test_killed_listener_reconnects_and_replays_once(pg_db: Database, pg_url: str) -> None:
    heard = Heard()
    other = Database.open(pg_url)
    feed = quick(ChangeFeed(other, heard.change, on_state=heard.state, ignore_desk="elsewhere"))
    feed.backoff = (1.5,)  # a window in which the desks go on committing
    feed.start()
    try:
        assert heard.wait_state(FeedState.CONNECTED)
        before = add_branch(pg_db)
        assert heard.wait(lambda: heard.table_ids("branch") == [before])
        states = len(heard.states)
        [pid] = _listener_pids(pg_db)
        with pg_db.engine.connect() as conn:
            assert conn.scalar(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        assert heard.wait_state(FeedState.LOST, after=states)
        meanwhile = [add_branch(pg_db) for _ in range(3)]
        assert heard.wait_state(FeedState.CONNECTED, after=states)
        assert FeedState.RECONNECTING in heard.states[states:]
        after = add_branch(pg_db)
        assert heard.wait(lambda: len(heard.changes) >= 5)
        time.sleep(1.5)  # past the grace and an idle reread
        assert heard.table_ids("branch") == sorted([before, *meanwhile, after])
        assert len(heard.seqs()) == len(set(heard.seqs())) == 5
        assert _listener_pids(pg_db) != [pid]
    finally:
        feed.stop()
        other.dispose()
    assert heard.states[-1] is FeedState.STOPPED


def test_an_id_committed_late_is_still_heard(pg_db: Database, pg_url: str) -> None:
    """Ids are taken before commit: a smaller one can become visible after a bigger one."""
    heard = Heard()
    other = Database.open(pg_url)
    feed = quick(ChangeFeed(other, heard.change, on_state=heard.state, ignore_desk="elsewhere"),
                 grace=3.0)
    feed.start()
    try:
        assert heard.wait_state(FeedState.CONNECTED)
        slow = pg_db.engine.connect()
        slow_tx = slow.begin()
        late = slow.scalar(text(
            "INSERT INTO change_log (at, desk, changes) VALUES (clock_timestamp(), 'slow', "
            """'{"t": {"branch": [990001]}}') RETURNING id"""))
        slow.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(late)})
        quick_id = add_branch(pg_db)
        assert heard.wait(lambda: heard.table_ids("branch") == [quick_id])
        time.sleep(0.5)
        slow_tx.commit()
        slow.close()
        assert heard.wait(lambda: 990001 in heard.table_ids("branch"))
        time.sleep(1.2)
        assert heard.table_ids("branch") == sorted([quick_id, 990001])
        assert heard.seqs()[-1] == late and late < heard.seqs()[0]
    finally:
        feed.stop()
        other.dispose()


def test_feed_works_on_a_desks_own_login_role(pg_db: Database, pg_url: str) -> None:
    make_org(pg_db)
    pg_setup.init_server(pg_db)
    heard = Heard()
    opened: list[Database] = []
    try:
        visitor = Database.open(pg_url, login="visitor1", password=PASSWORD)
        opened.append(visitor)
        assert visitor.login_role is not None
        feed = quick(ChangeFeed(visitor, heard.change, on_state=heard.state,
                                ignore_desk="elsewhere"))
        feed.start()
        try:
            assert heard.wait_state(FeedState.CONNECTED), heard.states
            # The coordinator's desk signs in on its own role: an audited write.
            coord, _actor = connect.sign_in(pg_url, "coord1", PASSWORD)
            opened.append(coord)
            assert heard.wait(lambda: any(c.touches("audit_event") for c in heard.changes))
            with coord.engine.connect() as conn:
                user = conn.scalar(text("SELECT current_user"))
            assert user == coord.login_role
            # Old rows can be pruned by a desk, new ones cannot be deleted.
            with visitor.begin() as s:
                assert s.execute(text("DELETE FROM change_log")).rowcount == 0
        finally:
            feed.stop()
        assert FeedState.LOST not in heard.states
    finally:
        for database in opened:
            database.dispose()
        pg_setup.drop_server_roles(pg_db)


def test_a_long_outage_reloads_everything_once(pg_db: Database, pg_url: str) -> None:
    """Offline longer than the log is kept: what was pruned cannot be replayed."""
    heard = Heard()
    other = Database.open(pg_url)
    feed = quick(ChangeFeed(other, heard.change, on_state=heard.state, ignore_desk="elsewhere"))
    feed.backoff = (1.0,)
    feed.replay_limit = 0.5
    feed.start()
    try:
        assert heard.wait_state(FeedState.CONNECTED)
        states = len(heard.states)
        [pid] = _listener_pids(pg_db)
        with pg_db.engine.connect() as conn:
            conn.scalar(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        assert heard.wait_state(FeedState.CONNECTED, after=states + 1)
        everything = [c for c in heard.changes if c.all_of("visit")]
        assert len(everything) == 1 and everything[0].all_of("customer")
        assert not everything[0].touches("change_log")
    finally:
        feed.stop()
        other.dispose()
