"""The reviewers' queue, worked from the keyboard."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model import ReportOutcome, ReportStatus, VisitMember, VisitReport
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.visitreports import ReportData
from tests.scheduling_helpers import SHANGHAI, make_world
from tests.ui.conftest import activate
from tests.ui.test_visitreport_support import CTRL, backend, finished_visit, show, type_text
from ui.icons import icon
from ui.visitreport.form import ReportForm, open_report_form
from ui.visitreport.review_queue import ReviewQueuePage


def submitted(db: Database, visit_id: int, day: dt.date, hour: int = 10) -> int:
    """visitor1 reports "nobody home" for the visit and submits it (through the core)."""
    writer = backend(db, "visitor1").actor
    at = dt.datetime.combine(day, dt.time(hour, 0), SHANGHAI)
    data = ReportData(outcome=ReportOutcome.NOBODY_HOME, arrived_at=at,
                      left_at=at + dt.timedelta(minutes=10))
    with db.begin() as s:
        view = vr.open_report(s, writer, visit_id)
        view = vr.save_draft(s, writer, view.id, data, expected_version=view.lock_version)
        return vr.submit(s, writer, view.id, expected_version=view.lock_version).id


def status(db: Database, report_id: int) -> ReportStatus:
    with db.session() as s:
        found = s.scalar(select(VisitReport.status).where(VisitReport.id == report_id))
        assert found is not None
        return found


def open_queue(qtbot: QtBot, db: Database) -> ReviewQueuePage:
    page = ReviewQueuePage(backend(db, "reviewer1"))
    page.resize(1300, 720)
    show(qtbot, page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.current is not None,
                    timeout=5000)
    return page


def test_keyboard_moves_returns_and_approves(qtbot: QtBot, sqlite_db: Database) -> None:
    world = make_world(sqlite_db)
    older_visit = finished_visit(sqlite_db, world, days_ago=3, customer=0)
    newer_visit = finished_visit(sqlite_db, world, days_ago=1, customer=1)
    today = dt.date.today()
    older = submitted(sqlite_db, older_visit, today - dt.timedelta(days=3))
    newer = submitted(sqlite_db, newer_visit, today - dt.timedelta(days=1))
    page = open_queue(qtbot, sqlite_db)
    forms: list[ReportForm] = []  # what the main window's opener would open

    def opener(report_id: int) -> None:
        open_report_form(page.backend, page, report_id=report_id).success(
            lambda view: forms.append(ReportForm(page.backend, view, page))).run()

    page.opener = opener

    # Oldest submission first, with how long it waits.
    assert [page.model.row_at(r).report_id for r in range(2)] == [older, newer]
    assert page.model.index(0, 0).data().endswith("min")
    assert page.subtitle_label.text().startswith("2 reports waiting")
    assert page.current is not None and page.current.id == older
    assert page.report_heading.text().startswith("张三")  # named in full, numbers masked
    assert "Nobody home" in page.report_text.toPlainText()
    assert page.file_values["id"].text().startswith("510107")  # the customer file, masked
    assert "*" in page.file_values["id"].text()
    assert page.visits_model.rowCount() == 1

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == newer)
    assert page.report_heading.text().startswith("李四")
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == older)
    # Enter opens the whole report, read-only for the reviewer, with Approve.
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(forms))
    form = forms[0]
    assert form.report_id == older
    form.show()
    qtbot.waitExposed(form)
    assert not form.editable and form.approve_button.isVisible()
    form.close()
    activate(qtbot, page)
    page.table.setFocus()

    # Ctrl+R with no comment asks for one instead of returning.
    qtbot.keyClick(page.table, Qt.Key.Key_R, CTRL)
    assert status(sqlite_db, older) is ReportStatus.SUBMITTED
    assert page.message_label.isVisible() and page.comment_edit.hasFocus()
    type_text(qtbot, page.comment_edit, "请写明敲门几次")
    qtbot.keyClick(page.comment_edit, Qt.Key.Key_R, CTRL)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert status(sqlite_db, older) is ReportStatus.RETURNED
    # The next report is selected and the table has the keyboard again.
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == newer)
    assert page.table.hasFocus() and page.comment_edit.text() == ""

    qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert status(sqlite_db, newer) is ReportStatus.APPROVED
    assert page.model.rowCount() == 0 and page.current is None
    assert page.subtitle_label.text() == "No report is waiting for review."


def test_a_reviewer_on_the_visit_sees_it_greyed_and_cannot_decide(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    world = make_world(sqlite_db)
    visit = finished_visit(sqlite_db, world)
    reviewer_id = world.actors["reviewer1"].user_id
    assert reviewer_id is not None
    with sqlite_db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(VisitMember(visit_id=visit, user_id=reviewer_id, position=2))
    report = submitted(sqlite_db, visit, dt.date.today() - dt.timedelta(days=1))
    page = open_queue(qtbot, sqlite_db)
    assert not page.model.row_at(0).can_review
    assert page.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not page.approve_button.isEnabled() and not page.return_button.isEnabled()
    assert "another reviewer" in page.message_label.text()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, CTRL)
    assert status(sqlite_db, report) is ReportStatus.SUBMITTED


def test_queue_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_db: Database
) -> None:
    world = make_world(sqlite_db)
    submitted(sqlite_db, finished_visit(sqlite_db, world), dt.date.today() - dt.timedelta(days=1))
    page = open_queue(qtbot, sqlite_db)
    qtmodeltester.check(page.model)


def test_the_queue_shows_proof_of_visit_flags(qtbot: QtBot, sqlite_db: Database) -> None:
    world = make_world(sqlite_db)
    # Arrived at 15:00 for a visit booked 10:00-11:00: flagged, not refused.
    submitted(sqlite_db, finished_visit(sqlite_db, world), dt.date.today() - dt.timedelta(days=1),
              hour=15)
    page = open_queue(qtbot, sqlite_db)
    assert page.model.index(0, 6).data() == "⚠ 1"
    assert "到达时间" in page.report_text.toPlainText()
    assert page.approve_button.isEnabled()


@pytest.mark.parametrize("name", ["reports", "reviews"])
def test_section_icons_render(qapp: QApplication, name: str) -> None:
    image = icon(name).pixmap(24, 24).toImage()
    assert not image.isNull()
    assert max(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)) > 0


def test_a_report_submitted_elsewhere_joins_the_queue_without_a_reload(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    world = make_world(sqlite_db)
    first = finished_visit(sqlite_db, world, days_ago=3, customer=0)
    second = finished_visit(sqlite_db, world, days_ago=1, customer=1)
    today = dt.date.today()
    older = submitted(sqlite_db, first, today - dt.timedelta(days=3))
    page = open_queue(qtbot, sqlite_db)
    assert [page.model.row_at(r).report_id for r in range(page.model.rowCount())] == [older]
    reloads: list[object] = []
    page.sig_loaded.connect(lambda: reloads.append(None))

    # Another desk submits: only that visit's row is read, and it joins after the older one.
    with qtbot.waitSignal(page.sig_refreshed, timeout=5000):
        newer = submitted(sqlite_db, second, today - dt.timedelta(days=1))
    assert [page.model.row_at(r).report_id for r in range(page.model.rowCount())] == [
        older, newer]
    assert page.subtitle_label.text().startswith("2 reports waiting")
    assert page.current is not None and page.current.id == older  # the selection stays
    assert not reloads
