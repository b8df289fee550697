"""Notices in the calendar: the blocks' SMS badge, "Notices for selected visits", the details."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from pytestqt.qtbot import QtBot

from hvdesk import notices
from hvdesk.database import Database
from hvdesk.model import NoticeStatus, VisitPurpose, VisitStatus
from hvdesk.scheduling.calendar_query import VisitBlock
from tests.scheduling_helpers import TUESDAY, World, at, make_world
from tests.ui.conftest import activate, click_rail, open_window
from tests.ui.test_notices_support import (
    LEFT,
    book_tomorrow,
    box_button,
    column,
    fixed_now,  # noqa: F401 (fixture)
    wait_loaded,
)
from ui.calendar import paint
from ui.calendar.layout import Placed
from ui.calendar.page import CalendarPage
from ui.i18n import Translations
from ui.main_window import MainWindow
from ui.notices.model import Column
from ui.notices.page import NoticesPage
from ui.settings import Settings


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def prepare_and_open(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, outbox: Path
) -> tuple[list[int], MainWindow, CalendarPage, NoticesPage]:
    visits = book_tomorrow(world)
    with world.db.begin() as s:
        notices.save_settings(s, world.coord, notices.NoticeSettings(outbox_dir=str(outbox)))
        notices.prepare_day(s, world.coord, TUESDAY)
    settings.store("calendar/date", TUESDAY.isoformat())
    settings.store("calendar/view", "day")
    window = open_window(qtbot, world.db, "coord1", settings, translations)
    click_rail(qtbot, window, "走访日历")
    calendar = window.pages["calendar"]
    notices_page = window.pages["notices"]
    assert isinstance(calendar, CalendarPage) and isinstance(notices_page, NoticesPage)
    calendar.resize(1400, 900)
    qtbot.waitUntil(lambda: calendar.loaded is not None, timeout=10000)
    wait_loaded(qtbot, notices_page)
    return visits, window, calendar, notices_page


@pytest.mark.usefixtures("fixed_now")
def test_selected_visits_open_their_notices_and_sending_updates_the_badges(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    visits, window, calendar, page = prepare_and_open(qtbot, world, settings, translations,
                                                      tmp_path / "outbox")
    assert calendar.loaded is not None
    data = calendar.loaded.data
    assert [b.notice_status for b in map(data.block, visits) if b] == [NoticeStatus.DRAFT] * 3
    button = calendar.toolbar.notices_button
    assert button.isVisible() and not button.isEnabled()
    assert button.text() == "所选走访的通知"

    # Click one visit, Ctrl+click another: both selected, the action is offered.
    canvas = calendar.canvas
    qtbot.mouseClick(canvas.viewport(), LEFT, pos=canvas.block_point(visits[0]))
    qtbot.mouseClick(canvas.viewport(), LEFT, Qt.KeyboardModifier.ControlModifier,
                     canvas.block_point(visits[2]))
    assert calendar.selected_visits() == [visits[0], visits[2]]
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    assert window.current_section() == "notices"
    wait_loaded(qtbot, page)
    assert page.visit_ids == [visits[0], visits[2]]
    assert page.scope_label.text() == "日历中选定的 2 次走访"
    assert column(page, Column.CUSTOMER) == ["张三", "王五"]
    assert page.send_button.text() == "发送这些通知"
    assert not page.date_edit.isEnabled()

    # Send just these two; the calendar's badges follow.
    qtbot.mouseClick(page.send_button, LEFT)
    assert page.confirm_box is not None
    assert page.confirm_box.text() == "向 2 位客户发送 2 条通知？"
    with qtbot.waitSignal(page.sig_sent, timeout=15000):
        qtbot.mouseClick(box_button(page.confirm_box, "发送"), LEFT)

    def badges() -> list[NoticeStatus | None]:
        assert calendar.loaded is not None
        return [b.notice_status for b in map(calendar.loaded.data.block, visits) if b]

    qtbot.waitUntil(lambda: badges() == [NoticeStatus.SENT, NoticeStatus.DRAFT,
                                         NoticeStatus.SENT], timeout=10000)
    sent = calendar.loaded.data.block(visits[0]) if calendar.loaded else None
    assert sent is not None and sent.status is VisitStatus.NOTIFIED

    # The whole day again.
    qtbot.mouseClick(page.whole_day_button, LEFT)
    wait_loaded(qtbot, page)
    assert page.visit_ids is None
    assert column(page, Column.STATUS) == ["已发送", "草稿", "已发送"]
    # F5 reads the notices again (the hidden calendar's F5 does not compete).
    activate(qtbot, window)
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_F5)

    # A visit's details name its SMS and lead to it.
    click_rail(qtbot, window, "走访日历")
    dialog = calendar.open_visit(visits[1])
    assert dialog is not None
    assert dialog.values["notice"].text() == "短信草稿"
    assert dialog.notices_button.isVisible()
    qtbot.mouseClick(dialog.notices_button, LEFT)
    assert window.current_section() == "notices"
    wait_loaded(qtbot, page)
    assert page.visit_ids == [visits[1]]
    assert column(page, Column.CUSTOMER) == ["李四"]


@pytest.mark.usefixtures("fixed_now")
def test_a_click_on_empty_grid_clears_the_selection(
    qtbot: QtBot, world: World, settings: Settings, translations: Translations, tmp_path: Path
) -> None:
    visits, window, calendar, _page = prepare_and_open(
        qtbot, world, settings, translations, tmp_path)
    canvas = calendar.canvas
    qtbot.mouseClick(canvas.viewport(), LEFT, pos=canvas.block_point(visits[1]))
    assert calendar.selected_visits() == [visits[1]]
    qtbot.keyClick(calendar, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_section() == "notices"
    click_rail(qtbot, window, "走访日历")
    empty = canvas.slot_point(0, dt.time(19, 30))
    qtbot.mouseClick(canvas.viewport(), LEFT, pos=empty)
    assert calendar.selected_visits() == []
    assert not calendar.toolbar.notices_button.isEnabled()


def _block(status: NoticeStatus | None) -> VisitBlock:
    start = at(TUESDAY, 10)
    return VisitBlock(
        id=1, customer_id=1, start=start, end=start + dt.timedelta(hours=1),
        member_ids=(1, 2), member_names=("甲", "乙"), customer="张三", district="武侯区",
        purpose=VisitPurpose.OVERDUE, status=VisitStatus.PLANNED, version=1,
        notice_status=status,
    )


@pytest.mark.parametrize(
    ("status", "colour"),
    [(NoticeStatus.FAILED, "#b42318"), (NoticeStatus.DELIVERED, "#1f8a4c"), (None, None)],
)
def test_block_badge_is_coloured_by_the_sms_status(
    qtbot: QtBot, status: NoticeStatus | None, colour: str | None
) -> None:
    image = QImage(200, 80, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    placed = Placed(_block(status), 0, "t:1,2", 0.0, 0.0, 200.0, 80.0)
    paint.paint_block(painter, placed, QFont(), QFont())
    painter.end()
    # The envelope sits in the bottom-right corner; its outline is the status colour.
    corner = {image.pixelColor(x, y).name() for x in range(180, 198) for y in range(64, 78)}
    if colour is None:
        assert not corner & {"#b42318", "#1f8a4c", "#2f6fde"}
    else:
        assert colour in corner
