"""The new-customer form's own checks (issue 16.9): each field as it is typed, what Save
still needs, and every problem at once when Save is pressed.

The rules are the core's (:mod:`hvdesk.idcard`, :mod:`hvdesk.phone`), so the form says
exactly what the service would, in the words its refusals get
(:func:`~ui.customers.file_models.message_text`). The service checks again on save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hvdesk import clock, idcard, phone
from hvdesk.errors import ValidationError
from ui.customers.file_models import message_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QLineEdit

#: Characters at which an ID number / a mobile number is complete enough to judge while
#: the user is still typing (before that, a half-typed number is not "wrong").
COMPLETE = {"id_number": 18, "phone": 11}


def _id_problem(text: str) -> str | None:
    try:
        idcard.parse(text, today=clock.today(None))
    except ValidationError as exc:
        return message_text(exc)
    return None


def _phone_problem(text: str) -> str | None:
    try:
        phone.parse(text)
    except ValidationError as exc:
        return message_text(exc)
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
    if not finished and _length(field, text) < COMPLETE[field]:
        return None
    return check(text)


def _length(field: str, text: str) -> int:
    """Characters that count towards a complete number (a country code does not)."""
    if field == "phone":
        digits = "".join(ch for ch in text if ch.isdigit())
        for prefix in ("+86", "0086"):
            if text.startswith(prefix):
                return len(digits) - len(prefix.lstrip("+"))
        return len(digits)
    return len("".join(text.split()))


def missing(values: dict[str, str], required: list[str]) -> list[str]:
    """The required fields (of ``values``) that are still empty, in form order."""
    return [field for field in required if not values.get(field, "").strip()]


class FieldChecks:
    """The form's side of the checks: a mixin of
    :class:`~ui.customers.customer_form.CustomerForm` (annotations only here)."""

    inputs: dict[str, QLineEdit]
    errors: dict[str, QLabel]

    if TYPE_CHECKING:
        @property
        def creating(self) -> bool: ...
        def fit_height(self) -> None: ...

    def _id_typed(self) -> None:
        self._check_live("id_number", finished=False)

    def _id_left(self) -> None:
        self._check_live("id_number", finished=True)

    def _phone_typed(self) -> None:
        self._check_live("phone", finished=False)

    def _phone_left(self) -> None:
        self._check_live("phone", finished=True)

    def _check_live(self, field: str, *, finished: bool) -> None:
        # A message already shown follows every keystroke (and goes once it is right).
        judged = finished or self.errors[field].isVisible()
        found = problem(field, self.inputs[field].text(), finished=judged)
        if found is not None or judged:
            self._mark(field, found)

    def _mark(self, field: str, text: str | None) -> None:
        """A message under ``field`` (None: none), without moving the focus."""
        self.errors[field].setText(text or "")
        self.errors[field].setVisible(text is not None)
        edit = self.inputs[field]
        edit.setProperty("invalid", text is not None)
        edit.style().polish(edit)
        if text is not None:
            self.fit_height()

    def local_problems(self) -> dict[str, str]:
        """Every problem the form can see itself, field by field (before the service)."""
        found: dict[str, str] = {}
        for field in CHECKS:
            if field == "id_number" and not self.creating:
                continue
            wrong = problem(field, self.inputs[field].text(), finished=True)
            if wrong is not None:
                found[field] = wrong
        return found
