"""Fixtures for the Qt shell: per-test settings file, language, signed-in users."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.services.auth import authenticate
from hvdesk.services.context import Actor
from tests.factories import PASSWORD, Org, make_org
from tests.ui import sql_guard
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings


def _window_state() -> str:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shown = [f"{type(w).__name__}({w.objectName()!r})" for w in app.topLevelWidgets()
             if w.isVisible()]
    return (f"focusWindow={QGuiApplication.focusWindow()} activeWindow={app.activeWindow()} "
            f"popup={app.activePopupWidget()} modal={app.activeModalWidget()} "
            f"topLevels={len(app.topLevelWidgets())} shown={shown}")


def _event_loops_return_at_once() -> bool:
    """True once QCoreApplication.exit() ran outside app.exec(): Qt then keeps a "quit now"
    flag that makes every QEventLoop.exec() return -1 at once until app.exec() runs again, so
    qtbot's waits stop processing events (windows never get activated, workers' results
    never arrive)."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    return loop.exec() == -1


@pytest.fixture(autouse=True)
def _event_loops_still_run(qapp: QApplication) -> Iterator[None]:
    """Fail loudly, and heal the process, when QApplication was left quitting."""
    yield
    if _event_loops_return_at_once():
        # app.exec() clears the flag, so the tests after this one are unaffected.
        QTimer.singleShot(0, qapp.quit)
        qapp.exec()
        pytest.fail("QApplication was left quitting (exit()/quit() outside app.exec(), by this "
                    "test or by a timer an earlier one left armed): later event loops would "
                    "return at once and qtbot's waits would process no events")


sql_guard.install()


@pytest.fixture(autouse=True)
def _no_sql_on_the_gui_thread() -> Iterator[None]:
    """Issue 15: the UI runs no SQL on the GUI thread (see ``sql_guard``)."""
    sql_guard.current.clear()
    yield
    if sql_guard.current and sql_guard.MODE == "fail":
        lines = "\n".join(f"  {n} × {w}" for w, n in sql_guard.current.most_common(10))
        pytest.fail(f"SQL ran on the GUI thread from the UI:\n{lines}")


def pytest_sessionfinish() -> None:
    if sql_guard.MODE == "warn" and sql_guard.everything:
        print("\nSQL on the GUI thread (warn mode):")
        for where, n in sql_guard.everything.most_common():
            print(f"  {n:5d} × {where}")


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
def english(qapp: QApplication) -> Iterator[Translations]:
    """English, the source language, with its plural forms ("1 promise", "2 promises")."""
    tr = Translations(qapp)
    tr.apply("en")
    yield tr
    tr.clear()


@pytest.fixture
def org(sqlite_db: Database) -> Org:
    return make_org(sqlite_db)


def sign_in(db: Database, login: str) -> Actor:
    with db.begin() as session:
        return authenticate(session, login, PASSWORD)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    """Make ``widget`` the active window, so it takes keyboard focus as on a desktop."""
    widget.activateWindow()
    try:
        qtbot.waitUntil(widget.isActiveWindow)
    except qtbot.TimeoutError:
        raise AssertionError(f"{widget!r} never became active: {_window_state()}") from None


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
