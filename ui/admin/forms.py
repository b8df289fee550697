"""The administration page's small forms: a new user, a role change, a password, a branch.

Each collects plain values; the tab saves them through the core on a worker
and shows a refusal in the form's error line.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from hvdesk.admin.manage import BranchRow
from hvdesk.security.roles import Role
from ui.labels import role_name


class FormDialog(QDialog):
    """Title, a form, an error line, OK/Cancel; ``accepted`` only through :meth:`done_ok`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(14)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        # Named context: self.tr() in a base class would look under the subclass's name.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("FormDialog", "Cancel"))
        self.ok_button.setText(QCoreApplication.translate("FormDialog", "Save"))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()


def role_combo(branches: list[str]) -> tuple[QComboBox, QComboBox]:
    roles = QComboBox()
    for role in Role:
        roles.addItem(role_name(role), role.value)
    codes = QComboBox()
    for code in branches:
        codes.addItem(code, code)
    roles.currentIndexChanged.connect(
        lambda _i: codes.setEnabled(roles.currentData() != Role.ADMIN.value))
    return roles, codes


class UserForm(FormDialog):
    def __init__(self, branches: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminUserForm")
        self.login_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.employee_edit = QLineEdit()
        self.role_combo, self.branch_combo = role_combo(branches)
        self.role_combo.setCurrentIndex(self.role_combo.findData(Role.VISITOR.value))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.setWindowTitle(self.tr("New user"))
        for label, widget in ((self.tr("User name:"), self.login_edit),
                              (self.tr("Full name:"), self.name_edit),
                              (self.tr("Employee number:"), self.employee_edit),
                              (self.tr("Role:"), self.role_combo),
                              (self.tr("Branch:"), self.branch_combo),
                              (self.tr("First password:"), self.password_edit)):
            self.form.addRow(label, widget)

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def branch(self) -> str | None:
        return None if self.role() is Role.ADMIN else self.branch_combo.currentData()


class RoleForm(FormDialog):
    def __init__(self, login: str, role: Role, branch: str | None, branches: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminRoleForm")
        self.setWindowTitle(self.tr("Role and branch of {0}").format(login))
        self.role_combo, self.branch_combo = role_combo(branches)
        self.role_combo.setCurrentIndex(self.role_combo.findData(role.value))
        if branch:
            self.branch_combo.setCurrentIndex(self.branch_combo.findData(branch))
        self.branch_combo.setEnabled(role is not Role.ADMIN)
        self.form.addRow(self.tr("Role:"), self.role_combo)
        self.form.addRow(self.tr("Branch:"), self.branch_combo)

    def role(self) -> Role:
        return Role(self.role_combo.currentData())

    def branch(self) -> str | None:
        return None if self.role() is Role.ADMIN else self.branch_combo.currentData()


class PasswordForm(FormDialog):
    def __init__(self, login: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminPasswordForm")
        self.setWindowTitle(self.tr("New password for {0}").format(login))
        self.password_edit = QLineEdit()
        self.again_edit = QLineEdit()
        for edit in (self.password_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("New password:"), self.password_edit)
        self.form.addRow(self.tr("Again:"), self.again_edit)


def _time_edit(value: dt.time) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute))
    edit.setDisplayFormat("HH:mm")
    return edit


def _time(edit: QTimeEdit) -> dt.time:
    t = edit.time()
    return dt.time(t.hour(), t.minute())


class BranchForm(FormDialog):
    def __init__(self, row: BranchRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminBranchForm")
        self.row = row or BranchRow(None, "", "", "", "")
        self.setWindowTitle(self.tr("New branch") if row is None else self.tr("Branch {0}")
                            .format(self.row.code))
        r = self.row
        self.code_edit = QLineEdit(r.code)
        self.name_edit = QLineEdit(r.name)
        self.address_edit = QLineEdit(r.address)
        self.hotline_edit = QLineEdit(r.hotline)
        self.visit_start, self.visit_end = (_time_edit(r.visit_window_start),
                                            _time_edit(r.visit_window_end))
        self.sms_start, self.sms_end = _time_edit(r.sms_window_start), _time_edit(r.sms_window_end)
        for label, widget in ((self.tr("Code:"), self.code_edit),
                              (self.tr("Name:"), self.name_edit),
                              (self.tr("Address:"), self.address_edit),
                              (self.tr("Hotline:"), self.hotline_edit),
                              (self.tr("Visits from:"), self.visit_start),
                              (self.tr("Visits until:"), self.visit_end),
                              (self.tr("SMS from:"), self.sms_start),
                              (self.tr("SMS until:"), self.sms_end)):
            self.form.addRow(label, widget)

    def value(self) -> BranchRow:
        r = self.row
        return BranchRow(r.id, self.code_edit.text(), self.name_edit.text(),
                         self.address_edit.text(), self.hotline_edit.text(), r.timezone,
                         _time(self.visit_start), _time(self.visit_end), _time(self.sms_start),
                         _time(self.sms_end), r.version)
