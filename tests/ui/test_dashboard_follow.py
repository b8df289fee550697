"""The dashboard follows committed changes while shown, without F5 (issue 15)."""

from __future__ import annotations

from decimal import Decimal

from pytestqt.qtbot import QtBot

from hvdesk import visitreports as core
from hvdesk.database import Database
from tests.scheduling_helpers import make_world
from tests.ui.test_dashboard_support import finished_visit, open_dashboard, total_cell
from ui.settings import Settings


def test_a_cost_saved_elsewhere_reaches_the_shown_board(
    qtbot: QtBot, sqlite_db: Database, settings: Settings
) -> None:
    world = make_world(sqlite_db)
    visit = finished_visit(sqlite_db, world, days_ago=1)
    board = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    assert total_cell(board, "costs", "Costed visits") == 0

    # Another desk's commit as far as this process can tell: a tracked session commits.
    with sqlite_db.begin() as s:
        core.save_cost(s, world.actors["coord1"], visit, distance_km=Decimal(5))
    # Waited for by what it shows: a load already under way may signal first.
    qtbot.waitUntil(lambda: total_cell(board, "costs", "Costed visits") == 1, timeout=10000)
