"""The setup dialog's four pages: where the database is, the data key, the first admin, done.

Widgets only; :mod:`ui.setup.dialog` runs the steps and moves between them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hvdesk.admin import config
from hvdesk.admin.setup import DEFAULT_PORT
from hvdesk.paths import default_database_path


def _title() -> QLabel:
    label = QLabel()
    label.setObjectName("dialogTitle")
    label.setWordWrap(True)
    return label


def _hint() -> QLabel:
    label = QLabel()
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class PlacePage(QWidget):
    """A file on this computer (± the demo branch) or a shared PostgreSQL server."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _title()
        self.local_radio = QRadioButton()
        self.server_radio = QRadioButton()
        group = QButtonGroup(self)
        group.addButton(self.local_radio)
        group.addButton(self.server_radio)
        self.local_radio.setChecked(True)

        self.path_edit = QLineEdit(str(config.remembered_file() or default_database_path()))
        self.path_edit.setObjectName("databasePath")
        self.browse_button = QPushButton()
        self.demo_check = QCheckBox()
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.local_box = QWidget()
        local = QFormLayout(self.local_box)
        self._path_label = QLabel()
        local.addRow(self._path_label, path_row)
        local.addRow("", self.demo_check)

        self.host_edit = QLineEdit()
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit("hvdesk")
        self.login_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_box = QWidget()
        server = QFormLayout(self.server_box)
        self._server_labels = [QLabel() for _ in range(5)]
        for label, edit in zip(self._server_labels, (
            self.host_edit, self.port_spin, self.database_edit, self.login_edit,
            self.password_edit,
        ), strict=True):
            server.addRow(label, edit)
        self.server_hint = _hint()
        server.addRow(self.server_hint)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.local_radio)
        layout.addWidget(self.local_box)
        layout.addWidget(self.server_radio)
        layout.addWidget(self.server_box)
        layout.addStretch(1)
        self.local_radio.toggled.connect(self._kind_changed)
        self._kind_changed()
        self.retranslateUi()

    def is_local(self) -> bool:
        return self.local_radio.isChecked()

    def _kind_changed(self) -> None:
        self.local_box.setEnabled(self.is_local())
        self.server_box.setEnabled(not self.is_local())

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Where is the data of this branch kept?"))
        self.local_radio.setText(self.tr("On this computer (one desk)"))
        self.server_radio.setText(self.tr("On a shared server (several desks, PostgreSQL)"))
        self._path_label.setText(self.tr("Database file:"))
        self.browse_button.setText(self.tr("Choose…"))
        self.demo_check.setText(self.tr("Fill a new database with a demo branch to try hvdesk"))
        for label, text in zip(self._server_labels, (
            self.tr("Server address:"), self.tr("Port:"), self.tr("Database:"),
            self.tr("Your user name:"), self.tr("Your password:"),
        ), strict=True):
            label.setText(text)
        self.host_edit.setPlaceholderText(self.tr("for example 192.168.1.10"))
        self.server_hint.setText(self.tr(
            "Sign in as yourself. The first time, IT signs in with the server's own account "
            "to set the database up."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class KeyPage(QWidget):
    """The data key: found, created, or given (pasted, or a file from the admin)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _title()
        self.status_label = QLabel()
        self.status_label.setObjectName("keyStatus")
        self.status_label.setWordWrap(True)
        self.paste_edit = QLineEdit()
        self.paste_edit.setObjectName("keyText")
        self.paste_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.use_button = QPushButton()
        self.file_button = QPushButton()
        self.given_box = QWidget()
        given = QVBoxLayout(self.given_box)
        given.setContentsMargins(0, 0, 0, 0)
        self.given_hint = _hint()
        row = QHBoxLayout()
        row.addWidget(self.paste_edit, 1)
        row.addWidget(self.use_button)
        given.addWidget(self.given_hint)
        given.addLayout(row)
        given.addWidget(self.file_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status_label)
        layout.addWidget(self.given_box)
        layout.addStretch(1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("The data key"))
        self.given_hint.setText(self.tr(
            "Customers' ID and phone numbers are encrypted with the database's data key. Paste "
            "the key your administrator gave you, or read the key file they exported."))
        self.use_button.setText(self.tr("Use this key"))
        self.file_button.setText(self.tr("Read the key from a file…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class AdminPage(QWidget):
    """The database's first user, an administrator."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _title()
        self.hint = _hint()
        self.login_edit = QLineEdit("admin")
        self.name_edit = QLineEdit()
        self.employee_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.again_edit = QLineEdit()
        for edit in (self.password_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._labels = [QLabel() for _ in range(5)]
        form = QFormLayout()
        for label, edit in zip(self._labels, (
            self.login_edit, self.name_edit, self.employee_edit, self.password_edit,
            self.again_edit,
        ), strict=True):
            form.addRow(label, edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addStretch(1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("The first administrator"))
        self.hint.setText(self.tr(
            "The database has no users yet. The administrator adds everyone else on the "
            "Administration page."))
        for label, text in zip(self._labels, (
            self.tr("User name:"), self.tr("Full name:"), self.tr("Employee number:"),
            self.tr("Password:"), self.tr("Password again:"),
        ), strict=True):
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


class DonePage(QWidget):
    """What was set up; the key for the next desk; the demo's passwords."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _title()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("setupSummary")
        self.summary_label.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_hint = _hint()
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demoPasswords")
        self.demo_label.setWordWrap(True)
        self.demo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.demo_label)
        layout.addWidget(self.export_hint)
        layout.addWidget(self.export_button)
        layout.addStretch(1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.title.setText(self.tr("Ready"))
        self.export_button.setText(self.tr("Save the data key for another desk…"))
        self.export_hint.setText(self.tr(
            "Another desk on this database needs the data key: save it to a file (a USB stick) "
            "and keep that file safe. Saving it is recorded in the audit trail."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
