"""Issue 16.7 in the auto-plan: the "N visits proposed" banner goes with the proposal,
and the dialog's labelled days start on the next working day (never a Sunday or holiday)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.scheduling import calendar_cn
from tests.factories import Org
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import Crew, make_crew, open_page, plan_day, updated
from ui.calendar.autoplanning import default_span
from ui.calendar.proposals import AutoPlanDialog
from ui.i18n import Translations
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def crew(sqlite_db: Database, org: Org) -> Crew:
    return make_crew(sqlite_db, org, customers=8)


@pytest.mark.parametrize("today", [dt.date(2026, 12, 5), dt.date(2026, 12, 4),
                                   dt.date(2026, 9, 30), dt.date(2027, 2, 5)])
def test_the_default_days_start_on_the_next_working_day(today: dt.date) -> None:
    start, end = default_span(today, today)
    assert start > today and start.weekday() != 6
    assert calendar_cn.is_working_day(start) and not calendar_cn.is_holiday(start)
    skipped = [today + dt.timedelta(days=k) for k in range(1, (start - today).days)]
    assert not any(calendar_cn.is_working_day(d) for d in skipped)
    assert end - start == dt.timedelta(days=6)
    # A Saturday: Monday (the 7th), not the Sunday in between.
    assert default_span(dt.date(2026, 12, 5), dt.date(2026, 11, 30))[0] == dt.date(2026, 12, 7)
    # A later week on screen: its first working day.
    assert default_span(dt.date(2026, 12, 5), dt.date(2026, 12, 14))[0] == dt.date(2026, 12, 14)


def test_the_dialog_opens_on_the_next_working_day_with_labelled_days(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings,
    translations: Translations,
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    seen: list[tuple[dt.date, dt.date, list[str]]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AutoPlanDialog)
        first, last = dialog.span()
        seen.append((first, last, [label.text() for label in dialog.row_labels]))
        assert dialog.form.labelForField(dialog.first_edit) is dialog.row_labels[0]
        dialog.reject()

    QTimer.singleShot(0, look)
    assert page.autoplan(crew.customers[:2]) is None  # cancelled
    ((first, last, labels),) = seen
    assert first == default_span(page.today(), page.span()[0])[0]
    assert calendar_cn.is_working_day(first) and first.weekday() != 6
    assert (last - first).days == 6
    assert labels[:2] == ["开始日期：", "结束日期："]


def test_the_proposal_banner_goes_with_the_proposal(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings,
    translations: Translations,
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    page.autoplan(crew.customers[:2], (day, day))
    qtbot.waitUntil(lambda: page.plan is not None, timeout=10000)
    assert page.message_label.isVisible()
    assert page.message_label.text().startswith("已建议 2 次走访")
    qtbot.mouseClick(page.proposals.discard_button, LEFT)
    assert not page.message_label.isVisible() and page.message_label.text() == ""

    # Accepted: the banner gives way to what was saved.
    page.autoplan(crew.customers[2:4], (day, day))
    qtbot.waitUntil(lambda: page.plan is not None, timeout=10000)
    assert "已建议" in page.message_label.text()
    with updated(qtbot, page):
        qtbot.mouseClick(page.proposals.accept_all_button, LEFT)
    qtbot.waitUntil(lambda: page.plan is None)
    assert "已建议" not in page.message_label.text()
