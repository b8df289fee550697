"""Which status a visit may move to next (domain.md's life cycle).

planned → notified → confirmed → in progress → completed, or it ends as
cancelled, no-show or rescheduled. A visit moved to a new time after its
notice went out goes back to planned: the customer must be told again
(domain.md: "a moved or cancelled visit gets a new notice").
"""

from __future__ import annotations

from hvdesk.model.enums import VisitStatus
from hvdesk.scheduling.violations import SchedulingRefused, violation

S = VisitStatus

TRANSITIONS: dict[VisitStatus, frozenset[VisitStatus]] = {
    S.PLANNED: frozenset({S.NOTIFIED, S.CONFIRMED, S.CANCELLED, S.RESCHEDULED}),
    S.NOTIFIED: frozenset({S.CONFIRMED, S.IN_PROGRESS, S.CANCELLED, S.RESCHEDULED, S.NO_SHOW}),
    S.CONFIRMED: frozenset({S.IN_PROGRESS, S.CANCELLED, S.RESCHEDULED, S.NO_SHOW}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.NO_SHOW}),
    S.COMPLETED: frozenset(),
    S.CANCELLED: frozenset(),
    S.NO_SHOW: frozenset(),
    S.RESCHEDULED: frozenset(),
}

#: Visits whose time, length or team may still change.
CHANGEABLE = frozenset({S.PLANNED, S.NOTIFIED, S.CONFIRMED})
#: After a change of time these need a new notice, so they fall back to planned.
NOTICE_SENT = frozenset({S.NOTIFIED, S.CONFIRMED})


def can_move(current: VisitStatus, target: VisitStatus) -> bool:
    return target in TRANSITIONS[current]


def require_transition(current: VisitStatus, target: VisitStatus, action: str) -> None:
    if not can_move(current, target):
        raise SchedulingRefused(
            [violation("invalid_transition", status=_words(current), action=action)]
        )


def require_changeable(current: VisitStatus, action: str) -> None:
    if current not in CHANGEABLE:
        raise SchedulingRefused(
            [violation("invalid_transition", status=_words(current), action=action)]
        )


def _words(status: VisitStatus) -> str:
    return status.value.replace("_", " ")
