"""Visits, their teams, notices, reports, feedback and costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hvdesk.model.base import Base, utcnow
from hvdesk.model.customers import Customer
from hvdesk.model.enums import (
    Attitude,
    Housing,
    NoticeStatus,
    ReportOutcome,
    ReportStatus,
    VisitPurpose,
    VisitStatus,
)
from hvdesk.model.org import Branch, User, str_enum

Money = Numeric(14, 2)


class Visit(Base):
    __tablename__ = "visit"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    purpose: Mapped[VisitPurpose] = mapped_column(str_enum(VisitPurpose))
    address: Mapped[str] = mapped_column(String(300))
    planned_start: Mapped[dt.datetime] = mapped_column(index=True)
    planned_end: Mapped[dt.datetime]
    status: Mapped[VisitStatus] = mapped_column(
        str_enum(VisitStatus), default=VisitStatus.PLANNED, index=True
    )
    route_order: Mapped[int | None]
    #: The customer agreed to a visit outside 08:00-22:00 (the only way past the hard limit).
    customer_agreed_hours: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str | None] = mapped_column(String(500))
    #: The recorded consent that lifts the quiet-hours rule (the database checks it covers
    #: the visit's time, migration 0013).
    consent_id: Mapped[int | None] = mapped_column(
        ForeignKey("visit_consent.id"), index=True
    )
    #: SQLite's commit-time team check: triggers set it to ``-id`` (a visit that never
    #: exists) while the visit has fewer than two members, so the deferred foreign key
    #: refuses the COMMIT. Always NULL on PostgreSQL (a constraint trigger checks there).
    #: (DEFERRABLE INITIALLY DEFERRED in the database; not stated here because SQLite's
    #: reflection of a column added by ALTER TABLE cannot see it.)
    team_gap: Mapped[int | None] = mapped_column(ForeignKey("visit.id"))
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    talking_points: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    branch: Mapped[Branch] = relationship()
    customer: Mapped[Customer] = relationship(back_populates="visits")
    members: Mapped[list[VisitMember]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="VisitMember.position"
    )
    notices: Mapped[list[Notice]] = relationship(back_populates="visit", order_by="Notice.id")
    report: Mapped[VisitReport | None] = relationship(back_populates="visit")
    feedback: Mapped[list[Feedback]] = relationship(back_populates="visit")
    cost: Mapped[VisitCost | None] = relationship(back_populates="visit")

    __table_args__ = (CheckConstraint("planned_end > planned_start", name="end_after_start"),)
    __mapper_args__ = {"version_id_col": version}


class VisitMember(Base):
    __tablename__ = "visit_member"
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True, index=True)
    is_lead: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    visit: Mapped[Visit] = relationship(back_populates="members")
    user: Mapped[User] = relationship()


class Notice(Base):
    __tablename__ = "notice"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10), default="sms")
    kind: Mapped[str] = mapped_column(String(20), default="notice")
    phone_enc: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # see Customer.id_enc
    phone_last4: Mapped[str] = mapped_column(String(4))
    template: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[NoticeStatus] = mapped_column(
        str_enum(NoticeStatus), default=NoticeStatus.DRAFT, index=True
    )
    gateway_ref: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    delivered_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(500))
    #: When the last send attempt claimed the notice: the SMS-per-day cap counts these.
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    #: Sent to the gateway with every attempt, so a retry after a lost answer
    #: never sends the message twice (issue 6).
    idem_key: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reply: Mapped[str | None] = mapped_column(String(200))
    replied_at: Mapped[dt.datetime | None]
    #: A reply or receipt the coordinator must look at (reschedule wish, unknown reply).
    needs_attention: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    visit: Mapped[Visit] = relationship(back_populates="notices")

    __mapper_args__ = {"version_id_col": version}


class VisitReport(Base):
    __tablename__ = "visit_report"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    status: Mapped[ReportStatus] = mapped_column(
        str_enum(ReportStatus), default=ReportStatus.DRAFT, index=True
    )
    outcome: Mapped[ReportOutcome | None] = mapped_column(str_enum(ReportOutcome))
    arrived_at: Mapped[dt.datetime | None]
    left_at: Mapped[dt.datetime | None]
    people_present: Mapped[str | None] = mapped_column(String(300))
    #: [{"name": ..., "relation": ..., "party_to_debt": false}, ...] (issue 7)
    people: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: 1, then +1 per amendment of an approved report (``version`` is the lock counter).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    amend_reason: Mapped[str | None] = mapped_column(String(500))
    household_size: Mapped[int | None]
    dependants: Mapped[int | None]
    housing: Mapped[Housing | None] = mapped_column(str_enum(Housing))
    #: [{"source": "salary", "monthly": "5200.00"}, ...]
    income_sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    other_debts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    assets: Mapped[str | None] = mapped_column(Text)
    attitude: Mapped[Attitude | None] = mapped_column(str_enum(Attitude))
    ability_to_repay: Mapped[int | None]  # 1 (none) .. 5 (full)
    willingness_to_repay: Mapped[int | None]
    customer_requests: Mapped[str | None] = mapped_column(Text)
    promise_amount: Mapped[Decimal | None] = mapped_column(Money)
    promise_date: Mapped[dt.date | None]
    recommendation: Mapped[str | None] = mapped_column(Text)
    conduct_checklist: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    findings: Mapped[str | None] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime | None]
    reviewed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    visit: Mapped[Visit] = relationship(back_populates="report")
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    attachments: Mapped[list[ReportAttachment]] = relationship(back_populates="report")

    __table_args__ = (
        CheckConstraint("ability_to_repay BETWEEN 1 AND 5", name="ability_range"),
        CheckConstraint("willingness_to_repay BETWEEN 1 AND 5", name="willingness_range"),
    )
    __mapper_args__ = {"version_id_col": version}


class ReportAttachment(Base):
    __tablename__ = "report_attachment"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("visit_report.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer, default=0)
    #: WGS-84 from the photo's EXIF GPS tags.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    taken_at: Mapped[dt.datetime | None]
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    report: Mapped[VisitReport] = relationship(back_populates="attachments")


class Feedback(Base):
    __tablename__ = "feedback"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    satisfaction: Mapped[int | None]
    felt_respected: Mapped[bool | None] = mapped_column(Boolean)
    is_complaint: Mapped[bool] = mapped_column(default=False)
    complaint_text: Mapped[str | None] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)
    comment: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    visit: Mapped[Visit] = relationship(back_populates="feedback")

    __table_args__ = (CheckConstraint("satisfaction BETWEEN 1 AND 5", name="satisfaction_range"),)


class VisitCost(Base):
    __tablename__ = "visit_cost"
    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    distance_km: Mapped[Decimal] = mapped_column(Numeric(8, 1), default=Decimal(0))
    transport: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    staff_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    other_expenses: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    #: staff_hours x the hourly rate in force when saved, so later rate changes
    #: do not rewrite past costs.
    staff_cost: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    note: Mapped[str | None] = mapped_column(String(300))

    visit: Mapped[Visit] = relationship(back_populates="cost")

    __table_args__ = (UniqueConstraint("visit_id"),)
