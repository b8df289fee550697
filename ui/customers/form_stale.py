"""After a stale edit: keep the user's changes, take a colleague's elsewhere, mark the rest.

A mixin of :class:`ui.customers.customer_form.CustomerForm` (kept apart so the form
stays readable); its strings keep the form's translation context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from hvdesk import phone
from hvdesk.errors import StaleEdit, ValidationError
from hvdesk.security import masking
from hvdesk.services.customer_file import PersonalView
from ui.customers.file_models import message_text

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit

    from ui.customers.customer_form import Typed


class StaleMerge:
    """What the form gives the merge (annotations only) and the merge itself."""

    conflict_fields: list[str]
    conflicts: dict[str, QLabel]
    dnv_check: QCheckBox
    name_edit: QLineEdit
    registered_edit: QLineEdit
    current_edit: QLineEdit
    dnv_reason_edit: QLineEdit
    phone_edit: QLineEdit

    if TYPE_CHECKING:
        def _show_values(self, view: PersonalView) -> None: ...
        @staticmethod
        def _saved_values(view: PersonalView) -> dict[str, object]: ...
        def show_message(self, text: str) -> None: ...

    def _merge_stale(self, exc: StaleEdit, before: PersonalView, mine: Typed,
                     now: PersonalView) -> None:
        """Keep the user's changes, take the colleague's elsewhere, mark differences."""
        self._show_values(now)
        old, new = self._saved_values(before), self._saved_values(now)
        differ: list[str] = []
        if mine.do_not_visit != before.do_not_visit:
            self.dnv_check.setChecked(mine.do_not_visit)  # before the reason text below
        restore = {"name": self.name_edit, "registered_address": self.registered_edit,
                   "current_address": self.current_edit,
                   "do_not_visit_reason": self.dnv_reason_edit}
        for key, edit in restore.items():
            typed = str(getattr(mine, key))
            if typed == old[key]:
                # Untouched by the user: the colleague's value stays in the field.
                if new[key] != old[key]:
                    self._show_note(key, QCoreApplication.translate("CustomerForm", 
                        "Changed by a colleague; the field shows the saved value."))
                continue
            edit.setText(typed)  # the user changed it: keep their text
            if typed != new[key]:
                differ.append(key)
                self._show_conflict(key, str(new[key]))
        if mine.do_not_visit != now.do_not_visit:
            differ.append("do_not_visit")
            state = (QCoreApplication.translate("CustomerForm", "set") if now.do_not_visit
                     else QCoreApplication.translate("CustomerForm", "not set"))
            said = QCoreApplication.translate("CustomerForm", "Do not visit: {0}")
            self._show_conflict("do_not_visit_reason", said.format(state))
        if mine.phone:
            self.phone_edit.setText(mine.phone)
            if self._masked_phone(mine.phone) != now.phone_masked:
                differ.append("phone")
                self._show_conflict("phone", now.phone_masked)
        elif now.phone_masked != before.phone_masked:
            differ.append("phone")
            self._show_conflict("phone", now.phone_masked)
        self.conflict_fields = differ
        advice = QCoreApplication.translate("CustomerForm", 
            "Nothing was saved. Your input is kept; the marked fields differ from what is "
            "saved now. Save again to apply your input.")
        self.show_message(message_text(exc, now.updated_at.tzinfo) + "\n" + advice)

    def _show_conflict(self, field: str, saved: str) -> None:
        empty = QCoreApplication.translate("CustomerForm", "(empty)")
        said = QCoreApplication.translate("CustomerForm", "Saved meanwhile: {0}")
        self._show_note(field, said.format(saved or empty))

    def _show_note(self, field: str, text: str) -> None:
        note = self.conflicts[field]
        note.setText(text)
        note.show()

    @staticmethod
    def _masked_phone(raw: str) -> str | None:
        try:
            number = phone.parse(raw)
        except ValidationError:
            return None
        return masking.mask_phone(number[:3], number[-4:])

