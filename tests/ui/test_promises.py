"""Promises to pay: the list, recording and importing repayments, follow-ups in the calendar."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.model import LoanAccount
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import World, make_world
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import open_page
from tests.ui.test_dashboard_support import LEFT, file_report, finished_visit, open_dashboard
from ui.calendar.unscheduled import DueColumn
from ui.dashboard.promises import PromiseColumn, PromisesTab
from ui.dashboard.repayment_dialog import RepaymentDialog
from ui.dragdrop import customer_ids_of
from ui.i18n import Translations
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def promises_tab(qtbot: QtBot, db: Database, login: str, settings: Settings) -> PromisesTab:
    board = open_dashboard(qtbot, db, login, settings)
    bar = board.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(2).center())
    assert board.tabs.currentWidget() is board.promises
    return board.promises


def statuses(tab: PromisesTab) -> list[str]:
    return [tab.proxy.index(r, PromiseColumn.STATUS).data() for r in range(tab.proxy.rowCount())]


def test_a_repayment_that_keeps_the_promise(
    qtbot: QtBot, db: Database, settings: Settings, english: Translations
) -> None:
    """On SQLite and PostgreSQL."""
    world = make_world(db)
    visit = finished_visit(db, world, days_ago=2)
    file_report(db, world, visit, approve=True, promise=Decimal("1500.00"))
    tab = promises_tab(qtbot, db, "admin", settings)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert statuses(tab) == ["Pending"]
    assert tab.proxy.index(0, PromiseColumn.AMOUNT).data() == "1,500.00"
    assert not tab.repay_button.isEnabled()
    rect = tab.table.visualRect(tab.proxy.index(0, PromiseColumn.CUSTOMER))
    qtbot.mouseClick(tab.table.viewport(), LEFT, pos=rect.center())
    qtbot.mouseClick(tab.repay_button, LEFT)
    dialog = tab.dialog
    assert isinstance(dialog, RepaymentDialog) and dialog.isVisible()
    assert dialog.amount_spin.value() == 1500.0  # what is still unpaid
    dialog.reference_edit.setText("BANK-0001")
    with qtbot.waitSignal(tab.sig_loaded, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.saved is not None and dialog.saved.reference == "BANK-0001"
    assert statuses(tab) == ["Kept"]
    assert tab.proxy.index(0, PromiseColumn.PAID).data() == "1,500.00"
    with qtbot.waitSignal(tab.sig_loaded, timeout=5000):
        tab.set_status("kept")
    assert tab.count_label.text() == "1 promise"  # English plural forms
    with qtbot.waitSignal(tab.sig_loaded, timeout=5000):
        tab.set_status("pending")
    assert tab.model.rowCount() == 0

    # The same reference twice is refused, in the dialog.
    with qtbot.waitSignal(tab.sig_loaded, timeout=5000):
        tab.set_status(None)
    tab.table.selectRow(0)
    again = tab.record_repayment()
    assert again is not None
    again.amount_spin.setValue(10)
    again.reference_edit.setText("BANK-0001")
    qtbot.mouseClick(again.save_button, LEFT)
    qtbot.waitUntil(again.error_label.isVisible)
    assert again.isVisible()
    assert "already recorded" in again.error_label.text()


def test_managers_see_promises_but_do_not_enter_repayments(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=2)
    file_report(sqlite_db, world, visit)
    tab = promises_tab(qtbot, sqlite_db, "manager1", settings)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    assert tab.repay_button.isHidden() and tab.import_button.isHidden()
    tab.table.selectRow(0)
    assert tab.record_repayment() is None


def test_importing_a_bank_file(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings, tmp_path: Path
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=2)
    file_report(sqlite_db, world, visit, approve=True, promise=Decimal("600.00"))
    with sqlite_db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(LoanAccount(customer_id=world.customers[0], contract_no="HT-0001", product="消费贷",
                          principal=Decimal(10000), outstanding_balance=Decimal(8000)))
    day = dt.date.today().isoformat()
    source = tmp_path / "repayments.csv"
    source.write_text(
        "contract_no,amount,paid_on,reference\n"
        f"HT-0001,600.00,{day},R1\n"
        f"HT-0001,600.00,{day},R1\n"
        f"HT-9999,50,{day},R2\n",
        encoding="utf-8",
    )
    tab = promises_tab(qtbot, sqlite_db, "admin", settings)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(tab.sig_imported, timeout=5000) as blocker:
        tab.import_repayments(source)
    summary = blocker.args[0]
    assert (summary.rows, summary.added, summary.duplicates) == (3, 1, 1)
    assert tab.message_label.isVisible()
    assert tab.message_label.text().startswith(
        "3 rows read: 1 repayments added, 1 already known, 1 refused."
    )
    assert "row 4" in tab.message_label.text()
    qtbot.waitUntil(lambda: statuses(tab) == ["Kept"], timeout=5000)


def test_broken_promises_wait_in_the_calendar_as_follow_ups(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=20, customer=3)
    file_report(sqlite_db, world, visit, approve=True, promise=Decimal("900.00"),
                promise_in_days=5)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings)
    pane = page.unscheduled
    qtbot.waitUntil(lambda: pane.mode_bar.tabText(1) == "Broken promises (1)", timeout=5000)
    bar = pane.mode_bar
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(1).center())
    assert pane.shown_ids() == [world.customers[3]]
    assert not pane.quiet_row.isVisible()
    name = pane.proxy.index(0, DueColumn.NAME)
    assert name.data() == "赵六"
    assert pane.proxy.index(0, DueColumn.OVERDUE).data() == "900"  # unpaid part of the promise
    assert name.data(Qt.ItemDataRole.ToolTipRole).startswith("Promised ¥900.00 by ")
    # Dragged onto the calendar like any other unscheduled row.
    assert customer_ids_of(pane.proxy.mimeData([name])) == [world.customers[3]]
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(0).center())
    assert pane.quiet_row.isVisible()
    assert pane.model.tips == {}
