"""The sign-in dialog, driven with the keyboard and mouse."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.errors import AuthenticationFailed
from hvdesk.model import AuditEvent
from hvdesk.security.roles import Role
from hvdesk.services.auth import authenticate
from tests.factories import PASSWORD, Org
from ui.i18n import Translations
from ui.labels import CORE_MESSAGES
from ui.settings import Settings
from ui.signin import SignInDialog


def make_dialog(qtbot: QtBot, db: Database, settings: Settings) -> SignInDialog:
    dialog = SignInDialog(db, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def sign_in_events(db: Database, login: str) -> int:
    with db.session() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.action == "sign_in",
                                     AuditEvent.actor_login == login)
        )
        return len(list(rows))


def test_wrong_password_then_right_one(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    dialog = make_dialog(qtbot, sqlite_db, settings)
    qtbot.keyClicks(dialog.login_edit, "coord1")
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

    # The password is checked on a worker.
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert dialog.error_label.text() == "用户名或密码错误，或账户已停用。"
    assert dialog.password_edit.text() == ""
    assert dialog.result() != SignInDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert sign_in_events(sqlite_db, "coord1") == 0

    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.sig_signed_in) as signal:
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    actor = signal.args[0]
    assert actor.login == "coord1"
    assert actor.role == Role.COORDINATOR
    assert dialog.actor == actor
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    assert sign_in_events(sqlite_db, "coord1") == 1
    assert settings.last_login == "coord1"


def test_enter_submits_and_last_login_is_remembered(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    settings.last_login = "manager1"
    dialog = make_dialog(qtbot, sqlite_db, settings)
    assert dialog.login_edit.text() == "manager1"
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.actor is not None
    assert dialog.actor.login == "manager1"


def test_escape_cancels(qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings) -> None:
    dialog = make_dialog(qtbot, sqlite_db, settings)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.login_edit, Qt.Key.Key_Escape)
    assert dialog.actor is None


def test_empty_login_is_explained(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    dialog = make_dialog(qtbot, sqlite_db, settings)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Enter your user name."
    assert dialog.actor is None


def test_completer_offers_active_logins(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    dialog = make_dialog(qtbot, sqlite_db, settings)
    completer = dialog.login_edit.completer()
    # Read on a worker: the list arrives a moment after the dialog shows.
    qtbot.waitUntil(lambda: completer.model().rowCount() > 0)
    qtbot.keyClicks(dialog.login_edit, "coo")
    completer.setCompletionPrefix("coo")
    offered = [completer.completionModel().index(r, 0).data()
               for r in range(completer.completionCount())]
    assert offered == ["coord1", "coord2"]


def test_core_sign_in_message_has_a_translation(sqlite_db: Database, org: Org) -> None:
    """If the core rewords its message, the translated table here must follow."""
    with pytest.raises(AuthenticationFailed) as info, sqlite_db.begin() as s:
        authenticate(s, "coord1", "wrong")
    assert str(info.value) in CORE_MESSAGES
