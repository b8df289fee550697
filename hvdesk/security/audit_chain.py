"""The audit trail's hash chain: one canonical form, its hash, and the check.

Canonical form, version 1 (defined here once; PostgreSQL's trigger in
migration 0009 builds the same text in SQL and a test holds them equal)::

    "hvdesk-audit-1" + "|" + F(id) + "|" + F(at) + "|" + F(actor_id) + "|"
    + F(actor_login) + "|" + F(action) + "|" + F(entity) + "|" + F(entity_id)
    + "|" + F(desk) + "|" + F(detail) + "|" + F(prev_hash)

    F(NULL)  = "-"
    F(value) = <number of characters of text(value)> ":" <text(value)>
    text(at) = UTC, "YYYY-MM-DDTHH:MM:SS.ffffffZ" (microseconds, as stored)
    text(detail) = the JSON text exactly as the database stores it

    hash = lowercase hex SHA-256 of the UTF-8 bytes of that text.

Length prefixes make the text unambiguous whatever a field holds (a "|" in a
desk name cannot shift fields). ``detail`` is hashed as stored rather than
re-serialised: PostgreSQL's ``json`` keeps the text the desk sent, and two
JSON canonicalisers (Python's and PostgreSQL's ``jsonb``) disagree on key
order and numbers. The first event's ``prev_hash`` is :data:`GENESIS`.

Events are chained in id order; on PostgreSQL the trigger assigns the id under
the chain lock, so id order is append order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

VERSION_TAG = "hvdesk-audit-1"
GENESIS = "0" * 64
#: SQLite calls this (from the chain trigger) with the ten canonical fields.
SQLITE_FUNCTION = "hvdesk_audit_hash"
#: How far back a link is looked up to tell an inserted event from a removed one.
_LOOKBACK = 10_000

ANCHOR_RE = re.compile(r"\b(\d+):([0-9a-f]{64})\b")


class RawEvent(NamedTuple):
    """One audit row as stored: ``at`` a datetime or SQLite's text, ``detail`` its JSON text."""

    id: int
    at: Any
    actor_id: int | None
    actor_login: str | None
    action: str | None
    entity: str | None
    entity_id: str | None
    desk: str | None
    detail: Any
    prev_hash: str | None
    hash: str | None


def canonical_at(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value  # not a time: hashed as written, so a rewrite still shows
    if not isinstance(value, dt.datetime):
        return str(value)
    if value.tzinfo is None:
        # SQLite keeps UTC without a zone (see model.base.UTCDateTime).
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _field(value: Any) -> str:
    if value is None:
        return "-"
    text = str(value)
    return f"{len(text)}:{text}"


def canonical_text(
    event_id: Any, at: Any, actor_id: Any, actor_login: Any, action: Any, entity: Any,
    entity_id: Any, desk: Any, detail: Any, prev_hash: Any,
) -> str:
    fields = (event_id, canonical_at(at), actor_id, actor_login, action, entity, entity_id,
              desk, detail, prev_hash)
    return VERSION_TAG + "|" + "|".join(_field(v) for v in fields)


def event_hash(*fields: Any) -> str:
    """The hash of one event from its ten canonical fields (id … prev_hash)."""
    return hashlib.sha256(canonical_text(*fields).encode("utf-8")).hexdigest()


def select_sql(dialect: str, where: str = "") -> str:
    """The events as stored, in chain order, as :class:`RawEvent` columns.

    ``detail`` is read as text (PostgreSQL's driver would parse it), ``at`` as
    the driver gives it; :func:`canonical_at` accepts both.
    """
    detail = "detail::text" if dialect == "postgresql" else "detail"
    return ("SELECT id, at, actor_id, actor_login, action, entity, entity_id, desk, "
            f"{detail}, prev_hash, hash FROM audit_event {where} ORDER BY id")


def register_sqlite(dbapi_conn: Any) -> None:
    """Give a SQLite connection the function the chain trigger calls."""
    dbapi_conn.create_function(SQLITE_FUNCTION, 10, event_hash, deterministic=True)


# --- checking -------------------------------------------------------------------
@dataclass(frozen=True)
class Anchor:
    count: int
    hash: str

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"


def parse_anchors(text: str) -> list[Anchor]:
    """Every ``COUNT:HASH`` in a text (an anchor log may hold many)."""
    return [Anchor(int(m.group(1)), m.group(2)) for m in ANCHOR_RE.finditer(text)]


@dataclass(frozen=True)
class ChainReport:
    count: int
    head: str
    #: The first event found changed, removed before or inserted; None if intact.
    event_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def anchor(self) -> Anchor:
        return Anchor(self.count, self.head)


def _diagnose(
    row: RawEvent, following: RawEvent | None, expected: str, prev_id: int | None,
    seen: dict[str, int], recent: deque[tuple[str, int]],
) -> tuple[int, str] | None:
    """None if ``row`` continues the chain, else the event to name and what happened."""
    own_ok = row.hash is not None and event_hash(*row[:10]) == row.hash
    if own_ok and row.prev_hash == expected:
        return None
    if row.hash is None or (following is not None and following.prev_hash == expected):
        return row.id, f"event {row.id} was inserted: it is not part of the chain"
    earlier = seen.get(row.prev_hash or "") if row.prev_hash != expected else None
    if earlier is not None:
        # Appended when the events after ``earlier`` were not there yet.
        inserted = next(i for _, i in recent if i > earlier)
        return inserted, f"event {inserted} was inserted: event {row.id} links to event {earlier}"
    if not own_ok:
        return row.id, f"event {row.id} was changed: its content no longer matches its hash"
    return _unlinked(row, prev_id)


def _unlinked(row: RawEvent, prev_id: int | None) -> tuple[int, str]:
    """``row`` is whole but links to a hash no earlier event has."""
    if prev_id is None:
        return row.id, (f"events before event {row.id} were removed: the first remaining "
                        "event does not start the chain")
    if row.id > prev_id + 1:
        return prev_id + 1, (f"event {prev_id + 1} was removed: event {row.id} does not link "
                             f"to event {prev_id}")
    return prev_id, (f"event {prev_id} was changed and its hash recomputed: event {row.id} "
                     "does not link to it")


def verify(rows: Iterable[RawEvent], anchors: Sequence[Anchor] = ()) -> ChainReport:
    """Walk the events in id order; stop at the first that breaks the chain.

    A row whose own hash does not match its content was changed; a row the
    next one links past was inserted; a row that links to a hash no earlier
    row has follows removed events (or, with no gap in the ids, an earlier
    event rewritten together with its hash). Then every anchor must match
    the event at its position: this catches a consistent rewrite of the
    whole chain, which the links alone cannot.
    """
    wanted = {a.count: a for a in anchors}
    recent: deque[tuple[str, int]] = deque(maxlen=_LOOKBACK)
    seen: dict[str, int] = {}
    expected = GENESIS
    prev_id: int | None = None
    count = 0
    it = iter(rows)
    row = next(it, None)
    while row is not None:
        following = next(it, None)
        count += 1
        found = _diagnose(row, following, expected, prev_id, seen, recent)
        if found is None and count in wanted and wanted[count].hash != row.hash:
            found = row.id, (f"the trail was rewritten: event {row.id} (number {count}) does "
                             f"not match the anchor {wanted[count]}")
        if found is not None:
            return ChainReport(count, expected, *found)
        if len(recent) == recent.maxlen:
            seen.pop(recent[0][0], None)
        recent.append((row.hash or "", row.id))
        seen[row.hash or ""] = row.id
        expected = row.hash or ""
        prev_id = row.id
        row = following
    short = [a for a in anchors if a.count > count]
    if short:
        return ChainReport(count, expected, prev_id,
                           f"events were removed: the trail holds {count} events, the anchor "
                           f"{short[0]} counts {short[0].count}")
    return ChainReport(count, expected)
