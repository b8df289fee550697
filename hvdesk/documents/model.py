"""What a printed document shows, as frozen values (no ORM rows, no Qt, no reportlab).

Times are aware datetimes in the branch's zone; enum-like fields hold the
model's string values (``"overdue"``, ``"delivered"``) and the renderer turns
them into words. ID numbers only ever appear masked here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

LatLon = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Person:
    user_id: int
    name: str
    employee_no: str


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who prints, when, for the footer of every page."""

    branch_name: str
    branch_hotline: str
    printed_by: str
    printed_at: dt.datetime


@dataclass(frozen=True, slots=True)
class LoanLine:
    contract_no: str
    product: str | None  # None: the imported list did not say
    outstanding: Decimal | None
    overdue_amount: Decimal
    days_past_due: int
    last_payment: dt.date | None


@dataclass(frozen=True, slots=True)
class PastVisit:
    day: dt.date
    purpose: str
    status: str
    outcome: str | None
    team: str


@dataclass(frozen=True, slots=True)
class Promise:
    made_on: dt.date
    amount: Decimal | None
    due: dt.date | None


@dataclass(frozen=True, slots=True)
class Complaint:
    received_on: dt.date
    channel: str
    text: str
    follow_up: str | None


@dataclass(frozen=True, slots=True)
class BriefingVisit:
    visit_id: int
    #: 1-based position in the team's route of the day.
    stop_no: int
    start: dt.datetime
    end: dt.datetime
    purpose: str
    status: str
    customer_name: str
    id_masked: str
    #: The full number when the caller could decrypt it (the team must call), else masked.
    phone: str
    registered_address: str
    current_address: str | None
    location_precision: str | None
    #: Where the stop is drawn; None when neither the customer nor the district is known.
    location: LatLon | None
    days_past_due: int
    overdue_amount: Decimal
    outstanding: Decimal | None  # None: no contract says its balance
    last_payment: dt.date | None
    loans: tuple[LoanLine, ...]
    previous_visits: tuple[PastVisit, ...]
    promises: tuple[Promise, ...]
    complaints: tuple[Complaint, ...]
    #: Latest notice: status value and when it was sent (None: never sent).
    notice_status: str | None
    notice_sent_at: dt.datetime | None
    talking_points: str | None
    #: People met or known in the household, from earlier reports.
    household: tuple[str, ...]
    members: tuple[Person, ...]
    #: What the QR code encodes; the report form accepts it.
    qr_payload: str


@dataclass(frozen=True, slots=True)
class TeamDay:
    lead: Person
    #: The lead first, then every other member of any of the day's visits.
    members: tuple[Person, ...]
    visits: tuple[BriefingVisit, ...]


@dataclass(frozen=True, slots=True)
class BriefingData:
    day: dt.date
    branch_address: str
    branch_location: LatLon | None
    teams: tuple[TeamDay, ...]
    stamp: Stamp
    #: Phone numbers are shown in full (else masked).
    full_phones: bool = False


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    visit_id: int
    stop_no: int
    start: dt.datetime
    end: dt.datetime
    customer_masked: str
    #: District-level place (``武侯区``), never the street address.
    area: str
    purpose: str
    status: str
    notice_status: str | None
    members: tuple[Person, ...]


@dataclass(frozen=True, slots=True)
class ScheduleBlock:
    """One team's visits of one day in route order."""

    day: dt.date
    lead: Person
    rows: tuple[ScheduleRow, ...]


@dataclass(frozen=True, slots=True)
class ScheduleData:
    title_day: dt.date
    #: For a week: the first and last day; for a day both are the day.
    last_day: dt.date
    blocks: tuple[ScheduleBlock, ...]
    stamp: Stamp


@dataclass(frozen=True, slots=True)
class IncomeLine:
    source: str
    monthly: str


@dataclass(frozen=True, slots=True)
class ReportData:
    visit_id: int
    report_id: int
    version: int
    customer_name: str
    id_masked: str
    address: str
    purpose: str
    planned_start: dt.datetime
    team: tuple[Person, ...]
    author: Person
    reviewer: Person | None
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    review_comment: str | None
    outcome: str | None
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None
    people_present: str | None
    household_size: int | None
    dependants: int | None
    housing: str | None
    income_sources: tuple[IncomeLine, ...]
    other_debts: tuple[IncomeLine, ...]
    assets: str | None
    attitude: str | None
    ability_to_repay: int | None
    willingness_to_repay: int | None
    customer_requests: str | None
    promise_amount: Decimal | None
    promise_date: dt.date | None
    recommendation: str | None
    #: (the item's printed text, ticked / crossed / None: not answered), in checklist order.
    conduct_checklist: tuple[tuple[str, bool | None], ...]
    findings: str | None
    attachments: tuple[str, ...]
    stamp: Stamp


def known_total(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the amounts known; None when none is (imported lists may omit them)."""
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None
