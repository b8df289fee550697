"""Issue 15 acceptance: approving in the review queue reaches the other screens by the hub.

The test approves a report in the main window's review queue and never calls a
reload: the Reports page row and the calendar's details of the visit follow the
committed change (``OpChanges`` through ``ui.hub``), each re-reading only that visit.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model import ReportOutcome, ReportStatus
from hvdesk.visitreports import ReportData
from tests.scheduling_helpers import SHANGHAI
from tests.ui.conftest import click_rail, open_window
from tests.ui.test_visitreport_support import backend, make_scene
from ui.calendar.page import CalendarPage
from ui.i18n import Translations
from ui.settings import Settings
from ui.visitreport.reports_page import ReportsPage
from ui.visitreport.review_queue import ReviewQueuePage


def submit_report(db: Database, visit_id: int, day: dt.date) -> int:
    """visitor1 reports "nobody home" and submits it (through the core, like another desk)."""
    writer = backend(db, "visitor1").actor
    at = dt.datetime.combine(day, dt.time(10, 0), SHANGHAI)
    data = ReportData(outcome=ReportOutcome.NOBODY_HOME, arrived_at=at,
                      left_at=at + dt.timedelta(minutes=10))
    with db.begin() as s:
        view = vr.open_report(s, writer, visit_id)
        view = vr.save_draft(s, writer, view.id, data, expected_version=view.lock_version)
        return vr.submit(s, writer, view.id, expected_version=view.lock_version).id


def reports_row(page: ReportsPage, visit_id: int) -> int:
    rows = [r for r in range(page.model.rowCount()) if page.model.row_at(r).visit_id == visit_id]
    return rows[0] if rows else -1


def test_approving_in_the_queue_updates_the_reports_row_and_the_calendar_block(
    qtbot: QtBot, sqlite_db: Database, settings: Settings, qapp: QApplication,
) -> None:
    english = Translations(qapp)
    scene = make_scene(sqlite_db)
    report_id = submit_report(sqlite_db, scene.visit_id, scene.day)
    settings.store("calendar/date", scene.day.isoformat())
    settings.store("calendar/view", "week")
    # The administrator schedules (Reports lists every visit of the branch) and reviews.
    window = open_window(qtbot, sqlite_db, "admin", settings, english)
    reports = window.pages["reports"]
    queue = window.pages["reviews"]
    calendar = window.pages["calendar"]
    assert isinstance(reports, ReportsPage) and isinstance(queue, ReviewQueuePage)
    assert isinstance(calendar, CalendarPage)
    qtbot.waitUntil(lambda: reports_row(reports, scene.visit_id) >= 0, timeout=5000)
    row = reports_row(reports, scene.visit_id)
    assert reports.model.index(row, 3).data() == "Submitted"
    reports_rows = reports.model.rowCount()
    click_rail(qtbot, window, "Reviews")
    qtbot.waitUntil(lambda: queue.current is not None and queue.current.id == report_id,
                    timeout=5000)
    # The calendar's details of the visit are open, with the report's state.
    qtbot.waitUntil(lambda: calendar.loaded is not None, timeout=5000)
    details = calendar.open_visit(scene.visit_id)
    assert details is not None
    qtbot.waitUntil(lambda: details.report == ReportStatus.SUBMITTED.value, timeout=5000)

    # The details dialog is window-modal, so keys would go to it: the queue's Ctrl+Enter
    # slot is called as its shortcut would call it.
    assert queue.approve_button.isEnabled()
    with qtbot.waitSignal(reports.sig_refreshed, timeout=5000):
        assert queue.approve_current()
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0)

    # The Reports page's row shows the new state where it stood; no other row moved.
    assert reports.model.rowCount() == reports_rows
    assert reports_row(reports, scene.visit_id) == row
    assert reports.model.index(row, 3).data() == "Approved"
    assert reports.subtitle_label.text() == (
        f"{reports_rows - 1} visits need their report" if reports_rows > 1
        else "Every report is written. Thank you!")

    # The calendar's open visit follows the "visit_report" change too.
    qtbot.waitUntil(lambda: details.report == ReportStatus.APPROVED.value, timeout=5000)
    assert details.report_button.text() == "Open report…"
