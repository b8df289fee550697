"""A visit's costs from the calendar, and the branch's cost defaults from the dashboard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from hvdesk import visitreports as core
from hvdesk.database import Database
from tests.scheduling_helpers import World, make_world
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import open_page
from tests.ui.test_dashboard_support import (
    LEFT,
    finished_visit,
    open_dashboard,
    press_f5,
    total_cell,
    visit_day,
)
from ui.common.cost_defaults import CostDefaultsDialog
from ui.feedback.costs_dialog import CostsDialog
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def test_costs_start_from_the_defaults_and_are_saved(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=1)
    board = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    assert total_cell(board, "costs", "Costed visits") == 0
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings,
                     visit_day(sqlite_db, visit), "day")
    qtbot.mouseDClick(page.canvas.viewport(), LEFT, pos=page.canvas.block_point(visit))
    details = page.details_dialog
    assert details is not None and details.costs_button.isEnabled()
    qtbot.mouseClick(details.costs_button, LEFT)
    dialog = page.follow_up_dialog
    assert isinstance(dialog, CostsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded)
    with sqlite_db.session() as s:
        expected = core.get_cost(s, world.actors["coord1"], visit)
        defaults = core.cost_defaults(s, world.branch_id)
    assert not expected.stored
    assert dialog.default_label.isVisible()
    assert dialog.hours_spin.value() == pytest.approx(float(expected.staff_hours))
    assert dialog.distance_spin.value() == pytest.approx(float(expected.distance_km))
    # The coordinator is no manager: the defaults are not theirs to change.
    assert dialog.defaults_button.isHidden()

    # A longer drive: the transport follows the distance at the rate per km…
    dialog.distance_spin.setValue(12.5)
    assert dialog.transport_spin.value() == pytest.approx(12.5 * float(defaults.per_km))
    # …until it is typed in.
    dialog.transport_spin.setValue(30)
    dialog.distance_spin.setValue(14)
    assert dialog.transport_spin.value() == 30
    dialog.other_spin.setValue(8)
    dialog.note_edit.setText("parking")
    assert dialog.total() == Decimal("38.00") + dialog.staff_cost()
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    with sqlite_db.session() as s:
        stored = core.get_cost(s, world.actors["coord1"], visit)
    assert stored.stored
    assert (stored.distance_km, stored.transport, stored.other_expenses, stored.note) == (
        Decimal("14.0"), Decimal("30.00"), Decimal("8.00"), "parking")

    press_f5(qtbot, board)
    assert total_cell(board, "costs", "Costed visits") == 1
    assert total_cell(board, "costs", "Total cost") == stored.total


def test_a_manager_sets_the_cost_defaults(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    board = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    qtbot.mouseClick(board.defaults_button, LEFT)
    dialog = board.defaults_dialog
    assert isinstance(dialog, CostDefaultsDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.save_button.isEnabled()
    dialog.per_km_spin.setValue(1.8)
    dialog.hourly_spin.setValue(65)
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    with sqlite_db.session() as s:
        saved = core.cost_defaults(s, world.branch_id)
    assert (saved.per_km, saved.hourly_rate) == (Decimal("1.80"), Decimal("65.00"))

    # The visit's form uses the new rate.
    visit = finished_visit(sqlite_db, world, days_ago=1)
    costs = CostsDialog(sqlite_db, sign_in(sqlite_db, "manager1"), visit, "张三", "")
    qtbot.addWidget(costs)
    qtbot.waitUntil(lambda: costs.loaded)
    costs.hours_spin.setValue(2)
    assert costs.staff_cost() == Decimal("130.00")
    assert not costs.defaults_button.isHidden()
