"""The desk follows the others and says when the server is out of reach (issue 15 item 2)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QMainWindow, QVBoxLayout
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError

from hvdesk.changefeed import FeedState, connection_lost
from hvdesk.changes import OpChanges
from hvdesk.database import Database
from tests.factories import PASSWORD, Org
from tests.test_changefeed import add_branch
from ui import app as app_module
from ui.connection import ConnectionBanner, DeskLink
from ui.hub import ChangeHub
from ui.i18n import Translations
from ui.settings import Settings
from ui.workers import Op


def _gone() -> OperationalError:
    return OperationalError("SELECT 1", {}, psycopg.OperationalError(
        "server closed the connection unexpectedly"))


@pytest.fixture
def window(qtbot: QtBot, translations: Translations) -> QMainWindow:
    """A window with content, as the main window is (built without the pages' own SQL)."""
    window = QMainWindow()
    window.setCentralWidget(QLabel("内容"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def link(qtbot: QtBot, window: QMainWindow, sqlite_db: Database) -> Iterator[DeskLink]:
    # The "other desk" below is this same process: hear its commits too.
    link = DeskLink(sqlite_db, window, ignore_desk="another process")
    link.attach(window)
    with qtbot.waitSignal(link.sig_state, check_params_cb=lambda s, _d: s == "connected"):
        link.start()
    yield link
    link.stop()


def test_errors_that_mean_the_connection_is_gone() -> None:
    assert connection_lost(_gone())
    assert not connection_lost(psycopg.errors.SerializationFailure("could not serialize"))
    assert not connection_lost(ValueError("bad input"))


def test_other_desks_commit_reaches_the_hub(qtbot: QtBot, link: DeskLink,
                                           sqlite_url: str) -> None:
    other = Database.open(sqlite_url)
    try:
        hub = ChangeHub.instance()
        branch: list[int] = []

        def remote(value: OpChanges) -> bool:
            return value.origin == "remote" and value.ids("branch") == set(branch)

        with qtbot.waitSignal(hub.sig_changed, timeout=3000, check_params_cb=remote):
            branch.append(add_branch(other))
    finally:
        other.dispose()


def test_banner_comes_and_goes_with_the_connection(qtbot: QtBot, link: DeskLink,
                                                   window: QMainWindow) -> None:
    banner = window.findChild(ConnectionBanner)
    assert banner is link.banner and banner is not None and not banner.isVisible()
    # The window's content stays below the banner, untouched.
    content = window.findChild(QLabel, "", Qt.FindChildOption.FindChildrenRecursively)
    assert content is not None and content.text() == "内容" and content.isVisible()
    link._from_feed(FeedState.LOST, "connection refused")
    qtbot.waitUntil(banner.isVisible)
    assert "服务器" in banner.message.text()  # the window runs in Chinese
    assert banner.message.toolTip() == "connection refused"
    link._from_feed(FeedState.RECONNECTING, "")
    qtbot.waitUntil(lambda: "重新连接" in banner.retry_button.text())
    assert banner.isVisible() and not banner.retry_button.isEnabled()
    link._from_feed(FeedState.CONNECTED, "")
    qtbot.waitUntil(lambda: not banner.isVisible())


def test_an_op_failing_on_a_lost_connection_shows_the_banner_and_keeps_the_form(
    qtbot: QtBot, link: DeskLink, window: QMainWindow
) -> None:
    form = QDialog(window)
    edit = QLineEdit(form)
    QVBoxLayout(form).addWidget(edit)
    form.open()
    qtbot.keyClicks(edit, "call back at 3pm")
    banner = link.banner
    assert banner is not None
    #: (the error, whether the banner was up when the op's own callback ran)
    failures: list[tuple[BaseException, bool]] = []

    def lost(_state: object) -> None:
        raise _gone()

    Op(window, lost).failure(lambda exc: failures.append((exc, banner.isVisible()))).run()
    qtbot.waitUntil(lambda: failures != [])
    assert failures[0][1], "the banner was not shown"
    # The feed was told to look at once; the file answers, so the banner goes again.
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)
    assert form.isVisible() and edit.text() == "call back at 3pm"


def test_a_slot_failing_on_a_lost_connection_does_not_crash(qtbot: QtBot, link: DeskLink,
                                                            window: QMainWindow) -> None:
    banner = link.banner
    assert banner is not None
    shown: list[bool] = []
    banner.retry_button.clicked.connect(lambda: shown.append(banner.isVisible()))
    import sys  # noqa: PLC0415

    sys.excepthook(OperationalError, _gone(), None)  # what Qt does with a slot's exception
    assert banner.isVisible()
    qtbot.mouseClick(banner.retry_button, Qt.MouseButton.LeftButton)
    assert shown == [True]
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=3000)


def test_the_shell_follows_while_signed_in(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    shell = app_module.Shell(sqlite_db, settings, translations)
    try:
        shell.start()
        dialog = shell.sign_in_dialog
        assert dialog is not None
        qtbot.keyClicks(dialog.login_edit, "coord1")
        qtbot.keyClicks(dialog.password_edit, PASSWORD)
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
        # The password is checked on a worker: the window comes when it answers.
        qtbot.waitUntil(lambda: shell.window is not None, timeout=10000)
        assert shell.window is not None and shell.link is not None
        feed = shell.link.feed
        assert feed is not None
        qtbot.waitUntil(lambda: feed.state is FeedState.CONNECTED)
        assert shell.window.findChild(ConnectionBanner) is not None
        shell.window.action_sign_out.trigger()
        # The sign-out is recorded on a worker, then the window closes.
        qtbot.waitUntil(lambda: shell.link is None, timeout=10000)
        assert not feed.running
    finally:
        shell.close()
