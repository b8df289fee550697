"""Preferences: the interface language (saved, and applied to open windows at once) and
the idle time after which the window locks."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import LANGUAGE_NAMES, Translations
from ui.idle_lock import MAX_MINUTES, MIN_MINUTES
from ui.settings import Settings


class PreferencesDialog(QDialog):
    def __init__(
        self, settings: Settings, translations: Translations, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._translations = translations
        self.setMinimumWidth(380)

        self.language_combo = QComboBox()
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(settings.language))

        self._language_label = QLabel()
        self._language_label.setBuddy(self.language_combo)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(MIN_MINUTES, MAX_MINUTES)
        self.idle_spin.setValue(max(MIN_MINUTES, min(MAX_MINUTES, settings.idle_lock_minutes)))
        self._idle_label = QLabel()
        self._idle_label.setBuddy(self.idle_spin)
        self._hint = QLabel()
        self._hint.setObjectName("hint")
        self._hint.setWordWrap(True)
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.addRow(self._language_label, self.language_combo)
        form.addRow(self._idle_label, self.idle_spin)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(14)
        layout.addLayout(form)
        layout.addWidget(self._hint)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Preferences"))
        self._language_label.setText(self.tr("&Language:"))
        self._idle_label.setText(self.tr("Lock &after idle for:"))
        self.idle_spin.setSuffix(self.tr(" min"))
        self._hint.setText(self.tr("The new language applies to every open window at once. "
                                   "A locked window asks for your password again."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def selected_language(self) -> str:
        return str(self.language_combo.currentData())

    def accept(self) -> None:
        language = self.selected_language()
        if language != self._settings.language or language != self._translations.language:
            self._settings.language = language
            self._translations.apply(language)
        self._settings.idle_lock_minutes = self.idle_spin.value()
        super().accept()
