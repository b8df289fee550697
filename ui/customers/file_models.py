"""Table models and display names for the customer file (loans, visits, feedback, notes).

The rows are frozen dataclasses from ``hvdesk.services.customer_file``; times
arrive already in the branch's zone, so the models only format them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from hvdesk.errors import HvdeskError
from hvdesk.services.customer_file import FeedbackRow, LoanRow, NoteRow, VisitRow
from ui.labels import QT_TRANSLATE_NOOP, error_text

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
#: Raw values for sorting (amounts and dates sort wrongly as formatted text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
DASH = "—"

# --- names of the core's enum values -------------------------------------------
_LABELS = "CustomerFileLabels"
PURPOSES = {
    "pre_loan": QT_TRANSLATE_NOOP("CustomerFileLabels", "Pre-loan verification"),
    "post_loan": QT_TRANSLATE_NOOP("CustomerFileLabels", "Post-loan review"),
    "overdue": QT_TRANSLATE_NOOP("CustomerFileLabels", "Overdue follow-up"),
    "care": QT_TRANSLATE_NOOP("CustomerFileLabels", "Customer care"),
}
VISIT_STATUSES = {
    "planned": QT_TRANSLATE_NOOP("CustomerFileLabels", "Planned"),
    "notified": QT_TRANSLATE_NOOP("CustomerFileLabels", "Notified"),
    "confirmed": QT_TRANSLATE_NOOP("CustomerFileLabels", "Confirmed"),
    "in_progress": QT_TRANSLATE_NOOP("CustomerFileLabels", "In progress"),
    "completed": QT_TRANSLATE_NOOP("CustomerFileLabels", "Completed"),
    "cancelled": QT_TRANSLATE_NOOP("CustomerFileLabels", "Cancelled"),
    "no_show": QT_TRANSLATE_NOOP("CustomerFileLabels", "No-show"),
    "rescheduled": QT_TRANSLATE_NOOP("CustomerFileLabels", "Rescheduled"),
}
REPORT_STATUSES = {
    "draft": QT_TRANSLATE_NOOP("CustomerFileLabels", "Draft"),
    "submitted": QT_TRANSLATE_NOOP("CustomerFileLabels", "Submitted"),
    "approved": QT_TRANSLATE_NOOP("CustomerFileLabels", "Approved"),
    "returned": QT_TRANSLATE_NOOP("CustomerFileLabels", "Returned"),
}
OUTCOMES = {
    "met_customer": QT_TRANSLATE_NOOP("CustomerFileLabels", "Met the customer"),
    "met_family": QT_TRANSLATE_NOOP("CustomerFileLabels", "Met a family member"),
    "nobody_home": QT_TRANSLATE_NOOP("CustomerFileLabels", "Nobody home"),
    "address_invalid": QT_TRANSLATE_NOOP("CustomerFileLabels", "Address invalid"),
    "refused": QT_TRANSLATE_NOOP("CustomerFileLabels", "Refused"),
    "moved_away": QT_TRANSLATE_NOOP("CustomerFileLabels", "Moved away"),
}
NOTICE_STATUSES = {
    "draft": QT_TRANSLATE_NOOP("CustomerFileLabels", "Draft"),
    "queued": QT_TRANSLATE_NOOP("CustomerFileLabels", "Queued"),
    "sent": QT_TRANSLATE_NOOP("CustomerFileLabels", "Sent"),
    "delivered": QT_TRANSLATE_NOOP("CustomerFileLabels", "Delivered"),
    "failed": QT_TRANSLATE_NOOP("CustomerFileLabels", "Failed"),
    "cancelled": QT_TRANSLATE_NOOP("CustomerFileLabels", "Cancelled"),
}
CHANNELS = {
    "phone": QT_TRANSLATE_NOOP("CustomerFileLabels", "Phone"),
    "sms": QT_TRANSLATE_NOOP("CustomerFileLabels", "SMS"),
    "visit": QT_TRANSLATE_NOOP("CustomerFileLabels", "In person"),
    "wechat": QT_TRANSLATE_NOOP("CustomerFileLabels", "WeChat"),
    "letter": QT_TRANSLATE_NOOP("CustomerFileLabels", "Letter"),
}
YES = QT_TRANSLATE_NOOP("CustomerFileLabels", "Yes")
NO = QT_TRANSLATE_NOOP("CustomerFileLabels", "No")


def label(table: dict[str, str], value: str | None) -> str:
    if value is None:
        return DASH
    return QCoreApplication.translate(_LABELS, table.get(value, value))


def yes_no(value: bool | None) -> str:
    if value is None:
        return DASH
    return QCoreApplication.translate(_LABELS, YES if value else NO)


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


def time_text(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


# --- models --------------------------------------------------------------------
class Column(Generic[Row]):
    def __init__(
        self,
        display: Callable[[Row], str],
        sort: Callable[[Row], Any] | None = None,
        align: Qt.AlignmentFlag = LEFT,
    ) -> None:
        self.display = display
        self.sort = sort or display
        self.align = align


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Read-only rows of one dataclass type, one :class:`Column` per column."""

    def __init__(self, rows: Sequence[Row] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = list(rows)
        self._columns = self.columns()

    def columns(self) -> list[Column[Row]]:
        raise NotImplementedError

    def headers(self) -> list[str]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_row(self, row: Row) -> None:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._columns[section].align
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        return None


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
            Column(lambda r: money(r.overdue_amount), lambda r: float(r.overdue_amount), RIGHT),
            Column(lambda r: str(r.days_past_due), lambda r: r.days_past_due, RIGHT),
            Column(lambda r: date_text(r.last_payment_date)),
        ]


def _team(row: VisitRow) -> str:
    lead = QCoreApplication.translate("CustomerVisitModel", "{0} (lead)")
    names = [lead.format(m.name) if m.is_lead else m.name for m in row.team]
    return QCoreApplication.translate("CustomerVisitModel", ", ").join(names) or DASH


def _report(row: VisitRow) -> str:
    if row.report_status is None:
        return DASH
    status = label(REPORT_STATUSES, row.report_status)
    return f"{label(OUTCOMES, row.report_outcome)} · {status}" if row.report_outcome else status


def _notice(row: VisitRow) -> str:
    if row.notice_status is None:
        return DASH
    status = label(NOTICE_STATUSES, row.notice_status)
    if row.notice_count > 1:
        return QCoreApplication.translate("CustomerVisitModel", "{0} ({1} notices)").format(
            status, row.notice_count)
    return status


class CustomerVisitModel(RowsModel[VisitRow]):
    def headers(self) -> list[str]:
        return [self.tr("Date"), self.tr("Purpose"), self.tr("Status"), self.tr("Team"),
                self.tr("Report"), self.tr("Notice"), self.tr("Address")]

    def columns(self) -> list[Column[VisitRow]]:
        return [
            Column(lambda r: f"{time_text(r.planned_start)}–{r.planned_end:%H:%M}",
                   lambda r: r.planned_start.timestamp()),
            Column(lambda r: label(PURPOSES, r.purpose)),
            Column(lambda r: label(VISIT_STATUSES, r.status)),
            Column(_team),
            Column(_report),
            Column(_notice),
            Column(lambda r: r.address),
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
