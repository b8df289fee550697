"""The home page: read on a worker, and read again when a change touches what it shows."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from sqlalchemy import update

from hvdesk import clock
from hvdesk.database import Database
from hvdesk.model import Notice, NoticeStatus
from hvdesk.services import saved_filters
from hvdesk.services.customer_list import CustomerQuery
from tests.factories import Org
from tests.home_helpers import NOW, build_world
from tests.ui.conftest import sign_in
from ui.pages.overview import OverviewPage


def test_cards_follow_changes_without_a_reload(
    qtbot: QtBot, sqlite_db: Database, org: Org
) -> None:
    world = build_world(sqlite_db, org)
    with clock.pinned(NOW):
        page = OverviewPage(sqlite_db, sign_in(sqlite_db, "coord1"))
        qtbot.addWidget(page)
        page.show()  # a hidden page only notes it is behind, and reads when shown
        qtbot.waitUntil(lambda: page.data is not None)
        assert page.cards["failed"].count_label.text() == "1"
        # The carrier reports the draft's twin failed (here, or at another desk): read again.
        with qtbot.waitSignal(page.sig_refreshed, timeout=5000), sqlite_db.begin() as s:
            s.execute(update(Notice).where(Notice.id == world.notices[0])
                      .values(status=NoticeStatus.FAILED))
        assert page.cards["failed"].count_label.text() == "2"
        assert page.cards["unsent"].count_label.text() == "0"
        assert page.cards["unsent"].empty_label.isVisibleTo(page)
        # A change to nothing it shows leaves it alone.
        with qtbot.assertNotEmitted(page.sig_refreshed, wait=800), sqlite_db.begin() as s:
            saved_filters.save_filter(s, org.actors["coord1"], "mine", CustomerQuery())


def test_a_page_left_open_overnight_reads_the_new_day(
    qtbot: QtBot, sqlite_db: Database, org: Org
) -> None:
    build_world(sqlite_db, org)
    with clock.pinned(NOW):
        page = OverviewPage(sqlite_db, sign_in(sqlite_db, "visitor1"))
        qtbot.addWidget(page)
        page.show()
        qtbot.waitUntil(lambda: page.data is not None)
        assert page.cards["today"].count_label.text() == "2"
        page.hide()
    with clock.pinned(NOW + dt.timedelta(days=1)):
        with qtbot.waitSignal(page.sig_refreshed, timeout=5000):
            page.show()
        assert page.data is not None and page.data.today == dt.date(2026, 11, 26)
        assert page.cards["today"].count_label.text() == "1"
        assert page.cards["tomorrow"].count_label.text() == "0"
        assert page.cards["tomorrow"].empty_label.text() == "You have no visit tomorrow."
