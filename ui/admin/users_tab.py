"""Users: who signs in, with which role, in which branch; an admin changes them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from hvdesk.admin import manage
from hvdesk.database import Database
from hvdesk.services.context import Actor
from hvdesk.services.users import UserRow
from ui.admin.base import AdminTab
from ui.admin.forms import FormDialog, PasswordForm, RoleForm, UserForm
from ui.labels import role_name


class UsersTab(AdminTab):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.setObjectName("adminUsers")
        self.rows: dict[str, UserRow] = {}
        self.branches: list[str] = []
        self.form: FormDialog | None = None
        self.users_table = self.table(6)
        can = manage.may_manage_users(actor)
        self.new_button = self.button(can, self.new_user)
        self.role_button = self.button(can, self.change_role)
        self.password_button = self.button(can, self.reset_password)
        self.active_button = self.button(can, self.toggle_active)
        self.finish_layout(self.users_table)
        self.users_table.itemSelectionChanged.connect(self._selection_changed)
        self.retranslateUi()
        self._selection_changed()
        self.reload()

    def retranslateUi(self) -> None:
        self.users_table.setHorizontalHeaderLabels([
            self.tr("User name"), self.tr("Name"), self.tr("Employee no."), self.tr("Role"),
            self.tr("Branch"), self.tr("Status")])
        self.hint_label.setText(
            self.tr("Everyone who signs in. Only administrators change users.")
            if manage.may_manage_users(self._actor)
            else self.tr("The users of your branch (read-only)."))
        self.new_button.setText(self.tr("New user…"))
        self.role_button.setText(self.tr("Role and branch…"))
        self.password_button.setText(self.tr("Reset password…"))
        self.active_button.setText(self.tr("Disable"))

    def reload(self) -> None:
        db, actor = self._db, self._actor

        def read() -> tuple[list[UserRow], list[str]]:
            with db.session() as s:
                people = manage.user_rows(s, actor)
                codes = ([b.code for b in manage.branch_rows(s, actor)]
                         if manage.may_view_branches(actor) else [])
            return people, codes

        self.work(read, self._loaded)

    def _loaded(self, loaded: tuple[list[UserRow], list[str]]) -> None:
        people, self.branches = loaded
        self.rows = {p.login: p for p in people}
        self.fill(self.users_table, [
            (p.login, p.display_name, p.employee_no, role_name(p.role), p.branch_code or "—",
             self.tr("active") if p.active else self.tr("disabled")) for p in people],
            [p.login for p in people])
        self._selection_changed()
        self.sig_loaded.emit()

    def current(self) -> UserRow | None:
        login = self.selected(self.users_table)
        return self.rows.get(str(login)) if login is not None else None

    def select(self, login: str) -> None:
        for row in range(self.users_table.rowCount()):
            item = self.users_table.item(row, 0)
            if item is not None and item.text() == login:
                self.users_table.selectRow(row)

    def _selection_changed(self) -> None:
        user = self.current()
        for button in (self.role_button, self.password_button, self.active_button):
            button.setEnabled(user is not None)
        if user is not None:
            self.active_button.setText(self.tr("Disable") if user.active else self.tr("Enable"))

    def _open(self, form: FormDialog, save: Callable[[], None]) -> FormDialog:
        self.form = form
        form.buttons.accepted.connect(save)
        form.open()
        return form

    def _saved(self, form: FormDialog) -> None:
        form.accept()
        self.reload()

    def new_user(self) -> UserForm:
        form = UserForm(self.branches, self)
        db, actor = self._db, self._actor

        def save() -> None:
            login, name, number = (form.login_edit.text(), form.name_edit.text(),
                                   form.employee_edit.text())
            role, branch, password = form.role(), form.branch(), form.password_edit.text()

            def write() -> None:
                with db.begin() as s:
                    manage.create_user(s, actor, login=login, display_name=name,
                                       employee_no=number, role=role, branch_code=branch,
                                       password=password)

            self.work(write, lambda _r: self._saved(form), form.show_error)

        self._open(form, save)
        return form

    def change_role(self) -> RoleForm | None:
        user = self.current()
        if user is None:
            return None
        form = RoleForm(user.login, user.role, user.branch_code, self.branches, self)
        db, actor = self._db, self._actor

        def save() -> None:
            role, branch = form.role(), form.branch()

            def write() -> None:
                with db.begin() as s:
                    manage.set_role(s, actor, user.login, role, branch)

            self.work(write, lambda _r: self._saved(form), form.show_error)

        self._open(form, save)
        return form

    def reset_password(self) -> PasswordForm | None:
        user = self.current()
        if user is None:
            return None
        form = PasswordForm(user.login, self)
        db, actor = self._db, self._actor

        def save() -> None:
            password = form.password_edit.text()
            if password != form.again_edit.text():
                form.show_error(self.tr("The two passwords differ."))
                return

            def write() -> None:
                with db.begin() as s:
                    manage.reset_password(s, actor, user.login, password)

            self.work(write, lambda _r: self._saved(form), form.show_error)

        self._open(form, save)
        return form

    def toggle_active(self) -> None:
        user = self.current()
        if user is None:
            return
        db, actor, active = self._db, self._actor, not user.active

        def write() -> None:
            with db.begin() as s:
                manage.set_active(s, actor, user.login, active)

        self.work(write, lambda _r: self.reload())
