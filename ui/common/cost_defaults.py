"""The branch's cost defaults (cost per km, per staff hour, other expenses, overhead hours),
and the form layout the cost dialogs share.

Opened from the dashboard and from a visit's costs dialog, so it lives outside both features.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.common.dialogs import background, decimal_of, dialog_style, error_label, money_spin


def can_edit_defaults(actor: Actor) -> bool:
    """Managers (dashboard) and administrators (settings) set the branch's defaults."""
    return actor.can(Permission.SETTINGS_MANAGE) or actor.can(Permission.DASHBOARD_VIEW)


def form_dialog(dialog: QDialog, form: QFormLayout, *top: QWidget) -> tuple[
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
        self.error_label, self.save_button, self.cancel_button, _ = form_dialog(
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
