"""The customer commands of the main window: open, new, import and export from the menus."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.test_customer_list_service import Spec, seed_customers
from tests.ui.conftest import open_window
from ui.customers.customer_form import CustomerForm
from ui.customers.file_dialog import CustomerFileDialog
from ui.customers.import_wizard import ImportWizard
from ui.customers.list_model import Column
from ui.i18n import Translations
from ui.settings import Settings


def _seed(db: Database, org: Org) -> list[int]:
    return seed_customers(db, org.branch_id, [Spec("张三", dpd=40), Spec("李四", dpd=0),
                                              Spec("王五", dpd=100)])


def test_enter_on_a_row_opens_one_file_per_customer(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    _seed(sqlite_db, org)
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    window.show_section("customers")
    page = window.pages["customers"]
    assert window.current_section() == "customers"
    table = page.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: table.model().rowCount() == 3)
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, Column.NAME))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    commands = window.customers
    assert commands is not None
    qtbot.waitUntil(lambda: len(commands.files) == 1)
    (dialog,) = commands.files.values()
    assert isinstance(dialog, CustomerFileDialog)
    qtbot.waitExposed(dialog)
    # Enter again raises the same file rather than opening a second one.
    table.activateWindow()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert list(commands.files.values()) == [dialog]
    dialog.close()
    qtbot.waitUntil(lambda: not commands.files)


def test_file_menu_has_the_customer_commands_for_a_coordinator(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    texts = [a.text() for a in window.file_menu.actions() if a.isVisible()]
    assert texts[:4] == ["新建客户(&N)…", "导入客户(&I)…", "导出客户（脱敏）(&E)…",
                         "导出客户完整信息(&F)…"]
    commands = window.customers
    assert commands is not None
    assert commands.action_new.shortcut().toString() == "Ctrl+N"

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(commands.form, CustomerForm)
    qtbot.waitExposed(commands.form)
    commands.form.reject()

    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(commands.wizard, ImportWizard)
    qtbot.waitExposed(commands.wizard)
    commands.wizard.reject()


def test_visitor_cannot_import_export_or_create(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "visitor1", settings, translations)
    commands = window.customers
    assert commands is not None
    for action in (commands.action_new, commands.action_import, commands.action_export,
                   commands.action_export_full):
        assert not action.isVisible()
    assert window.current_section() == "overview"


def test_export_selection_writes_masked_rows_and_remembers_the_folder(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations,
    tmp_path: Path,
) -> None:
    _seed(sqlite_db, org)
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    page = window.pages["customers"]
    table = page.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: table.model().rowCount() == 3)
    rect = table.visualRect(table.model().index(1, Column.NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    commands = window.customers
    assert commands is not None
    target = tmp_path / "out" / "selected.xlsx"
    target.parent.mkdir()
    export = commands.export_customers(full=False, path=target)
    assert export is not None
    with qtbot.waitSignal(export.sig_exported, timeout=10_000):
        pass
    QApplication.processEvents()
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 2  # header + the one selected customer
    assert settings.last_export_dir == str(target.parent)


def test_customer_file_opens_from_the_calendar(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    ids = _seed(sqlite_db, org)
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    calendar = window.pages["calendar"]
    assert window.stack.currentWidget() is calendar
    calendar.sig_open_customer.emit(ids[1])  # type: ignore[attr-defined]
    commands = window.customers
    assert commands is not None
    assert list(commands.files) == [ids[1]]
    commands.files[ids[1]].close()
