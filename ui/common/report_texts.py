"""Display names of the report and promise values the dashboard and dialogs show."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hvdesk.model import ReportOutcome
from ui.labels import QT_TRANSLATE_NOOP

OUTCOME_NAMES: dict[ReportOutcome, str] = {
    ReportOutcome.MET_CUSTOMER: QT_TRANSLATE_NOOP("DashboardTexts", "Met customer"),
    ReportOutcome.MET_FAMILY: QT_TRANSLATE_NOOP("DashboardTexts", "Met family member"),
    ReportOutcome.NOBODY_HOME: QT_TRANSLATE_NOOP("DashboardTexts", "Nobody home"),
    ReportOutcome.ADDRESS_INVALID: QT_TRANSLATE_NOOP("DashboardTexts", "Address invalid"),
    ReportOutcome.REFUSED: QT_TRANSLATE_NOOP("DashboardTexts", "Refused"),
    ReportOutcome.MOVED_AWAY: QT_TRANSLATE_NOOP("DashboardTexts", "Moved away"),
}

OUTCOME_COLOURS: dict[ReportOutcome, str] = {
    ReportOutcome.MET_CUSTOMER: "#009e73",
    ReportOutcome.MET_FAMILY: "#56b4e9",
    ReportOutcome.NOBODY_HOME: "#e69f00",
    ReportOutcome.ADDRESS_INVALID: "#7a869a",
    ReportOutcome.REFUSED: "#d55e00",
    ReportOutcome.MOVED_AWAY: "#cc79a7",
}

PROMISE_NAMES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("DashboardTexts", "Pending"),
    "kept": QT_TRANSLATE_NOOP("DashboardTexts", "Kept"),
    "partial": QT_TRANSLATE_NOOP("DashboardTexts", "Partly kept"),
    "broken": QT_TRANSLATE_NOOP("DashboardTexts", "Broken"),
}

COMPLAINT_NAMES: dict[str, str] = {
    "open": QT_TRANSLATE_NOOP("DashboardTexts", "Open"),
    "upheld": QT_TRANSLATE_NOOP("DashboardTexts", "Upheld"),
    "rejected": QT_TRANSLATE_NOOP("DashboardTexts", "Not upheld"),
}

CHANNEL_NAMES: dict[str, str] = {
    "call": QT_TRANSLATE_NOOP("DashboardTexts", "Phone call"),
    "sms": QT_TRANSLATE_NOOP("DashboardTexts", "SMS reply"),
}


def outcome_name(outcome: ReportOutcome) -> str:
    return QCoreApplication.translate("DashboardTexts", OUTCOME_NAMES[outcome])


def promise_name(status: str) -> str:
    return QCoreApplication.translate("DashboardTexts", PROMISE_NAMES.get(status, status))


def complaint_name(status: str) -> str:
    return QCoreApplication.translate("DashboardTexts", COMPLAINT_NAMES.get(status, status))


def channel_name(channel: str) -> str:
    return QCoreApplication.translate("DashboardTexts", CHANNEL_NAMES.get(channel, channel))
