"""The notices table model and proxy, the translated core messages, stopping a batch."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hvdesk import notices
from hvdesk.database import Database
from hvdesk.model import NoticeStatus
from hvdesk.notices import NoticeKind, NoticeView, WordingProblem, check_wording
from tests.scheduling_helpers import NOW, TUESDAY, World, make_world
from tests.ui.test_notices_support import book_tomorrow
from ui.i18n import Translations
from ui.icons import icon
from ui.notices import backend as backend_module
from ui.notices.backend import NoticeBackend
from ui.notices.model import ID_ROLE, SORT_ROLE, Column, Filter, NoticeModel, NoticeProxy
from ui.notices.texts import PROBLEM_TEMPLATES, problem_text, send_problem, skip_text

ZONE = ZoneInfo("Asia/Shanghai")


def view(notice_id: int, status: NoticeStatus, *, hour: int = 10, text: str = "【某某】您好",
         error: str | None = None, reply: str | None = None) -> NoticeView:
    report = check_wording(text)
    return NoticeView(
        id=notice_id, visit_id=notice_id, customer_id=notice_id, customer_name=f"客户{notice_id}",
        phone_masked="139****0000", kind=NoticeKind.NOTICE, text=text, status=status,
        chars=report.chars, segments=report.segments, problems=report.problems,
        visit_start=dt.datetime(2026, 12, 1, hour - 8, tzinfo=dt.UTC),
        created_at=dt.datetime(2026, 11, 30, 1, tzinfo=dt.UTC), queued_at=None, sent_at=None,
        delivered_at=None, error=error, reply=reply, needs_attention=reply is not None)


ROWS = [
    view(1, NoticeStatus.DRAFT, hour=14),
    view(2, NoticeStatus.DRAFT, hour=9, text="【某某】请尽快还款"),
    view(3, NoticeStatus.FAILED, hour=11, error="空号"),
    view(4, NoticeStatus.SENT, hour=10, reply="2"),
    view(5, NoticeStatus.DELIVERED, hour=12),
]


def test_model_passes_the_model_tester(qtmodeltester, qapp: object) -> None:
    model = NoticeModel(ZONE)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    proxy = NoticeProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_rows_show_local_times_problems_and_reasons(
    qtbot: QtBot, translations: Translations
) -> None:
    model = NoticeModel(ZONE)
    model.set_rows(ROWS)
    # Sorted by visit time; times in the branch's zone.
    assert [model.index(r, 0).data(ID_ROLE) for r in range(5)] == [2, 4, 3, 5, 1]
    assert model.index(0, Column.VISIT).data() == "12-01 09:00"
    assert model.index(0, Column.STATUS).data() == "草稿"
    assert "请删除“还款”" in model.index(0, Column.PROBLEMS).data()
    assert model.index(0, Column.PROBLEMS).data(Qt.ItemDataRole.ForegroundRole).name() == "#b42318"
    assert model.index(1, Column.PROBLEMS).data() == "“2”"
    assert model.index(2, Column.PROBLEMS).data() == "空号"
    assert model.index(2, Column.STATUS).data() == "发送失败"
    assert model.index(3, Column.PROBLEMS).data() == ""
    assert model.headerData(Column.LENGTH, Qt.Orientation.Horizontal) == "长度"
    assert model.index(0, Column.VISIT).data(SORT_ROLE) < model.index(1, Column.VISIT).data(
        SORT_ROLE)


@pytest.mark.parametrize(
    ("wanted", "ids"),
    [
        (Filter.ALL, [2, 4, 3, 5, 1]),
        (Filter.DRAFTS, [2, 1]),
        (Filter.PROBLEMS, [2]),
        (Filter.FAILED, [3]),
        (Filter.SENT, [4]),
        (Filter.DELIVERED, [5]),
        (Filter.ATTENTION, [4]),
        (Filter.CANCELLED, []),
    ],
)
def test_proxy_filters_by_status(qapp: object, wanted: Filter, ids: list[int]) -> None:
    model = NoticeModel(ZONE)
    model.set_rows(ROWS)
    proxy = NoticeProxy()
    proxy.setSourceModel(model)
    proxy.set_status_filter(wanted)
    assert [v.id for v in proxy.visible()] == ids


@pytest.mark.parametrize(
    "text",
    [
        "",
        "您好，明天上门",
        "【某某】{name}您好",
        "【某某】请带上¥300",
        "【某某】您的逾期欠款",
        "【某某】否则起诉",
        "【某某】" + "很长" * 200,
    ],
)
def test_every_wording_problem_is_translated(translations: Translations, text: str) -> None:
    """The templates follow the core's messages: a reworded message fails here."""
    report = check_wording(text)
    assert report.problems
    for problem in report.problems:
        assert problem.code in PROBLEM_TEMPLATES
        shown = problem_text(problem)
        assert shown != problem.message, problem.message
        assert not any("a" <= ch <= "z" for ch in shown.replace("name", "")), shown


def test_unknown_problem_codes_keep_the_core_message(translations: Translations) -> None:
    assert problem_text(WordingProblem("new_rule", "Something new.")) == "Something new."


def test_send_and_skip_reasons_are_translated(translations: Translations) -> None:
    who = {7: "张三"}
    assert send_problem("notice 7: the visit time has passed", who) == "张三: 走访时间已过"
    assert send_problem("notice 8: it is sent", who) == "通知 8: 状态为 已发送"
    assert send_problem("something else", who) == "something else"
    assert skip_text("the customer asked not to be contacted") == "客户要求不再联系"
    assert skip_text("a notice does not fit a completed visit") == (
        "“已完成”状态的走访不适用“走访通知”")


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def test_stopping_a_batch_keeps_what_went_out_and_leaves_the_rest(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One notice per chunk; "stop" after the first: one sent, two still drafts."""
    monkeypatch.setattr(backend_module, "CHUNK", 1)
    book_tomorrow(world)
    outbox = tmp_path / "outbox"
    with world.db.begin() as s:
        notices.save_settings(s, world.coord, notices.NoticeSettings(outbox_dir=str(outbox)))
        drafts = notices.prepare_day(s, world.coord, TUESDAY)
    backend = NoticeBackend(world.db, world.coord, ZoneInfo("Asia/Shanghai"), clock=lambda: NOW)
    seen: list[tuple[int, int]] = []
    # The backend runs on a worker thread in the page (never on the GUI thread).
    with ThreadPoolExecutor(1) as worker:
        summary = worker.submit(lambda: backend.send(
            [d.id for d in drafts], progress=lambda d, t: seen.append((d, t)),
            cancelled=lambda: bool(seen))).result()
    assert (summary.sent, summary.skipped) == (1, 2)
    assert seen[-1] == (1, 3)
    assert len(list(outbox.glob("*.csv"))) == 1
    with ThreadPoolExecutor(1) as worker:
        statuses = [v.status for v in worker.submit(backend.notices, TUESDAY, None).result()]
    assert statuses == [NoticeStatus.SENT, NoticeStatus.DRAFT, NoticeStatus.DRAFT]


def test_the_section_icon_renders(qapp: object) -> None:
    image = icon("notices").pixmap(24, 24).toImage()
    assert max(image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)) > 0
