"""Batch sending from the page: stopping mid-way, retrying failed notices, cancelling one."""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from hvdesk import notices
from hvdesk.database import Database
from hvdesk.notices import SendSummary
from tests.scheduling_helpers import NOW, TUESDAY, World, make_world
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
from ui.customers.file_dialog import CustomerFileDialog
from ui.i18n import Translations
from ui.notices import backend as backend_module
from ui.notices.model import Column, Filter
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def drafts_with_outbox(world: World, outbox: Path) -> list[int]:
    book_tomorrow(world)
    with world.db.begin() as s:
        notices.save_settings(s, world.coord, notices.NoticeSettings(outbox_dir=str(outbox)))
        return [d.id for d in notices.prepare_day(s, world.coord, TUESDAY)]


@pytest.mark.usefixtures("fixed_now")
def test_stop_in_the_progress_dialog_keeps_the_rest_as_drafts(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    outbox = tmp_path / "outbox"
    drafts_with_outbox(world, outbox)
    monkeypatch.setattr(backend_module, "CHUNK", 1)
    # The first chunk waits until the test has pressed "Stop".
    first_done, stop_pressed = threading.Event(), threading.Event()
    real: Callable[..., SendSummary] = notices.send_notices

    def held(*args: Any, **kwargs: Any) -> SendSummary:
        summary = real(*args, **kwargs)
        first_done.set()
        stop_pressed.wait(10)
        return summary

    monkeypatch.setattr(notices, "send_notices", held)
    page = open_notices(qtbot, world.db, settings)
    qtbot.mouseClick(page.send_button, LEFT)
    assert page.confirm_box is not None
    qtbot.mouseClick(box_button(page.confirm_box, "发送"), LEFT)
    progress = page.batch.progress_dialog
    assert progress is not None and progress.isVisible()
    assert progress.labelText() == "正在发送 3 条通知…"
    assert not page.send_button.isEnabled()  # one batch at a time
    qtbot.waitUntil(first_done.is_set)
    stop = progress.findChild(QPushButton)
    assert stop is not None and stop.text() == "停止"
    qtbot.mouseClick(stop, LEFT)
    assert page.message_label.text() == "已交给网关的通知发完后停止…"
    stop_pressed.set()
    with qtbot.waitSignal(page.sig_sent, timeout=10000) as sent:
        pass
    assert sent.args is not None
    assert (sent.args[0].sent, sent.args[0].skipped) == (1, 2)
    qtbot.waitUntil(lambda: page.batch.progress_dialog is None)
    qtbot.waitUntil(lambda: column(page, Column.STATUS) == ["已发送", "草稿", "草稿"])
    assert "跳过 2 条" in page.message_label.text()
    assert len(list(outbox.glob("*.csv"))) == 1
    assert page.send_button.isEnabled()


@pytest.mark.usefixtures("fixed_now")
def test_retry_failed_sends_again_under_the_same_key(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    ids = drafts_with_outbox(world, outbox)
    gateway = notices.gateway_from_settings(notices.NoticeSettings(outbox_dir=str(outbox)))
    notices.send_notices(world.db, world.coord, ids, gateway, now=NOW)
    (first,) = outbox.glob("*.csv")
    with first.open(encoding="utf-8", newline="") as fh:
        keys = {r["phone"]: r["id"] for r in csv.DictReader(fh)}
    receipts = tmp_path / "receipts.csv"
    receipts.write_text(f"id,status,error\n{keys['13912340001']},failed,网络拥塞\n",
                        encoding="utf-8")
    page = open_notices(qtbot, world.db, settings)
    page.import_receipts(receipts)
    qtbot.waitUntil(lambda: by_customer(page, Column.STATUS)["李四"] == "发送失败")
    page.set_filter(Filter.FAILED)
    assert column(page, Column.PROBLEMS) == ["网络拥塞"]

    qtbot.mouseClick(page.retry_button, LEFT)
    box = page.confirm_box
    assert box is not None and box.text() == "向 1 位客户重新发送 1 条失败的通知？"
    with qtbot.waitSignal(page.sig_sent, timeout=15000):
        qtbot.mouseClick(box_button(box, "重新发送"), LEFT)
    wait_loaded(qtbot, page)
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)  # none failed any more
    page.set_filter(Filter.ALL)
    assert by_customer(page, Column.STATUS)["李四"] == "已发送"
    (second,) = set(outbox.glob("*.csv")) - {first}
    with second.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["phone"], r["id"]) for r in rows] == [("13912340001", keys["13912340001"])]

    # The customer file's visit list shows the notice too.
    dialog = CustomerFileDialog(world.db, world.coord, world.customers[1])
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.file is not None)  # read on a worker
    assert dialog.visits_model.index(0, 5).data() == "已发送"


@pytest.mark.usefixtures("fixed_now")
def test_cancel_a_draft_after_confirming(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    drafts_with_outbox(world, tmp_path / "outbox")
    page = open_notices(qtbot, world.db, settings)
    click_row(qtbot, page, 2)
    preview = page.preview
    assert preview.cancel_button.isVisible()
    qtbot.mouseClick(preview.cancel_button, LEFT)
    box = page.confirm_box
    assert box is not None and box.text() == "取消这条通知？它将不会被发送。"
    qtbot.mouseClick(box_button(box, "取消"), LEFT)  # the box's own "cancel": nothing happens
    wait_loaded(qtbot, page)
    assert column(page, Column.STATUS) == ["草稿"] * 3
    qtbot.mouseClick(preview.cancel_button, LEFT)
    assert page.confirm_box is not None
    qtbot.mouseClick(box_button(page.confirm_box, "取消通知"), LEFT)
    wait_loaded(qtbot, page)
    assert column(page, Column.STATUS) == ["草稿", "草稿", "已取消"]
    assert not preview.cancel_button.isVisible()
    assert page.status_label.text() == "共 3 条通知 · 2 条可发送 · 0 条有措辞问题 · 0 条失败"


@pytest.mark.usefixtures("fixed_now")
def test_moving_to_another_notice_keeps_the_edit(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    drafts_with_outbox(world, tmp_path / "outbox")
    page = open_notices(qtbot, world.db, settings)
    click_row(qtbot, page, 1)
    edit = page.preview.text_edit
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " OK")
    click_row(qtbot, page, 0)
    wait_loaded(qtbot, page)
    assert page.message_label.text() == "文字已保存。"
    assert page.model.row_at(1).text.endswith("028-12345678。 OK")
    click_row(qtbot, page, 1)
    assert page.preview.text_edit.toPlainText().endswith("OK")
    assert not page.preview.dirty


@pytest.mark.usefixtures("fixed_now")
def test_sending_without_an_outbox_folder_says_what_to_do(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations
) -> None:
    book_tomorrow(world, count=1)
    page = open_notices(qtbot, world.db, settings)
    qtbot.mouseClick(page.prepare_button, LEFT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and not page.loading)
    qtbot.mouseClick(page.send_button, LEFT)
    assert page.confirm_box is not None
    qtbot.mouseClick(box_button(page.confirm_box, "发送"), LEFT)
    qtbot.waitUntil(lambda: page.message_label.text() == "尚未设置发件文件夹：请在通知设置中选择")
    assert page.message_label.objectName() == "errorMessage"
    wait_loaded(qtbot, page)
    assert column(page, Column.STATUS) == ["草稿"]


@pytest.mark.usefixtures("fixed_now")
def test_a_reply_to_reschedule_waits_until_marked_handled(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"
    ids = drafts_with_outbox(world, outbox)
    gateway = notices.gateway_from_settings(notices.NoticeSettings(outbox_dir=str(outbox)))
    notices.send_notices(world.db, world.coord, ids, gateway, now=NOW)
    (batch,) = outbox.glob("*.csv")
    with batch.open(encoding="utf-8", newline="") as fh:
        keys = {r["phone"]: r["id"] for r in csv.DictReader(fh)}
    receipts = tmp_path / "replies.csv"
    receipts.write_text(f"id,status,reply\n{keys['13912340002']},reply,2\n"
                        f"{keys['13912340000']},reply,1\n", encoding="utf-8")
    page = open_notices(qtbot, world.db, settings)
    page.import_receipts(receipts)
    qtbot.waitUntil(lambda: "确认走访 1 次，待处理回复 1 条" in page.message_label.text())
    wait_loaded(qtbot, page)
    page.set_filter(Filter.ATTENTION)
    assert column(page, Column.CUSTOMER) == ["王五"]
    assert column(page, Column.PROBLEMS) == ["“2”"]
    click_row(qtbot, page, 0)
    preview = page.preview
    assert "客户回复：“2”" in preview.detail_label.text()
    assert preview.handled_button.isVisible()
    qtbot.mouseClick(preview.handled_button, LEFT)
    wait_loaded(qtbot, page)
    assert page.proxy.rowCount() == 0


@pytest.mark.usefixtures("fixed_now")
def test_drafts_prepared_elsewhere_appear_without_a_reload(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations
) -> None:
    visits = book_tomorrow(world)
    page = open_notices(qtbot, world.db, settings)
    assert page.model.rowCount() == 0
    reloads: list[object] = []
    page.sig_loaded.connect(lambda: reloads.append(None))

    # Another desk prepares the day's drafts: the page reads just those visits' notices.
    with qtbot.waitSignal(page.sig_refreshed, timeout=5000), world.db.begin() as s:
        notices.prepare_day(s, world.coord, TUESDAY)
    assert sorted(v.visit_id for v in page.model.rows()) == sorted(visits)
    assert column(page, Column.STATUS) == ["草稿"] * 3
    assert not reloads
