"""Calendar views and panes: week and month counts, the unscheduled pane, details, settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from hvdesk.database import Database
from hvdesk.model import Visit, VisitStatus
from hvdesk.scheduling.calendar_query import DueCustomer, week_of
from hvdesk.scheduling.violations import RULES, violation
from tests.factories import Org
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import (
    Crew,
    at,
    book,
    make_crew,
    open_page,
    plan_day,
    team_key,
    updated,
)
from ui.calendar.layout import ViewMode
from ui.calendar.texts import VIOLATION_TEMPLATES, violation_text
from ui.calendar.unscheduled import ID_ROLE, DueColumn, DueModel
from ui.dragdrop import CUSTOMER_IDS_MIME, customer_ids_of
from ui.i18n import Translations
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def crew(sqlite_db: Database, org: Org) -> Crew:
    return make_crew(sqlite_db, org, customers=8)


def test_week_and_month_views_count_the_visits(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    week = week_of(day)
    other = next(d for d in week if d != day and d.weekday() < 5)
    for k, hour in enumerate((9, 11, 14)):
        book(sqlite_db, crew, crew.customers[k], at(day, hour))
    book(sqlite_db, crew, crew.customers[3], at(day, 10), team=crew.team_b)
    book(sqlite_db, crew, crew.customers[4], at(other, 9), team=crew.team_b)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    canvas = page.canvas
    assert [c.day for c in canvas.layout_.columns] == week
    counts = {c.day: len(canvas.layout_.by_column.get(c.index, [])) for c in canvas.layout_.columns}
    assert counts[day] == 4 and counts[other] == 1
    assert sum(counts.values()) == 5
    # Each team has its own lane in a day: the two teams of `day` sit side by side.
    assert [r.member_ids for r in canvas.layout_.columns[week.index(day)].lanes] == sorted(
        [tuple(sorted(crew.team_a)), tuple(sorted(crew.team_b))]
    )
    assert page.status_label.text() == "5 visits"

    # Filtering to one team keeps its visits only.
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(team_key(crew.team_b)))
    assert len(canvas.layout_.placed) == 2
    page.filter_combo.setCurrentIndex(0)

    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        qtbot.mouseClick(page.view_buttons[ViewMode.MONTH], LEFT)
    month = page.month_view
    assert page.views.currentWidget() is month
    assert month.count(day) == 4 and month.count(other) == 1
    assert sum(month.counts.values()) == 5
    assert page.status_label.text() == "5 visits"

    # A double click on a day opens it in the day view.
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        qtbot.mouseDClick(month, LEFT, pos=month.day_point(other))
    assert page.mode is ViewMode.DAY and page.day == other
    assert [p.block.customer_id for p in canvas.layout_.placed] == [crew.customers[4]]


def test_view_and_date_are_remembered(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "day")
    qtbot.mouseClick(page.next_button, LEFT)  # the same week: nothing to read again
    assert page.day == day + dt.timedelta(days=1)
    qtbot.mouseClick(page.view_buttons[ViewMode.WEEK], LEFT)
    page.columns_combo.setCurrentIndex(page.columns_combo.findData("visitors"))
    page.close()
    again = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, mode=None)
    assert again.mode is ViewMode.WEEK
    assert again.day == day + dt.timedelta(days=1)
    assert again.columns_combo.currentData() == "visitors"
    # Visitor columns: one per active visitor of the branch.
    again.set_mode(ViewMode.DAY)
    titles = [c.resource.title for c in again.canvas.layout_.columns if c.resource]
    assert sorted(titles) == sorted(["张伟", "李娜", "赵强", "孙丽"])


def test_dragging_costs_no_query(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    book(sqlite_db, crew, crew.customers[1], at(day, 13))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    pane = page.unscheduled  # its loads (due rows, then their values) finish first
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0 and len(pane.model.values) == len(
        pane.model.rows), timeout=10000)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(sqlite_db.engine, "before_cursor_execute", count)
    try:
        viewport = page.canvas.viewport()
        start = page.canvas.block_point(visit, "top")
        qtbot.mousePress(viewport, LEFT, pos=start)
        reasons = set()
        for k in range(1, 40):
            qtbot.mouseMove(viewport, start + QPoint(0, 12 * k))
            reasons.add(page.canvas.drag_reasons)
        assert any("already in visit" in r for r in reasons)  # it did cross the other visit
        assert statements == []
        qtbot.keyClick(page.canvas, Qt.Key.Key_Escape)
        qtbot.mouseRelease(viewport, LEFT, pos=start + QPoint(0, 12 * 39))
    finally:
        event.remove(sqlite_db.engine, "before_cursor_execute", count)
    assert statements == []  # Escape cancelled the drag: nothing saved either


def test_unscheduled_pane_lists_customers_due_by_priority(
    qtbot: QtBot, qtmodeltester: object, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))  # has a visit ahead: not due
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    pane = page.unscheduled
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0, timeout=5000)
    qtmodeltester.check(pane.model)  # type: ignore[attr-defined]
    shown = pane.shown_ids()
    # Customers 1..7 (dpd 80 down to 20); customer 0 has a planned visit.
    assert shown == crew.customers[1:8]
    assert pane.count_label.text() == "7 customers"
    # Sorting by the overdue column, then back to priority.
    pane.table.sortByColumn(DueColumn.OVERDUE, Qt.SortOrder.AscendingOrder)
    assert pane.shown_ids() == list(reversed(crew.customers[1:8]))
    pane.table.sortByColumn(DueColumn.DAYS_PAST_DUE, Qt.SortOrder.DescendingOrder)
    pane.search_edit.setText("冯")
    assert [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())] == ["冯刚"]
    pane.search_edit.clear()
    # Rows drag as customer ids.
    rows = [pane.proxy.index(r, 0) for r in (0, 2)]
    mime = pane.proxy.mimeData(rows)
    assert mime.hasFormat(CUSTOMER_IDS_MIME)
    assert customer_ids_of(mime) == [shown[0], shown[2]]
    # Fewer quiet days: the list is read again.
    with qtbot.waitSignal(pane.model.modelReset, timeout=5000):
        pane.quiet_spin.setValue(7)
    assert settings.raw("calendar/quiet_days") in (7, "7")


def test_unscheduled_pane_sorts_by_the_expected_value_of_a_visit(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, plan_day())
    pane = page.unscheduled
    # The ranking answers on a worker after the rows: every row gets a value and reasons.
    qtbot.waitUntil(lambda: pane.model.rowCount() > 0 and len(pane.model.values) == len(
        pane.model.rows), timeout=10000)
    pane.table.sortByColumn(DueColumn.VALUE, Qt.SortOrder.DescendingOrder)
    values = [pane.model.values[c][0] for c in pane.shown_ids()]
    assert values == sorted(values, reverse=True)
    top = pane.proxy.index(0, DueColumn.VALUE)
    assert top.data() != "–"
    assert "逾期" in top.data(Qt.ItemDataRole.ToolTipRole)


def test_due_model_data_roles() -> None:
    model = DueModel()
    model.set_rows([DueCustomer(5, "张*", "成都市武侯区", 40, Decimal("1234.6"), None)])
    index = model.index(0, DueColumn.OVERDUE)
    assert index.data() == "1,235"
    assert model.index(0, DueColumn.NAME).data(Qt.ItemDataRole.ToolTipRole) == "Last visit: –"
    assert index.data(ID_ROLE) == 5
    assert model.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    assert model.index(0, DueColumn.VALUE).data() == "–"
    model.values = {5: (812.4, "逾期 40 天，金额 ¥1,235")}
    assert model.index(0, DueColumn.VALUE).data() == "812"
    assert model.index(0, DueColumn.VALUE).data(Qt.ItemDataRole.ToolTipRole).startswith("逾期")


def test_double_click_opens_details_and_cancels_with_a_reason(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    qtbot.mouseDClick(page.canvas.viewport(), LEFT, pos=page.canvas.block_point(visit))
    dialog = page.details_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title_label.text() == "陈晓明"
    assert dialog.values["team"].text() == "张伟组 · 李娜"  # as the lanes and the PDFs name it
    assert not dialog.cancel_visit_button.isEnabled()  # a reason first
    dialog.reason_edit.setText("客户来电改约")
    with updated(qtbot, page):
        qtbot.mouseClick(dialog.cancel_visit_button, LEFT)
    with sqlite_db.session() as s:
        row = s.execute(select(Visit.status, Visit.cancel_reason).where(Visit.id == visit)).one()
    assert row == (VisitStatus.CANCELLED, "客户来电改约")
    assert page.canvas.layout_.find(visit) == []


def test_a_visitor_sees_own_visits_read_only(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    mine = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    book(sqlite_db, crew, crew.customers[1], at(day, 9), team=crew.team_b)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "visitor1"), settings, day)
    assert [p.block.id for p in page.canvas.layout_.placed] == [mine]
    # Field staff see their customers' names (domain.md "Who sees what"); numbers stay masked.
    name = page.canvas.layout_.placed[0].block.customer
    assert name.startswith("陈") and "*" not in name
    assert page.loaded is not None and not page.loaded.data.editable
    viewport = page.canvas.viewport()
    start = page.canvas.block_point(mine, "top")
    qtbot.mousePress(viewport, LEFT, pos=start)
    qtbot.mouseMove(viewport, start + QPoint(0, 100))
    assert page.canvas._drag is None
    qtbot.mouseRelease(viewport, LEFT, pos=start + QPoint(0, 100))
    assert not page.unscheduled.autoplan_button.isVisible()


def test_violation_templates_match_the_scheduling_package() -> None:
    assert set(VIOLATION_TEMPLATES) == set(RULES)
    for code, template in VIOLATION_TEMPLATES.items():
        assert template == RULES[code][1], code


def test_chinese_interface(
    qtbot: QtBot,
    qapp: QApplication,
    sqlite_db: Database,
    crew: Crew,
    settings: Settings,
    translations: Translations,
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    assert page.title_label.text() == "走访日历"
    assert page.view_buttons[ViewMode.WEEK].text() == "周"
    assert page.status_label.text() == "1 次走访"
    text = violation_text(
        violation(
            "visitor_busy",
            visitor="张伟 (visitor1)",
            other=7,
            other_start="2026-12-08 09:00",
            other_end="10:00",
        )
    )
    assert text.startswith("张伟 (visitor1)") and "7" in text and "已有" in text
    translations.apply("en")
    assert page.title_label.text() == "Calendar"
    assert page.view_buttons[ViewMode.WEEK].text() == "Week"


def test_hovering_a_block_shows_its_details_and_travel(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    second = book(sqlite_db, crew, crew.customers[1], at(day, 11))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    viewport = page.canvas.viewport()
    pos = page.canvas.block_point(second)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    )
    text = QToolTip.text()
    assert "11:00–12:00  周杰" in text
    assert "Overdue follow-up · Planned" in text
    assert "Travel from the previous stop:" in text
