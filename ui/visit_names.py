"""Names of a visit's status, purpose and SMS notice in the interface language.

Shared by the calendar, the notices and the dashboard (no feature imports
another's texts). The translation context stays "CalendarTexts", where the
committed translations have them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hvdesk.model import NoticeStatus, VisitPurpose, VisitStatus
from ui.labels import QT_TRANSLATE_NOOP

STATUS_NAMES: dict[VisitStatus, str] = {
    VisitStatus.PLANNED: QT_TRANSLATE_NOOP("CalendarTexts", "Planned"),
    VisitStatus.NOTIFIED: QT_TRANSLATE_NOOP("CalendarTexts", "Notified"),
    VisitStatus.CONFIRMED: QT_TRANSLATE_NOOP("CalendarTexts", "Confirmed"),
    VisitStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("CalendarTexts", "In progress"),
    VisitStatus.COMPLETED: QT_TRANSLATE_NOOP("CalendarTexts", "Completed"),
    VisitStatus.CANCELLED: QT_TRANSLATE_NOOP("CalendarTexts", "Cancelled"),
    VisitStatus.NO_SHOW: QT_TRANSLATE_NOOP("CalendarTexts", "No-show"),
    VisitStatus.RESCHEDULED: QT_TRANSLATE_NOOP("CalendarTexts", "Rescheduled"),
}

PURPOSE_NAMES: dict[VisitPurpose, str] = {
    VisitPurpose.PRE_LOAN: QT_TRANSLATE_NOOP("CalendarTexts", "Pre-loan check"),
    VisitPurpose.POST_LOAN: QT_TRANSLATE_NOOP("CalendarTexts", "Post-loan review"),
    VisitPurpose.OVERDUE: QT_TRANSLATE_NOOP("CalendarTexts", "Overdue follow-up"),
    VisitPurpose.CARE: QT_TRANSLATE_NOOP("CalendarTexts", "Customer care"),
}

NOTICE_NAMES: dict[NoticeStatus, str] = {
    NoticeStatus.DRAFT: QT_TRANSLATE_NOOP("CalendarTexts", "SMS draft"),
    NoticeStatus.QUEUED: QT_TRANSLATE_NOOP("CalendarTexts", "SMS queued"),
    NoticeStatus.SENT: QT_TRANSLATE_NOOP("CalendarTexts", "SMS sent"),
    NoticeStatus.DELIVERED: QT_TRANSLATE_NOOP("CalendarTexts", "SMS delivered"),
    NoticeStatus.FAILED: QT_TRANSLATE_NOOP("CalendarTexts", "SMS failed"),
    NoticeStatus.CANCELLED: QT_TRANSLATE_NOOP("CalendarTexts", "SMS cancelled"),
}


def status_name(status: VisitStatus) -> str:
    return QCoreApplication.translate("CalendarTexts", STATUS_NAMES.get(status, status.value))


def purpose_name(purpose: VisitPurpose) -> str:
    return QCoreApplication.translate("CalendarTexts", PURPOSE_NAMES.get(purpose, purpose.value))


def notice_name(status: NoticeStatus | None) -> str:
    if status is None:
        return ""
    return QCoreApplication.translate("CalendarTexts", NOTICE_NAMES.get(status, status.value))
