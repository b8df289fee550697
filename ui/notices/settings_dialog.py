"""Notice settings: signature, gateway (outbox folder or HTTP), token, extra forbidden words.

The settings are shared by every desk of the database (the core keeps them
there); the HTTP token never is: it goes to this computer's keyring through
the core, and the field stays empty (typing a new token replaces it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.errors import HvdeskError
from hvdesk.notices import NoticeSettings
from ui.notices.texts import core_error
from ui.workers import Op

Saver = Callable[[NoticeSettings, str | None], None]
GATEWAYS = ("outbox", "http")


class NoticeSettingsDialog(QDialog):
    def __init__(
        self, current: NoticeSettings, save: Saver, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("noticeSettings")
        self.setMinimumWidth(560)
        self._save = save
        self.current = current
        self.saving: Op[None] | None = None
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.subtitle_label.setWordWrap(True)
        self.signature_edit = QLineEdit(current.signature)
        self.gateway_combo = QComboBox()
        for key in GATEWAYS:
            self.gateway_combo.addItem("", key)
        self.gateway_combo.setCurrentIndex(max(0, self.gateway_combo.findData(current.gateway)))
        self.gateway_combo.currentIndexChanged.connect(self._gateway_changed)
        self.outbox_edit = QLineEdit(current.outbox_dir)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.outbox_row = QWidget()
        row = QHBoxLayout(self.outbox_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.outbox_edit, 1)
        row.addWidget(self.browse_button)
        self.url_edit = QLineEdit(current.http_url)
        self.token_edit = QLineEdit()
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.words_edit = QPlainTextEdit("\n".join(current.extra_forbidden_words))
        self.words_edit.setTabChangesFocus(True)
        self.words_edit.setFixedHeight(96)
        self._arrange()
        self.retranslateUi()
        self._gateway_changed()

    def _arrange(self) -> None:
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self.form.setVerticalSpacing(10)
        self._captions = [QLabel() for _ in range(6)]
        fields: list[QWidget] = [self.signature_edit, self.gateway_combo, self.outbox_row,
                                 self.url_edit, self.token_edit, self.words_edit]
        for caption, field in zip(self._captions, fields, strict=True):
            self.form.addRow(caption, field)
        self.words_hint = QLabel()
        self.words_hint.setObjectName("hint")
        self.words_hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        layout.addLayout(self.form)
        layout.addWidget(self.words_hint)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Notice settings"))
        self.title_label.setText(self.tr("Notice settings"))
        self.subtitle_label.setText(self.tr(
            "Shared by every desk of this database. The HTTP token is kept in this computer's "
            "keyring, never in the database."))
        for caption, text in zip(self._captions, (
            self.tr("Signature:"), self.tr("Gateway:"), self.tr("Outbox folder:"),
            self.tr("HTTP URL:"), self.tr("HTTP token:"), self.tr("Forbidden words:"),
        ), strict=True):
            caption.setText(text)
        self.gateway_combo.setItemText(0, self.tr("Outbox folder (files for the SMS platform)"))
        self.gateway_combo.setItemText(1, self.tr("HTTP gateway"))
        self.browse_button.setText(self.tr("Choose…"))
        self.signature_edit.setPlaceholderText(self.tr("【Company name】"))
        self.url_edit.setPlaceholderText("https://sms.example.com/api/send")
        self.token_edit.setPlaceholderText(self.tr("Leave empty to keep the stored token"))
        self.words_hint.setText(self.tr(
            "Forbidden words: one per line, checked in every notice on top of the built-in "
            "rules (no debt amounts, no \"overdue\", no threats)."))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def gateway(self) -> str:
        return str(self.gateway_combo.currentData())

    def _gateway_changed(self) -> None:
        outbox = self.gateway() == "outbox"
        self.form.setRowVisible(self.outbox_row, outbox)
        self.form.setRowVisible(self.url_edit, not outbox)
        self.form.setRowVisible(self.token_edit, not outbox)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Outbox folder"), self.outbox_edit.text())
        if chosen:
            self.outbox_edit.setText(chosen)

    def value(self) -> NoticeSettings:
        words = tuple(
            w.strip() for line in self.words_edit.toPlainText().splitlines()
            for w in line.split(",") if w.strip()
        )
        return NoticeSettings(
            signature=self.signature_edit.text().strip(),
            gateway=self.gateway(),
            outbox_dir=self.outbox_edit.text().strip(),
            http_url=self.url_edit.text().strip(),
            extra_forbidden_words=words,
        )

    def save(self) -> None:
        """Store on a worker; the dialog closes when stored, or shows the refusal."""
        token = self.token_edit.text().strip() or None
        value, save = self.value(), self._save
        self.buttons.setEnabled(False)
        self.saving = Op(self, lambda _s: save(value, token)).success(lambda _r: self.accept())
        self.saving.failure(self._refused).finally_(lambda: self.buttons.setEnabled(True)).run()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.error_label.setText(core_error(exc))
        self.error_label.show()
