"""The Administration section (issue 17.3): admins act, managers read, others never see it;
every action on a worker, through the core."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hvdesk.admin import config
from hvdesk.database import Database
from hvdesk.model import AuditEvent, Branch, User
from hvdesk.security.roles import Role
from tests.factories import Org
from tests.ui.conftest import open_window, sign_in
from ui.admin.base import AdminTab
from ui.admin.daily import DailyBackups
from ui.admin.keys_tab import KeysTab
from ui.admin.page import AdminPage
from ui.i18n import Translations
from ui.settings import Settings


@pytest.fixture(autouse=True)
def _own_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(config, "config_path", lambda: tmp_path / "database.json")


def _page(qtbot: QtBot, db: Database, login: str, settings: Settings) -> AdminPage:
    page = AdminPage(db, sign_in(db, login), settings)
    qtbot.addWidget(page)
    page.show()
    users, branches = page.users, page.branches
    if users is not None:
        qtbot.waitUntil(lambda: bool(users.rows), timeout=20_000)
    if branches is not None:
        qtbot.waitUntil(lambda: bool(branches.rows), timeout=20_000)
    return page


def _act(qtbot: QtBot, tab: AdminTab, button: QPushButton) -> None:
    with qtbot.waitSignal(tab.sig_done, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _saved(qtbot: QtBot, tab: AdminTab, form_ok: QPushButton) -> None:
    with qtbot.waitSignal(tab.sig_loaded, timeout=20_000):
        qtbot.mouseClick(form_ok, Qt.MouseButton.LeftButton)


def _answer(keys: KeysTab, button: QMessageBox.StandardButton) -> None:
    box = keys.confirm_box
    assert box is not None and box.isVisible()
    clicked = box.button(button)
    assert clicked is not None
    clicked.click()


def _events(db: Database, action: str, entity: str) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).where(
            AuditEvent.action == action, AuditEvent.entity == entity)) or 0)


def test_only_admins_and_managers_have_the_section(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    for login, shown in (("admin", True), ("manager1", True), ("coord1", False),
                         ("visitor1", False), ("reviewer1", False)):
        window = open_window(qtbot, sqlite_db, login, settings, translations)
        assert ("admin" in window.section_keys()) is shown, login
        window.close()


def test_a_manager_reads_and_changes_nothing(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    page = _page(qtbot, sqlite_db, "manager1", settings)
    assert page.users is not None and page.branches is not None
    assert page.keys is None
    assert set(page.users.rows) == {"coord1", "coord2", "visitor1", "reviewer1", "manager1"}
    for button in (page.users.new_button, page.users.role_button,
                   page.users.password_button, page.users.active_button,
                   page.branches.new_button, page.branches.edit_button):
        assert button.isHidden()
    assert page.settings_tab is not None and page.settings_tab.sms_button.isHidden()


def test_an_admin_manages_users(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    page = _page(qtbot, sqlite_db, "admin", settings)
    users = page.users
    assert users is not None and users.new_button.isVisible()
    qtbot.mouseClick(users.new_button, Qt.MouseButton.LeftButton)
    form = users.form
    assert form is not None
    form.login_edit.setText("newbie")  # type: ignore[attr-defined]
    form.name_edit.setText("新同事")  # type: ignore[attr-defined]
    form.employee_edit.setText("V0099")  # type: ignore[attr-defined]
    form.password_edit.setText("short")  # type: ignore[attr-defined]
    _act(qtbot, users, form.ok_button)
    assert form.error_label.isVisible() and form.isVisible()
    form.password_edit.setText("Long-enough-1")  # type: ignore[attr-defined]
    _saved(qtbot, users, form.ok_button)
    assert "newbie" in users.rows and users.rows["newbie"].role is Role.VISITOR

    users.select("newbie")
    qtbot.mouseClick(users.role_button, Qt.MouseButton.LeftButton)
    role_form = users.form
    assert role_form is not None
    role_form.role_combo.setCurrentIndex(  # type: ignore[attr-defined]
        role_form.role_combo.findData(Role.REVIEWER.value))  # type: ignore[attr-defined]
    _saved(qtbot, users, role_form.ok_button)
    users.select("newbie")
    qtbot.mouseClick(users.password_button, Qt.MouseButton.LeftButton)
    pw_form = users.form
    assert pw_form is not None
    pw_form.password_edit.setText("Another-pass-2")  # type: ignore[attr-defined]
    pw_form.again_edit.setText("Another-pass-2")  # type: ignore[attr-defined]
    _saved(qtbot, users, pw_form.ok_button)
    users.select("newbie")
    with qtbot.waitSignal(users.sig_loaded, timeout=20_000):
        qtbot.mouseClick(users.active_button, Qt.MouseButton.LeftButton)
    assert not users.rows["newbie"].active
    with sqlite_db.session() as s:
        newbie = s.scalar(select(User).where(User.login == "newbie"))
        assert newbie is not None and newbie.role is Role.REVIEWER and not newbie.active
    assert _events(sqlite_db, "reset_password", "app_user") == 1


def test_an_admin_edits_a_branch(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    page = _page(qtbot, sqlite_db, "admin", settings)
    branches = page.branches
    assert branches is not None
    branches.branches_table.selectRow(0)
    form = branches.edit_branch()
    assert form is not None
    form.hotline_edit.setText("028-55556666")
    _saved(qtbot, branches, form.ok_button)
    with sqlite_db.session() as s:
        assert s.scalar(select(Branch.hotline)) == "028-55556666"


def test_key_export_asks_and_is_audited_then_backup_and_restore(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _page(qtbot, sqlite_db, "admin", settings)
    keys = page.keys
    assert keys is not None
    target = tmp_path / "desk2.hvdkey"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(target), "")))
    qtbot.mouseClick(keys.export_button, Qt.MouseButton.LeftButton)
    _answer(keys, QMessageBox.StandardButton.No)
    assert not target.exists()
    qtbot.mouseClick(keys.export_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(keys.sig_done, timeout=20_000):
        _answer(keys, QMessageBox.StandardButton.Yes)
    assert target.is_file() and _events(sqlite_db, "export", "data_key") == 1
    assert settings.raw("files/admin/data-key") == str(tmp_path)

    copy = tmp_path / "copy.backup.db"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(copy), "")))
    _act(qtbot, keys, keys.backup_button)
    assert copy.is_file() and "copy.backup.db" in keys.status_label.text()

    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(copy), "")))
    with qtbot.waitSignal(keys.sig_asking, timeout=30_000):
        qtbot.mouseClick(keys.restore_button, Qt.MouseButton.LeftButton)
    assert keys.confirm_box is not None and "customers" in keys.confirm_box.text()
    with qtbot.waitSignal(keys.sig_restored, timeout=30_000):
        _answer(keys, QMessageBox.StandardButton.Yes)
    assert _events(sqlite_db, "restore", "database") == 1


def test_daily_backup_settings_and_the_run(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, tmp_path: Path
) -> None:
    page = _page(qtbot, sqlite_db, "admin", settings)
    keys = page.keys
    assert keys is not None
    keys.keep_spin.setValue(3)
    keys.folder_edit.setText(str(tmp_path / "daily"))
    _act(qtbot, keys, keys.save_daily_button)
    assert config.daily_backup() == config.DailyBackup(True, 3, str(tmp_path / "daily"))
    daily = DailyBackups(sqlite_db)
    with qtbot.waitSignal(daily.sig_written, timeout=30_000) as written:
        daily.check_now()
    assert isinstance(written.args[0], Path) and written.args[0].parent == tmp_path / "daily"
    with qtbot.waitSignal(daily.sig_written, timeout=30_000) as again:
        daily.check_now()
    assert again.args[0] is None
