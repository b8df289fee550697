"""The audit trail: who did what to which record, from which desk.

Creates, updates, deletes and status changes of every audited model are
recorded automatically when a session flushes, so no service can forget
one; views of full personal data, exports, prints and sign-ins are recorded
explicitly with :func:`record`. Details hold field names and non-personal
values only.

The database chains every event to the one before (migration 0009, canonical
form in :mod:`hvdesk.security.audit_chain`); :func:`verify` walks the chain
and :func:`anchor` gives its head to keep outside the database. Time: on
PostgreSQL the server's clock stamps each event (and, on a user's own login
role, the server names the actor); on SQLite, one desk, the desk's clock is
the only clock there is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import event, insert, inspect, select, text
from sqlalchemy.orm import Session

from hvdesk.model import AuditChainLock, AuditEvent, Base, DbMeta
from hvdesk.model.base import utcnow
from hvdesk.security import audit_chain
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

ACTOR_KEY = "hvdesk_actor"

#: Columns whose values may appear in the trail (status moves, flags, ids).
_VALUE_COLUMNS = frozenset(
    {"status", "role", "active", "do_not_visit", "planned_start", "planned_end", "route_order"}
)
#: Never audited row by row: the trail itself and bookkeeping.
_UNAUDITED: tuple[type[Base], ...] = (AuditEvent, AuditChainLock, DbMeta)


class MissingActor(RuntimeError):
    """A change reached the database without anybody to answer for it (a bug)."""


def bind_actor(session: Session, actor: Actor) -> Session:
    session.info[ACTOR_KEY] = actor
    return session


def actor_of(session: Session) -> Actor:
    actor = session.info.get(ACTOR_KEY)
    if actor is None:
        raise MissingActor("no actor bound to the session; call audit.bind_actor first")
    assert isinstance(actor, Actor)
    return actor


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: object = None,
    **detail: Any,
) -> AuditEvent:
    event_row = AuditEvent(
        at=utcnow(),
        actor_id=actor.user_id,
        actor_login=actor.login,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        desk=actor.desk,
        detail=_jsonable(detail),
    )
    session.add(event_row)
    return event_row


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _changed(obj: Base) -> tuple[list[str], dict[str, Any]]:
    state = inspect(obj)
    names: list[str] = []
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        hist = state.attrs[attr.key].history
        if not hist.has_changes() or attr.key in {"version", "updated_at"}:
            continue
        names.append(attr.key)
        if attr.key in _VALUE_COLUMNS:
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            values[attr.key] = {"from": _jsonable(old), "to": _jsonable(new)}
    return names, values


def _entity_id(obj: Base) -> str | None:
    # The identity key is assigned only after the whole flush; read the primary
    # key columns from the instance, which are set as soon as the row is inserted.
    parts = inspect(obj).mapper.primary_key_from_instance(obj)
    if any(part is None for part in parts):
        return None
    return ",".join(str(part) for part in parts)


@event.listens_for(Session, "before_flush")
def _audit_changes(session: Session, _ctx: object, _instances: Iterable[object] | None) -> None:
    changes: list[tuple[str, Base, dict[str, Any]]] = []
    for obj in session.dirty:
        if isinstance(obj, _UNAUDITED) or not isinstance(obj, Base):
            continue
        if not session.is_modified(obj, include_collections=False):
            continue
        names, values = _changed(obj)
        if not names:
            continue
        action = "status" if "status" in values else "update"
        changes.append((action, obj, {"fields": names, **values}))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, _UNAUDITED):
            changes.append(("delete", obj, {}))
    new_objs = [o for o in session.new if isinstance(o, Base) and not isinstance(o, _UNAUDITED)]
    if not changes and not new_objs:
        return
    actor = actor_of(session)
    for action, obj, detail in changes:
        record(session, actor, action, obj.__tablename__, _entity_id(obj), **detail)
    if new_objs:
        # Ids of new rows exist only after the flush: record them then.
        session.info.setdefault("hvdesk_pending_creates", []).extend(new_objs)


@event.listens_for(Session, "after_flush")
def _audit_creates(session: Session, _ctx: object) -> None:
    pending: list[Base] = session.info.pop("hvdesk_pending_creates", [])
    if not pending:
        return
    actor = actor_of(session)
    rows = []
    for obj in pending:
        state = inspect(obj)
        detail: dict[str, Any] = {}
        if "status" in state.mapper.column_attrs:
            detail["status"] = _jsonable(getattr(obj, "status", None))
        rows.append(
            {
                "actor_id": actor.user_id,
                "actor_login": actor.login,
                "action": "create",
                "entity": obj.__tablename__,
                "entity_id": _entity_id(obj),
                "desk": actor.desk,
                "detail": detail,
                "at": utcnow(),
            }
        )
    # Inside after_flush the unit of work is closed: insert with Core.
    session.execute(insert(AuditEvent), rows)


def recent(session: Session, limit: int = 100) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)))


def _raw_events(session: Session) -> Iterator[audit_chain.RawEvent]:
    sql = audit_chain.select_sql(session.get_bind().dialect.name)
    for row in session.execute(text(sql).execution_options(yield_per=2000)):
        yield audit_chain.RawEvent(*row)


def verify(
    session: Session, actor: Actor, anchors: Sequence[audit_chain.Anchor] = ()
) -> audit_chain.ChainReport:
    """Check the whole chain (and the anchors kept outside); records that it was checked."""
    actor.require(Permission.AUDIT_VIEW)
    report = audit_chain.verify(_raw_events(session), anchors)
    record(session, actor, "verify", "audit_event", report.event_id, ok=report.ok,
           events=report.count, anchors=len(anchors))
    return report


def anchor(session: Session, actor: Actor) -> audit_chain.Anchor:
    """The chain's head now: count and hash of the last event, to keep outside the database.

    Count and last hash come from one snapshot; appends commit in id order
    (the chain lock is held to commit), so that snapshot is a prefix of the
    chain. Taking it is recorded, after it, with its value.
    """
    actor.require(Permission.AUDIT_VIEW)
    row = session.execute(text(
        "SELECT (SELECT count(*) FROM audit_event), "
        "(SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1)")).one()
    head = audit_chain.Anchor(int(row[0]), row[1] or audit_chain.GENESIS)
    record(session, actor, "anchor", "audit_event", None, count=head.count, hash=head.hash)
    return head
