"""The customer file: personal data, loans, visits, feedback and notes of one customer.

Non-modal, so a coordinator can keep several files open beside the list.
Every read and write goes through ``hvdesk.services.customer_file`` on an
``Op`` worker; the dialog holds only the frozen views it returns. It follows
the change hub: a change to its customer (or one of its visits), made here
or at another desk, reads the file again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock, phone, safelog
from hvdesk.changes import OpChanges
from hvdesk.database import Database, Session
from hvdesk.errors import HvdeskError, StaleEdit
from hvdesk.rights.export import subject_export
from hvdesk.security.roles import Permission
from hvdesk.services import customer_file
from hvdesk.services.context import Actor
from hvdesk.services.customer_file import CustomerFile, NoteRow
from ui.customers.customer_form import CustomerForm
from ui.customers.file_models import (
    DASH,
    PURPOSES,
    VISIT_STATUSES,
    CustomerFeedbackModel,
    CustomerLoanModel,
    CustomerNoteModel,
    CustomerVisitModel,
    label,
    message_text,
    money,
    time_text,
)
from ui.customers.file_widgets import NoteEdit, start_of, table_for, value_label
from ui.hub import ChangeHub
from ui.workers import Op, OpState

log = logging.getLogger(__name__)
T = TypeVar("T")
REVEALABLE = ("id_number", "phone")
#: Tables a customer file shows rows of (by customer; reports and notices by visit).
FILE_TABLES = ("customer", "loan_account", "visit", "visit_member", "visit_report",
               "notice", "feedback", "complaint_case", "customer_note")
#: Visits still ahead of the team (not done, dropped or moved).
OPEN_STATUSES = frozenset({"planned", "notified", "confirmed", "in_progress"})


class CustomerFileDialog(QDialog):
    #: This dialog (or its edit form) wrote to the customer.
    sig_customer_changed = Signal(int)
    #: The file was read and is shown (after opening, a reload, a change).
    sig_loaded = Signal()
    #: A write of this dialog finished (ok or refused: the message line says which).
    sig_done = Signal()

    def __init__(
        self, db: Database, actor: Actor, customer_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._customer_id = customer_id
        self.file: CustomerFile | None = None
        self.form: CustomerForm | None = None
        self.reason_prompt: QInputDialog | None = None
        #: Where the customer's copy goes (a file dialog; tests put a path here).
        self.export_path_chooser: Callable[[], Path | None] = self._ask_export_path
        self._revealed: dict[str, str] = {}
        self.setModal(False)
        self.setObjectName("customerFile")
        self.resize(980, 640)

        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.export_label = QLabel()

        self.tabs = self._build_tabs()

        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title_label)
        heading.addWidget(self.subtitle_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(12)
        layout.addLayout(heading)
        layout.addWidget(self.message_label)
        layout.addWidget(self.export_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._build_buttons())
        # No default button: Enter must not reveal a number or open a prompt.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        self.retranslateUi()
        self._loads = 0
        self.reload()
        ChangeHub.instance().sig_changed.connect(self._on_changes)

    # --- construction ----------------------------------------------------------
    def _build_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        self.loans_model = CustomerLoanModel(parent=self)
        self.visits_model = CustomerVisitModel(parent=self)
        self.feedback_model = CustomerFeedbackModel(parent=self)
        self.notes_model = CustomerNoteModel(parent=self)
        tabs.addTab(self._build_overview(), "")
        tabs.addTab(self._build_loans(), "")
        self.visits_table = table_for(self.visits_model, 6)
        tabs.addTab(self.visits_table, "")
        self.feedback_table = table_for(self.feedback_model, 6)
        self.feedback_table.setWordWrap(True)
        tabs.addTab(self.feedback_table, "")
        tabs.addTab(self._build_notes(), "")
        return tabs

    def _build_overview(self) -> QWidget:
        self.name_value = value_label()
        self.id_value = value_label()
        self.phone_value = value_label()
        self.region_value = value_label()
        self.age_sex_value = value_label()
        self.registered_value = value_label()
        self.current_value = value_label()
        self.dnv_value = value_label()
        self.next_visit_value = value_label()
        self.last_visit_value = value_label()
        self.show_id_button = QPushButton()
        self.show_id_button.clicked.connect(lambda: self.request_reveal("id_number"))
        self.show_phone_button = QPushButton()
        self.show_phone_button.clicked.connect(lambda: self.request_reveal("phone"))
        self.dnv_button = QPushButton()
        self.dnv_button.clicked.connect(self.request_dnv_toggle)

        def with_button(value: QLabel, button: QPushButton) -> QWidget:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(value, 1)
            row.addWidget(button)
            return box

        def group(rows: list[tuple[str, QWidget]]) -> tuple[QGroupBox, list[QLabel]]:
            box = QGroupBox()
            form = QFormLayout(box)
            form.setHorizontalSpacing(16)
            form.setVerticalSpacing(10)
            captions = []
            for key, widget in rows:
                caption = QLabel()
                caption.setObjectName(key)
                captions.append(caption)
                form.addRow(caption, widget)
            return box, captions

        self.personal_group, self._personal_captions = group([
            ("name", self.name_value),
            ("id", with_button(self.id_value, self.show_id_button)),
            ("phone", with_button(self.phone_value, self.show_phone_button)),
            ("ageSex", self.age_sex_value),
        ])
        self.address_group, self._address_captions = group([
            ("region", self.region_value),
            ("registered", self.registered_value),
            ("current", self.current_value),
        ])
        self.dnv_group, self._dnv_captions = group([
            ("dnv", with_button(self.dnv_value, self.dnv_button)),
            ("nextVisit", self.next_visit_value),
            ("lastVisit", self.last_visit_value),
        ])
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(4, 12, 4, 4)
        column.setSpacing(12)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.personal_group, 1)
        top.addWidget(self.address_group, 1)
        column.addLayout(top)
        column.addWidget(self.dnv_group)
        column.addStretch(1)
        return page

    def _build_buttons(self) -> QHBoxLayout:
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.open_edit_form)
        # Not the button's own shortcut: setText("&Edit…") would replace it with Alt+E.
        self.edit_shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        self.edit_shortcut.activated.connect(self.open_edit_form)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(lambda: self.reload())
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.request_subject_export)
        self.export_button.setVisible(
            self._actor.can(Permission.DATA_EXPORT) and self._actor.can(Permission.PII_FULL_VIEW)
        )
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        return buttons

    def _build_loans(self) -> QWidget:
        self.loans_table = table_for(self.loans_model, 1)
        self.loans_summary = QLabel()
        self.loans_summary.setObjectName("hint")
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self.loans_table, 1)
        column.addWidget(self.loans_summary)
        return page

    def _build_notes(self) -> QWidget:
        self.notes_table = table_for(self.notes_model, 2)
        self.notes_table.setWordWrap(True)
        self.notes_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.note_edit = NoteEdit()
        self.note_edit.setFixedHeight(72)
        self.note_edit.sig_submit.connect(self.add_note)
        self.add_note_button = QPushButton()
        self.add_note_button.clicked.connect(self.add_note)
        self.notes_hint = QLabel()
        self.notes_hint.setObjectName("hint")
        entry = QHBoxLayout()
        entry.addWidget(self.note_edit, 1)
        entry.addWidget(self.add_note_button, 0, Qt.AlignmentFlag.AlignBottom)
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(self.notes_table, 1)
        column.addLayout(entry)
        column.addWidget(self.notes_hint)
        return page

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Customer file"))
        self.personal_group.setTitle(self.tr("Personal data"))
        self.address_group.setTitle(self.tr("Addresses"))
        self.dnv_group.setTitle(self.tr("Visiting"))
        captions = [self.tr("Name:"), self.tr("ID number:"), self.tr("Mobile:"),
                    self.tr("Age and sex:")]
        for caption, text in zip(self._personal_captions, captions, strict=True):
            caption.setText(text)
        captions = [self.tr("Region (from the ID):"), self.tr("Registered address:"),
                    self.tr("Current address:")]
        for caption, text in zip(self._address_captions, captions, strict=True):
            caption.setText(text)
        captions = [self.tr("Do not visit:"), self.tr("Next visit:"), self.tr("Last visit:")]
        for caption, text in zip(self._dnv_captions, captions, strict=True):
            caption.setText(text)
        self.add_note_button.setText(self.tr("Add note"))
        self.note_edit.setPlaceholderText(self.tr("Write a note about this customer…"))
        self.notes_hint.setText(self.tr(
            "Ctrl+Enter adds the note. Notes are signed with your name and cannot be "
            "edited or deleted."))
        self.edit_button.setText(self.tr("&Edit…"))
        self.edit_button.setToolTip(self.tr("Edit the customer (Ctrl+E)"))
        self.refresh_button.setText(self.tr("&Reload"))
        self.export_button.setText(self.tr("Copy for the customer…"))
        self.export_button.setToolTip(self.tr(
            "Everything held about this customer, as a workbook (audited with your reason)"))
        self.close_button.setText(self.tr("Close"))
        for model in (self.loans_model, self.visits_model, self.feedback_model,
                      self.notes_model):
            model.retranslate()
        if self.file is not None:
            self._show_file(self.file)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- showing -----------------------------------------------------------------
    @property
    def customer_id(self) -> int:
        return self._customer_id

    def _run(self, fn: Callable[[Session], T], then: Callable[[T], None], *,
             write: bool = False,
             failed: Callable[[BaseException], None] | None = None) -> Op[T]:
        """``fn(session)`` on a worker (in a transaction when ``write``); ``then`` back here."""
        db = self._db

        def work(_state: OpState) -> T:
            with db.begin() if write else db.session() as session:
                return fn(session)

        op = Op(self, work).success(then).failure(failed or self._failed)
        if write:
            op.finally_(self.sig_done.emit)
        return op.run()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, HvdeskError):
            self.show_message(message_text(exc))
        else:
            safelog.failure(log, "customer file failed", exc)
            self.show_message(self.tr("Something went wrong ({0}).").format(type(exc).__name__))

    def reload(self, *, keep_revealed: bool = False) -> None:
        """Read the file again on a worker (a user's reload masks full numbers again)."""
        self._loads += 1
        load = self._loads
        cipher, actor, customer_id = self._db.cipher, self._actor, self._customer_id

        def loaded(found: CustomerFile) -> None:
            if load == self._loads:
                self._loaded(found, keep_revealed)

        def failed(exc: BaseException) -> None:
            if load == self._loads:
                self._failed(exc)
                self._set_usable(False)

        self._run(lambda s: customer_file.load_file(s, cipher, actor, customer_id),
                  loaded, failed=failed)

    def _loaded(self, loaded: CustomerFile, keep_revealed: bool) -> None:
        previous = self.file
        self.file = loaded
        if (not keep_revealed or previous is None
                or previous.personal.version != loaded.personal.version):
            self._revealed.clear()
        self._set_usable(True)
        self.loans_model.set_rows(loaded.loans)
        self.visits_model.set_rows(loaded.visits)
        self.feedback_model.set_rows(loaded.feedback)
        self.notes_model.set_rows(loaded.notes)
        self.notes_table.scrollToBottom()
        self._show_file(loaded)
        self.sig_loaded.emit()

    def _on_changes(self, changes: OpChanges) -> None:
        """Read again when a change touched this customer or one of the visits shown."""
        if not changes.touches(*FILE_TABLES):
            return
        visits = {v.id for v in self.file.visits} if self.file is not None else set()
        if (self._customer_id in changes.customers or changes.visits & visits
                or changes.all_of("customer") or changes.all_of("visit")):
            self.reload(keep_revealed=True)

    def _set_usable(self, on: bool) -> None:
        self.tabs.setEnabled(on)
        self.edit_button.setEnabled(on)

    def _show_file(self, f: CustomerFile) -> None:
        p, can = f.personal, f.abilities
        self.title_label.setText(p.name)
        self.setWindowTitle(self.tr("Customer file — {0}").format(p.name))
        updated = p.updated_at.strftime("%Y-%m-%d %H:%M")
        self.subtitle_label.setText(
            self.tr("Customer {0} · {1} · last changed {2} by {3}").format(
                p.id, p.branch_name, updated, p.updated_by or DASH))
        self.name_value.setText(p.name)
        self.id_value.setText(self._revealed.get("id_number", p.id_number_masked))
        self.phone_value.setText(self._revealed.get("phone", p.phone_masked))
        for what, button in (("id_number", self.show_id_button),
                             ("phone", self.show_phone_button)):
            shown = what in self._revealed
            button.setVisible(can.reveal)
            button.setEnabled(not shown)
            button.setText(self.tr("Shown") if shown else self.tr("Show full"))
        sex = self.tr("male") if p.sex == "M" else self.tr("female")
        self.age_sex_value.setText(
            sex if p.age is None else self.tr("{0} years, {1}").format(p.age, sex))
        self.region_value.setText(
            p.region_name or self.tr("Unknown region (code {0})").format(p.region_code))
        self.registered_value.setText(p.registered_address)
        self.current_value.setText(p.current_address or self.tr("Not recorded"))
        if p.do_not_visit:
            self.dnv_value.setText(self.tr("Yes — {0}").format(p.do_not_visit_reason or DASH))
            self.dnv_value.setStyleSheet("color: #b42318; font-weight: 600;")
            self.dnv_button.setText(self.tr("Allow visits…"))
        else:
            self.dnv_value.setText(self.tr("No"))
            self.dnv_value.setStyleSheet("")
            self.dnv_button.setText(self.tr("Mark do not visit…"))
        self.dnv_button.setVisible(can.edit)
        self._show_visit_summary(f)
        self.edit_button.setVisible(can.edit)
        self.note_edit.setEnabled(can.add_note)
        self.add_note_button.setEnabled(can.add_note)
        totals = f.loan_totals
        self.loans_summary.setText(self.tr("Outstanding {0} · overdue {1} (CNY)").format(
            money(totals.outstanding), money(totals.overdue)))
        titles = [self.tr("Overview"), self.tr("Loans ({0})").format(len(f.loans)),
                  self.tr("Visits ({0})").format(len(f.visits)),
                  self.tr("Feedback ({0})").format(len(f.feedback)),
                  self.tr("Notes ({0})").format(len(f.notes))]
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        self.visits_table.resizeColumnsToContents()

    def _show_visit_summary(self, f: CustomerFile) -> None:
        now = clock.now()
        ahead = [v for v in f.visits if v.planned_start >= now and v.status in OPEN_STATUSES]
        past = [v for v in f.visits if v.planned_start < now]
        for value, visit in ((self.next_visit_value, min(ahead, key=start_of, default=None)),
                             (self.last_visit_value, max(past, key=start_of, default=None))):
            if visit is None:
                value.setText(self.tr("None"))
                continue
            value.setText(self.tr("{0} · {1} · {2}").format(
                time_text(visit.planned_start), label(PURPOSES, visit.purpose),
                label(VISIT_STATUSES, visit.status)))

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    def clear_message(self) -> None:
        self.message_label.hide()

    # --- full numbers ------------------------------------------------------------
    def request_reveal(self, what: str) -> None:
        """Coordinators see it at once; visitors and reviewers say why first."""
        if self.file is None or what not in REVEALABLE:
            return
        if not self.file.abilities.reveal_needs_reason:
            self.reveal(what, None)
            return
        question = (self.tr("Why do you need the full ID number?") if what == "id_number"
                    else self.tr("Why do you need the full mobile number?"))
        self._ask(self.tr("Show full number"), question, lambda reason: self.reveal(what, reason))

    def reveal(self, what: str, reason: str | None) -> None:
        self.clear_message()
        cipher, actor, customer_id = self._db.cipher, self._actor, self._customer_id

        def shown(full: str) -> None:
            # Kept while this file is open: the Reload button masks the number again.
            self._revealed[what] = full if what == "id_number" else phone.display(full)
            if self.file is not None:
                self._show_file(self.file)

        self._run(lambda s: customer_file.reveal(s, cipher, actor, customer_id, what, reason),
                  shown, write=True)

    def _ask(self, title: str, question: str, then: Callable[[str], None]) -> None:
        # open(), not exec(): the file stays usable and tests need no nested loop.
        prompt = QInputDialog(self)
        prompt.setWindowTitle(title)
        prompt.setLabelText(question)
        prompt.setTextEchoMode(QLineEdit.EchoMode.Normal)
        prompt.setOkButtonText(self.tr("OK"))
        prompt.setCancelButtonText(self.tr("Cancel"))
        prompt.setMinimumWidth(420)
        prompt.textValueSelected.connect(then)
        self.reason_prompt = prompt
        prompt.open()

    # --- do not visit ------------------------------------------------------------
    def request_dnv_toggle(self) -> None:
        if self.file is None:
            return
        flag = not self.file.personal.do_not_visit
        question = (self.tr("Why should nobody visit this customer?") if flag
                    else self.tr("Why may this customer be visited again?"))
        self._ask(self.tr("Do not visit"), question,
                  lambda reason: self.set_do_not_visit(flag, reason))

    def set_do_not_visit(self, flag: bool, reason: str) -> None:
        if self.file is None:
            return
        self.clear_message()
        cipher, actor, customer_id = self._db.cipher, self._actor, self._customer_id
        version = self.file.personal.version

        def failed(exc: BaseException) -> None:
            if isinstance(exc, StaleEdit):
                self.reload(keep_revealed=True)
                zone = self.file.personal.updated_at.tzinfo if self.file else None
                self.show_message(message_text(exc, zone))
            else:
                self._failed(exc)

        # The hub's change brings the new state into this file (and the list).
        self._run(lambda s: customer_file.set_do_not_visit(
            s, cipher, actor, customer_id, version, flag, reason),
            lambda _view: self.sig_customer_changed.emit(customer_id), write=True, failed=failed)

    # --- the customer's copy of their data (PIPL) --------------------------------------
    def request_subject_export(self) -> None:
        self._ask(self.tr("Copy for the customer"),
                  self.tr("Why is the copy made (e.g. the customer's written request)?"),
                  self._choose_export_file)

    def _choose_export_file(self, reason: str) -> None:
        path = self.export_path_chooser()
        if path is not None:
            self.subject_export(reason, path)

    def _ask_export_path(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the customer's copy"),
            f"customer-{self._customer_id}.xlsx", self.tr("Excel workbook (*.xlsx)"))
        return Path(name) if name else None

    def subject_export(self, reason: str, path: Path) -> None:
        """Write the customer's copy on a worker; the line under the title says how it went."""
        self.clear_message()
        cipher, actor, customer_id = self._db.cipher, self._actor, self._customer_id

        def saved(rows: int) -> None:
            self.export_label.setText(self.tr("Saved {0}: {1} rows.").format(path.name, rows))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OSError):
                self.show_message(str(exc))
            else:
                self._failed(exc)

        def work(s: Session) -> int:
            result = subject_export(s, cipher, actor, customer_id, path, reason=reason)
            return sum(result.counts.values())

        self._run(work, saved, write=True, failed=failed)

    # --- notes -------------------------------------------------------------------
    def add_note(self) -> None:
        self.clear_message()
        actor, customer_id, text = self._actor, self._customer_id, self.note_edit.toPlainText()

        def added(row: NoteRow) -> None:
            self.note_edit.clear()
            self.notes_model.append_row(row)
            self.notes_table.scrollToBottom()
            self.tabs.setTabText(4, self.tr("Notes ({0})").format(self.notes_model.rowCount()))

        self._run(lambda s: customer_file.add_note(s, actor, customer_id, text), added,
                  write=True)

    # --- editing -----------------------------------------------------------------
    def open_edit_form(self) -> CustomerForm | None:
        if self.file is None or not self.file.abilities.edit:
            return None
        if self.form is not None:
            if self.form.isVisible():  # one form per file: bring it back, keep its input
                self.form.raise_()
                self.form.activateWindow()
                return self.form
            self.form.deleteLater()
        self.form = CustomerForm(self._db, self._actor, self._customer_id,
                                 personal=self.file.personal, parent=self)
        self.form.sig_saved.connect(self._on_saved)
        self.form.open()
        return self.form

    def _on_saved(self, customer_id: int) -> None:
        # The hub's change brings the saved values into this file.
        self.clear_message()
        self.sig_customer_changed.emit(customer_id)
