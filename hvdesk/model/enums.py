"""Closed sets of values used by the model (stored as their string values)."""

from __future__ import annotations

import enum

from hvdesk.security.roles import Role

__all__ = [
    "Attitude",
    "Housing",
    "LocationPrecision",
    "NoticeStatus",
    "ReportOutcome",
    "ReportStatus",
    "Role",
    "VisitPurpose",
    "VisitStatus",
]


class LocationPrecision(enum.StrEnum):
    EXACT = "exact"
    STREET = "street"
    DISTRICT = "district"
    CITY = "city"
    MANUAL = "manual"


class VisitPurpose(enum.StrEnum):
    PRE_LOAN = "pre_loan"
    POST_LOAN = "post_loan"
    OVERDUE = "overdue"
    CARE = "care"


class VisitStatus(enum.StrEnum):
    PLANNED = "planned"
    NOTIFIED = "notified"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_SHOW = "no_show"
    RESCHEDULED = "rescheduled"


class NoticeStatus(enum.StrEnum):
    DRAFT = "draft"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class ReportOutcome(enum.StrEnum):
    MET_CUSTOMER = "met_customer"
    MET_FAMILY = "met_family"
    NOBODY_HOME = "nobody_home"
    ADDRESS_INVALID = "address_invalid"
    REFUSED = "refused"
    MOVED_AWAY = "moved_away"


class Attitude(enum.StrEnum):
    WORRIED = "worried"
    UNDERSTANDING = "understanding"
    COOPERATIVE = "cooperative"
    HOSTILE = "hostile"


class Housing(enum.StrEnum):
    OWNED = "owned"
    RENTED = "rented"
    FAMILY = "family"
    OTHER = "other"
