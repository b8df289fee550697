"""The customer file's "copy for the customer" button: reason, file, workbook, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import AuditEvent, CorrectionRequest
from tests.test_customer_file_service import Built, build_customer_file
from tests.ui.test_customer_file import answer, open_file, open_form


@pytest.fixture
def built(sqlite_db: Database) -> Built:
    return build_customer_file(sqlite_db)


def test_copy_for_the_customer_asks_why_and_writes_every_sheet(
    qtbot: QtBot, sqlite_db: Database, built: Built, tmp_path: Path
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    assert dialog.export_button.isVisible()
    target = tmp_path / "copy.xlsx"
    dialog.export_path_chooser = lambda: target
    dialog.export_button.click()
    with qtbot.waitSignal(dialog.sig_done, timeout=20_000):
        answer(qtbot, lambda: dialog.reason_prompt, "customer's letter of 1 Dec")
    assert target.exists()
    book = load_workbook(target, read_only=True)
    assert {"customer", "visit", "loan_account", "feedback", "audit_event"} <= set(
        book.sheetnames)
    assert "copy.xlsx" in dialog.export_label.text()
    with sqlite_db.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "subject_export")).one()
    assert event.detail["reason"] == "customer's letter of 1 Dec"
    assert event.actor_login == "coord1"


def test_no_copy_without_a_file_and_not_offered_to_visitors(
    qtbot: QtBot, sqlite_db: Database, built: Built
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    dialog.export_path_chooser = lambda: None
    dialog.export_button.click()
    answer(qtbot, lambda: dialog.reason_prompt, "asked")
    with sqlite_db.session() as s:
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "subject_export")) is None
    visitor = open_file(qtbot, sqlite_db, built.org.actors["visitor1"], built.customer_id)
    assert not visitor.export_button.isVisible()


def test_edit_form_records_a_correction_the_customer_asked_for(
    qtbot: QtBot, sqlite_db: Database, built: Built
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    form = open_form(qtbot, dialog)
    assert not form.correction_reason_edit.isEnabled()
    form.current_edit.setText("成都市锦江区春熙路1号")
    form.correction_check.setChecked(True)
    form.save()
    qtbot.waitUntil(lambda: form.op is None)
    assert form.isVisible(), "a correction needs its reason"
    assert "why" in form.message_label.text()
    form.correction_reason_edit.setText("moved in October, told us by phone")
    with qtbot.waitSignal(dialog.sig_customer_changed):
        form.save()
    with sqlite_db.session() as s:
        row = s.scalars(select(CorrectionRequest)).one()
    assert (row.requested_by, row.fields) == ("customer", ["current_address"])
    assert row.reason == "moved in October, told us by phone"
