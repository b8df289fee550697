"""The application shell: sign-in → window → sign-out → sign-in, and ui.app.run itself."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from hvdesk import migrations
from hvdesk.database import Database
from tests.factories import PASSWORD, Org, make_org
from ui import app as app_module
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.signin import SignInDialog


@pytest.fixture
def shell(
    sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> Iterator[app_module.Shell]:
    shell = app_module.Shell(sqlite_db, settings, translations)
    yield shell
    shell.close()


def test_sign_in_sign_out_and_cancel(qtbot: QtBot, shell: app_module.Shell) -> None:
    shell.start()
    dialog = shell.sign_in_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.login_edit, "coord1")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    # The password is checked on a worker; the window follows.
    qtbot.waitUntil(lambda: shell.window is not None)
    window = shell.window
    assert window is not None
    qtbot.waitExposed(window)
    assert "coord1" in window.user_label.text()

    window.action_sign_out.trigger()
    qtbot.waitUntil(lambda: shell.window is None)
    again = shell.sign_in_dialog
    assert again is not None
    assert again is not dialog
    qtbot.waitExposed(again)
    assert again.login_edit.text() == "coord1"  # remembered

    with qtbot.waitSignal(shell.sig_finished):
        qtbot.keyClick(again.password_edit, Qt.Key.Key_Escape)


def test_quitting_the_window_finishes(qtbot: QtBot, shell: app_module.Shell) -> None:
    shell.start()
    dialog = shell.sign_in_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.login_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shell.window is not None)
    window = shell.window
    assert window is not None
    with qtbot.waitSignal(shell.sig_finished):
        window.action_quit.trigger()


def test_upgrade_backup_is_announced_at_sign_in(
    qtbot: QtBot, sqlite_url: str, settings: Settings, translations: Translations
) -> None:
    old = Database.open(sqlite_url)
    migrations.upgrade(old, "0001")  # as an older hvdesk left it
    old.dispose()

    db, backup = app_module.open_database(sqlite_url)
    try:
        assert backup is not None
        assert backup.exists()
        notice = app_module.backup_notice(backup)
        shell = app_module.Shell(db, settings, translations, notice=notice)
        shell.start()
        dialog = shell.sign_in_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        assert dialog.notice_label.isVisible()
        assert str(backup) in dialog.notice_label.text()
        assert dialog.notice_label.text().startswith("数据库已升级")
        shell.close()
    finally:
        db.dispose()


@pytest.fixture
def app_state(qapp: QApplication) -> Iterator[QApplication]:
    """run() configures the application; put it back for the other tests."""
    style, quit_on_close = qapp.styleSheet(), qapp.quitOnLastWindowClosed()
    yield qapp
    qapp.setStyleSheet(style)
    qapp.setQuitOnLastWindowClosed(quit_on_close)


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None], tries: int = 200) -> None:
    """Act on the first visible top-level ``kind`` once the event loop shows it."""
    def poll(left: int) -> None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if found:
            act(found[0])
        elif left:
            QTimer.singleShot(25, lambda: poll(left - 1))
    QTimer.singleShot(0, lambda: poll(tries))


def test_run_reports_a_database_it_cannot_open(
    qtbot: QtBot, app_state: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(tmp_path / "config"))
    seen: list[str] = []

    def close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        box.accept()

    when_shown(QMessageBox, close)
    assert app_module.run("oracle://nowhere/db", ["hvdesk"]) == 1
    assert len(seen) == 1
    assert seen[0].startswith("无法打开数据库。")
    assert "oracle" in seen[0]
    assert not app_state.translate("MainWindow", "&File").startswith("文件")  # cleaned up


def test_run_end_to_end(
    qtbot: QtBot, app_state: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    sqlite_url: str,
) -> None:
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(tmp_path / "config"))
    setup = Database.open(sqlite_url)
    migrations.upgrade(setup)
    make_org(setup)
    setup.dispose()
    windows: list[MainWindow] = []

    def sign_in(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        qtbot.keyClicks(dialog.login_edit, "manager1")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        when_shown(MainWindow, quit_window)

    def quit_window(window: QWidget) -> None:
        assert isinstance(window, MainWindow)
        windows.append(window)
        assert window.file_menu.title() == "文件(&F)"  # zh_CN is the default language
        assert app_state.styleSheet()
        window.action_quit.trigger()

    when_shown(SignInDialog, sign_in)
    # Never hang the suite; stopped afterwards: an exit() outside app.exec() would make every
    # later event loop of this process return at once (and the UI tests after it time out).
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: QApplication.exit(99))
    guard.start(15000)
    try:
        assert app_module.run(sqlite_url, ["hvdesk"]) == 0
    finally:
        guard.stop()
    assert len(windows) == 1
    assert Settings(tmp_path / "config" / "ui.ini").last_login == "manager1"
    for window in windows:
        window.deleteLater()
