"""The first-run dialog walked like a person would (issue 17.2 acceptance).

A first desk sets a database up and saves the data key to a file; a second
desk, with its own credential store, reads the key from that file, signs in
and reads a customer's decrypted phone number. Once on a local file, once on
the CI PostgreSQL server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from hvdesk.admin import config
from hvdesk.admin.setup import KeyState, Problem
from hvdesk.database import Database
from hvdesk.security import pg_setup
from hvdesk.security.crypto import encode_key, new_master_key
from hvdesk.services import customers
from tests.setup_helpers import (
    ADMIN_PASSWORD,
    PHONE,
    add_customer,
    address_of,
    server_account,
    use_desk,
)
from ui import app as app_module
from ui.settings import Settings
from ui.setup.dialog import ADMIN, DONE, KEY, PLACE, SetupDialog
from ui.signin import SignInDialog


def _click(qtbot: QtBot, dialog: SetupDialog, button: object) -> None:
    with qtbot.waitSignal(dialog.sig_step_done, timeout=60_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _dialog(qtbot: QtBot, tmp_path: Path) -> SetupDialog:
    dialog = SetupDialog(Settings(tmp_path / "ui.ini"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _first_admin(qtbot: QtBot, dialog: SetupDialog) -> None:
    assert dialog.current() == KEY and dialog.opened is not None
    assert dialog.opened.key is KeyState.CREATED and dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current() == ADMIN
    page = dialog.admin
    page.login_edit.setText("boss")
    page.name_edit.setText("管理员")
    page.employee_edit.setText("A1")
    page.password_edit.setText(ADMIN_PASSWORD)
    page.again_edit.setText(ADMIN_PASSWORD + "x")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.error_label.isVisible() and dialog.current() == ADMIN
    page.again_edit.setText(ADMIN_PASSWORD)
    _click(qtbot, dialog, dialog.next_button)
    assert dialog.current() == DONE and dialog.done_page.export_button.isVisible()


def _export_and_finish(qtbot: QtBot, dialog: SetupDialog, key_file: Path,
                       monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *_a, **_k: (str(key_file), "")))
    _click(qtbot, dialog, dialog.done_page.export_button)
    assert key_file.is_file()
    with qtbot.waitSignal(dialog.sig_configured, timeout=60_000) as configured:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    url = str(configured.args[0])
    assert config.remembered_url() == url
    return url


def _key_from_the_file(qtbot: QtBot, dialog: SetupDialog, key_file: Path,
                       monkeypatch: pytest.MonkeyPatch) -> str:
    assert dialog.current() == KEY and not dialog.next_button.isEnabled()
    assert dialog.key.given_box.isVisible()
    dialog.key.paste_edit.setText(encode_key(new_master_key()))
    _click(qtbot, dialog, dialog.key.use_button)
    assert dialog.problem is Problem.WRONG_KEY and dialog.error_label.isVisible()
    assert dialog.other_button.isVisible()
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(key_file), "")))
    _click(qtbot, dialog, dialog.key.file_button)
    assert dialog.problem is None and dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current() == DONE
    with qtbot.waitSignal(dialog.sig_configured, timeout=60_000) as configured:
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    return str(configured.args[0])


def _sign_in_and_read(qtbot: QtBot, url: str, tmp_path: Path, customer_id: int) -> None:
    desk = Database.open(url)
    dialog = SignInDialog(desk, Settings(tmp_path / "signin.ini"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login_edit.setText("boss")
    dialog.password_edit.setText(ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.sig_signed_in, timeout=60_000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    db = dialog.user_database or desk
    assert dialog.actor is not None
    try:
        with db.session() as s:
            assert customers.reveal(s, db.cipher, dialog.actor, customer_id, "phone") == PHONE
    finally:
        if db is not desk:
            db.dispose()
        desk.dispose()


def test_local_database_and_a_second_desk(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path / "first")
    key_file = tmp_path / "usb" / "key.hvdkey"
    key_file.parent.mkdir()
    file = tmp_path / "shared" / "branch.db"
    dialog = _dialog(qtbot, tmp_path / "first")
    dialog.place.path_edit.setText(str(file))
    _click(qtbot, dialog, dialog.next_button)
    _first_admin(qtbot, dialog)
    assert dialog.actor is not None
    admin = dialog.actor
    url = _export_and_finish(qtbot, dialog, key_file, monkeypatch)
    db = Database.open(url)
    customer_id = add_customer(db, admin)
    db.dispose()

    use_desk(monkeypatch, tmp_path / "second")
    second = _dialog(qtbot, tmp_path / "second")
    second.place.path_edit.setText(str(file))
    _click(qtbot, second, second.next_button)
    assert second.opened is not None and second.opened.key is KeyState.MISSING
    url2 = _key_from_the_file(qtbot, second, key_file, monkeypatch)
    assert url2 == url
    _sign_in_and_read(qtbot, url2, tmp_path, customer_id)


def test_an_unreachable_server_says_so_and_offers_a_way_back(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path)
    dialog = _dialog(qtbot, tmp_path)
    dialog.place.server_radio.setChecked(True)
    dialog.place.host_edit.setText("127.0.0.1")
    dialog.place.port_spin.setValue(1)
    dialog.place.login_edit.setText("coord1")
    _click(qtbot, dialog, dialog.next_button)
    assert dialog.problem is Problem.UNREACHABLE and dialog.current() == PLACE
    assert dialog.retry_button.isVisible() and not dialog.upgrade_button.isVisible()
    _click(qtbot, dialog, dialog.retry_button)
    assert dialog.problem is Problem.UNREACHABLE


def test_start_without_a_database_opens_the_setup(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    use_desk(monkeypatch, tmp_path)
    asked: list[bool] = []

    def cancelled(_settings: Settings) -> None:
        asked.append(True)

    monkeypatch.setattr(app_module, "first_run", cancelled)
    monkeypatch.setattr(app_module, "Settings", lambda: Settings(tmp_path / "ui.ini"))
    assert app_module.run(None, ["hvdesk"]) == 0
    assert asked == [True]


@pytest.mark.pg
def test_shared_server_and_a_second_desk(
    qtbot: QtBot, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = address_of(pg_url)
    owner = Database.open(pg_url)
    try:
        use_desk(monkeypatch, tmp_path / "first")
        key_file = tmp_path / "key.hvdkey"
        dialog = _dialog(qtbot, tmp_path / "first")
        place = dialog.place
        place.server_radio.setChecked(True)
        place.host_edit.setText(address.host)
        place.port_spin.setValue(address.port)
        place.database_edit.setText(address.database)
        place.login_edit.setText(server_account(pg_url))
        place.password_edit.setText(make_url(pg_url).password or "")
        _click(qtbot, dialog, dialog.next_button)
        assert dialog.problem is Problem.EMPTY and dialog.upgrade_button.isVisible()
        _click(qtbot, dialog, dialog.upgrade_button)
        _first_admin(qtbot, dialog)
        assert dialog.actor is not None
        admin = dialog.actor
        url = _export_and_finish(qtbot, dialog, key_file, monkeypatch)
        assert make_url(url).username is None
        customer_id = add_customer(owner, admin)

        use_desk(monkeypatch, tmp_path / "second")
        second = _dialog(qtbot, tmp_path / "second")
        place = second.place
        place.server_radio.setChecked(True)
        place.host_edit.setText(address.host)
        place.port_spin.setValue(address.port)
        place.database_edit.setText(address.database)
        place.login_edit.setText("boss")
        place.password_edit.setText(ADMIN_PASSWORD)
        _click(qtbot, second, second.next_button)
        assert second.opened is not None and second.opened.key is KeyState.MISSING
        assert _key_from_the_file(qtbot, second, key_file, monkeypatch) == url
        _sign_in_and_read(qtbot, url, tmp_path, customer_id)
    finally:
        pg_setup.drop_server_roles(owner)
        owner.dispose()
