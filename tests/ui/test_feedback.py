"""Feedback from the calendar, a complaint case, and resolving it on the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.model import AuditEvent, VisitStatus
from hvdesk.services import customers
from tests.scheduling_helpers import World, make_world
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import open_page
from tests.ui.test_dashboard_support import (
    LEFT,
    finished_visit,
    open_dashboard,
    tick,
    visit_day,
)
from ui.calendar.page import CalendarPage
from ui.dashboard.complaint_dialog import ResolveComplaintDialog
from ui.dashboard.complaints import CaseColumn
from ui.dashboard.page import DashboardPage
from ui.feedback.feedback_dialog import FeedbackDialog
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def open_details(qtbot: QtBot, page: CalendarPage, visit_id: int) -> None:
    qtbot.mouseDClick(page.canvas.viewport(), LEFT, pos=page.canvas.block_point(visit_id))
    assert page.details_dialog is not None and page.details_dialog.isVisible()


def calendar_on(qtbot: QtBot, db: Database, login: str, settings: Settings,
                visit_id: int) -> CalendarPage:
    return open_page(qtbot, db, sign_in(db, login), settings, visit_day(db, visit_id), "day")


def test_feedback_with_a_complaint_resolved_upheld_marks_do_not_visit(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    """The acceptance path, on SQLite and PostgreSQL."""
    world = make_world(db)
    visit = finished_visit(db, world, days_ago=1)
    page = calendar_on(qtbot, db, "coord1", settings, visit)
    open_details(qtbot, page, visit)
    details = page.details_dialog
    assert details is not None
    assert details.feedback_button.isEnabled()
    qtbot.mouseClick(details.feedback_button, LEFT)
    dialog = page.follow_up_dialog
    assert isinstance(dialog, FeedbackDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.loaded)
    assert dialog.title_label.text() == "Feedback from 张三"
    assert not dialog.complaint_box.isVisible()

    qtbot.mouseClick(dialog.score_buttons[2], LEFT)
    dialog.respected_combo.setCurrentIndex(dialog.respected_combo.findData("no"))
    qtbot.keyClicks(dialog.comment_edit, "unhappy with the visit")
    tick(qtbot, dialog.complaint_check)
    assert dialog.complaint_box.isVisible()
    # A week to resolve by default; a manager of the branch owns it.
    assert dialog.due() == dt.date.today() + dt.timedelta(days=7)
    assert dialog.owner_combo.currentText() == "陈刚 (M0001)"
    # Chinese arrives through an input method, which QTest cannot type.
    dialog.complaint_edit.setPlainText("上门人员态度粗暴，在邻居面前大声说话")
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    assert not dialog.isVisible()
    saved = dialog.saved
    assert saved is not None and saved.satisfaction == 2 and saved.felt_respected is False
    assert saved.complaint_id is not None

    board = open_dashboard(qtbot, db, "manager1", settings)
    qtbot.mouseClick(board.tabs.tabBar(), LEFT,
                     pos=board.tabs.tabBar().tabRect(1).center())
    tab = board.complaints
    assert board.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    row = [tab.proxy.index(0, c).data() for c in range(len(CaseColumn))]
    assert row[CaseColumn.CUSTOMER] == "张三"
    assert row[CaseColumn.OWNER] == "陈刚"
    assert row[CaseColumn.TEXT].startswith("上门人员态度粗暴")
    assert tab.count_label.text() == "1 open cases"
    assert not tab.resolve_button.isEnabled()
    rect = tab.table.visualRect(tab.proxy.index(0, CaseColumn.CUSTOMER))
    qtbot.mouseClick(tab.table.viewport(), LEFT, pos=rect.center())
    assert tab.resolve_button.isEnabled()
    qtbot.mouseClick(tab.resolve_button, LEFT)
    resolve = tab.dialog
    assert isinstance(resolve, ResolveComplaintDialog) and resolve.isVisible()
    assert not resolve.save_button.isEnabled()  # a finding and a note first
    assert not resolve.do_not_visit_check.isEnabled()  # only for an upheld complaint
    tick(qtbot, resolve.upheld_radio)
    qtbot.keyClicks(resolve.note_edit, "Called the customer and apologised.")
    tick(qtbot, resolve.do_not_visit_check)
    assert resolve.save_button.isEnabled()
    with qtbot.waitSignal(board.sig_loaded, timeout=10000):
        qtbot.mouseClick(resolve.save_button, LEFT)
        box = resolve.confirm_box
        assert box is not None and box.isVisible()
        assert "张三" in box.text()
        qtbot.mouseClick(resolve.confirm_yes, LEFT)
    assert resolve.result_case is not None and resolve.result_case.status == "upheld"

    with db.session() as s:
        customer = customers.get_customer(s, world.actors["manager1"], world.customers[0])
        assert customer.do_not_visit
        actions = set(s.scalars(select(AuditEvent.action)))
    assert {"complaint.open", "complaint.resolve"} <= actions
    # The open list is empty now; "show resolved" brings the case back, marked.
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0, timeout=5000)
    with qtbot.waitSignal(tab.sig_loaded, timeout=5000):
        tick(qtbot, tab.resolved_check)
    assert tab.proxy.index(0, CaseColumn.STATUS).data() == "Upheld · do not visit"
    assert total_complaints(board) == 1


def total_complaints(board: DashboardPage) -> object:
    return board.cards["satisfaction"].model.figures.cell("Total", "Complaints")


def test_backing_out_of_the_confirmation_saves_nothing(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=1)
    with sqlite_db.begin() as s:
        core.record_feedback(s, world.actors["coord1"], visit, 1, False, None, "call",
                             complaint="态度不好")
    board = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    tab = board.complaints
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    tab.table.selectRow(0)
    resolve = tab.resolve_selected()
    assert resolve is not None
    tick(qtbot, resolve.upheld_radio)
    qtbot.keyClicks(resolve.note_edit, "checked")
    tick(qtbot, resolve.do_not_visit_check)
    qtbot.mouseClick(resolve.save_button, LEFT)
    box = resolve.confirm_box
    assert box is not None
    back = next(b for b in box.buttons() if b is not resolve.confirm_yes)
    qtbot.mouseClick(back, LEFT)
    assert resolve.isVisible() and resolve.result_case is None
    with sqlite_db.session() as s:
        customer = customers.get_customer(s, world.actors["manager1"], world.customers[0])
        assert not customer.do_not_visit
        assert core.complaint_cases(s, world.actors["manager1"])[0].status == "open"


def test_overdue_cases_are_marked(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=12)
    with sqlite_db.begin() as s:
        core.record_feedback(s, world.actors["coord1"], visit, 2, None, None, "sms",
                             complaint="没有出示工牌", due=dt.date.today())
    board = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    tab = board.complaints
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    due = tab.proxy.index(0, CaseColumn.DUE)
    assert due.data() == dt.date.today().isoformat()  # due today: not late yet
    assert due.data(Qt.ItemDataRole.BackgroundRole) is None
    # The same case a day later.
    tab.model.set_rows([replace(tab.model.rows[0], overdue=True)])
    due = tab.proxy.index(0, CaseColumn.DUE)
    assert due.data().endswith("(overdue)")
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert tab.count_label.text() == "1 open cases"


def test_feedback_waits_for_a_completed_visit(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=1, status=VisitStatus.NO_SHOW)
    page = calendar_on(qtbot, sqlite_db, "coord1", settings, visit)
    open_details(qtbot, page, visit)
    details = page.details_dialog
    assert details is not None
    assert not details.feedback_button.isEnabled()
    assert details.costs_button.isEnabled()  # a wasted trip still costs


def test_an_sms_reply_fills_the_form_and_an_empty_answer_is_refused(
    qtbot: QtBot, qapp: QApplication, sqlite_db: Database, world: World
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=1)
    dialog = FeedbackDialog(sqlite_db, sign_in(sqlite_db, "coord1"), visit, "张三",
                            "2026-11-28 10:00–11:00")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded)
    qtbot.mouseClick(dialog.save_button, LEFT)
    qtbot.waitUntil(dialog.error_label.isVisible)
    assert dialog.error_label.text() == "The answer is empty."
    assert not dialog.reply_edit.isVisible()
    dialog.channel_combo.setCurrentIndex(dialog.channel_combo.findData("sms"))
    assert dialog.reply_edit.isVisible()
    dialog.reply_edit.setText("4 是 服务很好")
    qtbot.mouseClick(dialog.reply_button, LEFT)
    assert dialog.satisfaction() == 4
    assert dialog.respected() is True
    assert dialog.comment_edit.toPlainText() == "服务很好"
    # A complaint without its text is not sent.
    tick(qtbot, dialog.complaint_check)
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert dialog.error_label.text() == "Write what the customer complains about."
    tick(qtbot, dialog.complaint_check)
    with qtbot.waitSignal(dialog.sig_saved, timeout=5000):
        qtbot.mouseClick(dialog.save_button, LEFT)
    with sqlite_db.session() as s:
        answers = core.feedback_for_visit(s, world.actors["coord1"], visit)
    assert [(a.channel, a.satisfaction, a.felt_respected, a.complaint_id) for a in answers] == [
        ("sms", 4, True, None)
    ]


def test_a_case_resolved_on_another_desk_is_not_resolved_twice(
    qtbot: QtBot, sqlite_db: Database, world: World, settings: Settings
) -> None:
    visit = finished_visit(sqlite_db, world, days_ago=1)
    with sqlite_db.begin() as s:
        core.record_feedback(s, world.actors["coord1"], visit, 1, False, None, "call",
                             complaint="态度不好")
    board = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    tab = board.complaints
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=5000)
    tab.table.selectRow(0)
    resolve = tab.resolve_selected()
    assert resolve is not None
    with sqlite_db.begin() as s:  # the admin, at head office, is quicker
        core.resolve_complaint(s, world.actors["admin"], resolve.case.id, False, "已回访")
    tick(qtbot, resolve.rejected_radio)
    qtbot.keyClicks(resolve.note_edit, "called back")
    qtbot.mouseClick(resolve.save_button, LEFT)
    qtbot.waitUntil(resolve.error_label.isVisible)
    assert resolve.isVisible()
    assert resolve.result_case is None
    with sqlite_db.session() as s:
        case = core.complaint_cases(s, world.actors["manager1"], open_only=False)[0]
    assert case.resolution_note == "已回访"
