"""Evidence of a customer's consent to a visit in the quiet hours, and correction requests.

A consent row is written *before* the visit that relies on it, and the visit
points at it (``visit.consent_id``). That direction lets a plain BEFORE
trigger on ``visit`` check the evidence on SQLite and PostgreSQL alike (see
migration 0013), without a deferred check the SQLite side could not have.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base, utcnow
from hvdesk.model.org import str_enum


class ConsentMethod(enum.StrEnum):
    SMS_REPLY = "sms_reply"
    CALL_RECORDING = "call_recording"
    IN_PERSON = "in_person"


class VisitConsent(Base):
    """The customer agreed to be visited between ``agreed_start`` and ``agreed_end``."""

    __tablename__ = "visit_consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    method: Mapped[ConsentMethod] = mapped_column(str_enum(ConsentMethod))
    #: The recording's id, the SMS reply's notice/gateway reference, a note for in person.
    reference: Mapped[str | None] = mapped_column(String(200))
    given_at: Mapped[dt.datetime]
    #: The staff member who took the consent (on the phone, at the door, read the reply).
    taken_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    agreed_start: Mapped[dt.datetime]
    agreed_end: Mapped[dt.datetime]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("agreed_end > agreed_start", name="end_after_start"),
        CheckConstraint("given_at <= recorded_at", name="given_not_future"),
        CheckConstraint(
            "method <> 'call_recording' OR length(trim(coalesce(reference, ''))) >= 3",
            name="recording_has_reference",
        ),
    )


class CorrectionRequest(Base):
    """Who asked for a correction of a customer's data, which fields changed and why."""

    __tablename__ = "correction_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    #: "customer", "representative" or "staff" (who raised it, not their name).
    requested_by: Mapped[str] = mapped_column(String(20))
    #: Field names only: the old and new values are personal data.
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(String(500))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint(
            "requested_by IN ('customer', 'representative', 'staff')", name="requester_known"
        ),
    )
