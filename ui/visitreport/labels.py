"""Display names for the visit-report values the core gives as identifiers.

The core never imports Qt: its enum values and field names are marked here
for lupdate and looked up at display time (the pattern of ``ui/labels.py``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from hvdesk.errors import HvdeskError
from ui.labels import QT_TRANSLATE_NOOP, error_text

CONTEXT = "VisitReportLabels"
DASH = "—"

OUTCOMES: dict[str, str] = {
    "met_customer": QT_TRANSLATE_NOOP("VisitReportLabels", "Met the customer"),
    "met_family": QT_TRANSLATE_NOOP("VisitReportLabels", "Met a family member"),
    "nobody_home": QT_TRANSLATE_NOOP("VisitReportLabels", "Nobody home"),
    "address_invalid": QT_TRANSLATE_NOOP("VisitReportLabels", "Address invalid"),
    "refused": QT_TRANSLATE_NOOP("VisitReportLabels", "Refused to talk"),
    "moved_away": QT_TRANSLATE_NOOP("VisitReportLabels", "Moved away"),
}
ATTITUDES: dict[str, str] = {
    "worried": QT_TRANSLATE_NOOP("VisitReportLabels", "Worried"),
    "understanding": QT_TRANSLATE_NOOP("VisitReportLabels", "Understanding"),
    "cooperative": QT_TRANSLATE_NOOP("VisitReportLabels", "Cooperative"),
    "hostile": QT_TRANSLATE_NOOP("VisitReportLabels", "Hostile"),
}
HOUSING: dict[str, str] = {
    "owned": QT_TRANSLATE_NOOP("VisitReportLabels", "Owned"),
    "rented": QT_TRANSLATE_NOOP("VisitReportLabels", "Rented"),
    "family": QT_TRANSLATE_NOOP("VisitReportLabels", "Lives with family"),
    "other": QT_TRANSLATE_NOOP("VisitReportLabels", "Other"),
}
STATUSES: dict[str, str] = {
    "draft": QT_TRANSLATE_NOOP("VisitReportLabels", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("VisitReportLabels", "Submitted"),
    "approved": QT_TRANSLATE_NOOP("VisitReportLabels", "Approved"),
    "returned": QT_TRANSLATE_NOOP("VisitReportLabels", "Returned"),
}
#: Keys from hvdesk/visitreports/conduct.py (the one checklist); the Chinese
#: translations are its printed texts (tests/test_conduct_checklist.py).
CONDUCT: dict[str, str] = {
    "two_staff_present": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Two staff members on the visit"),
    "showed_staff_id": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Showed staff ID"),
    "explained_purpose": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Explained the purpose of the visit"),
    "within_allowed_hours": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Visited within the allowed hours"),
    "no_third_party_disclosure": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Disclosed nothing about the debt to third parties"),
    "no_threats_or_insults": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "No threats, intimidation, insults or harassment"),
    "no_impersonation_of_authorities": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Did not pose as police, courts or other authorities"),
    "no_pressure_to_borrow_elsewhere": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "Did not push the customer to borrow to repay"),
    "recording_made": QT_TRANSLATE_NOOP(
        "VisitReportLabels", "The visit was recorded (audio or video)"),
}
EVENTS: dict[str, str] = {
    "created": QT_TRANSLATE_NOOP("VisitReportLabels", "Created"),
    "submitted": QT_TRANSLATE_NOOP("VisitReportLabels", "Submitted"),
    "returned": QT_TRANSLATE_NOOP("VisitReportLabels", "Returned"),
    "approved": QT_TRANSLATE_NOOP("VisitReportLabels", "Approved"),
    "resubmitted": QT_TRANSLATE_NOOP("VisitReportLabels", "Resubmitted"),
    "amended": QT_TRANSLATE_NOOP("VisitReportLabels", "Amended"),
    "approval_undone": QT_TRANSLATE_NOOP("VisitReportLabels", "Approval undone"),
}
#: The form's fields as named in error summaries and the revision history.
FIELDS: dict[str, str] = {
    "outcome": QT_TRANSLATE_NOOP("VisitReportLabels", "Outcome"),
    "arrived_at": QT_TRANSLATE_NOOP("VisitReportLabels", "Arrived"),
    "left_at": QT_TRANSLATE_NOOP("VisitReportLabels", "Left"),
    "people_present": QT_TRANSLATE_NOOP("VisitReportLabels", "People present"),
    "household_size": QT_TRANSLATE_NOOP("VisitReportLabels", "Household size"),
    "dependants": QT_TRANSLATE_NOOP("VisitReportLabels", "Dependants"),
    "housing": QT_TRANSLATE_NOOP("VisitReportLabels", "Housing"),
    "income_sources": QT_TRANSLATE_NOOP("VisitReportLabels", "Income sources"),
    "other_debts": QT_TRANSLATE_NOOP("VisitReportLabels", "Other debts"),
    "assets": QT_TRANSLATE_NOOP("VisitReportLabels", "Assets"),
    "attitude": QT_TRANSLATE_NOOP("VisitReportLabels", "Attitude"),
    "ability_to_repay": QT_TRANSLATE_NOOP("VisitReportLabels", "Ability to repay"),
    "willingness_to_repay": QT_TRANSLATE_NOOP("VisitReportLabels", "Willingness to repay"),
    "customer_requests": QT_TRANSLATE_NOOP("VisitReportLabels", "Customer's requests"),
    "promise_amount": QT_TRANSLATE_NOOP("VisitReportLabels", "Promised amount"),
    "promise_date": QT_TRANSLATE_NOOP("VisitReportLabels", "Promised date"),
    "recommendation": QT_TRANSLATE_NOOP("VisitReportLabels", "Recommendation"),
    "notes": QT_TRANSLATE_NOOP("VisitReportLabels", "Notes"),
    "conduct": QT_TRANSLATE_NOOP("VisitReportLabels", "Conduct checklist"),
}

#: The core's refusals shown beside the fields (hvdesk/visitreports/requirements.py and
#: convert.py; keep in step). Looked up in :func:`ui.visitreport.fields.ReportFields.show_errors`.
FIELD_MESSAGES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("VisitReportMessages", "choose the outcome of the visit"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "enter the arrival time"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "enter the time the team left"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "list who was present and their relation"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "answer every item of the conduct checklist"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "give a recommendation"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "enter the household size"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "enter the number of dependants"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "say whether the home is owned or rented"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "list the income sources (enter 0 for none)"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "choose the customer's attitude"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "rate the ability to repay"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "rate the willingness to repay"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "describe what happened in the notes"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "the team must leave after it arrived"),
    QT_TRANSLATE_NOOP("VisitReportMessages",
                      "a promise to pay needs both an amount and a date"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "the promised date is before the visit"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "give each person's name and relation"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "give an amount in yuan, e.g. 1200.00"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "the amount must be more than zero"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "the amount may not be negative"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "choose a value from 1 to 5"),
    QT_TRANSLATE_NOOP("VisitReportMessages", "a number of people may not be negative"),
)


def name(table: dict[str, str], value: str | None) -> str:
    if value is None:
        return DASH
    return QCoreApplication.translate(CONTEXT, table.get(str(value), str(value)))


def money(value: Decimal | None) -> str:
    return DASH if value is None else f"{value:,.2f}"


def when(value: dt.datetime | None) -> str:
    return DASH if value is None else value.strftime("%Y-%m-%d %H:%M")


def age_text(age: dt.timedelta) -> str:
    """``3 d 4 h`` / ``5 h 10 min`` / ``12 min``: how long a report has waited."""
    minutes = max(0, int(age.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("VisitReportLabels", "{0} d {1} h").format(days, hours)
    if hours:
        return QCoreApplication.translate("VisitReportLabels", "{0} h {1} min").format(
            hours, mins)
    return QCoreApplication.translate("VisitReportLabels", "{0} min").format(mins)


def short_hash(sha256: str) -> str:
    return sha256[:12]


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def report_error(exc: HvdeskError) -> str:
    """A workflow refusal in the interface language (sentence case when untranslated)."""
    return error_text(exc)
