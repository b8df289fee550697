"""The report form driven as a user would: fill, submit, review, return, fix, approve."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import ReportOutcome, ReportStatus, VisitReport
from hvdesk.model.enums import Attitude, Housing
from tests.ui.conftest import click_rail, open_window
from tests.ui.test_visitreport_support import (
    CTRL,
    LEFT,
    Scene,
    make_scene,
    open_form,
    settle,
    stored_view,
    type_text,
)
from ui.calendar.page import CalendarPage
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.visitreport.fields import ReportFields
from ui.visitreport.form import ReportForm
from ui.visitreport.reports_page import ReportsPage
from ui.visitreport.review_queue import ReviewQueuePage
from ui.visitreport.widgets import RowTable

P = TypeVar("P", bound=QWidget)
PROMISE_DAY = dt.date.today() + dt.timedelta(days=14)


@pytest.fixture
def scene(sqlite_db: Database) -> Scene:
    return make_scene(sqlite_db)


@pytest.fixture
def english(qapp: QApplication) -> Translations:
    """The untranslated (English) interface: the assertions read as the source strings."""
    return Translations(qapp)


# --- acting like a user ------------------------------------------------------------------
def pick(qtbot: QtBot, combo: QComboBox, value: object) -> None:
    """Arrow down through the choices until ``value`` is shown."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == value


def retype(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Select what the input holds and type over it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    type_text(qtbot, widget, text)


def type_cell(qtbot: QtBot, rows: RowTable, row: int, column: int, text: str) -> None:
    """F2 on the cell, type, Enter."""
    rows.table.setFocus()
    rows.table.setCurrentIndex(rows.model.index(row, column))
    qtbot.keyClick(rows.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not rows.table
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def add_row(qtbot: QtBot, rows: RowTable, *cells: str) -> int:
    qtbot.mouseClick(rows.add_button, LEFT)
    row = rows.model.rowCount() - 1
    # Add opens the first cell's editor at once.
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not rows.table
    type_text(qtbot, editor, cells[0])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    for column, text in enumerate(cells[1:], start=1):
        type_cell(qtbot, rows, row, column, text)
    return row


def fill_met_customer(qtbot: QtBot, form: ReportForm) -> None:
    f = form.fields
    pick(qtbot, f.outcome_combo, ReportOutcome.MET_CUSTOMER)
    retype(qtbot, f.arrived_edit, "10:05")
    retype(qtbot, f.left_edit, "10:50")
    row = add_row(qtbot, f.people, "张三", "本人")
    # The customer is party to the debt: untick with Space on the cell.
    f.people.table.setCurrentIndex(f.people.model.index(row, 2))
    qtbot.keyClick(f.people.table, Qt.Key.Key_Space)
    add_row(qtbot, f.people, "李梅", "邻居")
    retype(qtbot, f.household_spin, "4")
    retype(qtbot, f.dependants_spin, "2")
    pick(qtbot, f.housing_combo, Housing.RENTED)
    add_row(qtbot, f.incomes, "工资", "5,200")
    add_row(qtbot, f.debts, "某银行信用卡", "8,000", "600")
    type_text(qtbot, f.assets_edit, "电动车一辆")
    pick(qtbot, f.attitude_combo, Attitude.COOPERATIVE)
    qtbot.mouseClick(f.ability_scale.buttons[2], LEFT)
    f.willingness_scale.setFocus()
    qtbot.keyClick(f.willingness_scale, Qt.Key.Key_4)
    type_text(qtbot, f.requests_edit, "希望分期")
    retype(qtbot, f.promise_amount_edit, "1,200")
    retype(qtbot, f.promise_date_edit, PROMISE_DAY.isoformat())
    type_text(qtbot, f.recommendation_edit, "同意分期还款")
    for button in f.conduct_yes.values():
        qtbot.mouseClick(button, LEFT)


def page_of(window: MainWindow, key: str, kind: type[P]) -> P:
    page = window.pages[key]
    assert isinstance(page, kind)
    return page


def stored(db: Database, visit_id: int) -> VisitReport:
    with db.session() as s:
        report = s.scalar(select(VisitReport).where(VisitReport.visit_id == visit_id))
        assert report is not None
        s.expunge(report)
        return report


def visible_errors(fields: ReportFields) -> dict[str, str]:
    return {k: label.text() for k, label in fields.errors.items() if label.isVisible()}


# --- tests ---------------------------------------------------------------------------------
def test_met_customer_refuses_with_the_missing_fields_beside_them(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    f = form.fields
    assert form.view.status is ReportStatus.DRAFT and form.editable
    pick(qtbot, f.outcome_combo, ReportOutcome.MET_CUSTOMER)
    # The outcome decides what is required, and the labels say so.
    assert f.captions["income_sources"].text().endswith("*:")
    assert f.captions["ability_to_repay"].property("required") is True
    assert not f.captions["promise_amount"].text().endswith("*:")
    retype(qtbot, f.arrived_edit, "10:05")
    qtbot.keyClick(form, Qt.Key.Key_Return, CTRL)
    settle(qtbot, form)

    assert stored(sqlite_db, scene.visit_id).status is ReportStatus.DRAFT
    errors = visible_errors(f)
    assert {"left_at", "people_present", "household_size", "income_sources",
            "ability_to_repay", "willingness_to_repay", "conduct",
            "recommendation"} <= set(errors)
    assert "outcome" not in errors and "arrived_at" not in errors
    assert form.message_label.isVisible()
    # The first field in the form's order gets the focus.
    assert f.left_edit.hasFocus()


def test_nobody_home_submits_with_few_fields(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    f = form.fields
    pick(qtbot, f.outcome_combo, ReportOutcome.NOBODY_HOME)
    assert f.captions["left_at"].text().endswith("*:")
    assert not f.captions["income_sources"].text().endswith("*:")
    retype(qtbot, f.arrived_edit, "10:00")
    retype(qtbot, f.left_edit, "10:15")
    # Ctrl+Enter submits from anywhere, even inside a text box (no new line is typed).
    qtbot.mouseClick(f.notes_edit, LEFT)
    qtbot.keyClick(f.notes_edit, Qt.Key.Key_Return, CTRL)
    assert f.notes_edit.toPlainText() == ""
    settle(qtbot, form)

    report = stored(sqlite_db, scene.visit_id)
    assert report.status is ReportStatus.SUBMITTED
    assert report.outcome is ReportOutcome.NOBODY_HOME
    assert form.view.status is ReportStatus.SUBMITTED
    assert not form.editable and f.arrived_edit.isReadOnly()
    assert not form.submit_button.isVisible()
    assert form.status_chip.text() == "Submitted · revision 1"


def test_typing_saves_the_draft_by_itself(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    type_text(qtbot, form.fields.notes_edit, "门锁着，邻居说白天上班")
    assert form.dirty and form.autosave_timer.isActive()
    with qtbot.waitSignal(form.sig_changed, timeout=5000):
        pass
    assert not form.dirty
    assert stored_view(form).data.notes == "门锁着，邻居说白天上班"
    assert form.save_state.text().startswith("Draft saved at")


def test_closing_keeps_what_was_typed_since_the_last_autosave(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    type_text(qtbot, form.fields.recommendation_edit, "下周再访")
    assert form.autosave_timer.isActive()
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    # The save runs on the write worker after the window has gone.
    qtbot.waitUntil(lambda: stored_view(form).data.recommendation == "下周再访", timeout=5000)


def test_a_colleagues_save_is_not_overwritten(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    mine = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    theirs = open_form(qtbot, sqlite_db, "visitor2", scene.visit_id)
    type_text(qtbot, theirs.fields.notes_edit, "邻居说客户已搬走")
    theirs.save_draft()
    settle(qtbot, theirs)
    assert not theirs.dirty and not theirs.message_label.isVisible()
    type_text(qtbot, mine.fields.notes_edit, "无人应答")
    mine.save_draft()
    settle(qtbot, mine)
    assert mine.dirty
    assert mine.message_label.isVisible() and mine.reload_button.isVisible()
    assert stored_view(mine).data.notes == "邻居说客户已搬走"
    qtbot.mouseClick(mine.reload_button, LEFT)
    settle(qtbot, mine)
    assert mine.fields.notes_edit.toPlainText() == "邻居说客户已搬走"
    assert not mine.reload_button.isVisible() and not mine.dirty
    mine.fields.notes_edit.setFocus()
    qtbot.keyClick(mine.fields.notes_edit, Qt.Key.Key_End, CTRL)
    type_text(qtbot, mine.fields.notes_edit, "；晚上再访")
    mine.save_draft()
    settle(qtbot, mine)
    assert not mine.dirty and not mine.message_label.isVisible()
    assert stored_view(mine).data.notes == "邻居说客户已搬走；晚上再访"


def test_bad_amount_is_shown_beside_its_field_and_the_rest_is_kept(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    retype(qtbot, form.fields.promise_amount_edit, "一千")
    type_text(qtbot, form.fields.recommendation_edit, "再访")
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    settle(qtbot, form)
    assert "promise_amount" in visible_errors(form.fields)
    assert stored_view(form).data.recommendation == "再访"


def test_fill_submit_return_fix_resubmit_approve(
    qtbot: QtBot, db: Database, settings: Settings, english: Translations,
) -> None:
    """The acceptance path, on SQLite and on PostgreSQL."""
    scene = make_scene(db)
    # The author fills the report for "met customer" with a promise to pay.
    form = open_form(qtbot, db, "visitor1", scene.visit_id)
    fill_met_customer(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_Return, CTRL)
    settle(qtbot, form)
    assert not visible_errors(form.fields), visible_errors(form.fields)
    report = stored(db, scene.visit_id)
    assert report.status is ReportStatus.SUBMITTED
    data = stored_view(form).data
    assert data.promise_amount == Decimal("1200.00") and data.promise_date == PROMISE_DAY
    assert [(p.name, p.party_to_debt) for p in data.people_present] == [
        ("张三", True), ("李梅", False)]
    assert [(i.source, i.monthly) for i in data.income_sources] == [("工资", Decimal("5200"))]
    assert (data.ability_to_repay, data.willingness_to_repay) == (3, 4)
    assert data.household_size == 4 and data.housing is Housing.RENTED
    form.close()

    # A reviewer signs in: the report waits in the queue; return it with a comment.
    window = open_window(qtbot, db, "reviewer1", settings, english)
    click_rail(qtbot, window, "Reviews")
    queue = page_of(window, "reviews", ReviewQueuePage)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1 and queue.current is not None)
    # The one rule: a reviewer reads the masked name and the ID number's last four.
    assert queue.model.index(0, 1).data() == "张三"
    assert "1,200.00" in queue.report_text.toPlainText()
    qtbot.mouseClick(queue.comment_edit, LEFT)
    type_text(qtbot, queue.comment_edit, "请补充邻居是否知情")
    qtbot.mouseClick(queue.return_button, LEFT)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0)
    report = stored(db, scene.visit_id)
    assert report.status is ReportStatus.RETURNED
    assert report.review_comment == "请补充邻居是否知情"
    assert queue.model.rowCount() == 0
    window.close()

    # The author signs in, finds it under Reports, reads the comment and fixes it.
    window = open_window(qtbot, db, "visitor1", settings, english)
    click_rail(qtbot, window, "Reports")
    reports = page_of(window, "reports", ReportsPage)
    qtbot.waitUntil(lambda: reports.model.rowCount() == 1)
    assert reports.model.index(0, 3).data() == "Returned"
    reports.table.setFocus()
    reports.table.setCurrentIndex(reports.model.index(0, 0))
    qtbot.keyClick(reports.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: report.id in window.reports.forms)
    form = window.reports.forms[report.id]
    qtbot.waitExposed(form)
    assert form.editable
    assert "请补充邻居是否知情" in form.review_banner.text()
    type_text(qtbot, form.fields.notes_edit, "邻居不知情，未透露欠款")
    qtbot.mouseClick(form.submit_button, LEFT)
    settle(qtbot, form)
    assert stored(db, scene.visit_id).status is ReportStatus.SUBMITTED
    form.close()
    window.close()

    # The reviewer signs in again and approves it from the keyboard.
    window = open_window(qtbot, db, "reviewer1", settings, english)
    click_rail(qtbot, window, "Reviews")
    queue = page_of(window, "reviews", ReviewQueuePage)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 1 and queue.current is not None)
    assert "resubmitted" in queue.model.index(0, 5).data()
    queue.table.setFocus()
    qtbot.keyClick(queue.table, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 0)
    report = stored(db, scene.visit_id)
    assert report.status is ReportStatus.APPROVED
    assert queue.model.rowCount() == 0
    assert queue.subtitle_label.text() == "No report is waiting for review."
    window.close()

    # Approved: the author sees it read-only, with "Amend…" and its history.
    form = open_form(qtbot, db, "visitor1", scene.visit_id)
    assert not form.editable and form.amend_button.isVisible()
    assert form.fields.notes_edit.isReadOnly()
    form.open_history()
    qtbot.waitUntil(lambda: form.history_dialog is not None)
    history = form.history_dialog
    assert history is not None
    steps = history.browser.toPlainText()
    assert "Returned" in steps and "请补充邻居是否知情" in steps and "Approved" in steps


def test_amend_asks_for_a_reason_and_opens_revision_two(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    pick(qtbot, form.fields.outcome_combo, ReportOutcome.NOBODY_HOME)
    retype(qtbot, form.fields.arrived_edit, "10:00")
    retype(qtbot, form.fields.left_edit, "10:10")
    form.submit()
    settle(qtbot, form)
    assert form.view.status is ReportStatus.SUBMITTED
    reviewer = open_form(qtbot, sqlite_db, "reviewer1", scene.visit_id)
    assert reviewer.approve_button.isVisible() and not reviewer.amend_button.isVisible()
    qtbot.keyClick(reviewer, Qt.Key.Key_Return, CTRL)
    box = reviewer.confirm_box  # approving asks first (issue 16)
    assert box is not None and box.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    settle(qtbot, reviewer)
    assert reviewer.view.status is ReportStatus.APPROVED

    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    qtbot.mouseClick(form.amend_button, LEFT)
    prompt = form.prompt
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible)
    prompt.setTextValue("到达时间记错")
    prompt.accept()
    settle(qtbot, form)
    assert form.view.revision == 2 and form.view.status is ReportStatus.DRAFT
    assert form.editable and not form.fields.arrived_edit.isReadOnly()
    assert "到达时间记错" in form.review_banner.text()


def test_a_team_member_cannot_approve_their_own_visit(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    pick(qtbot, form.fields.outcome_combo, ReportOutcome.NOBODY_HOME)
    retype(qtbot, form.fields.arrived_edit, "10:00")
    retype(qtbot, form.fields.left_edit, "10:10")
    form.submit()
    settle(qtbot, form)
    assert form.view.status is ReportStatus.SUBMITTED
    other = open_form(qtbot, sqlite_db, "visitor2", scene.visit_id)
    assert not other.approve_button.isVisible() and not other.editable


def test_photos_show_hash_size_and_location_and_refuse_big_files(
    qtbot: QtBot, sqlite_db: Database, scene: Scene, tmp_path: Path
) -> None:
    photo = tmp_path / "door.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 39.0, 36.0), 3: "E", 4: (104.0, 3.0, 0.0)})
    Image.new("RGB", (40, 30), "teal").save(photo, "JPEG", exif=exif)
    plain = tmp_path / "gate.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    assert image.save(str(plain))
    big = tmp_path / "video.jpg"
    with big.open("wb") as out:
        out.truncate(11 * 1024 * 1024)
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    with qtbot.waitSignal(form.photos.sig_done, timeout=5000):
        form.photos.add_files([photo, plain, big])
    model = form.photos.model
    assert [model.row_at(r).filename for r in range(model.rowCount())] == [
        "door.jpg", "gate.png"]
    assert model.rowCount() == 2
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert model.index(0, 2).data() == digest[:12]
    assert model.index(0, 1).data() == "1 KB"
    assert model.index(0, 3).data() == "30.66000, 104.05000"
    assert model.index(1, 3).data() == "—"
    assert "video.jpg" in form.photos.error_label.text()
    assert "over the limit of 10 MB" in form.photos.error_label.text()
    assert form.photos.error_label.isVisible()
    # The autosave still works after the photos moved the report's version.
    type_text(qtbot, form.fields.notes_edit, "门口照片")
    form.save_draft()
    settle(qtbot, form)
    assert not form.dirty and not form.message_label.isVisible()
    # Remove the selected photo.
    form.photos.table.selectRow(1)
    qtbot.mouseClick(form.photos.remove_button, LEFT)
    settle(qtbot, form)
    assert [a.filename for a in stored_view(form).attachments] == ["door.jpg"]
    assert form.photos.model.rowCount() == 1


def test_row_tables_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, sqlite_db: Database, scene: Scene
) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    add_row(qtbot, form.fields.people, "张三", "本人")
    qtmodeltester.check(form.fields.people.model)
    qtmodeltester.check(form.photos.model)


def test_calendar_details_offer_the_report(
    qtbot: QtBot, sqlite_db: Database, scene: Scene, settings: Settings,
    english: Translations,
) -> None:
    settings.store("calendar/date", scene.day.isoformat())
    settings.store("calendar/view", "week")
    window = open_window(qtbot, sqlite_db, "coord1", settings, english)
    page = page_of(window, "calendar", CalendarPage)
    qtbot.waitUntil(lambda: page.loaded is not None, timeout=5000)
    dialog = page.open_visit(scene.visit_id)
    assert dialog is not None
    # The report's state is read on a worker; the button appears when it is known.
    qtbot.waitUntil(lambda: dialog.report_button.isVisible(), timeout=5000)
    assert dialog.report_button.text() == "Write report…"
    qtbot.mouseClick(dialog.report_button, LEFT)
    qtbot.waitUntil(lambda: bool(window.reports.forms))
    forms = list(window.reports.forms.values())
    assert len(forms) == 1 and forms[0].view.visit_id == scene.visit_id and forms[0].editable
    # Asking again brings the same form back instead of a second copy that would
    # autosave over the first.
    assert window.reports.open_visit(scene.visit_id) is forms[0]
    forms[0].close()
    dialog.close()
    again = page.open_visit(scene.visit_id)
    assert again is not None
    qtbot.waitUntil(lambda: again.report_button.text() == "Open report…", timeout=5000)


def test_form_fits_a_1366_by_768_screen(qtbot: QtBot, sqlite_db: Database, scene: Scene) -> None:
    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    assert form.width() <= 1366 and form.height() <= 768 - 40  # the taskbar
    hint = form.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40
    # Everything below the fold is reached by scrolling, not cut off.
    body = form.scroll_area.widget()
    assert body is not None
    assert body.sizeHint().height() > form.scroll_area.viewport().height()
