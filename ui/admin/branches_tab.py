"""Branches: name, address, hotline, visiting and SMS hours."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from hvdesk.admin import manage
from hvdesk.admin.manage import BranchRow
from hvdesk.database import Database
from hvdesk.services.context import Actor
from ui.admin.base import AdminTab
from ui.admin.forms import BranchForm


class BranchesTab(AdminTab):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.setObjectName("adminBranches")
        self.rows: dict[int, BranchRow] = {}
        self.form: BranchForm | None = None
        self.branches_table = self.table(5)
        can = manage.may_manage_settings(actor)
        self.new_button = self.button(can, self.new_branch)
        self.edit_button = self.button(can, self.edit_branch)
        self.finish_layout(self.branches_table)
        self.branches_table.itemSelectionChanged.connect(
            lambda: self.edit_button.setEnabled(self.current() is not None))
        self.edit_button.setEnabled(False)
        self.retranslateUi()
        self.reload()

    def retranslateUi(self) -> None:
        self.branches_table.setHorizontalHeaderLabels([
            self.tr("Code"), self.tr("Name"), self.tr("Hotline"), self.tr("Visits"),
            self.tr("SMS")])
        self.hint_label.setText(
            self.tr("The branches, their hotline and hours. The SMS signature is in the SMS "
                    "gateway settings.") if manage.may_manage_settings(self._actor)
            else self.tr("Your branch (read-only)."))
        self.new_button.setText(self.tr("New branch…"))
        self.edit_button.setText(self.tr("Edit…"))

    def reload(self) -> None:
        db, actor = self._db, self._actor

        def read() -> list[BranchRow]:
            with db.session() as s:
                return manage.branch_rows(s, actor)

        self.work(read, self._loaded)

    def _loaded(self, rows: list[BranchRow]) -> None:
        self.rows = {r.id: r for r in rows if r.id is not None}

        def span(a: object, b: object) -> str:
            return f"{a:%H:%M}–{b:%H:%M}"

        self.fill(self.branches_table, [
            (r.code, r.name, r.hotline, span(r.visit_window_start, r.visit_window_end),
             span(r.sms_window_start, r.sms_window_end)) for r in rows],
            [r.id for r in rows])
        self.sig_loaded.emit()

    def current(self) -> BranchRow | None:
        key = self.selected(self.branches_table)
        return self.rows.get(int(str(key))) if key is not None else None

    def new_branch(self) -> BranchForm:
        return self._open(None)

    def edit_branch(self) -> BranchForm | None:
        row = self.current()
        return self._open(row) if row is not None else None

    def _open(self, row: BranchRow | None) -> BranchForm:
        form = BranchForm(row, self)
        self.form = form
        db, actor = self._db, self._actor

        def save() -> None:
            value = form.value()

            def write() -> BranchRow:
                with db.begin() as s:
                    return manage.save_branch(s, actor, value)

            def saved(_row: BranchRow) -> None:
                form.accept()
                self.reload()

            self.work(write, saved, form.show_error)

        form.buttons.accepted.connect(save)
        form.open()
        return form
