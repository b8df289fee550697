"""Override dialog for a visit in the quiet hours: the customer's consent plus a reason.

Lifting the quiet-hours rule needs evidence, not a tick (issue 18): how the
customer agreed (SMS reply, call recording, in person), when, and who took
it. Soft rules broken at the same time (the branch's own hours, usually)
still need the written reason. OK stays disabled until both are complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk.model import ConsentMethod
from hvdesk.scheduling.consent import NEEDS_REFERENCE, QUIET_RULE, ConsentInput
from hvdesk.scheduling.violations import Violation
from ui.calendar.texts import violations_text


@dataclass(frozen=True, slots=True)
class OverrideAnswer:
    reason: str | None
    consent: ConsentInput | None = None


def needs_consent(violations: Sequence[Violation]) -> bool:
    return any(v.code == QUIET_RULE for v in violations)


def liftable(violations: Sequence[Violation]) -> bool:
    """Every rule broken is soft, or the quiet-hours rule (lifted by consent)."""
    return all(not v.hard or v.code == QUIET_RULE for v in violations)


class OverrideDialog(QDialog):
    def __init__(
        self,
        violations: Sequence[Violation],
        staff: Sequence[tuple[int, str]],
        me: int | None,
        parent: QWidget | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Override"))
        self._soft = any(not v.hard for v in violations)
        layout = QVBoxLayout(self)
        rules = QLabel(self.tr("This visit breaks:") + "\n" + violations_text(tuple(violations)))
        rules.setWordWrap(True)
        layout.addWidget(rules)

        consent = QGroupBox(self.tr("The customer's consent to a visit in the quiet hours"))
        form = QFormLayout(consent)
        self.method = QComboBox()
        for method, label in (
            (ConsentMethod.CALL_RECORDING, self.tr("Call recording")),
            (ConsentMethod.SMS_REPLY, self.tr("SMS reply")),
            (ConsentMethod.IN_PERSON, self.tr("In person")),
        ):
            self.method.addItem(label, method.value)
        form.addRow(self.tr("How"), self.method)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(self.tr("recording id, or the reply's notice id"))
        self.reference.setMaxLength(200)
        form.addRow(self.tr("Reference"), self.reference)
        moment = now or clock.now()
        self.given = QDateTimeEdit(_qt(moment))
        self.given.setCalendarPopup(True)
        self.given.setMaximumDateTime(_qt(moment))
        self.given.setDisplayFormat("yyyy-MM-dd HH:mm")
        form.addRow(self.tr("When"), self.given)
        self.taken_by = QComboBox()
        for user_id, label in staff:
            self.taken_by.addItem(label, user_id)
        if me is not None and (index := self.taken_by.findData(me)) >= 0:
            self.taken_by.setCurrentIndex(index)
        form.addRow(self.tr("Taken by"), self.taken_by)
        layout.addWidget(consent)

        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("Reason for the other rules (audited)"))
        self.reason.setVisible(self._soft)
        if self._soft:
            layout.addWidget(QLabel(self.tr("Reason (audited):")))
        layout.addWidget(self.reason)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for signal in (self.reference.textChanged, self.reason.textChanged,
                       self.method.currentIndexChanged, self.taken_by.currentIndexChanged):
            signal.connect(self._update)
        self._update()

    def _method(self) -> ConsentMethod:
        return ConsentMethod(self.method.currentData())

    def complete(self) -> bool:
        need = NEEDS_REFERENCE.get(self._method(), 0)
        has_reference = len(self.reference.text().strip()) >= need
        has_reason = not self._soft or bool(self.reason.toPlainText().strip())
        return has_reference and has_reason and self.taken_by.currentData() is not None

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.complete())

    def answer(self) -> OverrideAnswer:
        # Shown in the desk's local time; the epoch seconds carry no zone doubt.
        given = dt.datetime.fromtimestamp(self.given.dateTime().toSecsSinceEpoch(), dt.UTC)
        consent = ConsentInput(
            method=self._method(),
            given_at=given,
            taken_by_id=int(self.taken_by.currentData()),
            reference=self.reference.text().strip() or None,
        )
        reason = self.reason.toPlainText().strip() or None
        return OverrideAnswer(reason, consent)


def _qt(moment: dt.datetime) -> QDateTime:
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
