"""Record a repayment a customer made, which may keep their promise to pay.

Prefilled with what is still unpaid of the promise and today's date; saved in
one short transaction through :func:`hvdesk.visitreports.record_repayment`,
which judges the customer's promises against their repayments again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from hvdesk import clock
from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.services.context import Actor
from ui.common.dialogs import (
    background,
    decimal_of,
    dialog_style,
    error_label,
    money_spin,
    stack,
)


class RepaymentDialog(QDialog):
    sig_saved = Signal(object)  # RepaymentView

    def __init__(
        self,
        db: Database,
        actor: Actor,
        promise: core.PromiseView,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("repaymentDialog")
        self.setStyleSheet(dialog_style())
        self.setMinimumWidth(460)
        self._db = db
        self._actor = actor
        self.promise = promise
        self.saved: core.RepaymentView | None = None
        self._build(today or clock.today(clock.DEFAULT_ZONE))
        self.retranslateUi()

    def _build(self, today: dt.date) -> None:
        promise = self.promise
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.subtitle_label.setWordWrap(True)
        self.amount_spin = money_spin()
        self.amount_spin.setPrefix("¥ ")
        unpaid = max(promise.amount - promise.paid, Decimal(0))
        self.amount_spin.setValue(float(unpaid))
        self.amount_spin.valueChanged.connect(lambda _v: self._update())
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.reference_edit = QLineEdit()
        self.error_label = error_label()
        self.save_button = QPushButton()
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.reject)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self._labels = [QLabel() for _ in range(3)]
        self.form.addRow(self._labels[0], self.amount_spin)
        self.form.addRow(self._labels[1], self.date_edit)
        self.form.addRow(self._labels[2], self.reference_edit)
        stack(self, [self.title_label, self.subtitle_label, self.form, self.error_label],
              self.cancel_button, self.save_button)

    def retranslateUi(self) -> None:
        p = self.promise
        self.setWindowTitle(self.tr("Record repayment"))
        self.title_label.setText(self.tr("Repayment by {0}").format(p.customer_name))
        self.subtitle_label.setText(
            self.tr("Promised ¥{0} by {1}; ¥{2} paid so far.").format(
                f"{p.amount:,.2f}", p.due.isoformat(), f"{p.paid:,.2f}"
            )
        )
        for k, text in enumerate((self.tr("Amount:"), self.tr("Paid on:"), self.tr("Reference:"))):
            self._labels[k].setText(text)
        self.reference_edit.setPlaceholderText(self.tr("Bank or receipt reference (optional)"))
        self.save_button.setText(self.tr("Record"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _update(self) -> None:
        self.save_button.setEnabled(self.amount_spin.value() > 0)

    def paid_on(self) -> dt.date:
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    def save(self) -> None:
        """Store on a worker; ``sig_saved`` and the dialog closes when stored."""
        db, actor, customer_id = self._db, self._actor, self.promise.customer_id
        amount, paid_on = decimal_of(self.amount_spin), self.paid_on()
        reference = self.reference_edit.text().strip() or None

        def work() -> core.RepaymentView:
            with db.begin() as session:
                return core.record_repayment(session, actor, customer_id, amount, paid_on,
                                             reference=reference)

        background(self, work, self._saved, self.error_label, (self.save_button,))

    def _saved(self, saved: core.RepaymentView) -> None:
        self.saved = saved
        self.sig_saved.emit(saved)
        self.accept()
