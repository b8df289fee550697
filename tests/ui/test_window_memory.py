"""Issue 16.9: each user's window size, position and last section are their own on a
shared desk; date popups in dialogs stay whole and on screen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDateEdit, QDialog, QVBoxLayout
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.ui.conftest import click_rail, open_window
from ui.common.popups import fit_on_screen, install_popup_guard
from ui.i18n import Translations
from ui.settings import Settings


def test_each_user_gets_back_their_own_window(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    manager = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    manager.resize(760, 540)
    click_rail(qtbot, manager, "审计日志")
    with qtbot.waitSignal(manager.sig_quit):
        manager.close()
    coord = open_window(qtbot, sqlite_db, "coord1", Settings(settings.path), translations)
    assert coord.current_section() == coord.default_section()  # not the manager's
    coord.resize(780, 560)
    click_rail(qtbot, coord, "客户")
    with qtbot.waitSignal(coord.sig_quit):
        coord.close()

    again = open_window(qtbot, sqlite_db, "manager1", Settings(settings.path), translations)
    assert again.current_section() == "audit" and again.size() == QSize(760, 540)
    back = open_window(qtbot, sqlite_db, "coord1", Settings(settings.path), translations)
    assert back.current_section() == "customers" and back.size() == QSize(780, 560)


def test_a_date_popup_near_the_screen_edge_stays_on_screen(qtbot: QtBot) -> None:
    install_popup_guard()
    area = QGuiApplication.primaryScreen().availableGeometry()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    edit = QDateEdit(QDate(2026, 12, 7))
    edit.setCalendarPopup(True)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The dialog in the bottom-right corner: the month grid would open below and right.
    dialog.move(area.right() - dialog.width() + 1, area.bottom() - dialog.height() + 1)
    popup = edit.calendarWidget().window()
    arrow = QPoint(edit.width() - 6, edit.height() // 2)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=arrow)  # the user opens the grid
    qtbot.waitUntil(popup.isVisible)
    assert area.contains(popup.frameGeometry())
    assert popup.width() >= popup.sizeHint().width()
    assert popup.height() >= popup.sizeHint().height()
    popup.hide()
    # A popup remembered too small and off the edge is grown and brought back, above the
    # field when there is no room below.
    popup.resize(40, 30)
    popup.move(area.right() - 10, area.bottom() - 10)
    fit_on_screen(popup, edit)
    assert area.contains(popup.geometry())
    assert popup.size().expandedTo(popup.sizeHint()) == popup.size()
    assert popup.geometry().bottom() <= edit.mapToGlobal(edit.rect().topLeft()).y()


def test_file_dialog_folders_are_remembered_per_user(tmp_path: Path) -> None:
    """Two people on one Windows desk each find their own last folder (issue 17.5)."""
    settings = Settings(tmp_path / "ui.ini")
    settings.last_export_dir = "/desk/wide"  # before anyone signs in: the desk's default
    settings.user = "coord1"
    assert settings.last_export_dir == "/desk/wide"
    settings.last_export_dir = "/home/coord1/exports"
    settings.user = "coord2"
    assert settings.last_export_dir == "/desk/wide"
    settings.last_export_dir = "/home/coord2/out"
    again = Settings(tmp_path / "ui.ini")
    again.user = "coord1"
    assert again.last_export_dir == "/home/coord1/exports"
    again.user = "coord2"
    assert again.last_export_dir == "/home/coord2/out"
