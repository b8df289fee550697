"""Table models and display names for the customer file (loans, visits, feedback, notes).

The rows are frozen dataclasses from ``hvdesk.services.customer_file``; times
arrive already in the branch's zone, so the models only format them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from hvdesk.errors import HvdeskError
from hvdesk.services.customer_file import FeedbackRow, LoanRow, NoteRow
from ui.labels import QT_TRANSLATE_NOOP, error_text
from ui.tables import DASH, RIGHT, SORT_ROLE, Column, RowsModel
from ui.visit_rows import (
    CHANNELS,
    NOTICE_STATUSES,
    OUTCOMES,
    PURPOSES,
    REPORT_STATUSES,
    VISIT_STATUSES,
    CustomerVisitModel,
    label,
    time_text,
    yes_no,
)

__all__ = [
    "CHANNELS", "DASH", "NOTICE_STATUSES", "OUTCOMES", "PURPOSES", "REPORT_STATUSES",
    "SORT_ROLE", "VISIT_STATUSES", "Column", "CustomerFeedbackModel", "CustomerLoanModel",
    "CustomerNoteModel", "CustomerVisitModel", "RowsModel", "label", "message_text", "money",
    "time_text", "yes_no",
]

# --- core messages -------------------------------------------------------------
_MSG = "CustomerFileMessages"
#: Messages of the customer services, with their variable parts as {0}, {1}...
#: (keep in step with hvdesk/idcard.py, phone.py and services/customers.py).
MESSAGES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("CustomerFileMessages", "name is empty"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "name is longer than 50 characters"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "registered address is empty"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "give a reason for 'do not visit'"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "give a reason for clearing 'do not visit'"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "a customer with this ID number already exists"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "say why you need the full number"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "note is empty"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "note is longer than {0} characters"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "choose the branch the customer belongs to"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "{0} may not open customers of another branch"),
    QT_TRANSLATE_NOOP("CustomerFileMessages",
                      "{0} may open the customers of his own visits only: "
                      "customer {1} is not on one of them"),
    QT_TRANSLATE_NOOP("CustomerFileMessages",
                      "{0} may open the customers of reports to review only: "
                      "customer {1} has no visit report"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "ID number is empty"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "a 15-digit ID number has digits only"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "ID number must have 18 characters, got {0}"),
    QT_TRANSLATE_NOOP("CustomerFileMessages",
                      "ID number has characters other than digits and a final X"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "no province with code {0}"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "no such date {0}"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "birth date {0} is in the future"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "birth year {0} is before 1900"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "check character should be {0}"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "mobile number is empty"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "mobile number has characters other than digits"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "mobile number must have 11 digits, got {0}"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "mobile number must start with 13-19"),
    QT_TRANSLATE_NOOP("CustomerFileMessages",
                      "not a mainland China mobile number: foreign country code"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "give one mobile number, not several"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "not a mobile number: landline?"),
    QT_TRANSLATE_NOOP("CustomerFileMessages", "no mobile network uses the prefix {0}"),
    QT_TRANSLATE_NOOP("CustomerFileMessages",
                      "customer {0} ({1}) was changed by {2} after you opened it; "
                      "reload it and apply your change again"),
    QT_TRANSLATE_NOOP("CustomerFileMessages",
                      "customer {0} was changed by someone else while you were editing; "
                      "reload it and apply your change again"),
)


#: Customer columns named in a stale-edit message; bookkeeping columns are left out.
FIELD_NAMES = {
    "name": QT_TRANSLATE_NOOP("CustomerFileMessages", "name"),
    "phone_enc": QT_TRANSLATE_NOOP("CustomerFileMessages", "mobile"),
    "registered_address": QT_TRANSLATE_NOOP("CustomerFileMessages", "registered address"),
    "current_address": QT_TRANSLATE_NOOP("CustomerFileMessages", "current address"),
    "do_not_visit": QT_TRANSLATE_NOOP("CustomerFileMessages", "do not visit"),
    "do_not_visit_reason": QT_TRANSLATE_NOOP("CustomerFileMessages", "do-not-visit reason"),
    "latitude": QT_TRANSLATE_NOOP("CustomerFileMessages", "location"),
}
_STALE = MESSAGES[-2]
_CHANGED = re.compile(r"(\S+) \(changed (.*) at (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\)\Z")


def _who_changed(text: str, zone: dt.tzinfo | None) -> str:
    """``coord2 (changed current_address at … UTC)`` in words and branch time."""
    found = _CHANGED.match(text)
    if not found:
        return text
    login, fields, at = found.groups()
    names = [QCoreApplication.translate(_MSG, FIELD_NAMES[f])
             for f in fields.split(", ") if f in FIELD_NAMES]
    when = dt.datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=dt.UTC)
    if zone is not None:
        when = when.astimezone(zone)
    return QCoreApplication.translate("CustomerFileMessages", "{0}, who changed {1} at {2}").format(
        login, QCoreApplication.translate("CustomerFileMessages", ", ").join(names) or DASH,
        when.strftime("%Y-%m-%d %H:%M"))


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\d\}", template)
    return re.compile("(.+?)".join(re.escape(p) for p in parts) + r"\Z", re.DOTALL)


_PATTERNS = [(_pattern(m), m) for m in MESSAGES]


def message_text(exc: HvdeskError, zone: dt.tzinfo | None = None) -> str:
    """A service's message in the interface language, variable parts kept.

    ``zone`` turns the UTC time in a stale-edit message into branch time.
    """
    message = str(exc)
    for pattern, template in _PATTERNS:
        found = pattern.match(message)
        if found:
            parts = list(found.groups())
            if template == _STALE:
                parts[2] = _who_changed(parts[2], zone)
            return QCoreApplication.translate(_MSG, template).format(*parts)
    return error_text(exc)


# --- formatting ----------------------------------------------------------------
def money(value: Decimal | None) -> str:
    # None: the list the contract was imported from did not say.
    return DASH if value is None else f"{value:,.2f}"


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else DASH




# --- models --------------------------------------------------------------------
class CustomerLoanModel(RowsModel[LoanRow]):
    def headers(self) -> list[str]:
        return [self.tr("Contract"), self.tr("Product"), self.tr("Principal"),
                self.tr("Outstanding"), self.tr("Overdue"), self.tr("Days past due"),
                self.tr("Last payment")]

    def columns(self) -> list[Column[LoanRow]]:
        return [
            Column(lambda r: r.contract_no),
            Column(lambda r: r.product or DASH),
            Column(lambda r: money(r.principal), lambda r: float(r.principal or -1), RIGHT),
            Column(lambda r: money(r.outstanding_balance),
                   lambda r: float(r.outstanding_balance or -1), RIGHT),
            Column(lambda r: money(r.overdue_amount), lambda r: float(r.overdue_amount or -1),
                   RIGHT),
            Column(lambda r: str(r.days_past_due), lambda r: r.days_past_due, RIGHT),
            Column(lambda r: date_text(r.last_payment_date)),
        ]


def _satisfaction(row: FeedbackRow) -> str:
    if row.satisfaction is None:
        return DASH
    return "★" * row.satisfaction + "☆" * (5 - row.satisfaction)


class CustomerFeedbackModel(RowsModel[FeedbackRow]):
    def headers(self) -> list[str]:
        return [self.tr("Received"), self.tr("Visit"), self.tr("Channel"),
                self.tr("Satisfaction"), self.tr("Felt respected"), self.tr("Complaint"),
                self.tr("What the customer said"), self.tr("Follow-up")]

    def columns(self) -> list[Column[FeedbackRow]]:
        return [
            Column(lambda r: time_text(r.received_at), lambda r: r.received_at.timestamp()),
            Column(lambda r: r.visit_start.date().isoformat()),
            Column(lambda r: label(CHANNELS, r.channel)),
            Column(_satisfaction, lambda r: r.satisfaction or 0),
            Column(lambda r: yes_no(r.felt_respected)),
            Column(lambda r: yes_no(r.is_complaint)),
            Column(lambda r: r.complaint_text or DASH),
            Column(lambda r: r.follow_up or DASH),
        ]


class CustomerNoteModel(RowsModel[NoteRow]):
    """Append-only: rows are added, never edited or removed."""

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Author"), self.tr("Note")]

    def columns(self) -> list[Column[NoteRow]]:
        return [
            Column(lambda r: time_text(r.created_at), lambda r: r.created_at.timestamp()),
            Column(lambda r: r.author_name),
            Column(lambda r: r.text),
        ]
