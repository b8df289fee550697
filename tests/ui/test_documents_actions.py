"""The document commands in the app: calendar Print button, visit details, File ▸ Print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from hvdesk.database import Database
from hvdesk.model import AuditEvent, ReportOutcome, ReportStatus, Visit, VisitReport, VisitStatus
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.factories import Org
from tests.ui.conftest import open_window, sign_in
from tests.ui.test_calendar_support import Crew, at, book, make_crew, open_page, plan_day, team_key
from tests.ui.test_documents_printing import fake_dialog, page_range
from ui.calendar.page import CalendarPage
from ui.documents.preview import PdfPreviewDialog
from ui.documents.team_dialog import TeamDialog
from ui.i18n import Translations
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def crew(sqlite_db: Database, org: Org) -> Crew:
    return make_crew(sqlite_db, org, customers=4)


def document_events(db: Database) -> list[tuple[str, str, dict[str, object]]]:
    with db.session() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "document").order_by(AuditEvent.id)
        ).all()
        return [(r.actor_login, r.action, dict(r.detail)) for r in rows]


def wait_preview(qtbot: QtBot, page: CalendarPage) -> PdfPreviewDialog:
    assert page.documents is not None
    qtbot.waitUntil(lambda: page.documents is not None and page.documents.preview is not None)
    preview = page.documents.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.is_ready() or preview.stack.currentIndex() == 2,
                    timeout=30000)
    assert preview.is_ready(), preview.error_label.text()
    return preview


def choose_team(qtbot: QtBot, dialog: TeamDialog, text: str) -> None:
    rows = [r for r in range(dialog.list.count()) if text in dialog.list.item(r).text()]
    assert rows, f"no team row with {text!r}"
    rect = dialog.list.visualItemRect(dialog.list.item(rows[0]))
    qtbot.mouseClick(dialog.list.viewport(), LEFT, pos=rect.center())
    qtbot.mouseClick(dialog.ok_button, LEFT)


def test_briefing_pack_of_the_shown_day_preview_save_and_print(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    day = plan_day()
    for k, hour in enumerate((9, 11)):
        book(sqlite_db, crew, crew.customers[k], at(day, hour))
    book(sqlite_db, crew, crew.customers[2], at(day, 10), team=crew.team_b)
    book(sqlite_db, crew, crew.customers[3], at(day + dt.timedelta(days=1), 10))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "day")
    documents = page.documents
    assert documents is not None
    assert documents.button.isVisible()
    assert documents.button.text() == "Print"

    # Ctrl+P in the calendar: choose the team of the shown day.
    qtbot.keyClick(page.canvas, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: documents.team_dialog is not None)
    dialog = documents.team_dialog
    assert dialog is not None and dialog.isVisible()
    rows = [dialog.list.item(r).text() for r in range(dialog.list.count())]
    assert rows[0] == "All teams of the day"
    assert len(rows) == 3  # all, and the two teams with visits that day
    assert any(r.startswith("张伟") for r in rows) and any(r.startswith("赵强") for r in rows)
    assert day.isoformat() in dialog.prompt_label.text()
    choose_team(qtbot, dialog, "张伟")

    preview = wait_preview(qtbot, page)
    lead = crew.visitors["visitor1"]
    assert preview.job.kind == "briefing_pack"
    assert preview.job.reference == f"{day.isoformat()}/lead={lead}"
    assert day.isoformat() in preview.windowTitle()
    pages = preview.page_count()
    assert pages >= 2
    assert preview.page_total.text() == f"of {pages}"
    generated = document_events(sqlite_db)
    # Generating for the preview is audited as such; only a save or a print is an output.
    assert generated == [("coord1", "generate", {
        "kind": "briefing_pack", "reference": f"{day.isoformat()}/lead={lead}",
        "pages": pages, "visits": 2, "full_phones": True})]

    # Save as: a valid PDF of the same pages, audited once more.
    target = tmp_path / "pack.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a: (str(target), ""))
    with qtbot.waitSignal(preview.sig_output, timeout=5000):
        qtbot.keyClick(preview, Qt.Key.Key_S, CTRL)
    assert len(PdfReader(target).pages) == pages
    assert settings.last_pdf_dir == str(tmp_path)
    # Print pages 1–2 to a PDF "printer": audited as a print of two pages.
    printed = tmp_path / "printed.pdf"
    fake_dialog(monkeypatch, printed, page_range((1, 2)))
    with qtbot.waitSignal(preview.sig_output, timeout=5000):
        qtbot.keyClick(preview, Qt.Key.Key_P, CTRL)
    assert len(PdfReader(printed).pages) == 2
    events = document_events(sqlite_db)[1:]
    assert [(e[1], e[2]["output"], e[2]["pages"]) for e in events] == [
        ("export", "save", pages), ("print", "print", 2)]


def test_all_teams_branch_day_and_team_week(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    book(sqlite_db, crew, crew.customers[1], at(day, 10), team=crew.team_b)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "day")
    documents = page.documents
    assert documents is not None

    documents.briefing_pack()
    qtbot.waitUntil(lambda: documents.team_dialog is not None)
    dialog = documents.team_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.ok_button, LEFT)  # "All teams" is the default
    preview = wait_preview(qtbot, page)
    assert preview.job.reference == day.isoformat()
    preview.close()

    documents.preview = None
    documents.action_branch_day.trigger()
    preview = wait_preview(qtbot, page)
    assert preview.job.kind == "branch_day"
    assert preview.job.reference == day.isoformat()
    preview.close()

    # The calendar is filtered to team B: the week dialog proposes it.
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(team_key(crew.team_b)))
    documents.preview = None
    documents.action_team_week.trigger()
    qtbot.waitUntil(lambda: documents.team_dialog is not None)
    week_dialog = documents.team_dialog
    assert week_dialog is not None and week_dialog is not dialog
    assert week_dialog.all_item is None
    assert week_dialog.list.count() == 2
    lead_b = crew.visitors["visitor3"]
    assert week_dialog.chosen_lead() == lead_b
    assert "visits" not in week_dialog.list.currentItem().text()  # a day's count means nothing here
    qtbot.mouseClick(week_dialog.ok_button, LEFT)
    preview = wait_preview(qtbot, page)
    monday = day - dt.timedelta(days=day.weekday())
    assert preview.job.kind == "team_week"
    assert preview.job.reference == f"{monday.isoformat()}/lead={lead_b}"


def test_a_day_without_visits_says_so(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "day")
    assert page.documents is not None
    page.documents.briefing_pack()
    qtbot.waitUntil(lambda: page.documents is not None and page.documents.team_dialog is not None)
    dialog = page.documents.team_dialog
    assert dialog is not None
    assert dialog.list.count() == 0
    assert dialog.empty_label.isVisible()
    assert not dialog.ok_button.isEnabled()
    # The branch schedule of an empty day: the preview says why there is nothing.
    preview = page.documents.branch_day()
    qtbot.waitUntil(lambda: preview.is_ready() or preview.stack.currentIndex() == 2,
                    timeout=30000)


def approve_report(db: Database, crew: Crew, visit_id: int, status: ReportStatus) -> None:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.execute(update(Visit).where(Visit.id == visit_id).values(status=VisitStatus.COMPLETED))
        s.add(VisitReport(
            visit_id=visit_id, author_id=crew.visitors["visitor1"], status=status,
            outcome=ReportOutcome.MET_CUSTOMER, recommendation="按计划还款",
            reviewer_id=crew.org.actors["reviewer1"].user_id,
            submitted_at=dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC),
            reviewed_at=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
        ))


def report_button(qtbot: QtBot, page: CalendarPage, visit_id: int) -> QPushButton:
    dialog = page.open_visit(visit_id)
    assert dialog is not None
    button = dialog.findChild(QPushButton, "visitReportButton")
    assert button is not None
    qtbot.waitUntil(lambda: button.toolTip() != "Checking the visit report…", timeout=5000)
    return button


def test_visit_report_pdf_from_the_visit_details(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    approved = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    submitted = book(sqlite_db, crew, crew.customers[1], at(day, 11))
    planned = book(sqlite_db, crew, crew.customers[2], at(day, 14))
    approve_report(sqlite_db, crew, approved, ReportStatus.APPROVED)
    approve_report(sqlite_db, crew, submitted, ReportStatus.SUBMITTED)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "day")

    button = report_button(qtbot, page, planned)
    assert not button.isEnabled()
    assert button.toolTip() == "This visit has no report yet."
    assert page.details_dialog is not None
    page.details_dialog.close()
    button = report_button(qtbot, page, submitted)
    assert not button.isEnabled()
    assert button.toolTip() == "Only an approved report can be printed."
    page.details_dialog.close()

    button = report_button(qtbot, page, approved)
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    preview = wait_preview(qtbot, page)
    assert preview.job.kind == "visit_report"
    assert preview.job.reference == f"visit={approved}"
    assert preview.page_count() >= 1


def test_file_print_menu_follows_the_section_and_the_role(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    documents = window.documents
    assert documents is not None
    assert documents.menu.menuAction() in window.file_menu.actions()
    assert documents.menu.title() == "打印(&P)"
    assert [a.text() for a in documents.menu.actions()] == [
        "走访简报(&B)…", "网点日程(&D)", "小组周计划(&W)…"]
    window.show_section("calendar")
    assert documents.action_briefing.isEnabled()
    window.show_section("customers")
    assert not documents.action_briefing.isEnabled()
    window.close()

    # A visitor may print but has no calendar: no File ▸ Print.
    other = open_window(qtbot, sqlite_db, "visitor1", settings, translations)
    assert other.documents is None
    assert all(a.text() != "打印(&P)" for a in other.file_menu.actions())
