"""One soak desk: a process that signs in as its user and works until the time is up.

Every write transaction of the desk inserts one row into the side table
``soak_stamp`` just before its COMMIT, so the change that other desks receive
names that row's id among the tables it wrote; the desk notes the wall-clock
time its COMMIT returned under that id, and every other desk notes when a
change naming it arrived. Same machine, same clock: the difference is the
propagation time. With ``propagation="notify"`` (no change feed yet) the
stamp id also goes out with a ``pg_notify`` from the same transaction and a
thread of the desk LISTENs for the others'.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from soak_ledger import STAMP_TABLE, DeskPlan, DeskResult
from sqlalchemy import Integer, String, event, func, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

NOTIFY_CHANNEL = "hvdesk_soak"


class _StampBase(DeclarativeBase):
    pass


class Stamp(_StampBase):
    """A row per committed write transaction of a desk (created by the bench, not a migration)."""

    __tablename__ = STAMP_TABLE
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    desk: Mapped[int] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(40))


STAMP_DDL = Stamp.__table__


class Stamper:
    """Stamp every write transaction of this process and note when its COMMIT returned."""

    def __init__(self, desk: int, result: DeskResult, notify: bool) -> None:
        self.desk = desk
        self.result = result
        self.notify = notify
        self._lock = threading.Lock()
        # First in line: hvdesk.changes logs what the transaction wrote in its own
        # before_commit hook, and the stamp must be among it.
        event.listen(Session, "before_commit", self._before_commit, insert=True)
        event.listen(Session, "after_commit", self._after_commit)

    def _before_commit(self, session: Session) -> None:
        from hvdesk import changes  # noqa: PLC0415

        if session.in_nested_transaction():
            return
        writes = session.new or session.dirty or session.deleted
        if not writes and changes.pending_changes(session).empty:
            return
        stamp = Stamp(desk=self.desk, at=f"{time.time():.6f}")
        session.add(stamp)
        session.flush()
        session.info["soak_stamp"] = stamp.id
        if self.notify:
            session.execute(select(func.pg_notify(NOTIFY_CHANNEL, str(stamp.id))))

    def _after_commit(self, session: Session) -> None:
        if session.in_nested_transaction():  # a savepoint's release fires this too
            return
        stamp = session.info.pop("soak_stamp", None)
        if stamp is not None:
            with self._lock:
                self.result.commits[stamp] = time.time()

    def arrived(self, stamp_ids: Any) -> None:
        now = time.time()
        with self._lock:
            for sid in stamp_ids:
                self.result.arrivals.setdefault(int(sid), now)


class NotifyListener:
    """The bench's own LISTEN, for runs without hvdesk.changefeed (see the module docstring)."""

    def __init__(self, url: str, on_stamp: Callable[[list[int]], None]) -> None:
        self._url = url
        self._on_stamp = on_stamp
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(30)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        import psycopg  # noqa: PLC0415
        from sqlalchemy.engine import make_url  # noqa: PLC0415

        url = make_url(self._url).set(drivername="postgresql")
        dsn = url.render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._ready.set()
            while not self._stop.is_set():
                # Each as it comes: the generator runs until the timeout.
                for note in conn.notifies(timeout=0.5):
                    self._on_stamp([int(note.payload)])
                    if self._stop.is_set():
                        break


def run_desk(plan: DeskPlan, start: Any, out: Any) -> None:
    """The process body: sign in, report ready, wait for the start, work, report back."""
    result = DeskResult(plan.index, plan.login)
    try:
        _work(plan, start, out, result)
    except BaseException as exc:  # the parent must hear why a desk stopped
        result.crashed = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
        out.put(("ready", plan.index))
    out.put(("result", result))


def _work(plan: DeskPlan, start: Any, out: Any, result: DeskResult) -> None:
    from soak_ops import Desk  # noqa: PLC0415

    from hvdesk import changes  # noqa: PLC0415
    from hvdesk.services import connect  # noqa: PLC0415

    result.desk_id = changes.DESK_ID
    stamper = Stamper(plan.index, result, notify=plan.propagation == "notify")
    db, actor = connect.sign_in(plan.url, plan.login, plan.password)
    result.login_role = db.login_role
    desk = Desk(plan, db, actor, result, random.Random(plan.seed))
    desk.load()
    listener = _listen(plan, db, stamper, desk)
    out.put(("ready", plan.index))
    start.wait()
    result.listening = (time.time(), 0.0)
    deadline = time.monotonic() + plan.seconds
    try:
        while time.monotonic() < deadline:
            desk.step()
            time.sleep(desk.rng.uniform(0, 2 * plan.think))
        time.sleep(plan.drain)
    finally:
        result.listening = (result.listening[0], time.time())
        with contextlib.suppress(Exception):
            listener()
        db.dispose()


def _listen(plan: DeskPlan, db: Any, stamper: Stamper, desk: Any) -> Callable[[], None]:
    """Start hearing other desks' commits; returns the stop function."""
    if plan.propagation == "notify":
        listener = NotifyListener(db.engine.url.render_as_string(hide_password=False),
                                  stamper.arrived)
        listener.start()
        return listener.stop
    from hvdesk.changefeed import ChangeFeed  # noqa: PLC0415

    def on_change(change: Any) -> None:
        if change.origin != "remote":
            return
        ids = change.ids(STAMP_TABLE)
        if ids:
            stamper.arrived(ids)
        else:
            desk.result.unstamped += 1
        desk.heard(change)

    feed = ChangeFeed(db, on_change)
    feed.start()
    return feed.stop
