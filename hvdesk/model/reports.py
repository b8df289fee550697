"""Visit-report history, promises to pay, repayments, complaint cases, cost settings.

Amounts here are debt data: services never put them in logs or audit details.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hvdesk.model.base import Base, utcnow

Money = Numeric(14, 2)


class ReportRevision(Base):
    """An approved revision of a report, frozen when an amendment replaced it."""

    __tablename__ = "report_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("visit_report.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    #: Every form field as the services serialise it (see visitreports.convert).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[dt.datetime | None]
    reviewed_at: Mapped[dt.datetime | None]
    attachment_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    superseded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    superseded_reason: Mapped[str] = mapped_column(String(500))

    __table_args__ = (UniqueConstraint("report_id", "revision"),)


class ReportEventRow(Base):
    """One workflow step of a report (append-only in spirit: never updated)."""

    __tablename__ = "report_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("visit_report.id"), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    actor_name: Mapped[str] = mapped_column(String(100))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    comment: Mapped[str | None] = mapped_column(Text)


class PromiseToPay(Base):
    __tablename__ = "promise_to_pay"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("visit_report.id"), unique=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    #: Repayments from this day on count towards the promise.
    promised_on: Mapped[dt.date]
    due: Mapped[dt.date] = mapped_column(index=True)
    paid: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    judged_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("status IN ('pending', 'kept', 'partial', 'broken')", name="status_known"),
    )
    __mapper_args__ = {"version_id_col": version}


class Repayment(Base):
    __tablename__ = "repayment"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    paid_on: Mapped[dt.date] = mapped_column(index=True)
    #: "manual" or "import"
    source: Mapped[str] = mapped_column(String(20))
    #: The payment system's reference; an import skips one already stored.
    reference: Mapped[str | None] = mapped_column(String(100))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        UniqueConstraint("reference"),
    )


class ComplaintCase(Base):
    __tablename__ = "complaint_case"
    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"), index=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    due: Mapped[dt.date]
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    do_not_visit_set: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (
        CheckConstraint("status IN ('open', 'upheld', 'rejected')", name="status_known"),
    )
    __mapper_args__ = {"version_id_col": version}


class CostSetting(Base):
    """Cost defaults; the row with no branch applies where a branch has none."""

    __tablename__ = "cost_setting"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branch.id"), unique=True)
    per_km: Mapped[Decimal] = mapped_column(Money)
    hourly_rate: Mapped[Decimal] = mapped_column(Money)
    other_expenses: Mapped[Decimal] = mapped_column(Money)
    overhead_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
