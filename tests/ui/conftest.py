"""Fixtures for the Qt shell: per-test settings file, language, signed-in users."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.services.auth import authenticate
from hvdesk.services.context import Actor
from tests.factories import PASSWORD, Org, make_org
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings

#: The report form and review queue tests run in a process of their own (see
#: test_visitreport_isolated.py): after many earlier windows in the same process, the offscreen
#: platform stops activating new windows now and then, and these tests need real focus.
ISOLATED = ("test_visitreport_form.py", "test_visitreport_queue.py")
ISOLATED_ENV = "HVDESK_UI_ISOLATED"
collect_ignore = [] if os.environ.get(ISOLATED_ENV) else list(ISOLATED)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "ui.ini")


@pytest.fixture
def translations(qapp: QApplication) -> Iterator[Translations]:
    """Chinese, the default UI language; the app is left untranslated afterwards."""
    tr = Translations(qapp)
    tr.apply("zh_CN")
    yield tr
    tr.apply("en")


@pytest.fixture
def org(sqlite_db: Database) -> Org:
    return make_org(sqlite_db)


def sign_in(db: Database, login: str) -> Actor:
    with db.begin() as session:
        return authenticate(session, login, PASSWORD)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make ``widget`` the active window, so it takes keyboard focus as on a desktop."""
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def open_window(
    qtbot: QtBot, db: Database, login: str, settings: Settings, translations: Translations
) -> MainWindow:
    window = MainWindow(db, sign_in(db, login), settings, translations)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def click_rail(qtbot: QtBot, window: MainWindow, title: str) -> None:
    """Click the rail entry showing ``title``, as a user would."""
    model = window.rail_model
    rows = [r for r in range(model.rowCount()) if model.item(r).text() == title]
    assert rows, f"no rail entry {title!r}"
    rect = window.rail.visualRect(model.index(rows[0], 0))
    qtbot.mouseClick(window.rail.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
