"""The override dialog records the customer's consent before a visit goes into the quiet hours."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import AuditEvent, ConsentMethod, Visit, VisitConsent
from hvdesk.scheduling.violations import violation
from tests.factories import Org
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import Crew, at, book, make_crew, open_page, plan_day
from ui.calendar.override_dialog import OverrideDialog
from ui.settings import Settings

NIGHT = violation("night_hours", start="2026-12-10 22:30", end="23:30")
LATE = violation("outside_branch_hours", start="2026-12-10 22:30", end="23:30",
                 window_start="08:00", window_end="20:00")


@pytest.fixture
def crew(sqlite_db: Database, org: Org) -> Crew:
    return make_crew(sqlite_db, org)


def _ok(dialog: OverrideDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_ok_waits_for_the_evidence_and_the_reason(qtbot: QtBot) -> None:
    dialog = OverrideDialog([NIGHT, LATE], [(7, "王芳 (coord1)"), (9, "张伟 (visitor1)")], me=7)
    qtbot.addWidget(dialog)
    assert dialog.method.currentData() == ConsentMethod.CALL_RECORDING.value
    assert dialog.taken_by.currentData() == 7
    assert not _ok(dialog)
    dialog.reference.setText("REC-0042")
    assert not _ok(dialog), "the soft rule still needs a reason"
    dialog.reason.setPlainText("works night shifts")
    assert _ok(dialog)
    dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.IN_PERSON.value))
    dialog.reference.clear()
    assert _ok(dialog), "in person needs no reference"
    dialog.taken_by.setCurrentIndex(1)
    answer = dialog.answer()
    assert answer.reason == "works night shifts"
    assert answer.consent is not None
    assert answer.consent.method is ConsentMethod.IN_PERSON
    assert answer.consent.taken_by_id == 9
    assert abs(answer.consent.given_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)


def test_quiet_hours_only_rule_needs_no_reason(qtbot: QtBot) -> None:
    dialog = OverrideDialog([NIGHT], [(7, "王芳 (coord1)")], me=7)
    qtbot.addWidget(dialog)
    assert not dialog.reason.isVisibleTo(dialog)
    dialog.method.setCurrentIndex(dialog.method.findData(ConsentMethod.SMS_REPLY.value))
    assert not _ok(dialog)
    dialog.reference.setText("notice 118")
    assert _ok(dialog)


def test_moving_into_the_night_records_consent_through_the_dialog(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit_id = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    coord = sign_in(sqlite_db, "coord1")
    page = open_page(qtbot, sqlite_db, coord, settings, day)
    seen: list[OverrideDialog] = []

    def fill(dialog: OverrideDialog) -> None:
        seen.append(dialog)
        dialog.reference.setText("REC-2026-0042")
        dialog.reason.setPlainText("the customer works until 22:00")
        QTimer.singleShot(0, dialog.accept)

    page.editor.consent_dialog_hook = fill
    block = page.loaded.data.block(visit_id) if page.loaded else None
    assert block is not None
    saved: list[bool] = []
    page.editor.request_change(
        block, at(day, 22, 30), at(day, 23, 30), block.member_ids, then=saved.append
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert saved == [True]
    assert len(seen) == 1
    with sqlite_db.session() as s:
        visit = s.get(Visit, visit_id)
        assert visit is not None and visit.consent_id is not None
        consent = s.get(VisitConsent, visit.consent_id)
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "override")).one()
    assert consent is not None and consent.reference == "REC-2026-0042"
    assert consent.taken_by_id == coord.user_id and consent.recorded_by_id == coord.user_id
    assert "night_hours" in event.detail["rules"]


def test_cancelling_the_dialog_leaves_the_visit(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit_id = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    page.editor.consent_dialog_hook = lambda d: QTimer.singleShot(0, d.reject)
    block = page.loaded.data.block(visit_id) if page.loaded else None
    assert block is not None
    saved: list[bool] = []
    page.editor.request_change(
        block, at(day, 23), at(day, 23, 45), block.member_ids, then=saved.append
    )
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert saved == [False]
    assert page.editor.last_refusal[0].code == "night_hours"
    with sqlite_db.session() as s:
        assert s.scalar(select(Visit.planned_start).where(Visit.id == visit_id)) == at(day, 9)
        assert s.scalar(select(VisitConsent.id)) is None
