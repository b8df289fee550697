"""Plain values the visit-report services take and return (no ORM, no Qt).

Every class is a frozen dataclass so a widget can hold one without ever
triggering a lazy load; the services build them inside the session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from hvdesk.errors import HvdeskError
from hvdesk.model.enums import (
    Attitude,
    Housing,
    ReportOutcome,
    ReportStatus,
    VisitStatus,
)
from hvdesk.visitreports import conduct

#: The conduct checklist's keys, in the order every document shows them.
CONDUCT_ITEMS = conduct.CONDUCT_ITEMS

PromiseStatus = Literal["pending", "kept", "partial", "broken"]
PROMISE_STATUSES: tuple[PromiseStatus, ...] = ("pending", "kept", "partial", "broken")
FeedbackChannel = Literal["call", "sms"]
FEEDBACK_CHANNELS: tuple[FeedbackChannel, ...] = ("call", "sms")
ComplaintStatus = Literal["open", "upheld", "rejected"]
DashboardGroup = Literal["week", "team", "branch"]


class ReportInvalid(HvdeskError):
    """Submitting refused: ``field_errors`` maps each form field to what is wrong."""

    def __init__(self, field_errors: Mapping[str, str]) -> None:
        self.field_errors: dict[str, str] = dict(field_errors)
        names = ", ".join(self.field_errors)
        super().__init__(f"the report is not complete: {names}")


class ReportRefused(HvdeskError):
    """A workflow step not allowed in the report's state or for this person."""


@dataclass(frozen=True, slots=True)
class PersonPresent:
    name: str
    #: "customer", "spouse", "parent", "neighbour"... free text as the visitor wrote it.
    relation: str
    #: False marks someone the debt must never be disclosed to.
    party_to_debt: bool = False


@dataclass(frozen=True, slots=True)
class IncomeSource:
    source: str
    monthly: Decimal


@dataclass(frozen=True, slots=True)
class OtherDebt:
    lender: str
    amount: Decimal
    monthly: Decimal | None = None


@dataclass(frozen=True)
class ReportData:
    """Every field of the report form; all optional while a draft."""

    outcome: ReportOutcome | None = None
    arrived_at: dt.datetime | None = None
    left_at: dt.datetime | None = None
    people_present: tuple[PersonPresent, ...] = ()
    household_size: int | None = None
    dependants: int | None = None
    housing: Housing | None = None
    income_sources: tuple[IncomeSource, ...] = ()
    other_debts: tuple[OtherDebt, ...] = ()
    assets: str = ""
    attitude: Attitude | None = None
    #: 1 (none) .. 5 (full)
    ability_to_repay: int | None = None
    willingness_to_repay: int | None = None
    customer_requests: str = ""
    promise_amount: Decimal | None = None
    promise_date: dt.date | None = None
    recommendation: str = ""
    notes: str = ""
    #: key of :data:`CONDUCT_ITEMS` -> ticked; a missing key is "not answered".
    conduct: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AttachmentView:
    id: int
    report_id: int
    filename: str
    media_type: str
    sha256: str
    size: int
    added_at: dt.datetime
    #: WGS-84 from the photo's EXIF GPS tags, when it has them.
    latitude: float | None = None
    longitude: float | None = None
    taken_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class ReportView:
    id: int
    visit_id: int
    customer_id: int
    customer_name: str
    visit_start: dt.datetime
    visit_status: VisitStatus
    #: Display names, lead first.
    team: tuple[str, ...]
    team_ids: tuple[int, ...]
    author: str
    author_id: int
    status: ReportStatus
    #: 1 for the first report, +1 for every amendment of an approved one.
    revision: int
    data: ReportData
    reviewer: str | None
    review_comment: str | None
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    attachments: tuple[AttachmentView, ...]
    #: Pass back as ``expected_version`` to refuse saving over a colleague's change.
    lock_version: int
    #: Why this revision was opened (amendments only).
    amend_reason: str | None = None
    #: Fields the current outcome makes required (for the form to mark them).
    required: frozenset[str] = frozenset()
    #: The form may be edited (draft or returned, and the actor may write it).
    editable: bool = False


@dataclass(frozen=True, slots=True)
class ReportEvent:
    """One step of the workflow: created, saved, submitted, returned, approved, amended."""

    action: str
    actor: str
    at: dt.datetime
    revision: int
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class RevisionView:
    revision: int
    status: ReportStatus
    data: ReportData
    author: str
    reviewer: str | None
    review_comment: str | None
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    #: Why the *next* revision was opened (None for the current one).
    superseded_reason: str | None
    superseded_at: dt.datetime | None
    #: True for the revision the report holds now.
    current: bool
    events: tuple[ReportEvent, ...] = ()


@dataclass(frozen=True, slots=True)
class QueueItem:
    report_id: int
    visit_id: int
    customer_id: int
    customer_name: str
    visit_start: dt.datetime
    outcome: ReportOutcome | None
    author: str
    team: tuple[str, ...]
    submitted_at: dt.datetime
    age: dt.timedelta
    revision: int
    #: Submitted again after being returned.
    resubmitted: bool
    #: False when the reviewer was on the visit or wrote the report (four eyes).
    can_review: bool
    #: What the proof-of-visit checks found (issue 20); shown, never a refusal.
    flags: tuple[FlagView, ...] = ()


@dataclass(frozen=True, slots=True)
class FlagView:
    report_id: int
    kind: str
    message: str
    evidence: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PromiseView:
    id: int
    customer_id: int
    customer_name: str
    report_id: int
    visit_id: int
    amount: Decimal
    promised_on: dt.date
    due: dt.date
    paid: Decimal
    status: PromiseStatus


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    """A customer with a broken (or partly kept) promise: due a follow-up visit."""

    customer_id: int
    name: str
    district: str
    promise_id: int
    promise_amount: Decimal
    promise_due: dt.date
    paid: Decimal
    status: PromiseStatus
    days_past_due: int
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class RepaymentView:
    id: int
    customer_id: int
    amount: Decimal
    paid_on: dt.date
    source: str
    reference: str | None


@dataclass(frozen=True, slots=True)
class ImportSummary:
    rows: int
    added: int
    duplicates: int
    #: (row number in the file, message)
    errors: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class FeedbackView:
    id: int
    visit_id: int
    channel: str
    satisfaction: int | None
    felt_respected: bool | None
    comment: str | None
    received_at: dt.datetime
    complaint_id: int | None = None


@dataclass(frozen=True, slots=True)
class ComplaintView:
    id: int
    feedback_id: int | None
    visit_id: int
    customer_id: int
    customer_name: str
    text: str
    owner_id: int
    owner: str
    due: dt.date
    status: ComplaintStatus
    opened_at: dt.datetime
    resolved_at: dt.datetime | None
    resolution_note: str | None
    do_not_visit_set: bool
    overdue: bool
    lock_version: int


@dataclass(frozen=True, slots=True)
class CostDefaults:
    branch_id: int | None
    #: Transport cost per km of route.
    per_km: Decimal
    #: Staff cost per person-hour.
    hourly_rate: Decimal
    other_expenses: Decimal
    #: Added to the visit's length per team member (travel, paperwork).
    overhead_hours: Decimal


@dataclass(frozen=True, slots=True)
class CostView:
    visit_id: int
    distance_km: Decimal
    transport: Decimal
    staff_hours: Decimal
    staff_cost: Decimal
    other_expenses: Decimal
    note: str | None
    #: False: nothing stored yet, these are the defaults from settings and route.
    stored: bool

    @property
    def total(self) -> Decimal:
        return self.transport + self.staff_cost + self.other_expenses


@dataclass(frozen=True, slots=True)
class DashboardRow:
    #: Sortable key: ISO date of the week's Monday, "branch:<id>" or "team:<ids>".
    key: str
    label: str
    visits: int
    by_status: Mapping[VisitStatus, int]
    by_outcome: Mapping[ReportOutcome, int]
    reports_awaiting: int
    #: Age in days of each report awaiting review, oldest first.
    awaiting_ages: tuple[float, ...]
    promises_settled: int
    promises_kept: int
    promise_kept_rate: float | None
    costed_visits: int
    total_cost: Decimal
    cost_per_visit: Decimal | None
    successful_contacts: int
    cost_per_contact: Decimal | None
    feedback_count: int
    mean_satisfaction: float | None
    complaints: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    start: dt.date
    end: dt.date
    group: DashboardGroup
    rows: tuple[DashboardRow, ...]
    total: DashboardRow
    generated_at: dt.datetime
    #: Proof-of-visit flags on the period's visits, and the reports they fall on (issue 20).
    proof_flags: int = 0
    flagged_reports: int = 0
