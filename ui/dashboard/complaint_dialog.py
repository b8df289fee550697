"""Resolve a complaint case: upheld or not, a note, and optionally "do not visit" again.

Marking the customer do-not-visit stops every future visit, so it asks for a
confirmation first (an in-window message box, opened rather than exec'd so
that tests and users answer it the same way). The write is one short
transaction on the GUI thread through
:func:`hvdesk.visitreports.resolve_complaint`; a refusal stays in the dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.services.context import Actor
from ui.common.dialogs import background, dialog_style, error_label, stack


class ResolveComplaintDialog(QDialog):
    #: The case id, after it was resolved and saved.
    sig_resolved = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        case: core.ComplaintView,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resolveComplaint")
        self.setStyleSheet(dialog_style())
        self.setMinimumWidth(520)
        self._db = db
        self._actor = actor
        self.case = case
        self.result_case: core.ComplaintView | None = None
        self.confirm_box: QMessageBox | None = None
        self._build()
        self.retranslateUi()

    def _build(self) -> None:
        case = self.case
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.complaint_label = QLabel(case.text)
        self.complaint_label.setObjectName("quote")
        self.complaint_label.setWordWrap(True)
        self.complaint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.upheld_radio = QRadioButton()
        self.rejected_radio = QRadioButton()
        self.verdict = QButtonGroup(self)
        self.verdict.addButton(self.upheld_radio)
        self.verdict.addButton(self.rejected_radio)
        self.verdict.buttonToggled.connect(lambda *_: self._update())
        self.note_edit = QPlainTextEdit()
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setFixedHeight(90)
        self.note_edit.textChanged.connect(self._update)
        self.do_not_visit_check = QCheckBox()
        self.do_not_visit_hint = QLabel()
        self.do_not_visit_hint.setObjectName("hint")
        self.do_not_visit_hint.setWordWrap(True)
        self.error_label = error_label()
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save_clicked)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self._lay_out()

    def _lay_out(self) -> None:
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.upheld_radio)
        verdict_row.addWidget(self.rejected_radio)
        verdict_row.addStretch(1)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self._labels = [QLabel() for _ in range(3)]
        self.form.addRow(self._labels[0], verdict_row)
        self.form.addRow(self._labels[1], self.note_edit)
        customer = QVBoxLayout()
        customer.setSpacing(2)
        customer.addWidget(self.do_not_visit_check)
        customer.addWidget(self.do_not_visit_hint)
        self.form.addRow(self._labels[2], customer)
        stack(self, [self.title_label, self.subtitle_label, self.complaint_label, self.form,
                     self.error_label], self.cancel_button, self.save_button)

    def retranslateUi(self) -> None:
        c = self.case
        self.setWindowTitle(self.tr("Resolve complaint"))
        self.title_label.setText(self.tr("Complaint from {0}").format(c.customer_name))
        self.subtitle_label.setText(
            self.tr("Owner {0} · due {1}").format(c.owner, c.due.isoformat())
        )
        self._labels[0].setText(self.tr("Finding:"))
        self._labels[1].setText(self.tr("Note:"))
        self._labels[2].setText(self.tr("Customer:"))
        self.upheld_radio.setText(self.tr("Upheld"))
        self.rejected_radio.setText(self.tr("Not upheld"))
        self.note_edit.setPlaceholderText(self.tr("What was found and what was done (required)"))
        self.do_not_visit_check.setText(self.tr("Mark the customer do-not-visit"))
        self.do_not_visit_hint.setText(
            self.tr("No visit can be planned for the customer until the mark is removed.")
        )
        self.save_button.setText(self.tr("Resolve"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _update(self) -> None:
        upheld = self.upheld_radio.isChecked()
        # Only an upheld complaint is a reason to stop visiting.
        self.do_not_visit_check.setEnabled(upheld)
        if not upheld:
            self.do_not_visit_check.setChecked(False)
        self.save_button.setEnabled(
            self.verdict.checkedButton() is not None and bool(self.note_edit.toPlainText().strip())
        )

    def _save_clicked(self) -> None:
        if self.do_not_visit_check.isChecked():
            self._confirm()
        else:
            self.save()

    def _confirm(self) -> None:
        box = QMessageBox(self)
        # QMessageBox sizes itself before the style sheet's padding: give the text room.
        box.setStyleSheet("QLabel { min-width: 340px; } QPushButton { min-width: 120px; }")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Do not visit"))
        box.setText(self.tr("Mark {0} do-not-visit?").format(self.case.customer_name))
        box.setInformativeText(
            self.tr("Planned visits must then be cancelled and no new visit can be planned. "
                    "The change is recorded in the audit trail.")
        )
        self.confirm_yes = box.addButton(self.tr("Mark do-not-visit"),
                                         QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.confirm_yes)
        box.finished.connect(lambda _r: self._confirmed(box))
        self.confirm_box = box
        box.open()

    def _confirmed(self, box: QMessageBox) -> None:
        if box.clickedButton() is self.confirm_yes:
            self.save()

    def save(self) -> None:
        """Store on a worker; ``sig_resolved`` and the dialog closes when stored."""
        db, actor, case_id, version = self._db, self._actor, self.case.id, self.case.lock_version
        upheld, note = self.upheld_radio.isChecked(), self.note_edit.toPlainText().strip()
        do_not_visit = self.do_not_visit_check.isChecked()

        def work() -> core.ComplaintView:
            with db.begin() as session:
                # A colleague who resolved it meanwhile wins; this desk is told so.
                return core.resolve_complaint(session, actor, case_id, upheld, note,
                                              set_do_not_visit=do_not_visit,
                                              expected_version=version)

        background(self, work, self._resolved, self.error_label, (self.save_button,))

    def _resolved(self, result: core.ComplaintView) -> None:
        self.result_case = result
        self.sig_resolved.emit(result.id)
        self.accept()
