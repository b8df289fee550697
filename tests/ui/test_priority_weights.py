"""Managers open the ranking's weights from the View menu; a coordinator has no such entry."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.priorities.features import FEATURES
from tests.factories import Org
from tests.ui.conftest import open_window
from ui.i18n import Translations
from ui.settings import Settings


def test_manager_sees_the_weights(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    assert window.action_priority_weights in window.view_menu.actions()
    dialog = window.open_priority_weights()
    qtbot.waitUntil(lambda: dialog.weights is not None, timeout=10000)
    assert dialog.table.rowCount() == len(FEATURES)
    assert dialog.table.item(0, 0).text() == FEATURES[0][1]
    # No history in this branch: the stated prior stands, and the dialog says so.
    assert "先验" in dialog.summary.text()
    dialog.close()


def test_coordinator_has_no_weights_entry(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    assert window.action_priority_weights not in window.view_menu.actions()
