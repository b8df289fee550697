"""The dashboard: figures that follow the report workflow, tables behind charts, export, prefs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCharts import QStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QToolTip
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.model import AuditEvent, ReportOutcome
from tests.scheduling_helpers import World, make_world
from tests.ui.conftest import activate, open_window, sign_in
from tests.ui.test_dashboard_support import (
    LEFT,
    approve_report,
    file_report,
    finished_visit,
    open_dashboard,
    press_f5,
    show,
    total_cell,
)
from ui.dashboard.convert import CARD_KEYS
from ui.dashboard.page import DashboardPage
from ui.i18n import Translations
from ui.icons import icon
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def test_figures_follow_the_report_workflow(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    """On SQLite and PostgreSQL: the desks of a branch may share a server."""
    world = make_world(db)
    first = finished_visit(db, world, days_ago=3, customer=0)
    file_report(db, world, first, approve=True)
    second = finished_visit(db, world, days_ago=2, customer=1)
    report = file_report(db, world, second, submit=False)  # a draft counts nowhere
    page = open_dashboard(qtbot, db, "manager1", settings)
    assert total_cell(page, "outcomes", "Met customer") == 1
    assert total_cell(page, "awaiting", "Awaiting review") == 0
    assert total_cell(page, "visits", "Visits") == 2
    assert page.kpis["met"].value_label.text() == "1"

    with db.begin() as s:
        core.submit(s, world.actors["visitor1"], report)
    press_f5(qtbot, page)
    # Submitted: its outcome counts and it waits for review.
    assert total_cell(page, "outcomes", "Met customer") == 2
    assert total_cell(page, "awaiting", "Awaiting review") == 1
    assert page.kpis["awaiting"].value_label.text() == "1"

    approve_report(db, world, report)
    press_f5(qtbot, page)
    assert total_cell(page, "outcomes", "Met customer") == 2
    assert total_cell(page, "awaiting", "Awaiting review") == 0
    assert page.kpis["awaiting"].value_label.text() == "0"
    assert page.kpis["met"].value_label.text() == "2"


def test_each_chart_has_its_figures_one_click_away(
    qtbot: QtBot, qtmodeltester: object, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=2)
    file_report(sqlite_db, world, visit, outcome=ReportOutcome.NOBODY_HOME, promise=None)
    page = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    for key in CARD_KEYS:
        card = page.cards[key]
        assert card.pages.currentWidget() is not card.table
        qtbot.mouseClick(card.table_button, LEFT)
        assert card.pages.currentWidget() is card.table
        assert card.model.rowCount() >= 2  # the groups and the total
        qtmodeltester.check(card.model)  # type: ignore[attr-defined]
        qtbot.mouseClick(card.chart_button, LEFT)
        assert card.pages.currentWidget() is not card.table
    outcomes = page.cards["outcomes"]
    last = outcomes.proxy.rowCount() - 1
    assert outcomes.proxy.index(last, 0).data() == "Total"
    column = [c.title for c in outcomes.model.figures.columns].index("Nobody home")
    assert outcomes.proxy.index(last, column).data() == "1"
    # Hovering a bar names its exact value.
    bars = outcomes.view.chart().series()[0]
    assert isinstance(bars, QStackedBarSeries)
    nobody = next(b for b in bars.barSets() if b.label() == "Nobody home")
    week = next(i for i in range(nobody.count()) if nobody.at(i) == 1)
    nobody.hovered.emit(True, week)
    assert QToolTip.text().endswith("Nobody home: 1")
    nobody.hovered.emit(False, week)
    # Eight weeks by week: every week is a row, the quiet ones as zeros.
    assert outcomes.model.rowCount() == 8 + 1
    # Ctrl+C on the table copies the figures for a spreadsheet.
    qtbot.mouseClick(outcomes.table_button, LEFT)
    activate(qtbot, page)
    outcomes.table.setFocus()
    qtbot.keyClick(outcomes.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0].split("\t")[:2] == ["Week", "Reports"]
    assert copied[-1].split("\t")[column] == "1" and copied[-1].startswith("Total\t")
    # Sorting keeps the total last.
    outcomes.table.sortByColumn(column, outcomes.table.horizontalHeader().sortIndicatorOrder())
    assert outcomes.proxy.index(outcomes.proxy.rowCount() - 1, 0).data() == "Total"


def test_a_kept_promise_raises_the_kept_rate(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=3)
    file_report(sqlite_db, world, visit, approve=True, promise=Decimal("800.00"))
    page = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    assert total_cell(page, "promises", "Kept") == 0
    assert total_cell(page, "promises", "Kept rate") is None  # still pending: not counted
    assert page.kpis["kept"].value_label.text() == "–"
    with sqlite_db.begin() as s:
        core.record_repayment(s, world.actors["coord1"], world.customers[0], Decimal("800.00"),
                              dt.date.today())
    press_f5(qtbot, page)
    assert total_cell(page, "promises", "Kept") == 1
    assert total_cell(page, "promises", "Kept rate") == 1.0
    assert page.kpis["kept"].value_label.text() == "100.0%"


def test_export_writes_the_figures_on_screen(
    qtbot: QtBot,
    sqlite_db: Database,
    world: World,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for k, days in enumerate((3, 10)):
        visit = finished_visit(sqlite_db, world, days_ago=days, customer=k)
        file_report(sqlite_db, world, visit, approve=k == 0)
    page = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    target = tmp_path / "out" / "board.xlsx"
    target.parent.mkdir()
    asked: list[str] = []

    def save_name(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        asked.append(start)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    with qtbot.waitSignal(page.sig_exported, timeout=10000):
        qtbot.mouseClick(page.export_button, LEFT)
    assert asked and asked[0].endswith(".xlsx")
    assert page.prefs.export_dir == str(target.parent)  # remembered for next time

    sheet = load_workbook(target, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header, total = rows[0], rows[-1]
    assert total[0] == "合计"

    def cell(name: str) -> object:
        return total[header.index(name)]

    assert cell("走访数") == total_cell(page, "visits", "Visits") == 2
    assert cell("见到客户") == total_cell(page, "outcomes", "Met customer") == 2
    assert cell("待审报告") == total_cell(page, "awaiting", "Awaiting review") == 1
    # The week rows the core wrote match the table's rows of the same weeks.
    figures = page.cards["visits"].model.figures
    for row in rows[1:-1]:
        assert figures.cell(str(row[0]), "Visits") == row[header.index("走访数")]

    # The next export starts in the folder of the last one.
    asked.clear()
    with qtbot.waitSignal(page.sig_exported, timeout=10000):
        qtbot.mouseClick(page.export_button, LEFT)
    assert Path(asked[0]).parent == target.parent


def test_period_and_grouping_are_remembered(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=2)
    file_report(sqlite_db, world, visit)
    page = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    first, last = page.span()
    assert last == dt.date.today()
    assert first.weekday() == 0 and (last - first).days // 7 == 7  # eight weeks
    with qtbot.waitSignal(page.sig_loaded, timeout=10000):
        page.group_combo.setCurrentIndex(page.group_combo.findData("team"))
    assert page.board is not None and page.board.group == "team"
    assert page.cards["visits"].model.figures.column("Team") == ["刘强、张伟", "Total"]
    with qtbot.waitSignal(page.sig_loaded, timeout=10000):
        page.period_combo.setCurrentIndex(page.period_combo.findData(4))
    assert (page.span()[1] - page.span()[0]).days // 7 == 3
    page.tabs.setCurrentIndex(1)
    page.close()

    again = open_dashboard(qtbot, sqlite_db, "manager1", Settings(settings.path))
    assert again.group() == "team"
    assert again.period_combo.currentData() == 4
    assert again.tabs.currentIndex() == 1
    # A custom period: the dates are editable and kept.
    assert not again.first_edit.isVisible()
    again.period_combo.setCurrentIndex(again.period_combo.findData(0))
    assert again.first_edit.isVisible()
    with qtbot.waitSignal(again.sig_loaded, timeout=10000):
        again.first_edit.setDate(again.first_edit.date().addDays(-7))
    kept = again.span()
    third = open_dashboard(qtbot, sqlite_db, "manager1", Settings(settings.path))
    assert third.span() == kept


def test_the_section_is_for_managers(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings,
    translations: Translations,
) -> None:
    window = open_window(qtbot, sqlite_db, "manager1", settings, translations)
    assert "dashboard" in window.section_keys()
    window.show_section("dashboard")
    page = window.pages["dashboard"]
    assert isinstance(page, DashboardPage)
    assert window.section_actions["dashboard"].text() == "管理看板"
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    assert page.title_label.text() == "管理看板"
    assert page.tabs.tabText(1) == "投诉"
    # F5 reads the figures again inside the main window too (no clash with other sections).
    page.group_combo.setFocus()
    with qtbot.waitSignal(page.sig_loaded, timeout=10000):
        qtbot.keyClick(page.group_combo, Qt.Key.Key_F5)
    other = Settings(settings.path.with_name("c.ini"))
    coordinator = open_window(qtbot, sqlite_db, "coord1", other, translations)
    assert "dashboard" not in coordinator.section_keys()


def test_a_period_that_ends_before_it_starts_is_not_asked_for(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    page = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    page.period_combo.setCurrentIndex(page.period_combo.findData(0))
    before = page.board
    page.first_edit.setDate(page.last_edit.date().addDays(3))
    assert page.board is before
    assert not page.message_label.isVisible()


def test_head_office_sees_every_branch_once_the_page_is_shown(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    page = DashboardPage(sqlite_db, sign_in(sqlite_db, "admin"), settings)
    qtbot.addWidget(page)
    # Built but not shown (another section is current): nothing read, no "viewed" in the audit.
    qtbot.wait(50)
    assert page.board is None
    with sqlite_db.session() as s:
        assert not s.scalars(select(AuditEvent).where(AuditEvent.entity == "dashboard")).all()
    with qtbot.waitSignal(page.sig_loaded, timeout=10000):
        show(qtbot, page)
    assert page.subtitle_label.text().startswith("All branches")


def test_the_icon_draws(qapp: QApplication) -> None:
    image = icon("dashboard").pixmap(24, 24).toImage()
    assert max(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)) > 0
