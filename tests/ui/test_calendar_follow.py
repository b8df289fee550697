"""The calendar follows the change hub (issue 15): re-reads only what a change names.

* Dragging three customers from the unscheduled pane onto the calendar, in
  the main window: one worker op saves them, the three visits appear, the
  customer list's next-visit cells of those three change, and the statements
  run meanwhile show that nothing else is read again (no range reload of the
  calendar, no reload of the customer list).
* A report approved elsewhere changes the report state of the open visit.
"""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from hvdesk.database import Database
from hvdesk.model import ReportStatus, Visit, VisitReport
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.visitreports import service as reports
from tests.factories import Org
from tests.ui.conftest import click_rail, open_window, sign_in
from tests.ui.test_calendar_support import at, book, make_crew, plan_day, team_key
from tests.ui.test_visitreport_support import make_scene
from ui.calendar.page import CalendarPage
from ui.customers import list_model
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton
COPY = Qt.DropAction.CopyAction
NONE = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def english(qapp: QApplication) -> Translations:
    return Translations(qapp)


@contextmanager
def statements(db: Database) -> Iterator[list[tuple[str, set[str]]]]:
    """Every statement on ``db`` (any thread), with the function names on its stack."""
    seen: list[tuple[str, set[str]]] = []

    def record(_conn: object, _cursor: object, sql: str, *_rest: object) -> None:
        seen.append((sql, {f.name for f in traceback.extract_stack()}))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def calendar_of(window: MainWindow) -> CalendarPage:
    page = window.pages.get("calendar")
    assert isinstance(page, CalendarPage)
    return page


def next_visit_cell(window: MainWindow, customer_id: int) -> str:
    model = window.pages["customers"].model  # type: ignore[attr-defined]
    for row in range(model.rowCount()):
        if model.customer_id(row) == customer_id:
            return str(model.index(row, list_model.Column.NEXT_VISIT).data() or "")
    raise AssertionError(f"customer {customer_id} is not in the list")


def test_three_customers_dragged_onto_the_calendar_appear_everywhere_and_only_they_are_read(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, english: Translations
) -> None:
    crew = make_crew(sqlite_db, org)
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))  # gives team A its column
    settings.store("calendar/date", day.isoformat())
    settings.store("calendar/view", "day")
    window = open_window(qtbot, sqlite_db, "coord1", settings, english)
    # The customer list first (the section that shows next visits), then the calendar.
    click_rail(qtbot, window, "Customers")
    qtbot.waitUntil(lambda: "customers" in window.pages, timeout=5000)
    wanted = crew.customers[3:6]
    qtbot.waitUntil(lambda: all(_listed(window, c) for c in wanted), timeout=10000)
    assert [next_visit_cell(window, c) for c in wanted] == ["", "", ""]
    click_rail(qtbot, window, "Calendar")
    qtbot.waitUntil(lambda: "calendar" in window.pages, timeout=5000)
    page = calendar_of(window)
    pane = page.unscheduled
    qtbot.waitUntil(lambda: page.loaded is not None and page.idle, timeout=5000)
    qtbot.waitUntil(lambda: pane.model.rowCount() == 5, timeout=5000)  # 8 less the booked ...

    # Select the three in the pane and drag them, as the pane's own drag would carry them.
    rows = [r for r in range(pane.model.rowCount()) if pane.model.rows[r].id in wanted]
    mime = pane.model.mimeData([pane.model.index(r, 0) for r in sorted(rows)])
    carried = sorted(pane.model.rows[r].id for r in sorted(rows))
    viewport = page.canvas.viewport()
    column = page.canvas.column_of(team_key(crew.team_a))
    target = page.canvas.slot_point(column, dt.time(13, 0))
    with statements(sqlite_db) as seen:
        enter = QDragEnterEvent(target, COPY, mime, LEFT, NONE)
        QApplication.sendEvent(viewport, enter)
        assert enter.isAccepted()
        QApplication.sendEvent(viewport, QDragMoveEvent(target, COPY, mime, LEFT, NONE))
        qtbot.waitUntil(lambda: page.idle, timeout=5000)  # the dragged customers' rules arrived
        drop = QDropEvent(QPointF(target), COPY, mime, LEFT, NONE)
        QApplication.sendEvent(viewport, drop)
        # The three visits appear in the calendar ...
        qtbot.waitUntil(lambda: _shown(page) >= set(carried), timeout=10000)
        # ... and leave the unscheduled pane.
        qtbot.waitUntil(lambda: pane.model.rowCount() == 2, timeout=5000)
        # The customer list re-reads just the rows a change names: the three next-visit cells.
        qtbot.waitUntil(lambda: all(next_visit_cell(window, c) for c in carried), timeout=10000)
        qtbot.waitUntil(lambda: page.idle, timeout=5000)
    with sqlite_db.session() as s:
        made = s.execute(select(Visit.customer_id, Visit.planned_start)
                         .where(Visit.customer_id.in_(carried))
                         .order_by(Visit.planned_start)).all()
    assert sorted(m.customer_id for m in made) == carried
    assert made[0].planned_start == at(day, 13)
    assert all(next_visit_cell(window, c).startswith(day.isoformat()) for c in carried)
    others = [c for c in crew.customers if c not in carried and c != crew.customers[0]]
    assert all(next_visit_cell(window, c) == "" for c in others)

    # Nothing else was read again: the calendar did not reload its range, the pane read just
    # the three customers, the list did not reload its page.
    names = [stack for _sql, stack in seen]
    assert not any("load_range" in stack for stack in names), "the calendar reloaded its range"
    assert any("changed_visits" in stack for stack in names)
    due = [sql for sql, stack in seen if "due_customers" in stack and "\nFROM customer" in sql]
    assert due and all("customer.id IN" in sql for sql in due), "the pane read every customer"
    creates = [sql for sql, stack in seen
               if "create_visits" in stack and sql.startswith("INSERT INTO visit ")]
    assert len(creates) == 3  # one worker op, one transaction, three visits
    print(f"\nstatements from the drag to the last refresh: {len(seen)}")
    # The list re-read the rows named (fetch_rows), not its page.
    assert any("fetch_rows" in stack for stack in names)
    assert not any({"fetch_page", "count"} & stack for stack in names), "the list reloaded"


def _listed(window: MainWindow, customer_id: int) -> bool:
    try:
        next_visit_cell(window, customer_id)
    except (AssertionError, KeyError):
        return False
    return True


def _shown(page: CalendarPage) -> set[int]:
    data = page.loaded.data if page.loaded is not None else None
    return {b.customer_id for b in data.blocks} if data is not None else set()


def test_a_report_approved_elsewhere_changes_the_open_visit(
    qtbot: QtBot, sqlite_db: Database, settings: Settings, english: Translations
) -> None:
    scene = make_scene(sqlite_db)
    settings.store("calendar/date", scene.day.isoformat())
    settings.store("calendar/view", "week")
    window = open_window(qtbot, sqlite_db, "coord1", settings, english)
    click_rail(qtbot, window, "Calendar")
    qtbot.waitUntil(lambda: "calendar" in window.pages, timeout=5000)
    page = calendar_of(window)
    qtbot.waitUntil(lambda: page.loaded is not None and page.idle, timeout=5000)
    dialog = page.open_visit(scene.visit_id)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.report == "", timeout=5000)  # "Write report…"

    # Another desk: the visitor writes the report, a reviewer approves it.
    visitor = sign_in(sqlite_db, "visitor1")
    with sqlite_db.begin() as s:
        report_id = reports.open_report(s, visitor, scene.visit_id).id
    qtbot.waitUntil(lambda: dialog.report == ReportStatus.DRAFT.value, timeout=5000)
    with sqlite_db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        row = s.get(VisitReport, report_id)
        assert row is not None
        row.status = ReportStatus.APPROVED
    qtbot.waitUntil(lambda: dialog.report == ReportStatus.APPROVED.value, timeout=5000)
    assert dialog.report_button.isVisible() and dialog.report_button.text() == "Open report…"

