"""A visit's costs, and the branch's cost defaults.

:class:`CostsDialog` opens with what :func:`hvdesk.visitreports.get_cost`
gives: the stored costs, or defaults from the settings and the day's route
(distance). Changing the distance updates the transport cost at the default
rate per km until the transport is typed in by hand. Managers and
administrators reach :class:`CostDefaultsDialog` from it (and from the
dashboard).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.feedback.common import background, decimal_of, dialog_style, error_label, money_spin


def can_edit_defaults(actor: Actor) -> bool:
    """Managers (dashboard) and administrators (settings) set the branch's defaults."""
    return actor.can(Permission.SETTINGS_MANAGE) or actor.can(Permission.DASHBOARD_VIEW)


def _form_dialog(dialog: QDialog, form: QFormLayout, *top: QWidget) -> tuple[
    QLabel, QPushButton, QPushButton, QHBoxLayout
]:
    """Lay out ``top`` widgets, the form, an error line and Cancel/Save."""
    error = error_label()
    save = QPushButton()
    save.setDefault(True)
    cancel = QPushButton()
    cancel.clicked.connect(dialog.reject)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(cancel)
    buttons.addWidget(save)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(24, 20, 24, 20)
    layout.setSpacing(12)
    for widget in top:
        layout.addWidget(widget)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addLayout(buttons)
    return error, save, cancel, buttons


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
        self.error_label, self.save_button, self.cancel_button, buttons = _form_dialog(
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


def _load_defaults(db: Database, branch_id: int | None) -> core.CostDefaults:
    with db.session() as session:
        return core.cost_defaults(session, branch_id)


class CostDefaultsDialog(QDialog):
    """The branch's defaults: cost per km, per staff hour, other expenses, overhead hours.

    Read on a worker (``sig_loaded``, ``loaded``); saved on one."""

    sig_saved = Signal(object)  # CostDefaults
    sig_loaded = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("costDefaultsDialog")
        self.setStyleSheet(dialog_style())
        self.setMinimumWidth(440)
        self._db = db
        self._actor = actor
        self.saved: core.CostDefaults | None = None
        self.loaded = False
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.hint_label = QLabel()
        self.hint_label.setObjectName("dialogSubtitle")
        self.hint_label.setWordWrap(True)
        self.per_km_spin = money_spin(1_000.0)
        self.hourly_spin = money_spin(10_000.0)
        self.other_spin = money_spin(100_000.0)
        self.overhead_spin = money_spin(24.0)
        self.spins: tuple[QDoubleSpinBox, ...] = (
            self.per_km_spin, self.hourly_spin, self.other_spin, self.overhead_spin
        )
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self._labels = [QLabel() for _ in self.spins]
        for label, spin in zip(self._labels, self.spins, strict=True):
            self.form.addRow(label, spin)
        self.error_label, self.save_button, self.cancel_button, _ = _form_dialog(
            self, self.form, self.title_label, self.hint_label
        )
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        for spin in self.spins:
            spin.setReadOnly(True)
        self.retranslateUi()
        background(self, lambda: _load_defaults(db, actor.branch_id), self._loaded,
                   self.error_label)

    def _loaded(self, defaults: core.CostDefaults) -> None:
        self.defaults = defaults
        values = (defaults.per_km, defaults.hourly_rate, defaults.other_expenses,
                  defaults.overhead_hours)
        for spin, value in zip(self.spins, values, strict=True):
            spin.setValue(float(value))
        can = can_edit_defaults(self._actor)
        self.save_button.setEnabled(can)
        for spin in self.spins:
            spin.setReadOnly(not can)
        self.loaded = True
        self.sig_loaded.emit()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Cost defaults"))
        self.title_label.setText(self.tr("Cost defaults"))
        self.hint_label.setText(
            self.tr("Used for visits whose costs nobody entered, and to prefill the form.")
        )
        for k, text in enumerate((
            self.tr("Transport per km:"),
            self.tr("Staff cost per hour:"),
            self.tr("Other expenses per visit:"),
            self.tr("Extra hours per person:"),
        )):
            self._labels[k].setText(text)
        for spin in self.spins[:3]:
            spin.setPrefix("¥ ")
        self.overhead_spin.setSuffix(self.tr(" h"))
        self.overhead_spin.setToolTip(self.tr("Travel and paperwork added to each visit's length"))
        self.save_button.setText(self.tr("Save"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def save(self) -> None:
        """Store on a worker; ``sig_saved`` and the dialog closes when stored."""
        if not self.loaded:
            return
        db, actor = self._db, self._actor
        per_km, hourly_rate, other, overhead = (decimal_of(s) for s in self.spins)

        def work() -> core.CostDefaults:
            with db.begin() as session:
                return core.save_cost_defaults(
                    session, actor, per_km=per_km, hourly_rate=hourly_rate,
                    other_expenses=other, overhead_hours=overhead, branch_id=actor.branch_id)

        background(self, work, self._saved, self.error_label, (self.save_button,))

    def _saved(self, saved: core.CostDefaults) -> None:
        self.saved = saved
        self.sig_saved.emit(saved)
        self.accept()
