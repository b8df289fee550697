"""Signing in on a shared server that enforces the roles: the desk connects as the user."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from hvdesk.database import Database
from tests.factories import PASSWORD
from tests.test_pg_roles import Server, server  # noqa: F401  (the fixture)
from ui.settings import Settings
from ui.signin import SignInDialog


def test_sign_in_connects_with_the_users_own_role(
    qtbot: QtBot, server: Server, settings: Settings  # noqa: F811
) -> None:
    owner_url = make_url(server.url)
    # What IT gives a desk: server and database, no account.
    desk_url = URL.create(owner_url.drivername, host=owner_url.host, port=owner_url.port,
                          database=owner_url.database)
    desk = Database.open(desk_url.render_as_string(hide_password=False))
    server.opened.append(desk)
    dialog = SignInDialog(desk, settings)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login_edit, "visitor1")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.sig_signed_in):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    user_db = dialog.user_database
    assert user_db is not None
    server.opened.append(user_db)
    with user_db.session() as s:
        assert s.scalar(text("SELECT session_user")) == user_db.login_role
