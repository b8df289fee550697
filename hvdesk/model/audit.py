"""The append-only audit trail (triggers refuse UPDATE and DELETE)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
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
