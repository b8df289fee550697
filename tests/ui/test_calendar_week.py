"""The week you can read (issue 16.4): at 1366×768 and 1920×1080 every visit shows its time
and customer, empty weekends fold, and a block has a context menu and keys."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
)
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import Visit, VisitStatus
from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling.calendar_query import week_of
from tests.factories import Org, make_org
from tests.ui.conftest import click_rail, open_window, sign_in
from tests.ui.test_calendar_support import (
    Crew,
    at,
    book,
    make_crew,
    open_page,
    plan_day,
    settle,
    team_key,
    updated,
)
from ui.calendar.canvas import CalendarCanvas
from ui.calendar.layout import ColumnKind, Placed
from ui.calendar.page import CalendarPage
from ui.calendar.paint import block_text_lines
from ui.calendar.week_arrange import rect_of
from ui.calendar.week_layout import FOLDED_W
from ui.dragdrop import customer_ids_mime
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
COPY = Qt.DropAction.CopyAction
#: A team's day: five visits with room to travel between them.
TIMES = ((9, 0, 60), (10, 30, 60), (13, 0, 45), (14, 30, 60), (16, 0, 90))


def working_days(week: list[dt.date]) -> list[dt.date]:
    return [d for d in week if d.weekday() < 5 and calendar_cn.is_working_day(d)]


def book_week(db: Database, crew: Crew, week: list[dt.date]) -> int:
    """Both teams, five visits each working day; neighbouring customers in a team's day."""
    k = 0
    for day in working_days(week):
        for team in (crew.team_a, crew.team_b):
            for hour, minute, minutes in TIMES:
                book(db, crew, crew.customers[k], at(day, hour, minute), minutes, team)
                k += 1
    return k


@pytest.fixture
def busy(sqlite_db: Database, org: Org) -> tuple[Crew, dt.date, int]:
    day = plan_day()
    crew = make_crew(sqlite_db, org, customers=51)
    return crew, day, book_week(sqlite_db, crew, week_of(day))


def calendar_window(
    qtbot: QtBot, db: Database, settings: Settings, translations: Translations, day: dt.date,
    login: str = "coord1",
) -> tuple[MainWindow, CalendarPage]:
    settings.store("calendar/view", "week")
    settings.store("calendar/date", day.isoformat())
    window = open_window(qtbot, db, login, settings, translations)
    window.resize(1366, 768)
    click_rail(qtbot, window, "走访日历")
    page = window.page("calendar")
    assert isinstance(page, CalendarPage)
    qtbot.waitUntil(lambda: page.loaded is not None and page.idle, timeout=10000)
    return window, page


def assert_readable(canvas: CalendarCanvas, expected: int) -> None:
    """Each visit's painted text holds its start time and two characters of the customer."""
    placed = [p for p in canvas.layout_.placed if p.block.id > 0]
    assert len(placed) == expected
    font, small = canvas._fonts()
    for p in placed:
        lines = [t for t in block_text_lines(p.block, rect_of(p), font, small)
                 if t.rect.bottom() <= p.y + p.h + 2]
        texts = [t.text for t in lines]
        assert any(f"{p.block.start:%H:%M}" in t for t in texts), (p.block, texts, p.w, p.h)
        assert any(p.block.customer[:2] in t for t in texts), (p.block, texts, p.w, p.h)
        # Inside its day, and not on top of another visit of that day.
        column = canvas.layout_.columns[p.column]
        assert column.x <= p.x and p.x + p.w <= column.x + column.width
    for items in canvas.layout_.by_column.values():
        for a in items:
            for b in items:
                if a is not b and a.block.id != b.block.id:
                    assert not _overlap(a, b), (a.block, b.block)


def _overlap(a: Placed, b: Placed) -> bool:
    return a.x < b.x + b.w and b.x < a.x + a.w and a.y < b.y + b.h and b.y < a.y + a.h


def test_every_visit_of_a_busy_week_reads_at_1366_and_1920(
    qtbot: QtBot, sqlite_db: Database, busy: tuple[Crew, dt.date, int], settings: Settings,
    translations: Translations,
) -> None:
    crew, day, count = busy
    window, page = calendar_window(qtbot, sqlite_db, settings, translations, day)
    canvas = page.canvas
    week = week_of(day)
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        qtbot.waitUntil(lambda s=size: window.width() == s[0], timeout=3000)
        for kind in ("teams", "visitors"):
            page.columns_combo.setCurrentIndex(page.columns_combo.findData(kind))
            # Visitor lanes: each visit once per member (two).
            assert_readable(canvas, count if kind == "teams" else 2 * count)
        page.columns_combo.setCurrentIndex(page.columns_combo.findData("teams"))
        # The empty weekend is a narrow strip; the working days share the rest.
        widths = {c.day: c.width for c in canvas.layout_.columns}
        for d in week:
            if d.weekday() >= 5 and not calendar_cn.is_working_day(d):
                assert widths[d] == FOLDED_W
            else:
                assert widths[d] > 3 * FOLDED_W
        # The page stays inside the window (no sideways scrolling of the week).
        assert canvas.horizontalScrollBar().maximum() == 0

    # One team at a time: the filter keeps that team's visits, still readable.
    index = page.filter_combo.findText("张伟组 · 李娜")  # the team as the glossary names it
    assert index >= 0
    page.filter_combo.setCurrentIndex(index)
    assert_readable(canvas, count // 2)
    assert {p.block.team_key for p in canvas.layout_.placed} == {tuple(sorted(crew.team_a))}


def test_a_folded_weekend_opens_on_a_click_and_when_a_visit_comes(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    crew = make_crew(sqlite_db, org, customers=3)
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    canvas = page.canvas
    rest = [d for d in week_of(day) if d.weekday() >= 5 and not calendar_cn.is_working_day(d)]
    if not rest:
        pytest.skip("a make-up working weekend")
    assert canvas.folded() == rest
    viewport, pos = canvas.viewport(), canvas.day_point(rest[0])
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos)))
    assert QToolTip.text() == "No visits on this rest day: click to open it"
    qtbot.mouseClick(viewport, LEFT, pos=pos)
    assert rest[0] not in canvas.folded()
    assert next(c for c in canvas.layout_.columns if c.day == rest[0]).width > 3 * FOLDED_W
    # Another week folds its weekend again; one with a visit on it stays open.
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        qtbot.mouseClick(page.next_button, LEFT)
    assert len(canvas.folded()) >= 1 or not any(
        d.weekday() >= 5 and not calendar_cn.is_working_day(d) for d in week_of(page.day))


def _open_menu(qtbot: QtBot, canvas: CalendarCanvas, page: CalendarPage, visit_id: int) -> QMenu:
    """A right click on the visit's block, as the user does it."""
    pos = canvas.block_point(visit_id)
    qtbot.mouseClick(canvas.viewport(), RIGHT, pos=pos)
    menu = page.block_menu.menu
    if menu is None or not menu.isVisible():
        # The platform sends the context menu event itself; offscreen, send it as it would.
        event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                  canvas.viewport().mapToGlobal(pos))
        QApplication.sendEvent(canvas.viewport(), event)
        menu = page.block_menu.menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible, timeout=3000)
    return menu


def _choose(qtbot: QtBot, menu: QMenu, action: QAction) -> None:
    assert action.isVisible() and action.isEnabled(), action.text()
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())


def test_context_menu_opens_moves_and_cancels_after_asking(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    """On SQLite and PostgreSQL: the cancel and the move are the services' own."""
    crew = make_crew(db, make_org(db), customers=4)
    day = plan_day()
    first = book(db, crew, crew.customers[0], at(day, 9))
    second = book(db, crew, crew.customers[1], at(day, 13))
    page = open_page(qtbot, db, sign_in(db, "coord1"), settings, day, "week")
    canvas = page.canvas

    # Open: the visit's details.
    menu = _open_menu(qtbot, canvas, page, first)
    assert canvas.selected == {first}
    assert [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()][:3] == [
        "Open", "Move to another day or time…", "Cancel visit…"]
    _choose(qtbot, menu, page.block_menu.open_action)
    qtbot.waitUntil(lambda: page.details_dialog is not None and page.details_dialog.isVisible())
    assert page.details_dialog is not None and page.details_dialog.block.id == first
    page.details_dialog.close()

    # Cancel asks first: "keep the visit" changes nothing.
    menu = _open_menu(qtbot, canvas, page, first)
    _choose(qtbot, menu, page.block_menu.cancel_action)
    dialog = page.block_menu.cancel_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert "陈晓明" in dialog.question_label.text()
    assert not dialog.confirm_button.isEnabled()  # a reason first
    qtbot.mouseClick(dialog.keep_button, LEFT)
    assert not dialog.isVisible()
    with db.session() as s:
        assert s.get(Visit, first).status is VisitStatus.PLANNED  # type: ignore[union-attr]

    # Then yes, with a reason: the service cancels it and the block goes.
    menu = _open_menu(qtbot, canvas, page, first)
    _choose(qtbot, menu, page.block_menu.cancel_action)
    dialog = page.block_menu.cancel_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.reason_edit, "phoned: away")
    qtbot.mouseClick(dialog.confirm_button, LEFT)
    qtbot.waitUntil(lambda: canvas.layout_.find(first) == [], timeout=5000)
    settle(qtbot, page)
    assert not dialog.isVisible()
    with db.session() as s:
        visit = s.get(Visit, first)
        assert visit is not None and visit.status is VisitStatus.CANCELLED
        assert visit.cancel_reason == "phoned: away"

    # Move: a day later, same time, through the same path as a drag (undo follows).
    target = day + dt.timedelta(days=1)
    while not calendar_cn.is_working_day(target):
        target += dt.timedelta(days=1)
    menu = _open_menu(qtbot, canvas, page, second)
    _choose(qtbot, menu, page.block_menu.move_action)
    move = page.block_menu.move_dialog
    assert move is not None
    qtbot.waitUntil(move.isVisible)
    assert not move.ok_button.isEnabled()  # nothing changed yet
    move.date_edit.setDate(QDate(target.year, target.month, target.day))
    qtbot.mouseClick(move.ok_button, LEFT)
    qtbot.waitUntil(lambda: page.editor.undo_stack.count() == 1, timeout=5000)
    settle(qtbot, page)
    with db.session() as s:
        start = s.scalar(select(Visit.planned_start).where(Visit.id == second))
    assert start is not None
    assert start.replace(tzinfo=dt.UTC) == at(target, 13).astimezone(dt.UTC)


def test_keyboard_menu_key_shift_f10_and_enter(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    crew = make_crew(sqlite_db, org, customers=3)
    day = plan_day()
    first = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    second = book(sqlite_db, crew, crew.customers[1], at(day, 11))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    canvas = page.canvas
    canvas.setFocus()
    # Down selects the first visit, again the next one.
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected == {first}
    qtbot.keyClick(canvas, Qt.Key.Key_Down)
    assert canvas.selected == {second}
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.selected == {first}

    qtbot.keyClick(canvas, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = page.block_menu.menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())

    qtbot.keyClick(canvas, Qt.Key.Key_Menu)
    menu = page.block_menu.menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    # The menu's geometry sits at the selected block.
    assert menu.geometry().contains(canvas.viewport().mapToGlobal(canvas.block_point(first))
                                    + QPoint(1, 1))
    qtbot.keyClick(menu, Qt.Key.Key_Escape)

    qtbot.keyClick(canvas, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.details_dialog is not None and page.details_dialog.isVisible())
    assert page.details_dialog is not None and page.details_dialog.block.id == first
    page.details_dialog.close()


def test_menu_hands_notices_and_report_to_their_sections(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings,
    translations: Translations,
) -> None:
    crew = make_crew(sqlite_db, org, customers=3)
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    window, page = calendar_window(qtbot, sqlite_db, settings, translations, day)
    canvas = page.canvas
    menu = _open_menu(qtbot, canvas, page, visit)
    action = page.block_menu.report_action
    assert action.text() == "走访报告…"
    # The report's state is read on a worker; who may write one is the reports feature's rule.
    qtbot.waitUntil(lambda: action.text() != "走访报告…" or not action.isEnabled(), timeout=5000)
    if action.isEnabled():
        assert action.text() in ("填写报告…", "打开报告…")
        with qtbot.waitSignal(page.sig_open_report, timeout=3000) as report:
            _choose(qtbot, menu, action)
        assert report.args == [visit]
    else:
        menu.close()
    menu = _open_menu(qtbot, canvas, page, visit)
    assert page.block_menu.notices_action.text() == "短信通知"
    _choose(qtbot, menu, page.block_menu.notices_action)
    qtbot.waitUntil(lambda: window.current_section() == "notices", timeout=3000)
    assert window.page("notices").visit_ids == [visit]  # type: ignore[attr-defined]


def test_lists_when_lanes_are_too_narrow_keep_drag_to_another_day(
    qtbot: QtBot, sqlite_db: Database, busy: tuple[Crew, dt.date, int], settings: Settings
) -> None:
    _crew, day, _count = busy
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    canvas = page.canvas
    page.resize(900, 700)
    page.columns_combo.setCurrentIndex(page.columns_combo.findData(ColumnKind.VISITORS.value))
    qtbot.waitUntil(lambda: canvas.layout_.stacked, timeout=3000)
    assert canvas.layout_.headings  # each visitor's name above their visits
    page.columns_combo.setCurrentIndex(page.columns_combo.findData(ColumnKind.TEAMS.value))
    qtbot.waitUntil(lambda: canvas.layout_.stacked, timeout=3000)
    days = working_days(week_of(day))
    placed = next(p for p in canvas.layout_.placed if p.block.day == days[0]
                  and p.block.start.hour == 16)
    target = next(c for c in canvas.layout_.columns if c.day == days[1])
    start = canvas.block_point(placed.block.id)
    end = canvas.to_viewport(target.x + target.width / 2, placed.y + placed.h / 2)
    qtbot.mousePress(canvas.viewport(), LEFT, pos=start)
    qtbot.mouseMove(canvas.viewport(), pos=start + QPoint(0, 8))
    qtbot.mouseMove(canvas.viewport(), pos=end)
    drag = canvas._drag
    assert drag is not None and drag.candidate is not None
    # No time axis in the lists: to another day at the same time, the same team.
    assert drag.candidate.start == placed.block.start.replace(
        year=days[1].year, month=days[1].month, day=days[1].day)
    assert drag.candidate.member_ids == placed.block.member_ids
    qtbot.mouseRelease(canvas.viewport(), LEFT, pos=end)
    # The other team is busy then, this one has its own 16:00 there: refused, stays.
    settle(qtbot, page)
    assert page.editor.last_refusal
    assert canvas.layout_.find(placed.block.id)[0].block.day == days[0]


def _drag_customers(canvas: CalendarCanvas, ids: list[int], target: QPoint) -> None:
    """Customers dragged in from the list or the map, held over ``target``."""
    mime = customer_ids_mime(ids)
    viewport = canvas.viewport()
    enter = QDragEnterEvent(target, COPY, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(
        viewport, QDragMoveEvent(target, COPY, mime, LEFT, Qt.KeyboardModifier.NoModifier))


def test_a_folded_day_opens_under_a_drag_and_takes_the_drop(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings
) -> None:
    crew = make_crew(sqlite_db, org, customers=3)
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    canvas = page.canvas
    folded = canvas.folded()
    if not folded:
        pytest.skip("a make-up working weekend")
    # One team at a time: a drop on a day without lanes goes to that team.
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(team_key(crew.team_a)))
    saturday = folded[0]
    _drag_customers(canvas, [crew.customers[1]], canvas.day_point(saturday))
    assert saturday not in canvas.folded()
    target = canvas.slot_point(week_of(day).index(saturday), dt.time(10, 0))
    _drag_customers(canvas, [crew.customers[1]], target)
    mime = customer_ids_mime([crew.customers[1]])  # the event does not own it
    drop = QDropEvent(QPointF(target), COPY, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    with updated(qtbot, page):
        QApplication.sendEvent(canvas.viewport(), drop)
    with sqlite_db.session() as s:
        start = s.scalar(select(Visit.planned_start).where(
            Visit.customer_id == crew.customers[1]))
    assert start is not None and start.replace(tzinfo=dt.UTC) == at(saturday, 10).astimezone(
        dt.UTC)
    # The weekend day has a visit now: it stays open when the week is drawn again.
    canvas.opened.clear()
    canvas.relayout()
    assert saturday not in canvas.folded()


def test_customers_dropped_on_a_list_go_after_the_lanes_last_visit(
    qtbot: QtBot, sqlite_db: Database, busy: tuple[Crew, dt.date, int], settings: Settings
) -> None:
    crew, day, _count = busy
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    canvas = page.canvas
    page.resize(900, 700)
    qtbot.waitUntil(lambda: canvas.layout_.stacked, timeout=3000)
    first = working_days(week_of(day))[0]
    column = next(c for c in canvas.layout_.columns if c.day == first)
    lane = next(g for g in column.groups if g[0].member_ids == tuple(sorted(crew.team_b)))
    target = canvas.to_viewport(column.x + column.width / 2, (lane[1] + lane[2]) / 2)
    _drag_customers(canvas, [crew.customers[-1]], target)
    preview = canvas.drop_preview
    # Team B's day ends 17:30: the new visit is proposed half an hour later, in its list.
    assert preview is not None and preview.label.startswith("18:00")
    assert column.x <= preview.x and preview.x + preview.w <= column.x + column.width


def test_a_visitors_week_reads_too(
    qtbot: QtBot, sqlite_db: Database, busy: tuple[Crew, dt.date, int], settings: Settings
) -> None:
    """A visitor's calendar (their own visits, names as the calendar is given them), in the
    room the page has in a 1366×768 window beside the navigation rail."""
    _crew, day, count = busy
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "visitor1"), settings, day, "week")
    canvas = page.canvas
    before = canvas.viewport().width()
    page.resize(1166, 700)
    qtbot.waitUntil(lambda: canvas.viewport().width() < before, timeout=3000)
    assert canvas.layout_.placed
    assert_readable(canvas, count // 2)
