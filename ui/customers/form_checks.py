"""The new-customer form's own checks (issue 16.9): each field as it is typed, what Save
still needs, and every problem at once when Save is pressed.

The rules are the core's (:mod:`hvdesk.idcard`, :mod:`hvdesk.phone`), so the form says
exactly what the service would; their messages are codes put into the interface
language by :func:`ui.labels.error_text`. The service checks again on save.
"""

from __future__ import annotations

from collections.abc import Callable

from hvdesk import clock, idcard, phone
from hvdesk.errors import ValidationError
from ui.labels import error_text

#: Characters at which an ID number / a mobile number is complete enough to judge while
#: the user is still typing (before that, a half-typed number is not "wrong").
COMPLETE = {"id_number": 18, "phone": 11}


def _id_problem(text: str) -> str | None:
    try:
        idcard.parse(text, today=clock.today(None))
    except ValidationError as exc:
        return error_text(exc)
    return None


def _phone_problem(text: str) -> str | None:
    try:
        phone.parse(text)
    except ValidationError as exc:
        return error_text(exc)
    return None


CHECKS: dict[str, Callable[[str], str | None]] = {
    "id_number": _id_problem,
    "phone": _phone_problem,
}


def problem(field: str, text: str, *, finished: bool) -> str | None:
    """What is wrong with ``text`` in ``field`` (None: nothing, or not yet judged).

    While typing (``finished`` False) a number is judged once it has its full
    length; leaving the field (or saving) judges whatever is there. Empty is for
    :func:`missing` to say, not an error under the field.
    """
    check = CHECKS.get(field)
    text = text.strip()
    if check is None or not text:
        return None
    if not finished and len("".join(text.split())) < COMPLETE[field]:
        return None
    return check(text)


def missing(values: dict[str, str], required: list[str]) -> list[str]:
    """The required fields (of ``values``) that are still empty, in form order."""
    return [field for field in required if not values.get(field, "").strip()]
