"""Switching the interface language in Preferences retranslates the open window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.ui.conftest import open_window
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.pages.audit import AuditPage
from ui.preferences import PreferencesDialog
from ui.settings import Settings


def choose_language(qtbot: QtBot, window: MainWindow, name: str) -> PreferencesDialog:
    """Edit > Preferences (Ctrl+,), pick ``name`` from the combo with the keyboard, OK."""
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    combo = dialog.language_combo
    target = combo.findText(name)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, key)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    return dialog


def test_switch_to_english_and_back(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    audit = window.pages["audit"]
    assert isinstance(audit, AuditPage)
    assert window.file_menu.title() == "文件(&F)"
    assert window.rail_model.item(4).text() == "审计日志"
    assert audit.model.headerData(0, Qt.Orientation.Horizontal) == "时间"

    choose_language(qtbot, window, "English")
    assert settings.language == "en"
    assert translations.language == "en"
    assert window.file_menu.title() == "&File"
    assert window.rail_model.item(4).text() == "Audit trail"
    assert window.user_label.text() == "Signed in: 陈刚 (manager1) · Manager"
    assert audit.title_label.text() == "Audit trail"
    assert audit.model.headerData(0, Qt.Orientation.Horizontal) == "Time"
    assert window.windowTitle() == "hvdesk — 成都武侯支行"

    choose_language(qtbot, window, "简体中文")
    assert settings.language == "zh_CN"
    assert window.file_menu.title() == "文件(&F)"
    assert window.section_actions["audit"].text() == "审计日志"
    assert audit.title_label.text() == "审计日志"
    assert Settings(settings.path).language == "zh_CN"


def test_cancel_keeps_the_language(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    dialog = window.open_preferences()
    qtbot.waitExposed(dialog)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert settings.language == "zh_CN"
    assert window.file_menu.title() == "文件(&F)"
