"""Issue 16.7 on the notices page: a failed notice says so and is sent again from its
preview; a reply "2" offers the move, and moving the visit settles the reply."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from hvdesk import notices
from hvdesk.database import Database
from hvdesk.model import NoticeStatus, Visit, VisitPurpose, VisitStatus
from hvdesk.scheduling.calendar_query import VisitBlock
from tests.scheduling_helpers import NOW, TUESDAY, World, at, make_world
from tests.ui.test_notices_support import (
    LEFT,
    book_tomorrow,
    box_button,
    by_customer,
    click_row,
    column,
    fixed_now,  # noqa: F401 (fixture)
    open_notices,
    wait_loaded,
)
from ui.calendar.details import VisitDetailsDialog
from ui.i18n import Translations
from ui.notices.model import Column, Filter
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def sent_with_receipts(world: World, tmp_path: Path, lines: str) -> None:
    """Tomorrow's three notices sent through an outbox, then ``lines`` as receipts
    (``{0}``, ``{1}``, ``{2}``: the keys of the first, second, third customer)."""
    book_tomorrow(world)
    outbox = tmp_path / "outbox"
    settings = notices.NoticeSettings(outbox_dir=str(outbox))
    with world.db.begin() as s:
        notices.save_settings(s, world.coord, settings)
        ids = [d.id for d in notices.prepare_day(s, world.coord, TUESDAY)]
    notices.send_notices(world.db, world.coord, ids, notices.gateway_from_settings(settings),
                         now=NOW)
    (batch,) = outbox.glob("*.csv")
    with batch.open(encoding="utf-8", newline="") as fh:
        keys = {r["phone"]: r["id"] for r in csv.DictReader(fh)}
    receipts = tmp_path / "receipts.csv"
    receipts.write_text(lines.format(*(keys[f"1391234000{k}"] for k in range(3))),
                        encoding="utf-8")
    with world.db.begin() as s:
        notices.import_receipts(s, world.coord, receipts)


@pytest.mark.usefixtures("fixed_now")
def test_a_failed_notice_says_so_and_is_sent_again_from_its_preview(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    sent_with_receipts(world, tmp_path, "id,status,error\n{1},failed,空号\n")
    page = open_notices(qtbot, world.db, settings)
    assert by_customer(page, Column.STATUS)["李四"] == "发送失败"
    page.set_filter(Filter.FAILED)
    assert column(page, Column.CUSTOMER) == ["李四"]
    click_row(qtbot, page, 0)
    preview = page.preview
    assert preview.failure_label.isVisible()
    assert "未送达：空号" in preview.failure_label.text()
    assert not preview.move_button.isVisible()
    assert preview.resend_button.isVisible() and preview.resend_button.text() == "重新发送…"
    qtbot.mouseClick(preview.resend_button, LEFT)
    box = page.confirm_box
    assert box is not None and box.text() == "向 1 位客户重新发送 1 条失败的通知？"
    with qtbot.waitSignal(page.sig_sent, timeout=15000):
        qtbot.mouseClick(box_button(box, "重新发送"), LEFT)
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)


@pytest.mark.usefixtures("fixed_now")
def test_a_reply_2_offers_the_move_and_moving_settles_it(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    sent_with_receipts(world, tmp_path, "id,status,reply\n{2},reply,改约\n{1},reply,几点？\n")
    page = open_notices(qtbot, world.db, settings)
    page.set_filter(Filter.ATTENTION)
    assert sorted(column(page, Column.CUSTOMER)) == ["李四", "王五"]
    rows = column(page, Column.CUSTOMER)
    click_row(qtbot, page, rows.index("李四"))
    assert not page.preview.move_button.isVisible()  # a question: a person calls back
    click_row(qtbot, page, rows.index("王五"))
    preview = page.preview
    assert "客户要求改期：请改约走访。" in preview.detail_label.text()
    assert preview.move_button.isVisible()
    assert preview.view is not None
    visit_id = preview.view.visit_id
    qtbot.mouseClick(preview.move_button, LEFT)
    dialog = page.mover.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.date_edit.date().toPython() == TUESDAY
    assert dialog.time_edit.time().hour() == 14
    dialog.time_edit.setCurrentSection(QDateTimeEdit.Section.HourSection)
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.time_edit, Qt.Key.Key_Up)
    assert dialog.time_edit.time().hour() == 16
    qtbot.mouseClick(dialog.move_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible() or dialog.error_label.isVisible(),
                    timeout=10000)
    assert not dialog.error_label.isVisible(), dialog.error_label.text()
    qtbot.waitUntil(lambda: "走访已改到" in page.message_label.text())
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: column(page, Column.CUSTOMER) == ["李四"], timeout=10000)
    with world.db.session() as s:
        moved = s.get(Visit, visit_id)
        assert moved is not None and moved.planned_start == at(TUESDAY, 16)
    page.set_filter(Filter.ALL)
    wait_loaded(qtbot, page)
    assert "草稿" in column(page, Column.STATUS)  # the notice with the new time


def test_a_visits_details_say_its_notice_failed(qtbot: QtBot, translations: Translations) -> None:
    start = at(TUESDAY, 10)
    block = VisitBlock(
        id=1, customer_id=1, start=start, end=start + dt.timedelta(hours=1), member_ids=(1,),
        member_names=("甲",), customer="张*", district="武侯区", purpose=VisitPurpose.OVERDUE,
        status=VisitStatus.PLANNED, version=1, notice_status=NoticeStatus.FAILED)
    dialog = VisitDetailsDialog(block, can_cancel=True)
    qtbot.addWidget(dialog)
    assert dialog.values["notice"].text() == "短信发送失败"
    assert "#b42318" in dialog.values["notice"].styleSheet()
    assert dialog.notices_button.text() == "重新发送短信…"
    dialog.set_block(dataclasses.replace(block, notice_status=NoticeStatus.SENT))
    assert dialog.values["notice"].styleSheet() == ""
    assert dialog.notices_button.text() == "短信通知…"
