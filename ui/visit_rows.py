"""A customer's visits as a table, and the names of the visit values it shows.

Shared by the customer file and the review queue (which shows the visits of
the reviewed customer); the texts keep the customer file's translation context.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from hvdesk.services.customer_file import VisitRow
from ui.labels import QT_TRANSLATE_NOOP
from ui.tables import DASH, Column, RowsModel

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




def time_text(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


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
