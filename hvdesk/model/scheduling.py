"""Scheduling bookkeeping: per-visitor bookings (the database's guard) and leave.

``visit_booking`` holds one row per (visit, visitor) with the visit's planned
times. It exists so that the *database* refuses double booking, not only the
Python check: two desks on one PostgreSQL may both check a slot as free and
then both save. Migration 0005 adds what the model cannot express portably:

* PostgreSQL: an exclusion constraint ``ex_visit_booking_no_overlap``
  (``btree_gist``; ``user_id WITH =, tstzrange(starts_at, ends_at) WITH &&``
  among active rows), so the second of two concurrent bookings fails;
* SQLite: triggers that raise on an overlapping active row (SQLite serialises
  writers, so a trigger sees every committed booking).

Rows are written with Core statements by :mod:`hvdesk.scheduling.bookings`
(derived data, like a cache; the visit and its members carry the audit trail).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base, utcnow

#: Names used by the migration's DDL and by the service that translates the
#: database's refusal into a user message.
OVERLAP_CONSTRAINT = "ex_visit_booking_no_overlap"
OVERLAP_MESSAGE = "visit_booking overlap"


class VisitBooking(Base):
    __tablename__ = "visit_booking"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    starts_at: Mapped[dt.datetime]
    ends_at: Mapped[dt.datetime]
    #: False once the visit no longer occupies the time (cancelled, rescheduled).
    active: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (
        UniqueConstraint("visit_id", "user_id"),
        CheckConstraint("ends_at > starts_at", name="end_after_start"),
        # The SQLite trigger's look-up and the calendar's per-visitor queries.
        Index("ix_visit_booking_user_time", "user_id", "starts_at"),
    )


class VisitorLeave(Base):
    """A visitor's absence, whole local days from ``start_date`` to ``end_date`` inclusive."""

    __tablename__ = "visitor_leave"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (CheckConstraint("end_date >= start_date", name="end_not_before_start"),)
