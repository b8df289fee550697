"""What a broken scheduling rule looks like, and the exception that carries them.

Every rule reports a :class:`Violation` with a stable ``code`` (the UI
translates by code and may show its own text) and an English ``message``
with the placeholders already filled, so the CLI and logs read well too.
The message templates live here, in one table, so they stay stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hvdesk.errors import HvdeskError


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    message: str
    #: A hard rule cannot be overridden by anybody; a soft one by a permitted
    #: user who writes down why.
    hard: bool


# code -> (hard, template). Placeholders are named so a translator can reorder them.
RULES: dict[str, tuple[bool, str]] = {
    "invalid_times": (True, "The visit must end after it starts ({start}–{end})."),
    "night_hours": (
        True,
        "The visit {start}–{end} falls in the quiet hours 22:00–08:00 local time; only the "
        "customer's recorded agreement allows a visit then.",
    ),
    "outside_branch_hours": (
        False,
        "The visit {start}–{end} is outside the branch's visiting hours {window_start}–"
        "{window_end}.",
    ),
    "public_holiday": (
        False,
        "{date} is a public holiday ({holiday}); no visits unless overridden.",
    ),
    "do_not_visit": (True, "The customer is marked 'do not visit': {reason}."),
    "customer_other_branch": (True, "The customer belongs to another branch."),
    "team_too_small": (
        True,
        "A home visit needs at least {minimum} active visitors of the branch; this team has "
        "{count}.",
    ),
    "not_a_visitor": (True, "{visitor} is not a field visitor."),
    "visitor_inactive": (True, "{visitor}'s account is disabled."),
    "visitor_other_branch": (True, "{visitor} belongs to another branch."),
    "visitor_on_leave": (True, "{visitor} is on leave from {leave_start} to {leave_end}."),
    "visitor_busy": (
        True,
        "{visitor}: already in visit {other} from {other_start} to {other_end}.",
    ),
    "booked_elsewhere": (
        True,
        "{visitor}: booked for the same time by another desk a moment ago; reload the calendar.",
    ),
    "travel_time": (
        False,
        "{visitor}: about {needed} minutes are needed to travel {km} km between visit {other} "
        "and this one, but there are only {gap} minutes.",
    ),
    "too_many_visits": (
        False,
        "The customer would get {count} visits within 30 days (around {date}); the branch "
        "allows {maximum}.",
    ),
    "sms_lead_time": (
        False,
        "The visit starts in {hours} hours; the SMS notice must go out at least {lead} hours "
        "before the visit.",
    ),
    "report_missing": (
        True,
        "The visit cannot be completed before its visit report is submitted (report: {report}).",
    ),
    "invalid_transition": (True, "A {status} visit cannot be {action}."),
}


def violation(code: str, **values: Any) -> Violation:
    hard, template = RULES[code]
    return Violation(code=code, message=template.format(**values), hard=hard)


class SchedulingRefused(HvdeskError):
    """The change breaks a hard rule, or a soft one nobody overrode with a reason."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        super().__init__(" ".join(v.message for v in self.violations) or "refused")

    @property
    def codes(self) -> list[str]:
        return [v.code for v in self.violations]


def blocking(violations: Iterable[Violation], *, overridden: bool) -> list[Violation]:
    """Those that stop the change: every hard one, and soft ones unless overridden."""
    return [v for v in violations if v.hard or not overridden]
