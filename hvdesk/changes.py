"""What a write changed, as a value, and the process-wide bus that carries it.

In the spirit of Anki's ``OpChanges``: a committed unit of work says which
rows of which tables it inserted, updated or deleted, and which customers and
visits those rows belong to. Screens subscribe (through ``ui.hub``) and refresh
only what they show of it; other desks hear of it through the change feed
(``hvdesk.changefeed``) and receive the same value with ``origin="remote"``.

Collection is automatic: :func:`track` hooks a session factory so that every
ORM flush is recorded and every commit publishes what it recorded. Bulk
statements (``session.execute(update(...))``) name their table with no ids,
which subscribers read as "something in this table changed".

For the other desks, the commit itself also writes what it changed into
``change_log`` and (PostgreSQL) sends ``NOTIFY hvdesk_changes`` with that row's
id -- both inside the committing transaction, so a change that rolls back is
never written nor announced.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
import uuid
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event, func, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from hvdesk.model.changelog import ChangeLog

log = logging.getLogger(__name__)

#: This process, as other desks see it in a remote change (never its own echo).
DESK_ID = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
_INFO_KEY = "hvdesk.changes"
_SEQ_KEY = "hvdesk.changes.seq"
#: The PostgreSQL channel other desks LISTEN on; each payload is a ``change_log`` id.
CHANNEL = "hvdesk_changes"
#: Tables whose writes are bookkeeping, not something a screen shows.
QUIET_TABLES = frozenset({"audit_chain_lock", "cli_session", "change_log", "db_meta"})


@dataclass(frozen=True)
class OpChanges:
    """The rows one committed unit of work changed.

    ``tables`` maps a table name to the primary keys written (an empty set:
    ids unknown, treat the whole table as changed). ``customers`` and
    ``visits`` are the customers and visits those rows belong to, so a list
    of customers can refresh just the affected rows of any related table.
    """

    tables: Mapping[str, frozenset[int]] = field(default_factory=dict)
    customers: frozenset[int] = frozenset()
    visits: frozenset[int] = frozenset()
    origin: str = "local"  # "local" or "remote" (another desk or process)
    desk: str = DESK_ID
    #: The ``change_log`` row's id (None for a database without one, or a hand-made value).
    seq: int | None = None

    @property
    def empty(self) -> bool:
        return not self.tables

    def touches(self, *tables: str) -> bool:
        return any(t in self.tables for t in tables)

    def ids(self, table: str) -> frozenset[int] | None:
        """The ids written in ``table``; None if the table was not written;
        an empty set if it was, with ids unknown (a bulk statement)."""
        return self.tables.get(table)

    def all_of(self, table: str) -> bool:
        """True when ``table`` changed in a way that names no ids."""
        ids = self.tables.get(table)
        return ids is not None and not ids

    def merged(self, other: OpChanges) -> OpChanges:
        tables: dict[str, frozenset[int]] = dict(self.tables)
        for name, ids in other.tables.items():
            mine = tables.get(name)
            # An unknown-ids entry absorbs any known ids.
            tables[name] = (frozenset() if (mine is not None and not mine) or not ids
                            else (mine or frozenset()) | ids)
        return OpChanges(tables, self.customers | other.customers, self.visits | other.visits,
                         self.origin, self.desk, other.seq or self.seq)

    def to_json(self) -> dict[str, Any]:
        return {"t": {k: sorted(v) for k, v in self.tables.items()},
                "c": sorted(self.customers), "v": sorted(self.visits), "d": self.desk}

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, origin: str = "remote",
                  seq: int | None = None) -> OpChanges:
        return cls({k: frozenset(int(i) for i in v) for k, v in data.get("t", {}).items()},
                   frozenset(int(i) for i in data.get("c", ())),
                   frozenset(int(i) for i in data.get("v", ())),
                   origin, str(data.get("d", "")), seq)


# --- the process-wide bus -----------------------------------------------------
Listener = Callable[[OpChanges], None]
_listeners: list[Listener] = []
_lock = threading.Lock()


def subscribe(listener: Listener) -> Callable[[], None]:
    """Call ``listener`` (from the committing thread) for every change; returns an unsubscribe."""
    with _lock:
        _listeners.append(listener)

    def unsubscribe() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)
    return unsubscribe


def publish(changes: OpChanges) -> None:
    if changes.empty:
        return
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(changes)
        except Exception:  # one bad subscriber must not break a commit's caller
            log.exception("change listener failed")


# --- collecting from sessions -------------------------------------------------
@dataclass
class _Pending:
    #: None for a table written with ids unknown (a bulk statement).
    tables: dict[str, set[int] | None] = field(default_factory=dict)
    customers: set[int] = field(default_factory=set)
    visits: set[int] = field(default_factory=set)

    def add(self, table: str, pk: int | None) -> None:
        if table in QUIET_TABLES:
            return
        if pk is None:
            self.tables[table] = None
            return
        ids = self.tables.setdefault(table, set())
        if ids is not None:
            ids.add(pk)

    def value(self) -> OpChanges:
        return OpChanges({t: frozenset(ids or ()) for t, ids in self.tables.items()},
                         frozenset(self.customers), frozenset(self.visits))


def _pending(session: Session) -> _Pending:
    pending = session.info.get(_INFO_KEY)
    if pending is None:
        pending = session.info[_INFO_KEY] = _Pending()
    return pending


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _record_object(pending: _Pending, obj: object) -> None:
    state = inspect(obj)
    table = getattr(type(obj), "__tablename__", None)
    if table is None:
        return
    # Not state.identity: a row inserted by this flush has its key only afterwards.
    key = state.mapper.primary_key_from_instance(obj)
    pk = _int_or_none(key[0]) if len(key) == 1 else None
    pending.add(table, pk)
    if pk is not None and table == "customer":
        pending.customers.add(pk)
    if pk is not None and table == "visit":
        pending.visits.add(pk)
    for attr, target in (("customer_id", pending.customers), ("visit_id", pending.visits)):
        value = _int_or_none(getattr(obj, attr, None))
        if value is not None:
            target.add(value)


def _after_flush(session: Session, _ctx: Any) -> None:
    pending = _pending(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        _record_object(pending, obj)


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if isinstance(name, str):
        _pending(state.session).add(name, None)


#: More ids than this in one table of one commit (an import, a bulk job) are logged
#: as "ids unknown": the row stays small, and the other desks reload that table.
MAX_LOGGED_IDS = 2000


def _for_log(value: OpChanges) -> OpChanges:
    tables = {t: (ids if len(ids) <= MAX_LOGGED_IDS else frozenset())
              for t, ids in value.tables.items()}
    # The customer or visit ids given up say nothing: their tables then count as unknown.
    customers, visits = value.customers, value.visits
    if len(customers) > MAX_LOGGED_IDS:
        customers, tables["customer"] = frozenset(), frozenset()
    if len(visits) > MAX_LOGGED_IDS:
        visits, tables["visit"] = frozenset(), frozenset()
    return dataclasses.replace(value, tables=tables, customers=customers, visits=visits)


#: Engines whose database has ``change_log`` (an old schema has none until upgraded).
_logged_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def forget(engine: Engine) -> None:
    """The schema behind ``engine`` changed (a downgrade): look for ``change_log`` again."""
    _logged_engines.discard(engine)


def _has_change_log(session: Session) -> bool:
    conn = session.connection()
    if conn.engine in _logged_engines:
        return True
    if inspect(conn).has_table(ChangeLog.__tablename__):
        _logged_engines.add(conn.engine)
        return True
    return False


def _before_commit(session: Session) -> None:
    # A savepoint's release also fires the commit hooks: only the real commit counts.
    if session.in_nested_transaction():
        return
    # Commit would flush after this hook: flushed now, the log row sees every write.
    session.flush()
    pending = session.info.get(_INFO_KEY)
    if pending is None or not pending.tables or not _has_change_log(session):
        return
    conn = session.connection()
    payload = json.dumps(_for_log(pending.value()).to_json(), separators=(",", ":"))
    stmt = insert(ChangeLog).values(desk=DESK_ID, changes=payload)
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        # The statement's clock, not the transaction's start: feeds read ``at`` to
        # tell when an id missing below newer rows can no longer commit.
        stmt = stmt.values(at=func.clock_timestamp())
    key = conn.execute(stmt).inserted_primary_key
    seq = int(key[0]) if key and key[0] is not None else None
    if postgres and seq is not None:
        # Delivered by the server only if and when this transaction commits.
        conn.execute(select(func.pg_notify(CHANNEL, str(seq))))
    session.info[_SEQ_KEY] = seq


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: nothing is committed until the transaction is
    seq = session.info.pop(_SEQ_KEY, None)
    pending = session.info.pop(_INFO_KEY, None)
    if pending is not None:
        publish(dataclasses.replace(pending.value(), seq=seq))


def _after_rollback(session: Session) -> None:
    # A savepoint rolled back: what was flushed before it may still commit (saying
    # too much is harmless, too little leaves a screen stale).
    if session.in_nested_transaction():
        return
    session.info.pop(_INFO_KEY, None)
    session.info.pop(_SEQ_KEY, None)


def pending_changes(session: Session) -> OpChanges:
    """What this session has flushed so far in its transaction (not yet committed)."""
    pending = session.info.get(_INFO_KEY)
    return pending.value() if pending is not None else OpChanges()


def track(factory: sessionmaker[Session]) -> None:
    """Record every write made through sessions from ``factory``; publish at commit."""
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "do_orm_execute", _on_execute)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_commit", _after_commit)
    event.listen(factory, "after_rollback", _after_rollback)


def of(tables: Mapping[str, Iterable[int]] | None = None, *, customers: Iterable[int] = (),
       visits: Iterable[int] = ()) -> OpChanges:
    """Build a value by hand (tests, and writes made outside the ORM)."""
    return OpChanges({k: frozenset(v) for k, v in (tables or {}).items()},
                     frozenset(customers), frozenset(visits))
