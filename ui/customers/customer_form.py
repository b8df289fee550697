"""Create or edit a customer, with each refusal shown under the field it concerns.

On a stale edit (a colleague saved the customer after the form opened) the
save is refused and nothing is written; the form reloads the saved values,
keeps every field the user changed, takes the colleague's value in every field
the user left alone, and marks the fields where the two differ. Saving again
applies the user's changes on top of the colleague's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk import safelog
from hvdesk.database import Database
from hvdesk.errors import HvdeskError, StaleEdit, ValidationError
from hvdesk.rights import corrections
from hvdesk.services import customer_file
from hvdesk.services.context import Actor
from hvdesk.services.customer_file import PersonalView
from hvdesk.services.customers import CustomerInput, CustomerView
from ui.customers import form_checks
from ui.customers.file_models import message_text
from ui.customers.form_checks import FieldChecks
from ui.customers.form_stale import StaleMerge
from ui.workers import Op, OpState

log = logging.getLogger(__name__)

FIELDS = ("name", "id_number", "phone", "registered_address", "current_address",
          "do_not_visit_reason")
#: Field-level styles kept with the form until the shared sheet has them.
STYLE = """
QLabel#fieldError { color: #b42318; font-size: 9pt; }
QLabel#fieldConflict {
    color: #92400e; background: #fffbeb; border: 1px solid #fde68a;
    border-radius: 4px; padding: 3px 6px; font-size: 9pt;
}
QLineEdit[invalid="true"] { border: 1px solid #d92d20; }
"""


@dataclass(frozen=True, slots=True)
class Typed:
    """What the form holds, cleaned of stray spaces."""

    name: str
    id_number: str
    phone: str
    registered_address: str
    current_address: str
    do_not_visit: bool
    do_not_visit_reason: str


def _clean(text: str) -> str:
    return " ".join(text.split())


class CustomerForm(FieldChecks, StaleMerge, QDialog):
    """``customer_id=None`` creates a customer in ``branch_id`` (default: the actor's)."""

    sig_saved = Signal(int)
    #: The saved values are in the fields (edit mode: read on a worker, or given).
    sig_loaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        customer_id: int | None = None,
        *,
        branch_id: int | None = None,
        personal: PersonalView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._customer_id = customer_id
        self._branch_id = branch_id
        self._baseline: PersonalView | None = None
        self._discard_confirmed = False
        self.saved: CustomerView | None = None
        self.discard_box: QMessageBox | None = None
        #: After a stale edit: the fields whose saved value differs from the input.
        self.conflict_fields: list[str] = []
        #: The save running on its worker.
        self.op: Op[CustomerView | None] | None = None
        self.setObjectName("customerForm")
        self.setStyleSheet(STYLE)
        self.setMinimumWidth(560)

        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self._build_fields()
        self._build_buttons()

        self.main_layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.message_label)
        layout.addLayout(self.form)
        layout.addWidget(self.needs_label)
        layout.addWidget(self.hint_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        for edit in self.inputs.values():
            edit.textChanged.connect(self._update_save_enabled)
        # Issue 16.9: the numbers are checked as they are typed, and again on leaving them
        # (bound methods: Qt drops the connections with the form).
        self.id_edit.textChanged.connect(self._id_typed)
        self.id_edit.editingFinished.connect(self._id_left)
        self.phone_edit.textChanged.connect(self._phone_typed)
        self.phone_edit.editingFinished.connect(self._phone_left)
        self.dnv_check.toggled.connect(self._on_dnv_toggled)
        self.dnv_reason_edit.setEnabled(False)
        self.retranslateUi()
        self._opened_with = self.typed()
        if personal is not None:
            self._loaded(personal)
        elif not self.creating:
            self._load()
        self._update_save_enabled()

    # --- construction --------------------------------------------------------
    @property
    def creating(self) -> bool:
        return self._customer_id is None

    def _build_fields(self) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(50)
        self.id_edit = QLineEdit()
        self.id_edit.setMaxLength(40)
        self.id_fixed = QLabel()
        self.id_fixed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phone_edit = QLineEdit()
        self.phone_edit.setMaxLength(30)
        self.registered_edit = QLineEdit()
        self.registered_edit.setMaxLength(300)
        self.current_edit = QLineEdit()
        self.current_edit.setMaxLength(300)
        self.dnv_check = QCheckBox()
        self.dnv_reason_edit = QLineEdit()
        self.dnv_reason_edit.setMaxLength(300)
        self.inputs: dict[str, QLineEdit] = {
            "name": self.name_edit, "id_number": self.id_edit, "phone": self.phone_edit,
            "registered_address": self.registered_edit, "current_address": self.current_edit,
            "do_not_visit_reason": self.dnv_reason_edit,
        }
        self.errors: dict[str, QLabel] = {}
        self.conflicts: dict[str, QLabel] = {}
        for field in FIELDS:
            self.errors[field] = self._note_label("fieldError")
            self.conflicts[field] = self._note_label("fieldConflict")

        self.form = QFormLayout()
        self.form.setHorizontalSpacing(14)
        self.form.setVerticalSpacing(6)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.row_labels: dict[str, QLabel] = {}
        id_widget = self.id_edit if self.creating else self.id_fixed
        for field, widget in (("name", self.name_edit), ("id_number", id_widget),
                              ("phone", self.phone_edit),
                              ("registered_address", self.registered_edit),
                              ("current_address", self.current_edit)):
            self._add_row(field, widget)
        self.form.addRow("", self.dnv_check)
        self._add_row("do_not_visit_reason", self.dnv_reason_edit)
        # PIPL: a correction the customer asked for is recorded as such (who, fields, why).
        self.correction_check = QCheckBox()
        self.correction_reason_edit = QLineEdit()
        self.correction_reason_edit.setMaxLength(500)
        self.correction_reason_edit.setEnabled(False)
        self.correction_check.toggled.connect(self.correction_reason_edit.setEnabled)
        if not self.creating:
            self.form.addRow("", self.correction_check)
            self.form.addRow("", self.correction_reason_edit)

    def _build_buttons(self) -> None:
        #: Why Save is disabled: the required fields still empty.
        self.needs_label = QLabel()
        self.needs_label.setObjectName("hint")
        self.needs_label.setWordWrap(True)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        self.hint_label.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.activated.connect(self.save)

    def _note_label(self, name: str) -> QLabel:
        note = QLabel()
        note.setObjectName(name)
        # No word wrap: QFormLayout sizes rows by size hint and would squeeze a wrapped label.
        note.hide()
        return note

    def _add_row(self, field: str, widget: QWidget) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(widget)
        column.addWidget(self.errors[field])
        column.addWidget(self.conflicts[field])
        caption = QLabel()
        caption.setBuddy(widget)
        self.row_labels[field] = caption
        self.form.addRow(caption, box)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("New customer") if self.creating else self.tr("Edit customer"))
        self.title_label.setText(self.windowTitle())
        captions = {
            "name": self.tr("&Name:"), "id_number": self.tr("&ID number:"),
            "phone": self.tr("&Mobile:"), "registered_address": self.tr("&Registered address:"),
            "current_address": self.tr("C&urrent address:"),
            "do_not_visit_reason": self.tr("Reason:"),
        }
        for field, caption in captions.items():
            self.row_labels[field].setText(caption)
        self.dnv_check.setText(self.tr("&Do not visit"))
        self.correction_check.setText(self.tr("Correction requested by the customer"))
        self.correction_reason_edit.setPlaceholderText(
            self.tr("What the customer asked to correct, and why (recorded)"))
        self.name_edit.setPlaceholderText(self.tr("Full name as on the ID card"))
        self.id_edit.setPlaceholderText(self.tr("18 characters; cannot be changed later"))
        self.registered_edit.setPlaceholderText(self.tr("Address of the household registration"))
        self.current_edit.setPlaceholderText(self.tr("Where the customer lives now, if different"))
        self._retranslate_reason()
        if self.creating:
            self.phone_edit.setPlaceholderText(self.tr("11-digit mobile number"))
            self.hint_label.setText(self.tr("Ctrl+S saves; Esc cancels."))
        else:
            masked = self._baseline.phone_masked if self._baseline else ""
            self.phone_edit.setPlaceholderText(
                self.tr("Leave empty to keep {0}").format(masked))
            self.hint_label.setText(self.tr(
                "The ID number cannot be changed after creation. Ctrl+S saves; Esc cancels."))
        self.save_button.setText(self.tr("&Save"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- values ------------------------------------------------------------------
    def _read_personal(self) -> Callable[[OpState], PersonalView]:
        assert self._customer_id is not None
        db, actor, customer_id = self._db, self._actor, self._customer_id

        def work(_state: OpState) -> PersonalView:
            with db.session() as session:
                return customer_file.load_personal(session, db.cipher, actor, customer_id)

        return work

    def _load(self) -> None:
        """The saved values, read on a worker; the fields wait disabled meanwhile."""
        self.setEnabled(False)
        Op(self, self._read_personal()).success(self._loaded) \
            .failure(self._failed).finally_(lambda: self.setEnabled(True)).run()

    def _loaded(self, view: PersonalView) -> None:
        self._show_values(view)
        self._opened_with = self.typed()
        self._update_save_enabled()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, HvdeskError):
            self.show_message(message_text(exc))
        else:
            safelog.failure(log, "customer form", exc)
            self.show_message(self.tr("Something went wrong ({0}).").format(type(exc).__name__))

    def _show_values(self, view: PersonalView) -> None:
        self._baseline = view
        self.name_edit.setText(view.name)
        self.id_fixed.setText(view.id_number_masked)
        self.phone_edit.clear()
        self.registered_edit.setText(view.registered_address)
        self.current_edit.setText(view.current_address or "")
        self.dnv_check.setChecked(view.do_not_visit)
        self.dnv_reason_edit.setText(view.do_not_visit_reason or "")
        self.dnv_reason_edit.setEnabled(self.dnv_check.isChecked() or self.clearing_dnv)
        self.retranslateUi()

    def typed(self) -> Typed:
        return Typed(
            name=_clean(self.name_edit.text()),
            id_number=_clean(self.id_edit.text()),
            phone=_clean(self.phone_edit.text()),
            registered_address=_clean(self.registered_edit.text()),
            current_address=_clean(self.current_edit.text()),
            do_not_visit=self.dnv_check.isChecked(),
            do_not_visit_reason=_clean(self.dnv_reason_edit.text()),
        )

    @staticmethod
    def _saved_values(view: PersonalView) -> dict[str, object]:
        return {
            "name": view.name,
            "registered_address": view.registered_address,
            "current_address": view.current_address or "",
            "do_not_visit": view.do_not_visit,
            "do_not_visit_reason": view.do_not_visit_reason or "",
        }

    def changes(self) -> dict[str, object]:
        """Fields that differ from the saved values (edit mode)."""
        assert self._baseline is not None
        typed = self.typed()
        out = {key: getattr(typed, key) for key, saved in self._saved_values(self._baseline).items()
               if getattr(typed, key) != saved}
        if self.clearing_dnv:
            out["do_not_visit"] = False
            out["do_not_visit_reason"] = typed.do_not_visit_reason
        elif not typed.do_not_visit:
            out.pop("do_not_visit_reason", None)
        elif "do_not_visit" in out or "do_not_visit_reason" in out:
            out["do_not_visit"] = True
            out["do_not_visit_reason"] = typed.do_not_visit_reason
        if typed.phone:
            out["phone"] = typed.phone
        if out.get("current_address") == "":
            out["current_address"] = None
        return out

    @property
    def clearing_dnv(self) -> bool:
        """Unticking a saved "do not visit": the reason box then asks why."""
        return bool(self._baseline and self._baseline.do_not_visit
                    and not self.dnv_check.isChecked())

    def _on_dnv_toggled(self, checked: bool) -> None:
        if self._baseline is not None and self._baseline.do_not_visit:
            # The saved reason is for setting it; clearing needs its own.
            self.dnv_reason_edit.setText(
                (self._baseline.do_not_visit_reason or "") if checked else "")
        self.dnv_reason_edit.setEnabled(checked or self.clearing_dnv)
        self._retranslate_reason()
        self._update_save_enabled()

    def _retranslate_reason(self) -> None:
        if self.clearing_dnv:
            self.dnv_reason_edit.setPlaceholderText(
                self.tr("Required: why may this customer be visited again?"))
        else:
            self.dnv_reason_edit.setPlaceholderText(
                self.tr("Required when 'do not visit' is set"))

    def is_dirty(self) -> bool:
        return self.typed() != self._opened_with

    def _update_save_enabled(self) -> None:
        """Save waits for the required fields; the line below the form (and the button's
        tooltip) says which are still empty."""
        typed = self.typed()
        required = ["name", "id_number", "phone"] if self.creating else ["name"]
        required.append("registered_address")
        if typed.do_not_visit or self.clearing_dnv:
            required.append("do_not_visit_reason")
        values = {field: str(getattr(typed, field)) for field in FIELDS}
        empty = form_checks.missing(values, required)
        self.save_button.setEnabled(not empty)
        needs = ""
        if empty:
            needs = self.tr("Save needs: {0}.").format(
                self.tr(", ").join(self.caption(field) for field in empty))
        self.needs_label.setText(needs)
        self.needs_label.setVisible(bool(needs))
        self.save_button.setToolTip(needs or self.tr("Save the customer (Ctrl+S)"))

    def caption(self, field: str) -> str:
        """The field's name as its row says it, without the accelerator and the colon."""
        text = re.sub(r"\(&\w\)", "", self.row_labels[field].text())  # 姓名(&N)：
        return text.replace("&", "").rstrip(":：").strip()

    # --- saving ------------------------------------------------------------------
    def clear_feedback(self) -> None:
        self.message_label.hide()
        for field in FIELDS:
            self.errors[field].hide()
            self.conflicts[field].hide()
            self.inputs[field].setProperty("invalid", False)
            self.inputs[field].style().polish(self.inputs[field])

    def show_field_error(self, field: str, text: str) -> None:
        if field == "do_not_visit":
            field = "do_not_visit_reason"
        if field not in self.errors:
            self.show_message(text)
            return
        self.errors[field].setText(text)
        self.errors[field].show()
        edit = self.inputs[field]
        edit.setProperty("invalid", True)
        edit.style().polish(edit)
        edit.setFocus()
        self.fit_height()

    def _show_all(self, problems: dict[str, str]) -> None:
        """Every problem under its field and listed at the top; the first gets the focus."""
        for field, text in problems.items():
            self._mark(field, text)
        lines = [self.tr("Please correct these fields before saving:")]
        lines += [self.tr("• {0}: {1}").format(self.caption(field), text)
                  for field, text in problems.items()]
        self.show_message("\n".join(lines))
        self.inputs[next(iter(problems))].setFocus()

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to fit messages that appeared.

        A wrapped label's height depends on the width, which the window's
        minimum size ignores; without this the rows below get squeezed.
        """
        self.main_layout.activate()
        need = self.main_layout.totalHeightForWidth(self.width())
        if need > self.height():
            self.resize(self.width(), need)

    def save(self) -> None:
        """Write on a worker; the form closes when it is saved and stays open with the reason
        when it is not."""
        if not self.save_button.isEnabled() or self.op is not None:
            return
        self.clear_feedback()
        problems = self.local_problems()
        if problems:
            self._show_all(problems)
            return
        if not self.creating and not self.changes():
            self._close_saved()  # nothing changed: nothing to write
            return
        work = self._create() if self.creating else self._update()
        self.save_button.setEnabled(False)
        self.op = Op(self, work).success(self._saved).failure(self._save_failed) \
            .finally_(self._save_ended).run()

    def _save_ended(self) -> None:
        self.op = None
        self._update_save_enabled()

    def _saved(self, view: CustomerView | None) -> None:
        if view is not None:
            self.saved = view
            self.sig_saved.emit(view.id)
        self._close_saved()

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError):
            self.show_field_error(exc.field, message_text(exc))
        elif isinstance(exc, StaleEdit):
            self._on_stale(exc)
        else:
            self._failed(exc)

    def _close_saved(self) -> None:
        self._discard_confirmed = True
        self.accept()

    def _create(self) -> Callable[[OpState], CustomerView | None]:
        typed = self.typed()
        data = CustomerInput(
            name=typed.name, id_number=typed.id_number, phone=typed.phone,
            registered_address=typed.registered_address,
            current_address=typed.current_address or None,
            do_not_visit=typed.do_not_visit,
            do_not_visit_reason=typed.do_not_visit_reason or None,
        )
        db, actor, branch_id = self._db, self._actor, self._branch_id

        def work(_state: OpState) -> CustomerView | None:
            with db.begin() as session:
                return customer_file.create_customer(session, db.cipher, actor, data, branch_id)

        return work

    def _update(self) -> Callable[[OpState], CustomerView | None]:
        assert self._customer_id is not None and self._baseline is not None
        db, actor, customer_id = self._db, self._actor, self._customer_id
        changes, version = self.changes(), self._baseline.version
        correction = self.correction_check.isChecked()
        reason = self.correction_reason_edit.text()

        def work(_state: OpState) -> CustomerView | None:
            with db.begin() as session:
                if correction:
                    return corrections.correct_customer(
                        session, db.cipher, actor, customer_id, changes,
                        requested_by="customer", reason=reason, expected_version=version)
                return customer_file.update_customer(session, db.cipher, actor, customer_id,
                                                     version, changes)

        return work

    def _on_stale(self, exc: StaleEdit) -> None:
        """Reload (on a worker), then :meth:`_merge_stale`."""
        before, mine = self._baseline, self.typed()
        assert before is not None
        Op(self, self._read_personal()) \
            .success(lambda now: self._merge_stale(exc, before, mine, now)) \
            .failure(self._failed).run()

    # --- closing -----------------------------------------------------------------
    def reject(self) -> None:
        """Esc and Cancel: ask before throwing unsaved input away."""
        if self._discard_confirmed or not self.is_dirty():
            super().reject()
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard changes?"),
                          self.tr("You have unsaved changes. Discard them?"), parent=self)
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)

        def done() -> None:
            if box.clickedButton() is discard:
                self._discard_confirmed = True
                self.reject()

        box.finished.connect(done)
        self.discard_box = box
        box.open()
