"""Issue 16 acceptance: Chinese all the way, for every role, on every screen.

Each role signs in on a demo database, opens every section (and every tab of
it), then triggers every command its menus, toolbars and buttons offer with
a row selected, so that every dialog opens. Dialogs are shown without blocking
(``exec`` shows them and returns "cancelled"; Qt's static message boxes,
file and input prompts are answered "no" after their text is read). Any
visible text without a CJK character fails the test unless
``tests.ui.cjk_walk.ALLOWED`` lets it pass.

Commands that would leave the window (sign out, quit, full screen) or show
Qt's own About box are not triggered.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.services.auth import authenticate
from tests.conftest import _migrated
from tests.ui import cjk_walk
from ui import workers
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings

ROLES = {"admin": "admin", "manager": "manager1", "coordinator": "coord1",
         "reviewer": "reviewer1", "visitor": "visitor1"}
#: At least this many dialogs open per role: a walk that stops finding them proves nothing.
AT_LEAST = {"admin": 35, "manager": 8, "coordinator": 25, "reviewer": 6, "visitor": 5}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, dict[str, str]]]:
    path = tmp_path_factory.mktemp("cjk") / "demo.db"
    database = _migrated(f"sqlite:///{path.as_posix()}")
    result = demo.generate(database, customers=200, seed=16)
    yield database, result.passwords
    database.dispose()


def _settle(qtbot: QtBot) -> None:
    """Wait until the workers the screen started have delivered their results."""
    qtbot.waitUntil(lambda: not workers._RUNNING, timeout=10_000)
    qtbot.wait(10)


def _top_levels() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if w.isVisible()}


class Walk:
    """Reads every screen and dialog; ``found`` holds the texts that fail."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.found: set[tuple[str, str]] = set()
        self.dialogs = 0
        self.log: list[str] = []
        self._depth = 0
        self._skip: set[object] = {
            window.action_sign_out, window.action_quit, window.action_full_screen,
            window.action_about_qt, *window.section_actions.values()}

    def read(self, widget: QWidget, where: str) -> None:
        self.found |= {(f"{where}: {w}", t) for w, t in cjk_walk.leaks(widget)}
        for tabs in widget.findChildren(QTabWidget):
            if not tabs.isVisible():
                continue
            for index in range(tabs.count()):
                if tabs.isTabEnabled(index) and index != tabs.currentIndex():
                    tabs.setCurrentIndex(index)
                    _settle(self.qtbot)
                    self.found |= {(f"{where} tab {index}: {w}", t)
                                   for w, t in cjk_walk.leaks(tabs)}

    def read_text(self, text: str, where: str) -> None:
        if not cjk_walk.allowed(text):
            self.found.add((where, cjk_walk.clean(text)))

    # --- what stands in for Qt's blocking calls ------------------------------
    def dialog_exec(self, dialog: QDialog) -> int:
        dialog.show()
        _settle(self.qtbot)
        self.read(dialog, f"dialog {type(dialog).__name__}")
        self.dialogs += 1
        dialog.hide()
        return QDialog.DialogCode.Rejected.value

    def menu_exec(self, menu: QMenu, *_args: Any) -> None:
        for where, text in cjk_walk.texts(menu):
            self.read_text(text, f"context menu: {where}")
        if self._depth == 0:
            for action in list(menu.actions()):
                self.trigger(action, "context menu")

    def message_box(self, kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def answer(_parent: object, title: str, text: str, *_args: Any,
                   **_kw: Any) -> QMessageBox.StandardButton:
            self.read_text(title, f"QMessageBox.{kind} title")
            self.read_text(text, f"QMessageBox.{kind}")
            self.dialogs += 1
            return (QMessageBox.StandardButton.No if kind == "question"
                    else QMessageBox.StandardButton.Ok)
        return answer

    def prompt(self, empty: object, labelled: bool = True) -> Callable[..., object]:
        def answer(_parent: object, title: str = "", *args: Any, **_kw: Any) -> object:
            self.read_text(title, "prompt title")
            if labelled and args and isinstance(args[0], str):
                self.read_text(args[0], "prompt label")
            self.dialogs += 1
            return empty
        return answer

    # --- triggering ----------------------------------------------------------
    def trigger(self, action: QAction, where: str) -> None:
        if (action in self._skip or action.isSeparator() or not action.isEnabled()
                or action.menu() is not None):
            return
        self._skip.add(action)
        self._run(action.trigger, f"{where} » {cjk_walk.clean(action.text())}")

    def click(self, button: QAbstractButton, where: str) -> None:
        if not shiboken6.isValid(button) or button in self._skip:
            return
        if not (button.isVisible() and button.isEnabled()):
            return
        self._skip.add(button)
        self._run(button.click, f"{where} » {cjk_walk.clean(button.text())}")

    def _run(self, fire: Callable[[], object], where: str) -> None:
        started = time.monotonic()
        try:
            self._fire(fire, where)
        finally:
            self.log.append(f"{time.monotonic() - started:5.2f}s {where}")

    def _fire(self, fire: Callable[[], object], where: str) -> None:
        section = self.window.current_section()
        before = _top_levels()
        self._depth += 1
        try:
            fire()
            _settle(self.qtbot)
            for window in _top_levels() - before:
                if isinstance(window, QMenu):
                    continue
                if isinstance(window, QFileDialog):
                    # On the desk it is the system's own dialog, in the system's language.
                    self.read_text(window.windowTitle(), f"{where} → file dialog title")
                    window.reject()
                    continue
                self.read(window, f"{where} → {type(window).__name__}")
                self.dialogs += 1
                if self._depth == 1:
                    self._follow(window, f"{where} → {type(window).__name__}")
                if not shiboken6.isValid(window):
                    continue
                if isinstance(window, QDialog):
                    window.reject()
                else:
                    window.close()
                _settle(self.qtbot)
        finally:
            self._depth -= 1
        if self.window.current_section() != section:
            self.read(self.window, f"{where} → section")
            self.window.show_section(section)
            _settle(self.qtbot)

    def _follow(self, dialog: QWidget, where: str) -> None:
        """Buttons of a dialog that open another (by convention their text ends with …)."""
        for button in dialog.findChildren(QAbstractButton):
            if shiboken6.isValid(button) and button.text().endswith("…"):
                self.click(button, where)

    def visits(self, page: Any) -> None:
        """The calendar's visit dialog, for a visit of each status shown (a painted block
        has no widget to click: the page opens it by id, as a double-click does)."""
        loaded = getattr(page, "loaded", None)
        if loaded is None:
            return
        seen: set[object] = set()
        for block in loaded.data.blocks:
            if block.status not in seen:
                seen.add(block.status)
                self._run(partial(page.open_visit, block.id),
                          f"calendar » visit {block.status.value}")
        # A block's context menu (right click): its entries and the dialogs they open.
        menu = getattr(page, "block_menu", None)
        blocks = loaded.data.blocks
        ahead = [b for b in blocks if b.status.value in ("planned", "notified", "confirmed")]
        for block in (ahead or blocks)[:1] if menu is not None else ():
            # Not through _run: the walk triggers a menu's entries only at the top level.
            menu.popup(block.id, QPoint(0, 0))
            _settle(self.qtbot)

    def notice_days(self, page: Any) -> None:
        """The notices of the next days with visits (today may have none): rows, then buttons."""
        start = page.date_edit.date()
        for ahead in range(1, 8):
            page.date_edit.setDate(start.addDays(ahead))
            _settle(self.qtbot)
            if page.table.model().rowCount() > 0:
                # Again, on a day with visits: drafts first, then what drafts allow.
                for round_ in (1, 2):
                    self._skip -= set(page.findChildren(QAbstractButton))
                    self._skip -= set(page.findChildren(QAbstractItemView))
                    self._views_and_buttons(f"notices +{ahead}d ({round_})", page)
                break

    def commands(self, key: str, page: QWidget) -> None:
        """Every action of the menus and the page, and every button and row of each tab."""
        actions = list(page.findChildren(QAction))
        for menu_action in self.window.menuBar().actions():
            menu = menu_action.menu()
            if isinstance(menu, QMenu):
                actions += menu.actions()
        self._views_and_buttons(key, page)
        if key == "calendar":
            self.visits(page)
        if key == "notices":
            self.notice_days(page)
        for action in actions:
            self.trigger(action, key)
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                if tabs.isVisible() and tabs.isTabEnabled(index):
                    tabs.setCurrentIndex(index)
                    _settle(self.qtbot)
                    self._views_and_buttons(f"{key} tab {index}", page)

    def _views_and_buttons(self, key: str, page: QWidget) -> None:
        _settle(self.qtbot)
        views = [v for v in page.findChildren(QAbstractItemView)
                 if v.isVisible() and not isinstance(v, QHeaderView) and v.model() is not None
                 and v.model().rowCount() > 0 and v not in self._skip]
        for view in views:
            self._skip.add(view)
            view.setCurrentIndex(view.model().index(0, 0))
        _settle(self.qtbot)
        for button in page.findChildren(QAbstractButton):
            self.click(button, key)
        for view in views:
            if not shiboken6.isValid(view) or view.model().rowCount() == 0:
                continue
            # Double-click or Enter opens the row (customer file, report, visit, complaint);
            # some rows open nothing (a resolved complaint): try the next few.
            name = view.objectName() or type(view).__name__
            for row in range(min(5, view.model().rowCount())):
                before = self.dialogs
                index = view.model().index(row, 0)
                view.setCurrentIndex(index)
                self._run(partial(view.doubleClicked.emit, index),
                          f"{key} » double-click row {row} of {name}")
                self._run(partial(view.activated.emit, index),
                          f"{key} » Enter on row {row} of {name}")
                if self.dialogs > before or not shiboken6.isValid(view):
                    break
            if view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
                index = view.model().index(0, 0)
                view.customContextMenuRequested.emit(view.visualRect(index).center())
                _settle(self.qtbot)


@pytest.fixture
def walk_patches(monkeypatch: pytest.MonkeyPatch) -> list[Walk]:
    """Qt's blocking calls answered by the walk (set once the window exists)."""
    holder: list[Walk] = []
    monkeypatch.setattr(QDialog, "exec", lambda self: holder[0].dialog_exec(self))
    # The system's print dialog, as the file dialogs: its text is the system's.
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    monkeypatch.setattr(QMenu, "exec", lambda self, *a: holder[0].menu_exec(self, *a))
    monkeypatch.setattr(QMenu, "popup", lambda self, *a: holder[0].menu_exec(self, *a))
    for kind in ("question", "warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda *a, _kind=kind, **kw: holder[0].message_box(_kind)(*a, **kw)))
    for name in ("getOpenFileName", "getOpenFileNames", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, staticmethod(
            lambda *a, **kw: holder[0].prompt(("", ""), labelled=False)(*a, **kw)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(
        lambda *a, **kw: holder[0].prompt("", labelled=False)(*a, **kw)))
    for name in ("getText", "getMultiLineText", "getItem", "getInt", "getDouble"):
        monkeypatch.setattr(QInputDialog, name, staticmethod(
            lambda *a, **kw: holder[0].prompt(("", False))(*a, **kw)))
    return holder


@pytest.mark.parametrize("role", list(ROLES))
def test_every_screen_speaks_chinese(
    qtbot: QtBot, demo_db: tuple[Database, dict[str, str]], tmp_path: Path,
    translations: Translations, walk_patches: list[Walk], role: str,
) -> None:
    db, passwords = demo_db
    login = ROLES[role]
    with db.begin() as session:
        actor = authenticate(session, login, passwords[login])
    window = MainWindow(db, actor, Settings(tmp_path / "ui.ini"), translations)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    walk = Walk(qtbot, window)
    walk_patches.append(walk)
    for key in window.section_keys():
        window.show_section(key)
        _settle(qtbot)
        walk.read(window, key)
    for key in window.section_keys():
        window.show_section(key)
        _settle(qtbot)
        page = window.stack.currentWidget()
        assert page is not None
        walk.commands(key, page)
    print(f"{role}: {len(window.section_keys())} sections, {walk.dialogs} dialogs")
    assert walk.dialogs >= AT_LEAST[role], "\n".join(walk.log)
    assert not walk.found, f"text without Chinese as {role}:\n" + "\n".join(
        f"  {where}: {text!r}" for where, text in sorted(walk.found))


def test_the_walk_tells_english_from_chinese(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    for text in ("客户", "Customers", "2026-12-06 09:30", "510112********533X", "Ctrl+5",
                 "CD-WH01", "‹", "coord1"):
        layout.addWidget(QLabel(text))
    edit = QLineEdit()
    edit.setPlaceholderText("Search")
    layout.addWidget(edit)
    box.show()
    assert {text for _where, text in cjk_walk.leaks(box)} == {"Customers", "Search"}
