"""The Notices section end to end: prepare, preview, send through the outbox, import receipts."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.notices import check_wording, load_settings
from tests.scheduling_helpers import TUESDAY, WEDNESDAY, World, make_world
from tests.ui.conftest import activate, click_rail, open_window
from tests.ui.test_notices_support import (
    LEFT,
    book_tomorrow,
    box_button,
    by_customer,
    click_row,
    column,
    fixed_now,  # noqa: F401 (fixture)
    open_notices,
    type_chinese,
    wait_loaded,
)
from ui.i18n import Translations
from ui.notices.model import Column, Filter
from ui.notices.page import NoticesPage
from ui.settings import Settings

PHONES = {"张三": "13912340000", "李四": "13912340001", "王五": "13912340002"}


@pytest.fixture
def world(db: Database) -> World:
    """On SQLite and on PostgreSQL."""
    return make_world(db)


def set_outbox(qtbot: QtBot, page: NoticesPage, folder: Path) -> None:
    """Through the settings dialog, as a coordinator does once."""
    qtbot.mouseClick(page.settings_button, LEFT)
    qtbot.waitUntil(lambda: page.settings_dialog is not None)
    dialog = page.settings_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.gateway() == "outbox"
    assert not dialog.url_edit.isVisibleTo(dialog)  # HTTP fields only for the HTTP gateway
    dialog.outbox_edit.clear()
    qtbot.keyClicks(dialog.outbox_edit, str(folder))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_loaded(qtbot, page)
    # The offscreen platform does not hand activation back to the window by itself.
    activate(qtbot, page.window())


@pytest.mark.usefixtures("fixed_now")
def test_send_tomorrows_notices_through_the_outbox_and_import_receipts(
    qtbot: QtBot, world: World, settings: Settings,
    translations: Translations, tmp_path: Path,
) -> None:
    db = world.db
    book_tomorrow(world)
    window = open_window(qtbot, db, "coord1", settings, translations)
    click_rail(qtbot, window, "短信通知")
    page = window.stack.currentWidget()
    assert isinstance(page, NoticesPage)
    wait_loaded(qtbot, page)
    # Tomorrow by default; another day shows its own (no) notices; back to tomorrow.
    assert page.day == TUESDAY
    assert page.date_edit.date() == QDate(2026, 12, 1)
    page.date_edit.setDate(QDate(WEDNESDAY.year, WEDNESDAY.month, WEDNESDAY.day))
    assert settings.raw("notices/date") == WEDNESDAY.isoformat()
    page.date_edit.setDate(QDate(TUESDAY.year, TUESDAY.month, TUESDAY.day))
    wait_loaded(qtbot, page)
    assert page.model.rowCount() == 0
    assert not page.send_button.isEnabled()

    outbox = tmp_path / "outbox"
    set_outbox(qtbot, page, outbox)
    with db.session() as s:
        assert load_settings(s).outbox_dir == str(outbox)

    qtbot.mouseClick(page.prepare_button, LEFT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.loading, timeout=10000)
    assert page.message_label.text() == "已生成 3 条通知草稿。"
    assert column(page, Column.CUSTOMER) == ["张三", "李四", "王五"]
    assert column(page, Column.STATUS) == ["草稿"] * 3
    assert column(page, Column.PHONE) == ["139****0000", "139****0001", "139****0002"]

    # Each notice's full text and its carrier length in the preview.
    preview = page.preview
    for row, surname in enumerate(("张先生", "李女士", "王先生")):
        click_row(qtbot, page, row)
        view = preview.view
        assert view is not None and view.customer_name == column(page, Column.CUSTOMER)[row]
        shown = preview.text_edit.toPlainText()
        assert shown == view.text
        assert shown.startswith("【惠民消费金融】尊敬的" + surname)
        report = check_wording(shown)
        assert report.ok and report.segments == 2
        assert preview.length_label.text() == f"{report.chars} 字 · 计 2 条短信"
        assert preview.ok_label.isVisibleTo(page)
        assert not preview.problems_label.isVisibleTo(page)
    texts = {v.customer_name: v.text for v in page.model.rows()}

    # Send the day: confirm, wait for the worker, one batch file, statuses "sent".
    qtbot.mouseClick(page.send_button, LEFT)
    box = page.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "向 3 位客户发送 3 条通知？"
    with qtbot.waitSignal(page.sig_sent, timeout=15000) as sent:
        qtbot.mouseClick(box_button(box, "发送"), LEFT)
    assert sent.args is not None
    assert (sent.args[0].sent, sent.args[0].failed, sent.args[0].skipped) == (3, 0, 0)
    qtbot.waitUntil(lambda: column(page, Column.STATUS) == ["已发送"] * 3, timeout=10000)
    assert "已发送 3 条" in page.message_label.text()
    batches = sorted(outbox.glob("*.csv"))
    assert len(batches) == 1 and batches[0].name.startswith("hvdesk-")
    with batches[0].open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["phone"] for r in rows) == sorted(PHONES.values())
    assert {r["phone"]: r["text"] for r in rows} == {PHONES[n]: t for n, t in texts.items()}
    key_of = {r["phone"]: r["id"] for r in rows}

    # Receipts: two delivered, one failed with the carrier's reason.
    folder = tmp_path / "from-platform"
    folder.mkdir()
    receipts = folder / "receipts.csv"
    with receipts.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "status", "time", "reply", "error"])
        writer.writerow([key_of[PHONES["张三"]], "delivered", "2026-11-30T01:05:00", "", ""])
        writer.writerow([key_of[PHONES["李四"]], "failed", "2026-11-30T01:05:00", "", "空号"])
        writer.writerow([key_of[PHONES["王五"]], "delivered", "2026-11-30T01:06:00", "", ""])
    qtbot.mouseClick(page.receipts_button, LEFT)
    dialog = page.receipts_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(receipts))
    dialog.accept()
    qtbot.waitUntil(lambda: by_customer(page, Column.STATUS) == {
        "张三": "已送达", "李四": "发送失败", "王五": "已送达"}, timeout=10000)
    assert page.message_label.text().startswith("回执已导入：送达 2 条，失败 1 条")
    assert settings.raw("notices/receipts_dir") == str(folder)

    # The failed one, with its reason, under the "failed" filter; it may be retried.
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(Filter.FAILED.value))
    assert column(page, Column.CUSTOMER) == ["李四"]
    assert column(page, Column.PROBLEMS) == ["空号"]
    assert page.retry_button.isEnabled()
    click_row(qtbot, page, 0)
    assert page.preview.failure_label.text() == (
        "未送达：空号。在通知送达客户之前，走访已退回“已计划”。")


@pytest.mark.usefixtures("fixed_now")
def test_a_forbidden_word_shows_the_problem_and_blocks_that_notice(
    qtbot: QtBot, world: World, settings: Settings,
    translations: Translations, tmp_path: Path,
) -> None:
    db = world.db
    book_tomorrow(world)
    page = open_notices(qtbot, db, settings)
    outbox = tmp_path / "outbox"
    set_outbox(qtbot, page, outbox)
    qtbot.mouseClick(page.prepare_button, LEFT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3 and not page.loading, timeout=10000)

    click_row(qtbot, page, 0)
    preview = page.preview
    assert preview.view is not None and preview.view.customer_name == "张三"
    assert not preview.save_button.isEnabled()
    preview.text_edit.setFocus()
    preview.text_edit.moveCursor(preview.text_edit.textCursor().MoveOperation.End)
    type_chinese(preview.text_edit, "如有逾期请尽快处理")
    # Checked live, as typed: the problem in red, in words, naming the word.
    assert preview.problems_label.isVisibleTo(page)
    assert "请删除“逾期”" in preview.problems_label.text()
    assert "此文字不能发送" in preview.problems_label.text()
    assert not preview.ok_label.isVisibleTo(page)
    # Saving waits until the text is saved: sending now is refused.
    assert page.send_day() is None
    assert page.message_label.text() == "请先保存或撤销修改的文字。"
    qtbot.keyClick(preview.text_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.message_label.text() == "文字已保存。")
    assert by_customer(page, Column.STATUS)["张三"] == "草稿"
    assert "逾期" in by_customer(page, Column.PROBLEMS)["张三"]
    assert page.status_label.text() == "共 3 条通知 · 2 条可发送 · 1 条有措辞问题 · 0 条失败"

    page.set_filter(Filter.PROBLEMS)
    assert column(page, Column.CUSTOMER) == ["张三"]
    page.set_filter(Filter.ALL)

    # Ctrl+Enter sends the day: the held-back notice is named in the question.
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    box = page.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "向 2 位客户发送 2 条通知？"
    assert box.informativeText().startswith("1 条有措辞问题的通知暂不发送")
    with qtbot.waitSignal(page.sig_sent, timeout=15000):
        qtbot.mouseClick(box_button(box, "发送"), LEFT)
    qtbot.waitUntil(lambda: by_customer(page, Column.STATUS) == {
        "张三": "草稿", "李四": "已发送", "王五": "已发送"}, timeout=10000)
    (batch,) = outbox.glob("*.csv")
    with batch.open(encoding="utf-8", newline="") as fh:
        phones = sorted(r["phone"] for r in csv.DictReader(fh))
    assert phones == [PHONES["李四"], PHONES["王五"]]
    # Only the blocked one is left; sending again asks for nothing.
    assert not page.send_button.isEnabled()


@pytest.mark.usefixtures("fixed_now")
def test_extra_forbidden_words_from_the_settings_block_every_draft(
    qtbot: QtBot, world: World, settings: Settings,
    translations: Translations,
) -> None:
    book_tomorrow(world, count=2)
    page = open_notices(qtbot, world.db, settings)
    qtbot.mouseClick(page.prepare_button, LEFT)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 and not page.loading, timeout=10000)
    assert page.send_button.isEnabled()

    qtbot.mouseClick(page.settings_button, LEFT)
    qtbot.waitUntil(lambda: page.settings_dialog is not None)
    dialog = page.settings_dialog
    assert dialog is not None
    dialog.words_edit.setFocus()
    type_chinese(dialog.words_edit, "身份证")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    wait_loaded(qtbot, page)
    assert all("请删除“身份证”" in text for text in column(page, Column.PROBLEMS))
    assert not page.send_button.isEnabled()
    click_row(qtbot, page, 1)
    assert "身份证" in page.preview.problems_label.text()
    with world.db.session() as s:
        assert load_settings(s).extra_forbidden_words == ("身份证",)
