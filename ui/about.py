"""The About hvdesk dialog."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import QEvent, Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import hvdesk
from hvdesk.database import Database
from ui.icons import icon


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self.setMinimumWidth(440)

        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(64, 64))
        title = QLabel("hvdesk")
        title.setObjectName("dialogTitle")
        self.version_label = QLabel()
        self.version_label.setObjectName("dialogSubtitle")
        self.description_label = QLabel()
        self.description_label.setWordWrap(True)
        self.database_label = QLabel()
        self.database_label.setWordWrap(True)
        self.database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.licence_label = QLabel()
        self.licence_label.setObjectName("hint")
        self.licence_label.setWordWrap(True)

        text = QVBoxLayout()
        text.setSpacing(6)
        for widget in (title, self.version_label, self.description_label, self.database_label,
                       self.licence_label):
            text.addWidget(widget)
        body = QHBoxLayout()
        body.setSpacing(18)
        body.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(text, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.setSpacing(16)
        layout.addLayout(body)
        layout.addWidget(self.buttons)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("About hvdesk"))
        self.version_label.setText(
            self.tr("Version {0} · Qt {1} · PySide6 {2}").format(
                hvdesk.__version__, qVersion(), PySide6.__version__
            )
        )
        self.description_label.setText(
            self.tr("Plans home visits for consumer-finance branch offices: customers, "
                    "visit schedules, notices, visit reports and their review.")
        )
        self.database_label.setText(self.tr("Database: {0}").format(self._db.describe()))
        self.licence_label.setText(
            self.tr("Proprietary software, licensed for use by the branch offices only.")
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
