"""The append-only audit trail (triggers refuse UPDATE, DELETE and TRUNCATE).

Each event carries the hash of the one before (see
:mod:`hvdesk.security.audit_chain`); database triggers fill ``prev_hash`` and
``hash`` at insert (migration 0009), so every path that writes events chains.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    #: Kept beside the id so the trail reads even after a user is renamed.
    actor_login: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(30), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    desk: Mapped[str] = mapped_column(String(100))
    #: Field names and non-personal values only; never numbers or addresses.
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: Set by the database at insert, never by the desk.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditChainLock(Base):
    """One row that PostgreSQL's insert trigger locks: appends are serialised.

    The first event of a transaction writes that transaction's id here, which
    takes the row lock until commit; later events of the same transaction
    find their own id and write nothing (one row version per transaction, not
    per event). A desk appending at the same time waits, then reads the head
    from the events; under REPEATABLE READ it fails instead of forking the
    chain. SQLite, one writer at a time, does not use it.
    """

    __tablename__ = "audit_chain_lock"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    xact: Mapped[int | None] = mapped_column(BigInteger)
