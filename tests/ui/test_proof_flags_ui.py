"""The dashboard counts the reports with proof-of-visit flags."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.scheduling_helpers import make_world
from tests.ui.test_dashboard_support import open_dashboard
from tests.ui.test_visitreport_queue import submitted
from tests.ui.test_visitreport_support import finished_visit
from ui.settings import Settings


def test_dashboard_counts_flagged_reports(
    qtbot: QtBot, sqlite_db: Database, settings: Settings
) -> None:
    world = make_world(sqlite_db)
    day = dt.date.today() - dt.timedelta(days=1)
    submitted(sqlite_db, finished_visit(sqlite_db, world, customer=0), day)  # on time
    late = finished_visit(sqlite_db, world, days_ago=2, customer=1)
    submitted(sqlite_db, late, day - dt.timedelta(days=1), hour=15)  # booked 10:00-11:00
    page = open_dashboard(qtbot, sqlite_db, "manager1", settings)
    assert page.board is not None and page.board.flagged_reports == 1
    assert page.kpis["flagged"].value_label.text() == "1"
