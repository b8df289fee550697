"""The main window: rail, shortcuts, menus, status bar, roles and remembered state."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

import hvdesk
from hvdesk.database import Database
from hvdesk.services.context import this_desk
from tests.factories import Org
from tests.ui.conftest import click_rail, open_window
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.pages.audit import AuditPage
from ui.pages.overview import OverviewPage
from ui.settings import Settings


def test_rail_click_and_ctrl_number_navigate(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    assert window.current_section() == "overview"
    assert isinstance(window.stack.currentWidget(), OverviewPage)

    click_rail(qtbot, window, "审计日志")
    assert window.current_section() == "audit"
    assert isinstance(window.stack.currentWidget(), AuditPage)
    assert window.section_actions["audit"].isChecked()

    click_rail(qtbot, window, "首页")
    assert window.current_section() == "overview"

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "audit"
    assert window.rail.currentIndex().row() == 4
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "customers"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "overview"


def test_status_bar_names_database_and_user(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    assert window.database_label.text() == f"数据库：{sqlite_db.describe()}"
    assert window.user_label.text() == "当前用户：王芳（coord1）· 协调员"
    assert window.database_label.isVisible()
    assert window.user_label.isVisible()


def test_menus_and_shortcuts(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "admin", settings, translations)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert window.action_quit.shortcut().toString() == "Ctrl+Q"
    assert window.action_preferences.shortcut().toString() == "Ctrl+,"
    assert window.action_full_screen.shortcut().toString() == "F11"
    view_entries = [a.text() for a in window.view_menu.actions() if not a.isSeparator()]
    assert view_entries == [
        "首页", "客户", "走访日历", "短信通知", "地图", "走访报告", "报告审核", "管理看板",
        "审计日志", "系统管理", "全屏(&F)"]
    keys = ("overview", "customers", "calendar", "notices", "map", "reports", "reviews",
            "dashboard", "audit")
    assert [window.section_actions[k].shortcut().toString() for k in keys] == [
        f"Ctrl+{n}" for n in range(1, 10)]


def test_audit_page_shows_the_sign_in(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "admin", settings, translations)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert isinstance(page, AuditPage)
    qtbot.waitUntil(lambda: page.proxy.rowCount() > 1)  # read on a worker
    everything = page.proxy.rowCount()

    qtbot.keyClicks(page.filter_edit, "admin")
    rows = [[page.proxy.index(r, c).data() for c in range(5)]
            for r in range(page.proxy.rowCount())]
    assert rows
    assert all(row[1] == "系统管理员 (admin)" for row in rows)
    assert ["系统管理员 (admin)", "登录", "用户 #1", this_desk()] in [row[1:] for row in rows]

    # Chinese arrives through an input method, which QTest cannot type.
    page.filter_edit.setText("登录")
    assert page.proxy.rowCount() == 1

    qtbot.keyClick(page.filter_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Delete)
    assert page.proxy.rowCount() == everything


def test_coordinator_gets_no_audit_section(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    assert window.section_keys() == [
        "overview", "customers", "calendar", "notices", "map", "reports"]
    assert window.rail_model.rowCount() == 6
    assert not any(isinstance(window.stack.widget(i), AuditPage)
                   for i in range(window.stack.count()))
    assert "audit" not in window.section_actions
    # A coordinator's first screen is the home page (the day's work); no section 7 here.
    assert window.current_section() == "overview"
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "overview"
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "calendar"


def test_manager_gets_the_audit_section(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    assert window.section_keys() == ["overview", "customers", "map", "dashboard", "audit",
                                    "admin"]
    assert window.current_section() == "overview"


def test_geometry_and_last_section_persist(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    window.resize(760, 540)  # the offscreen screen is 800 x 600
    click_rail(qtbot, window, "审计日志")
    with qtbot.waitSignal(window.sig_quit):
        window.close()
    memory = settings.user_window("manager1")
    assert memory.geometry
    assert memory.last_section == "audit"

    again = Settings(settings.path)  # as the next run of the program reads it
    second = open_window(qtbot, sqlite_db, "manager1", again, translations)
    assert second.current_section() == "audit"
    assert second.size() == QSize(760, 540)


def test_remembered_section_the_user_may_not_see_falls_back(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    settings.last_section = "audit"
    window = open_window(qtbot, sqlite_db, "visitor1", settings, translations)
    assert window.current_section() == "overview"


def test_sign_out_from_the_file_menu(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    with qtbot.waitSignal(window.sig_sign_out):
        window.action_sign_out.trigger()
    assert not window.isVisible()


def test_about_dialog(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    window.action_about.trigger()
    dialog = window.about_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert hvdesk.__version__ in dialog.version_label.text()
    assert sqlite_db.describe() in dialog.database_label.text()
    assert dialog.licence_label.text() == "专有软件，仅授权各分支机构使用。"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_full_screen_toggles(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window: MainWindow = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_sections_are_built_when_first_opened(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    """Issue 19: the rail and the first section at start; the others on first show, and the
    calendar still reaches the notices section when that is built later."""
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    assert list(window.built) == ["overview"]
    # The customer commands are in File from the start, without building the list.
    assert window.file_menu.actions()[:4] == window.customers.menu_actions()  # type: ignore[union-attr]
    click_rail(qtbot, window, "走访日历")
    assert list(window.built) == ["overview", "calendar"]
    calendar = window.built["calendar"]
    assert window.stack.currentWidget() is calendar
    # File ▸ Print arrived with the calendar.
    documents = window.documents
    assert documents is not None and documents.menu.menuAction() in window.file_menu.actions()
    # "Notices for selected visits" builds and opens the notices section.
    calendar.sig_notices_wanted.emit([])  # type: ignore[attr-defined]
    assert window.current_section() == "notices"
    assert "notices" in window.built
    assert "map" not in window.built and "customers" not in window.built


def test_opening_a_section_keeps_the_window_active(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    """Sections are built while the window is in use: a page that shows a child before it is
    laid out opens a stray window for a moment and takes the keyboard from the user."""
    window = open_window(qtbot, sqlite_db, "admin", settings, translations)
    for key in window.section_keys():
        if key == "map":
            continue  # QtWebEngine: covered by test_map_section
        window.show_section(key)
        qtbot.wait(100)
        assert window.isActiveWindow(), f"building {key} took the activation"
