"""Display names and colours of visit values, and rule violations in the UI language.

The scheduling package reports a :class:`Violation` with a stable code and an
English message whose placeholders are filled. The calendar shows the
translated template of the code with the same values, read back from the
message by the package's own template; anything that does not match (a
template changed upstream) falls back to the English message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from PySide6.QtCore import QCoreApplication

from hvdesk.model import NoticeStatus, VisitStatus
from hvdesk.scheduling.violations import RULES, Violation
from ui.labels import QT_TRANSLATE_NOOP
from ui.visit_names import (  # noqa: F401 - the calendar's widgets import them from here
    NOTICE_NAMES,
    PURPOSE_NAMES,
    STATUS_NAMES,
    notice_name,
    purpose_name,
    status_name,
)

#: The notice badge on a visit block: grey waiting, blue out, green delivered, red failed.
NOTICE_COLOURS: dict[NoticeStatus, str] = {
    NoticeStatus.DRAFT: "#6b7280",
    NoticeStatus.QUEUED: "#c27803",
    NoticeStatus.SENT: "#2f6fde",
    NoticeStatus.DELIVERED: "#1f8a4c",
    NoticeStatus.FAILED: "#b42318",
    NoticeStatus.CANCELLED: "#9ca3af",
}

#: Fill and accent (left bar, text) per status: calm for the future, grey for the past.
STATUS_COLOURS: dict[VisitStatus, tuple[str, str]] = {
    VisitStatus.PLANNED: ("#e3edfd", "#2f6fde"),
    VisitStatus.NOTIFIED: ("#ece8fd", "#6d4fd8"),
    VisitStatus.CONFIRMED: ("#e1f5ea", "#1f8a4c"),
    VisitStatus.IN_PROGRESS: ("#fdf1dc", "#c27803"),
    VisitStatus.COMPLETED: ("#eef0f3", "#6b7280"),
    VisitStatus.NO_SHOW: ("#fbe7e6", "#b42318"),
    VisitStatus.CANCELLED: ("#f3f4f6", "#9ca3af"),
    VisitStatus.RESCHEDULED: ("#f3f4f6", "#9ca3af"),
}

#: The scheduling package's message templates, in English, marked for translation.
#: Keep in step with ``hvdesk/scheduling/violations.py`` (a change falls back to English).
VIOLATION_TEMPLATES: dict[str, str] = {
    "invalid_times": QT_TRANSLATE_NOOP(
        "CalendarViolations", "The visit must end after it starts ({start}–{end})."
    ),
    "night_hours": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "The visit {start}–{end} falls in the quiet hours 22:00–08:00 local time; only the "
        "customer's recorded agreement allows a visit then.",
    ),
    "outside_branch_hours": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "The visit {start}–{end} is outside the branch's visiting hours {window_start}–"
        "{window_end}.",
    ),
    "public_holiday": QT_TRANSLATE_NOOP(
        "CalendarViolations", "{date} is a public holiday ({holiday}); no visits unless overridden."
    ),
    "do_not_visit": QT_TRANSLATE_NOOP(
        "CalendarViolations", "The customer is marked 'do not visit': {reason}."
    ),
    "customer_other_branch": QT_TRANSLATE_NOOP(
        "CalendarViolations", "The customer belongs to another branch."
    ),
    "team_too_small": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "A home visit needs at least {minimum} active visitors of the branch; this team has "
        "{count}.",
    ),
    "not_a_visitor": QT_TRANSLATE_NOOP("CalendarViolations", "{visitor} is not a field visitor."),
    "visitor_inactive": QT_TRANSLATE_NOOP("CalendarViolations", "{visitor}'s account is disabled."),
    "visitor_other_branch": QT_TRANSLATE_NOOP(
        "CalendarViolations", "{visitor} belongs to another branch."
    ),
    "visitor_on_leave": QT_TRANSLATE_NOOP(
        "CalendarViolations", "{visitor} is on leave from {leave_start} to {leave_end}."
    ),
    "visitor_busy": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "{visitor}: already in visit {other} from {other_start} to {other_end}.",
    ),
    "booked_elsewhere": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "{visitor}: booked for the same time by another desk a moment ago; reload the calendar.",
    ),
    "travel_time": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "{visitor}: about {needed} minutes are needed to travel {km} km between visit {other} "
        "and this one, but there are only {gap} minutes.",
    ),
    "too_many_visits": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "The customer would get {count} visits within 30 days (around {date}); the branch "
        "allows {maximum}.",
    ),
    "sms_lead_time": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "The visit starts in {hours} hours; the SMS notice must go out at least {lead} hours "
        "before the visit.",
    ),
    "report_missing": QT_TRANSLATE_NOOP(
        "CalendarViolations",
        "The visit cannot be completed before its visit report is submitted (report: {report}).",
    ),
    "invalid_transition": QT_TRANSLATE_NOOP(
        "CalendarViolations", "A {status} visit cannot be {action}."
    ),
}

#: Holiday names as the holiday packages give them (lower case, "(observed)" dropped).
HOLIDAY_NAMES: dict[str, str] = {
    "new year's day": QT_TRANSLATE_NOOP("CalendarTexts", "New Year's Day"),
    "spring festival": QT_TRANSLATE_NOOP("CalendarTexts", "Spring Festival"),
    "chinese new year (spring festival)": QT_TRANSLATE_NOOP("CalendarTexts", "Spring Festival"),
    "chinese new year's eve": QT_TRANSLATE_NOOP("CalendarTexts", "Spring Festival Eve"),
    "tomb-sweeping day": QT_TRANSLATE_NOOP("CalendarTexts", "Tomb-sweeping Day"),
    "labour day": QT_TRANSLATE_NOOP("CalendarTexts", "Labour Day"),
    "labor day": QT_TRANSLATE_NOOP("CalendarTexts", "Labour Day"),
    "dragon boat festival": QT_TRANSLATE_NOOP("CalendarTexts", "Dragon Boat Festival"),
    "national day": QT_TRANSLATE_NOOP("CalendarTexts", "National Day"),
    "mid-autumn festival": QT_TRANSLATE_NOOP("CalendarTexts", "Mid-autumn Festival"),
    "anti-fascist 70th day": QT_TRANSLATE_NOOP("CalendarTexts", "Victory Day (2015)"),
}

_FIELD = re.compile(r"\{(\w+)\}")


def holiday_name(name: str) -> str:
    key = name.lower().replace(" (observed)", "").strip()
    source = HOLIDAY_NAMES.get(key)
    return QCoreApplication.translate("CalendarTexts", source) if source else name


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    seen: set[str] = set()
    pos = 0
    for m in _FIELD.finditer(template):
        parts.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = m.end()
    parts.append(re.escape(template[pos:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


def violation_values(v: Violation) -> dict[str, str] | None:
    """The values filled into ``v.message``, read back with the package's template."""
    rule = RULES.get(v.code)
    if rule is None:
        return None
    m = _pattern(rule[1]).match(v.message)
    return m.groupdict() if m else None


def violation_text(v: Violation) -> str:
    template = VIOLATION_TEMPLATES.get(v.code)
    values = violation_values(v)
    if template is None or values is None:
        return v.message
    translated = QCoreApplication.translate("CalendarViolations", template)
    if "holiday" in values:
        values["holiday"] = holiday_name(values["holiday"])
    try:
        return translated.format(**values)
    except (KeyError, IndexError, ValueError):
        return v.message


#: Auto-plan's reasons that are not rule violations.
PLAN_MESSAGES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("CalendarViolations", "No team of two active visitors is available."),
    QT_TRANSLATE_NOOP("CalendarViolations", "No free slot for a team in the date range."),
)


def message_text(message: str) -> str:
    """A message of the scheduling package (no code attached) in the UI language."""
    for code, (hard, template) in RULES.items():
        if _pattern(template).match(message):
            return violation_text(Violation(code, message, hard))
    if message in PLAN_MESSAGES:
        return QCoreApplication.translate("CalendarViolations", message)
    return message


def violations_text(violations: Iterable[Violation]) -> str:
    return "\n".join(f"• {violation_text(v)}" for v in violations)
