"""Re-encrypt every stored value in batches that survive being stopped.

Two jobs share this: *binding* the values written before migration 0011 to
their rows (same key), and a *key rotation* (new key, new blind indexes; see
:mod:`hvdesk.security.rotation`). A job's progress (last id done per table)
is a JSON row in ``db_meta`` written in the same transaction as each batch,
so a job killed at any point resumes after its last committed batch and
never re-encrypts a value twice with a different result.

Batches take the job row first (``FOR UPDATE`` on PostgreSQL, a no-op write
on SQLite), so two desks binding at the same time take turns instead of
racing, and lock the rows they rewrite, so a colleague's edit in between is
neither lost nor overwritten. Re-encryption changes no value and so bumps no
``version``: an edit opened before it still saves.

A value that cannot be decrypted (damaged, or copied from elsewhere before
the binding) is left as it is and reported; it stays unreadable.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    Table,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)

from hvdesk.database import (
    FIELD_FORMAT_BOUND,
    META_FIELD_FORMAT,
    META_KEY_FINGERPRINT,
    META_REENCRYPT,
    Database,
)
from hvdesk.errors import HvdeskError
from hvdesk.model import Customer, DbMeta, Notice, Visit
from hvdesk.security import keys, pii
from hvdesk.security.crypto import FieldCipher, SealedColumn
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM

log = logging.getLogger(__name__)

CUSTOMER: Table = Customer.__table__  # type: ignore[assignment]
NOTICE: Table = Notice.__table__  # type: ignore[assignment]
VISIT: Table = Visit.__table__  # type: ignore[assignment]
META: Table = DbMeta.__table__  # type: ignore[assignment]

#: Tables in the order a job walks them.
TABLES = ("customer", "notice")
BATCH = 2000
#: Unreadable values named in the job (the count is always kept).
_NAMED_UNREADABLE = 50

Transaction = Callable[[], AbstractContextManager[Connection]]
Progress = Callable[[str, int, int], None]


@dataclass
class Job:
    """What a re-encryption is doing and how far it got (kept in ``db_meta``)."""

    #: Fingerprint of the key every value ends under.
    target: str
    #: Fingerprint of the key replaced (a rotation), or None (binding, same key).
    rotated_from: str | None = None
    done: dict[str, int] = field(default_factory=dict)
    rewritten: int = 0
    unreadable: int = 0
    unreadable_named: list[str] = field(default_factory=list)

    @property
    def rotating(self) -> bool:
        return self.rotated_from is not None

    def to_json(self) -> str:
        return json.dumps({
            "target": self.target, "rotated_from": self.rotated_from, "done": self.done,
            "rewritten": self.rewritten, "unreadable": self.unreadable,
            "unreadable_named": self.unreadable_named,
        }, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Job:
        d = json.loads(text)
        return cls(d["target"], d.get("rotated_from"), {k: int(v) for k, v in d["done"].items()},
                   int(d.get("rewritten", 0)), int(d.get("unreadable", 0)),
                   list(d.get("unreadable_named", [])))

    def note_unreadable(self, what: str) -> None:
        self.unreadable += 1
        if len(self.unreadable_named) < _NAMED_UNREADABLE:
            self.unreadable_named.append(what)


# --- the job row ------------------------------------------------------------
def _meta(conn: Connection, key: str) -> str | None:
    return conn.execute(select(META.c.value).where(META.c.key == key)).scalar()


def set_meta(conn: Connection, key: str, value: str) -> None:
    done = conn.execute(update(META).where(META.c.key == key).values(value=value))
    if done.rowcount == 0:
        conn.execute(insert(META).values(key=key, value=value))


def lock_job(conn: Connection) -> Job | None:
    """The job, with this transaction holding it until commit."""
    if conn.dialect.name == "postgresql":
        text_ = conn.execute(select(META.c.value).where(META.c.key == META_REENCRYPT)
                             .with_for_update()).scalar()
    else:
        # Becoming the writer first: the snapshot read next is the newest one.
        conn.execute(update(META).where(META.c.key == META_REENCRYPT)
                     .values(value=META.c.value))
        text_ = _meta(conn, META_REENCRYPT)
    return None if text_ is None else Job.from_json(text_)


def save_job(conn: Connection, job: Job) -> None:
    set_meta(conn, META_REENCRYPT, job.to_json())


def finish_job(conn: Connection, job: Job) -> None:
    """Every value is under ``job.target`` and bound to its row: say so, drop the job."""
    conn.execute(delete(META).where(META.c.key == META_REENCRYPT))
    set_meta(conn, META_FIELD_FORMAT, FIELD_FORMAT_BOUND)
    set_meta(conn, META_KEY_FINGERPRINT, job.target)


# --- reading values under any key the job knows --------------------------------
@dataclass(frozen=True)
class Reader:
    """Opens a value sealed by the old key (either format) or already by the new one."""

    old: FieldCipher
    new: FieldCipher

    def __post_init__(self) -> None:
        object.__setattr__(self, "old", self.old.with_legacy(True))

    def open(self, column: SealedColumn, row: int, blob: bytes) -> str | None:
        binding = column.at(row)
        cipher = self.new if self.new.is_current(blob) else self.old
        try:
            return cipher.decrypt(binding, blob)
        except HvdeskError:
            return None


# --- batches -------------------------------------------------------------------
def _customer_batch(conn: Connection, job: Job, reader: Reader, after: int,
                    size: int) -> int | None:
    query = (select(CUSTOMER.c.id, CUSTOMER.c.id_enc, CUSTOMER.c.phone_enc)
             .where(CUSTOMER.c.id > after).order_by(CUSTOMER.c.id).limit(size))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    rows = conn.execute(query).all()
    if not rows:
        return None
    changes: list[tuple[int, dict[str, Any]]] = []
    for row_id, id_enc, phone_enc in rows:
        values: dict[str, Any] = {}
        for column, blob, index in ((pii.CUSTOMER_ID, id_enc, "id_bidx"),
                                    (pii.CUSTOMER_PHONE, phone_enc, "phone_bidx")):
            _reseal(job, reader, column, row_id, blob, values, index)
        if values:
            changes.append((row_id, values))
    _write(conn, CUSTOMER, changes)
    job.rewritten += len(changes)
    return int(rows[-1][0])


def _notice_batch(conn: Connection, job: Job, reader: Reader, after: int,
                  size: int) -> int | None:
    query = (select(NOTICE.c.id, NOTICE.c.phone_enc, VISIT.c.customer_id)
             .join(VISIT, VISIT.c.id == NOTICE.c.visit_id)
             .where(NOTICE.c.id > after).order_by(NOTICE.c.id).limit(size))
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(of=NOTICE)
    rows = conn.execute(query).all()
    if not rows:
        return None
    changes: list[tuple[int, dict[str, Any]]] = []
    for notice_id, blob, customer_id in rows:
        values: dict[str, Any] = {}
        # A notice's number is bound to its customer's row (hvdesk.security.pii).
        _reseal(job, reader, pii.CUSTOMER_PHONE, customer_id, blob, values, None,
                what=f"notice {notice_id} phone_enc")
        if values:
            changes.append((notice_id, values))
    _write(conn, NOTICE, changes)
    job.rewritten += len(changes)
    return int(rows[-1][0])


def _reseal(job: Job, reader: Reader, column: SealedColumn, row: int, blob: bytes,
            values: dict[str, Any], index: str | None, what: str | None = None) -> None:
    if not job.rotating and reader.new.is_current(blob):
        return  # written bound (by a desk since 0011, or an earlier batch)
    plain = reader.open(column, row, blob)
    if plain is None:
        job.note_unreadable(what or f"{column.table} {row} {column.column}")
        return
    values[column.column] = reader.new.encrypt(column.at(row), plain)
    if index is not None and job.rotating:
        values[index] = reader.new.blind_index(column.field, plain)


#: Types of the columns a job rewrites, for PostgreSQL's array parameters.
_PG_TYPES = {"id_enc": "bytea", "phone_enc": "bytea", "id_bidx": "varchar",
             "phone_bidx": "varchar"}


def _write(conn: Connection, table: Table, changes: list[tuple[int, dict[str, Any]]]) -> None:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for row_id, values in changes:
        groups[tuple(sorted(values))].append(
            {"_id": row_id, **{f"v_{k}": v for k, v in values.items()}})
    for names, params in groups.items():
        if conn.dialect.name == "postgresql":
            _write_pg(conn, table, names, params)
            continue
        stmt = (update(table).where(table.c.id == bindparam("_id"))
                .values({table.c[n]: bindparam(f"v_{n}") for n in names}))
        conn.execute(stmt, params)


def _write_pg(conn: Connection, table: Table, names: tuple[str, ...],
              params: list[dict[str, Any]]) -> None:
    """One UPDATE … FROM unnest(arrays) per batch: executemany of 2,000 UPDATEs
    took three times as long (one round trip each)."""
    sets = ", ".join(f"{n} = v.{n}" for n in names)
    arrays = ", ".join(f"CAST(:{n} AS {_PG_TYPES[n]}[])" for n in names)
    stmt = text(
        f"UPDATE {table.name} SET {sets} FROM unnest(CAST(:_id AS integer[]), {arrays}) "
        f"AS v(id, {', '.join(names)}) WHERE {table.name}.id = v.id")
    values: dict[str, Any] = {"_id": [p["_id"] for p in params]}
    values.update({n: [p[f"v_{n}"] for p in params] for n in names})
    conn.execute(stmt, values)


_BATCHES = {"customer": _customer_batch, "notice": _notice_batch}


def run(tx: Transaction, reader: Reader, *, batch: int = BATCH,
        progress: Progress | None = None) -> Job | None:
    """Work through every table; return the job, all done (not yet finished), or None
    when another desk finished it meanwhile."""
    totals: dict[str, int] = {}
    while True:
        with tx() as conn:
            job = lock_job(conn)
            if job is None:
                return None
            table = next((t for t in TABLES if job.done.get(t, 0) >= 0), None)
            if table is None:
                return job
            if table not in totals:
                totals[table] = _top(conn, table)
            last = _BATCHES[table](conn, job, reader, job.done.get(table, 0), batch)
            # -1: this table is done.
            job.done[table] = -1 if last is None else last
            save_job(conn, job)
        if progress is not None:
            last_id = job.done[table]
            progress(table, totals[table] if last_id < 0 else last_id, totals[table])


def _top(conn: Connection, table: str) -> int:
    t = CUSTOMER if table == "customer" else NOTICE
    return int(conn.scalar(select(func.max(t.c.id))) or 0)


# --- binding the values of before 0011 --------------------------------------------
@dataclass(frozen=True)
class BindOutcome:
    rewritten: int
    unreadable: int


def bind_pending(db: Database, *, batch: int = BATCH,
                 progress: Progress | None = None) -> BindOutcome | None:
    """Bind the old values to their rows if 0011 left that to a desk with the key.

    Runs at start and after ``hvdesk db upgrade``; does nothing (None) when all
    is bound, when this desk has no fitting key (a server migrated by its
    owner: the first desk with the key does it), or while a key rotation is
    pending (which binds everything itself).
    """
    db_id = db.database_id()
    cipher = None if db_id is None else _binding_cipher(db, db_id)
    if db_id is None or cipher is None:
        return None
    with db.engine.begin() as conn:
        if lock_job(conn) is None and _meta(conn, META_FIELD_FORMAT) != FIELD_FORMAT_BOUND:
            save_job(conn, Job(target=cipher.fingerprint))
    job = run(db.engine.begin, Reader(cipher, cipher), batch=batch, progress=progress)
    if job is None:
        return None
    with db.begin() as s:
        conn = s.connection()
        job = lock_job(conn)
        if job is None:
            return None
        finish_job(conn, job)
        audit.record(s, SYSTEM, "bind", "data_key", db_id, rewritten=job.rewritten,
                     unreadable=job.unreadable, unreadable_named=job.unreadable_named)
    db.reset_cipher()
    if job.unreadable:
        log.warning("%d encrypted values could not be read and were left as they were: %s",
                    job.unreadable, ", ".join(job.unreadable_named))
    return BindOutcome(job.rewritten, job.unreadable)


def _binding_cipher(db: Database, db_id: str) -> FieldCipher | None:
    """This desk's cipher if values await binding and it may bind them."""
    with db.engine.connect() as conn:
        fmt = _meta(conn, META_FIELD_FORMAT)
        expected = _meta(conn, META_KEY_FINGERPRINT)
        pending = _meta(conn, META_REENCRYPT)
    if fmt == FIELD_FORMAT_BOUND:
        return None
    try:
        key = keys.load_key(db_id)
    except HvdeskError:
        key = None
    if key is None:
        log.info("values not yet bound to their rows: no data key on this desk")
        return None
    cipher = FieldCipher.from_master_key(key)
    if expected is not None and cipher.fingerprint != expected:
        return None
    if pending is not None and Job.from_json(pending).target != cipher.fingerprint:
        return None  # a key rotation binds everything when it finishes
    return cipher
