"""A visit's costs.

:class:`CostsDialog` opens with what :func:`hvdesk.visitreports.get_cost`
gives: the stored costs, or defaults from the settings and the day's route
(distance). Changing the distance updates the transport cost at the default
rate per km until the transport is typed in by hand. Managers and
administrators reach the branch's :class:`~ui.common.cost_defaults.CostDefaultsDialog`
from it (and from the dashboard).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.services.context import Actor
from ui.common.cost_defaults import CostDefaultsDialog, can_edit_defaults, form_dialog
from ui.common.dialogs import background, decimal_of, dialog_style, money_spin

#: Shown until the branch's defaults have been read (the figures stay at zero).
_NO_DEFAULTS = core.CostDefaults(None, Decimal(0), Decimal(0), Decimal(0), Decimal(0))


class CostsDialog(QDialog):
    """A visit's costs; the figures are read on a worker (``sig_loaded``, ``loaded``)."""

    sig_saved = Signal(object)  # CostView
    sig_loaded = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        visit_id: int,
        customer: str,
        when: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("costsDialog")
        self.setStyleSheet(dialog_style())
        self.setMinimumWidth(480)
        self._db = db
        self._actor = actor
        self.visit_id = visit_id
        self.customer = customer
        self.when = when
        self.saved: core.CostView | None = None
        self.defaults_dialog: CostDefaultsDialog | None = None
        self._transport_typed = False
        self.cost: core.CostView | None = None
        self.defaults = _NO_DEFAULTS

        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.default_label = QLabel()
        self.default_label.setObjectName("noticeMessage")
        self.default_label.setWordWrap(True)
        self.default_label.hide()
        self.distance_spin = money_spin(10_000.0, 1)
        self.transport_spin = money_spin()
        self.hours_spin = money_spin(1_000.0, 2)
        self.other_spin = money_spin()
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(300)
        self.total_label = QLabel()
        self.total_label.setObjectName("sum")
        self.defaults_button = QPushButton()
        self.defaults_button.setVisible(can_edit_defaults(actor))
        self.defaults_button.clicked.connect(self.open_defaults)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self._labels = [QLabel() for _ in range(6)]
        for label, widget in zip(
            self._labels,
            (self.distance_spin, self.transport_spin, self.hours_spin, self.other_spin,
             self.note_edit, self.total_label),
            strict=True,
        ):
            self.form.addRow(label, widget)
        self.error_label, self.save_button, self.cancel_button, buttons = form_dialog(
            self, self.form, self.title_label, self.subtitle_label, self.default_label
        )
        buttons.insertWidget(0, self.defaults_button)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        self.retranslateUi()
        background(self, lambda: _load(db, actor, visit_id), self._loaded, self.error_label)

    @property
    def loaded(self) -> bool:
        return self.cost is not None

    def _loaded(self, loaded: tuple[core.CostView, core.CostDefaults]) -> None:
        self.cost, self.defaults = loaded
        self.default_label.setVisible(not self.cost.stored)
        self._fill(self.cost)
        self.distance_spin.valueChanged.connect(self._distance_changed)
        self.transport_spin.valueChanged.connect(self._transport_changed)
        for spin in (self.hours_spin, self.other_spin):
            spin.valueChanged.connect(lambda _v: self._show_total())
        self.save_button.setEnabled(True)
        self.retranslateUi()
        self.sig_loaded.emit()

    def _fill(self, cost: core.CostView) -> None:
        self.distance_spin.setValue(float(cost.distance_km))
        self.transport_spin.setValue(float(cost.transport))
        self.hours_spin.setValue(float(cost.staff_hours))
        self.other_spin.setValue(float(cost.other_expenses))
        self.note_edit.setText(cost.note or "")
        # A stored transport cost was typed or accepted: keep it when the distance changes.
        self._transport_typed = cost.stored and cost.transport != (
            cost.distance_km * self.defaults.per_km
        ).quantize(Decimal("0.01"))

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Visit costs"))
        self.title_label.setText(self.tr("Costs of the visit to {0}").format(self.customer))
        self.subtitle_label.setText(self.when)
        self.default_label.setText(
            self.tr("Not saved yet: the figures are the branch defaults and the day's route.")
        )
        for k, text in enumerate((
            self.tr("Distance:"),
            self.tr("Transport:"),
            self.tr("Staff hours:"),
            self.tr("Other expenses:"),
            self.tr("Note:"),
            self.tr("Total:"),
        )):
            self._labels[k].setText(text)
        self.distance_spin.setSuffix(self.tr(" km"))
        self.hours_spin.setSuffix(self.tr(" h"))
        for spin in (self.transport_spin, self.other_spin):
            spin.setPrefix("¥ ")
        self.transport_spin.setToolTip(
            self.tr("¥{0} per km unless typed in").format(f"{self.defaults.per_km:,.2f}")
        )
        self.hours_spin.setToolTip(self.tr("Person-hours of the whole team"))
        self.note_edit.setPlaceholderText(self.tr("Tolls, parking, a taxi… (optional)"))
        self.defaults_button.setText(self.tr("Defaults…"))
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._show_total()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _distance_changed(self, km: float) -> None:
        if not self._transport_typed:
            per_km = float(self.defaults.per_km)
            self.transport_spin.blockSignals(True)
            self.transport_spin.setValue(round(km * per_km, 2))
            self.transport_spin.blockSignals(False)
        self._show_total()

    def _transport_changed(self, _value: float) -> None:
        self._transport_typed = True
        self._show_total()

    def staff_cost(self) -> Decimal:
        return (decimal_of(self.hours_spin) * self.defaults.hourly_rate).quantize(Decimal("0.01"))

    def total(self) -> Decimal:
        return decimal_of(self.transport_spin) + self.staff_cost() + decimal_of(self.other_spin)

    def _show_total(self) -> None:
        self.total_label.setText(
            self.tr("¥{0} (staff ¥{1} at ¥{2} per hour)").format(
                f"{self.total():,.2f}",
                f"{self.staff_cost():,.2f}",
                f"{self.defaults.hourly_rate:,.2f}",
            )
        )

    def save(self) -> None:
        """Store on a worker; ``sig_saved`` and the dialog closes when stored."""
        if not self.loaded:
            return
        db, actor, visit_id = self._db, self._actor, self.visit_id
        distance, transport = decimal_of(self.distance_spin), decimal_of(self.transport_spin)
        hours, other = decimal_of(self.hours_spin), decimal_of(self.other_spin)
        note = self.note_edit.text().strip() or None

        def work() -> core.CostView:
            with db.begin() as session:
                return core.save_cost(session, actor, visit_id, distance_km=distance,
                                      transport=transport, staff_hours=hours,
                                      other_expenses=other, note=note)

        background(self, work, self._saved, self.error_label, (self.save_button,))

    def _saved(self, saved: core.CostView) -> None:
        self.saved = saved
        self.sig_saved.emit(saved)
        self.accept()

    def open_defaults(self) -> CostDefaultsDialog:
        dialog = CostDefaultsDialog(self._db, self._actor, self)
        dialog.sig_saved.connect(self._defaults_saved)
        self.defaults_dialog = dialog
        dialog.open()
        return dialog

    def _defaults_saved(self, defaults: core.CostDefaults) -> None:
        self.defaults = defaults
        self.retranslateUi()


def _load(db: Database, actor: Actor, visit_id: int) -> tuple[core.CostView, core.CostDefaults]:
    with db.session() as session:
        return core.get_cost(session, actor, visit_id), core.cost_defaults(session, actor.branch_id)
