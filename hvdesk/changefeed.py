"""Other desks' commits as they happen (issue 15): the receiving end of ``change_log``.

Every tracked commit writes one ``change_log`` row in its own transaction
(:mod:`hvdesk.changes`); on PostgreSQL it also sends ``NOTIFY hvdesk_changes``
with the row's id, which the server delivers only once that transaction has
committed. A :class:`ChangeFeed` runs one background thread with a
connection of its own:

* PostgreSQL: ``LISTEN hvdesk_changes``; each notification (and, as a safety
  net and liveness check, every few idle seconds) reads the rows it has not
  seen yet.
* SQLite: polls ``PRAGMA data_version``, which changes when another
  connection (this process's or another's) committed to the file.

Each new row reaches ``on_change`` once, as ``OpChanges(origin="remote",
seq=row id)``; the desk's own rows (``ignore_desk``) are skipped because its
commits already reached its own screens through :func:`hvdesk.changes.publish`.
A lost connection is retried with a backoff and reported through
``on_state``; once back, the rows committed meanwhile are read -- none twice.
After an outage long enough for unread rows to have been pruned, the feed
says once that every table may have changed instead.

Ids come from a sequence and are taken before commit, so on PostgreSQL a
smaller id can become visible after a bigger one. The feed therefore keeps a
floor -- the newest id older than :attr:`ChangeFeed.grace` seconds, below
which nothing new can appear -- rereads everything above it, and skips the
ids above it that it has already delivered.
"""

from __future__ import annotations

import enum
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from hvdesk.changes import CHANNEL, DESK_ID, QUIET_TABLES, OpChanges
from hvdesk.database import Database
from hvdesk.model import Base
from hvdesk.model.changelog import KEEP_HOURS

log = logging.getLogger(__name__)


class FeedState(enum.StrEnum):
    CONNECTED = "connected"
    #: The connection broke (or never opened); a retry is scheduled.
    LOST = "lost"
    #: Trying to connect again now.
    RECONNECTING = "reconnecting"
    STOPPED = "stopped"


ChangeListener = Callable[[OpChanges], None]
#: The new state and a one-line reason (the server's error; never personal data).
StateListener = Callable[[FeedState, str], None]


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    desk: str
    changes: str


class _Cursor:
    """Which rows were delivered: a floor, and the ids above it already seen.

    An id seen at time *t* was inserted before *t*; once ``grace`` seconds
    have passed, any smaller id still missing was rolled back (or is so late
    that its desk's commit is in trouble anyway), so the floor moves up to it.
    """

    def __init__(self) -> None:
        self.floor: int | None = None
        #: Ids above the floor that were delivered, with when (monotonic) they were.
        self.seen: dict[int, float] = {}

    def start(self, floor: int, recent: Iterable[int], now: float) -> None:
        """The first read: what is already there is history, not news."""
        self.floor = floor
        self.seen = {i: now for i in recent if i > floor}

    def new(self, rows: Sequence[_Row], now: float, grace: float) -> list[_Row]:
        """The rows not delivered before; moves the floor past settled ids."""
        assert self.floor is not None
        fresh = [r for r in rows if not self.knows(r.id)]
        self.seen.update((r.id, now) for r in fresh)
        settled = max((i for i, t in self.seen.items() if now - t >= grace), default=None)
        if settled is not None:
            self.floor = settled
            self.seen = {i: t for i, t in self.seen.items() if i > settled}
        return fresh

    def knows(self, row_id: int) -> bool:
        return self.floor is not None and (row_id <= self.floor or row_id in self.seen)


class _Lost(Exception):
    """The feed's connection failed; the loop reconnects."""


class ChangeFeed:
    """Hear other desks' commits; see the module docstring.

    ``source`` is an open :class:`Database` (its engine's URL, with the desk's
    own login role on a shared server) or a URL. Callbacks run on the feed's
    thread: hand them to the GUI thread (``ChangeHub.announce`` does).
    """

    #: Seconds between ``PRAGMA data_version`` polls; on PostgreSQL the longest
    #: wait for a notification before looking at ``stop``/``wake``.
    poll_interval = 0.5
    #: Idle seconds before rereading anyway on PostgreSQL (a missed notification,
    #: and a connection that died without a word, show up then at the latest).
    idle_check = 5.0
    #: Seconds after which a log row's id is settled: no smaller id can still commit.
    grace = 10.0
    #: Seconds between prunes of rows older than ``KEEP_HOURS``.
    prune_every = 3600.0
    #: Waits between reconnection attempts (the last one repeats).
    backoff: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
    #: Offline longer than this, rows may have been pruned unread: after reconnecting
    #: the feed says "everything may have changed" once, and screens reload.
    replay_limit = KEEP_HOURS * 3600 / 2
    connect_timeout = 5

    def __init__(
        self,
        source: Database | str,
        on_change: ChangeListener,
        *,
        on_state: StateListener | None = None,
        ignore_desk: str | None = DESK_ID,
    ) -> None:
        self._url = source.engine.url if isinstance(source, Database) else make_url(source)
        self._on_change = on_change
        self._on_state = on_state
        self._ignore_desk = ignore_desk
        self._cursor = _Cursor()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_prune = 0.0
        self._attempt = 0
        self._lost_since: float | None = None
        self.state = FeedState.STOPPED
        backend = self._url.get_backend_name()
        if backend == "sqlite":
            path = self._url.database
            if not path or path == ":memory:":
                raise ValueError("a change feed needs a database file or server, not memory")
        elif backend != "postgresql":
            raise ValueError(f"no change feed for {backend!r}")
        self._postgres = backend == "postgresql"

    # --- control (any thread) -------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this change feed is already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hvdesk-changefeed", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop and wait for the thread (at most about ``poll_interval`` plus a query)."""
        self._stop.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)

    def wake(self) -> None:
        """Look now: retry a lost connection at once, or reread (e.g. after the app's
        own query failed on a broken connection)."""
        self._wake.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the thread -------------------------------------------------------------
    def _set_state(self, state: FeedState, detail: str = "") -> None:
        self.state = state
        if self._on_state is not None:
            try:
                self._on_state(state, detail)
            except Exception:  # a broken listener must not stop the feed
                log.exception("change feed state listener failed")

    def _run(self) -> None:
        while not self._stop.is_set():
            if self._attempt:
                self._set_state(FeedState.RECONNECTING)
            try:
                if self._postgres:
                    self._run_postgres()
                else:
                    self._run_sqlite()
            except _Lost as exc:
                if self._stop.is_set():
                    break
                delay = self.backoff[min(self._attempt, len(self.backoff) - 1)]
                self._attempt += 1
                if self._lost_since is None:
                    self._lost_since = time.monotonic()
                log.warning("change feed lost its connection: %s", exc)
                self._set_state(FeedState.LOST, str(exc))
                self._wake.wait(delay)
                self._wake.clear()
            except Exception:  # a bug: the screens still work, they just stop following
                log.exception("change feed stopped")
                break
        self._set_state(FeedState.STOPPED)

    def _connected(self) -> None:
        self._attempt = 0
        lost, self._lost_since = self._lost_since, None
        if lost is not None and time.monotonic() - lost > self.replay_limit:
            self._announce(_everything())
        self._set_state(FeedState.CONNECTED)

    def _announce(self, value: OpChanges) -> None:
        try:
            self._on_change(value)
        except Exception:
            log.exception("change feed listener failed")

    def _deliver(self, rows: Sequence[_Row], grace: float) -> None:
        for row in self._cursor.new(rows, time.monotonic(), grace):
            if self._stop.is_set():  # stopped: whoever listened may be gone
                return
            if self._ignore_desk is not None and row.desk == self._ignore_desk:
                continue
            try:
                value = OpChanges.from_json(json.loads(row.changes), origin="remote", seq=row.id)
            except (ValueError, TypeError, AttributeError):
                log.warning("change_log row %d is not readable; skipped", row.id)
                continue
            self._announce(value)

    def _prune_due(self) -> bool:
        now = time.monotonic()
        if self._last_prune and now - self._last_prune < self.prune_every:
            return False
        self._last_prune = now
        return True

    # --- PostgreSQL -------------------------------------------------------------
    def _pg_params(self) -> dict[str, Any]:
        url: URL = self._url
        params: dict[str, Any] = url.translate_connect_args(username="user", database="dbname")
        params.update({k: v for k, v in url.query.items() if isinstance(v, str)})
        # A dead server or network shows up in seconds, not after TCP's minutes.
        params.update(connect_timeout=self.connect_timeout, keepalives=1, keepalives_idle=5,
                      keepalives_interval=2, keepalives_count=2, tcp_user_timeout=10000,
                      application_name="hvdesk change feed")
        return params

    def _pg_read(self, conn: Any) -> None:
        if self._cursor.floor is None:
            # Ids younger than the grace may still have smaller ones in flight.
            floor = int(conn.execute(
                "SELECT coalesce(max(id), 0) FROM change_log "
                "WHERE at < clock_timestamp() - make_interval(secs => %s)",
                (self.grace,)).fetchone()[0])
            recent = [int(i) for (i,) in conn.execute(
                "SELECT id FROM change_log WHERE id > %s", (floor,)).fetchall()]
            self._cursor.start(floor, recent, time.monotonic())
            return
        cur = conn.execute(
            "SELECT id, desk, changes FROM change_log WHERE id > %s "
            "AND id <> ALL(%s::integer[]) ORDER BY id",
            (self._cursor.floor, list(self._cursor.seen)))
        self._deliver([_Row(int(i), str(d), str(c)) for i, d, c in cur.fetchall()], self.grace)

    def _run_postgres(self) -> None:
        import psycopg  # noqa: PLC0415  (SQLite desks never load the driver)

        try:
            conn = psycopg.connect(autocommit=True, **self._pg_params())
        except psycopg.Error as exc:
            raise _Lost(_first_line(exc)) from exc
        try:
            with conn:
                conn.execute(f"LISTEN {CHANNEL}")
                self._pg_read(conn)
                self._connected()
                self._pg_listen(conn)
        except psycopg.Error as exc:
            raise _Lost(_first_line(exc)) from exc

    def _pg_listen(self, conn: Any) -> None:
        last_read = time.monotonic()
        while not self._stop.is_set():
            if self._prune_due():
                conn.execute(f"DELETE FROM change_log WHERE at < now() - interval "
                             f"'{KEEP_HOURS} hours'")
            news = [n.payload for n in conn.notifies(timeout=self.poll_interval, stop_after=1)]
            if news:  # a burst: the rest of it is already in the backlog
                news += [n.payload for n in conn.notifies(timeout=0)]
            woken = self._wake.is_set()
            self._wake.clear()
            # Unsettled ids must be reread until settled, even without news.
            pending = bool(self._cursor.seen)
            idle = time.monotonic() - last_read > (self.grace if pending else self.idle_check)
            if woken or idle or any(not _known(self._cursor, p) for p in news):
                self._pg_read(conn)
                last_read = time.monotonic()
            if woken:  # someone doubted the connection: it answered
                self._connected()

    # --- SQLite -----------------------------------------------------------------
    def _sqlite_read(self, conn: sqlite3.Connection) -> None:
        if self._cursor.floor is None:
            floor = conn.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()[0]
            self._cursor.start(int(floor), (), time.monotonic())
            return
        cur = conn.execute("SELECT id, desk, changes FROM change_log WHERE id > ? ORDER BY id",
                           (self._cursor.floor,))
        # One writer at a time: ids become visible in order, none is in flight below.
        self._deliver([_Row(int(i), str(d), str(c)) for i, d, c in cur.fetchall()], 0.0)

    def _run_sqlite(self) -> None:
        # mode=rw: a file that vanished is a lost connection, not a new empty database.
        uri = Path(str(self._url.database)).expanduser().resolve().as_uri() + "?mode=rw"
        try:
            # Autocommit: no read transaction stays open between polls (WAL checkpoints).
            conn = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
        except sqlite3.Error as exc:
            raise _Lost(str(exc)) from exc
        try:
            version = self._sqlite_version(conn)
            self._sqlite_read(conn)
            self._connected()
            while not self._stop.is_set():
                if self._prune_due():
                    conn.execute("DELETE FROM change_log WHERE at < datetime('now', ?)",
                                 (f"-{KEEP_HOURS} hours",))
                self._wake.wait(self.poll_interval)
                woken = self._wake.is_set()
                self._wake.clear()
                now = self._sqlite_version(conn)
                if now != version or woken:
                    version = now
                    self._sqlite_read(conn)
                if woken:
                    self._connected()
        except sqlite3.Error as exc:
            raise _Lost(str(exc)) from exc
        finally:
            conn.close()

    @staticmethod
    def _sqlite_version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA data_version").fetchone()[0])


#: SQLSTATEs of a connection that is gone (admin/crash shutdown, cannot connect now).
_GONE_STATES = frozenset({"57P01", "57P02", "57P03"})


def connection_lost(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) says the database connection is gone,
    not that a statement was refused: the desk should retry, not report a fault."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if getattr(current, "connection_invalidated", False):
            return True
        orig = getattr(current, "orig", None)
        for candidate in (current, orig):
            module = type(candidate).__module__ or ""
            if module.startswith("psycopg") and _psycopg_gone(candidate):
                return True
            if isinstance(candidate, sqlite3.OperationalError) and any(
                    w in str(candidate) for w in ("unable to open", "disk I/O error")):
                return True
        current = current.__cause__ or current.__context__
    return False


def _psycopg_gone(exc: object) -> bool:
    import psycopg  # noqa: PLC0415  (only reached with a psycopg error in hand)

    if not isinstance(exc, psycopg.OperationalError):
        return False
    state = getattr(exc, "sqlstate", None)
    # No SQLSTATE: libpq's own failure (refused, closed, timed out), not the server's verdict.
    return state is None or state.startswith("08") or state in _GONE_STATES


def _everything() -> OpChanges:
    """Every table, ids unknown: what the feed says when it may have missed something."""
    return OpChanges({t: frozenset() for t in Base.metadata.tables if t not in QUIET_TABLES},
                     origin="remote", desk="")


def _known(cursor: _Cursor, payload: str) -> bool:
    try:
        return cursor.knows(int(payload))
    except ValueError:
        return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def follow(source: Database | str, on_change: ChangeListener, *,
           on_state: StateListener | None = None) -> ChangeFeed:
    """Start a feed for this desk (its own commits skipped); stop it with ``stop()``."""
    feed = ChangeFeed(source, on_change, on_state=on_state)
    feed.start()
    return feed


__all__ = ["ChangeFeed", "FeedState", "connection_lost", "follow"]
