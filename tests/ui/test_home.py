"""The home page per role: each card's rows open the section that handles them, on the row.

A click on a row emits where it leads; the main window opens the calendar on the
day with the team's visits selected, the notices of the visit with the notice
current, the review queue on the report, the reports list on the visit, the
dashboard's promises or complaints tab on the row, or the customer's file when
the user has no such section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hvdesk import clock
from hvdesk.database import Database
from tests.factories import Org
from tests.home_helpers import NOW, HomeWorld, build_world
from tests.ui.conftest import open_window
from ui.calendar.layout import ViewMode
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.pages.overview import OverviewPage
from ui.settings import Settings

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def world(sqlite_db: Database, org: Org) -> Iterator[HomeWorld]:
    built = build_world(sqlite_db, org)
    with clock.pinned(NOW):
        yield built


def _home(qtbot: QtBot, sqlite_db: Database, login: str, settings: Settings,
          translations: Translations) -> tuple[MainWindow, OverviewPage]:
    window = open_window(qtbot, sqlite_db, login, settings, translations)
    window.resize(1366, 768)
    window.show_section("overview")
    page = window.page("overview")
    assert isinstance(page, OverviewPage)
    qtbot.waitUntil(lambda: page.data is not None)
    return window, page


def _click(qtbot: QtBot, window: MainWindow, page: OverviewPage, card: str, row: int = 0) -> None:
    window.show_section("overview")
    target = page.cards[card].rows[row]
    assert target.link is not None, f"{card} row {row} leads nowhere"
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)


def _file_opened(qtbot: QtBot, window: MainWindow, customer_id: int) -> None:
    assert window.customers is not None
    qtbot.waitUntil(lambda: customer_id in window.customers.files)  # type: ignore[union-attr]
    window.customers.files[customer_id].close()


def _current_row(page: object) -> object:
    table, model = page.table, page.model  # type: ignore[attr-defined]
    row = table.currentIndex().row()
    return model.row_at(row) if 0 <= row < model.rowCount() else None


def test_coordinator_rows_open_where_they_are_handled(
    qtbot: QtBot, sqlite_db: Database, world: HomeWorld, settings: Settings,
    translations: Translations,
) -> None:
    window, page = _home(qtbot, sqlite_db, "coord1", settings, translations)
    assert [c.count_label.text() for c in page.cards.values()] == [
        "3", "1", "1", "1", "1", "1", "2", "1", "1"]
    assert page.cards["today"].rows[0].texts()[0] == "09:00"
    # Today's first team: the calendar's day, the team's visits selected.
    _click(qtbot, window, page, "today")
    assert window.current_section() == "calendar"
    calendar = window.page("calendar")
    qtbot.waitUntil(lambda: calendar.canvas.selected == set(world.visits[:2]))  # type: ignore[attr-defined]
    assert (calendar.day, calendar.mode) == (TODAY, ViewMode.DAY)  # type: ignore[attr-defined]
    # Tomorrow's team: the calendar moves on a day.
    _click(qtbot, window, page, "tomorrow")
    qtbot.waitUntil(lambda: calendar.canvas.selected == {world.visits[4]})  # type: ignore[attr-defined]
    assert calendar.day == TODAY + dt.timedelta(days=1)  # type: ignore[attr-defined]
    # A failed notice: the notices of its visit, the notice current, failed ones shown.
    _click(qtbot, window, page, "failed")
    assert window.current_section() == "notices"
    notices = window.page("notices")
    qtbot.waitUntil(lambda: notices.preview.view is not None  # type: ignore[attr-defined]
                    and notices.preview.view.id == world.notices[1])  # type: ignore[attr-defined]
    assert notices.filter_combo.currentData() == "failed"  # type: ignore[attr-defined]
    assert notices.visit_ids == [world.visits[2]]  # type: ignore[attr-defined]
    # A reply asking to move: the notices that need attention, on that one.
    _click(qtbot, window, page, "replies")
    qtbot.waitUntil(lambda: notices.preview.view is not None  # type: ignore[attr-defined]
                    and notices.preview.view.id == world.notices[2])  # type: ignore[attr-defined]
    assert notices.filter_combo.currentData() == "attention"  # type: ignore[attr-defined]
    # "Open the notices ›" of the unsent card: every visit it counts.
    window.show_section("overview")
    qtbot.mouseClick(page.cards["unsent"].link_button, Qt.MouseButton.LeftButton)
    assert window.current_section() == "notices"
    assert notices.visit_ids == [world.visits[4]]  # type: ignore[attr-defined]
    # A returned report: the reports list on its visit.
    _click(qtbot, window, page, "returned")
    assert window.current_section() == "reports"
    reports = window.page("reports")
    qtbot.waitUntil(lambda: getattr(_current_row(reports), "visit_id", None) == world.visits[6])
    # No review queue, no dashboard: the customer's file.
    assert "reviews" not in window.section_keys()
    _click(qtbot, window, page, "waiting")
    _file_opened(qtbot, window, world.customers[1])
    _click(qtbot, window, page, "promises")
    _file_opened(qtbot, window, world.customers[0])
    assert page.cards["promises"].link_button.isHidden()


def test_manager_rows_open_the_dashboard_tabs(
    qtbot: QtBot, sqlite_db: Database, world: HomeWorld, settings: Settings,
    translations: Translations,
) -> None:
    window, page = _home(qtbot, sqlite_db, "manager1", settings, translations)
    # No calendar: a team's row is read, not followed; no link to the calendar.
    assert page.cards["today"].rows[0].link is None
    assert page.cards["today"].link_button.isHidden()
    assert not page.cards["complaints"].link_button.isHidden()
    _click(qtbot, window, page, "complaints")
    assert window.current_section() == "dashboard"
    board = window.page("dashboard")
    qtbot.waitUntil(lambda: board.complaints.selected() is not None  # type: ignore[attr-defined]
                    and board.complaints.selected().id == world.complaint)  # type: ignore[attr-defined]
    assert board.tabs.currentWidget() is board.complaints  # type: ignore[attr-defined]
    _click(qtbot, window, page, "promises")
    qtbot.waitUntil(lambda: board.promises.selected() is not None  # type: ignore[attr-defined]
                    and board.promises.selected().id == world.promise)  # type: ignore[attr-defined]
    assert board.tabs.currentWidget() is board.promises  # type: ignore[attr-defined]
    assert board.promises.status() == "broken"  # type: ignore[attr-defined]


def test_visitor_sees_his_day_and_his_reports(
    qtbot: QtBot, sqlite_db: Database, world: HomeWorld, settings: Settings,
    translations: Translations,
) -> None:
    window, page = _home(qtbot, sqlite_db, "visitor1", settings, translations)
    assert list(page.cards) == ["today", "tomorrow", "to_write", "returned"]
    today = page.cards["today"]
    assert [r.texts()[:2] for r in today.rows] == [("09:00", "张三"), ("14:00", "李四")]
    assert today.rows[0].texts()[2] == "武侯区25号9"  # his own visit: the address in full
    # His visit: no calendar for a visitor, so the customer's file.
    _click(qtbot, window, page, "today")
    _file_opened(qtbot, window, world.customers[0])
    # The report he owes: the reports list on that visit.
    _click(qtbot, window, page, "to_write")
    assert window.current_section() == "reports"
    reports = window.page("reports")
    qtbot.waitUntil(lambda: getattr(_current_row(reports), "visit_id", None) == world.visits[7])
    _click(qtbot, window, page, "returned")
    qtbot.waitUntil(lambda: getattr(_current_row(reports), "visit_id", None) == world.visits[6])


def test_reviewer_opens_the_queue_on_the_report(
    qtbot: QtBot, sqlite_db: Database, world: HomeWorld, settings: Settings,
    translations: Translations,
) -> None:
    window, page = _home(qtbot, sqlite_db, "reviewer1", settings, translations)
    assert list(page.cards) == ["waiting", "returned"]
    _click(qtbot, window, page, "waiting")
    assert window.current_section() == "reviews"
    queue = window.page("reviews")
    qtbot.waitUntil(lambda: getattr(_current_row(queue), "report_id", None) == world.submitted)
    _click(qtbot, window, page, "returned")
    _file_opened(qtbot, window, world.customers[0])


def test_empty_cards_say_so(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings,
    translations: Translations,
) -> None:
    with clock.pinned(NOW):
        _window, page = _home(qtbot, sqlite_db, "coord1", settings, translations)
    for card in page.cards.values():
        assert card.rows == []
        assert card.empty_label.isVisibleTo(page) and card.empty_label.text()
        assert card.count_label.text() == "0"
