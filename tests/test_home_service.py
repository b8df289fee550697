"""The home page's one read (hvdesk.services.home), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from hvdesk.database import Database
from hvdesk.services import home
from tests.factories import Org, make_org
from tests.home_helpers import NOW, build_world


@pytest.fixture
def world(db: Database) -> tuple[Org, list[int]]:
    org = make_org(db)
    return org, build_world(db, org).visits


def test_the_branch_day_for_a_coordinator(db: Database, world) -> None:
    org, visits = world
    with db.session() as s:
        page = home.home(s, org.actors["coord1"], NOW)
    assert page.today == dt.date(2026, 11, 25) and page.branch_name == "成都武侯支行"
    assert page.today_plan is not None and page.tomorrow_plan is not None
    assert page.today_plan.count == 3 and page.tomorrow_plan.count == 1
    # Teams named as the calendar names them: members by id.
    assert [(t.team, t.visit_ids) for t in page.today_plan.teams] == [
        ("张伟 · 李静", (visits[0], visits[1])) if org.actors["visitor1"].user_id <
        org.actors["coord2"].user_id else ("李静 · 张伟", (visits[0], visits[1])),
        ("王芳 · 李静", (visits[2],)),
    ]
    assert [v.start.hour for v in page.today_plan.visits] == [9, 14, 15]
    assert page.today_plan.visits[0].customer == "张三"
    assert page.today_plan.visits[0].address == "武侯区25号9"
    assert page.notices_unsent is not None and page.notices_unsent.count == 1
    assert page.notices_unsent.visit_ids == (visits[4],)
    assert page.notices_failed is not None and page.notices_failed.count == 1
    assert page.move_replies is not None
    assert [(r.visit_id, r.reply) for r in page.move_replies.rows] == [(visits[1], "改约。")]
    assert page.reports_waiting is not None and page.reports_waiting.count == 1
    assert page.reports_waiting.rows[0].author == "张伟"
    assert page.reports_returned is not None and page.reports_returned.count == 2
    assert page.reports_returned.rows[0].comment == "请补充收入来源"
    assert page.broken_promises is not None and page.broken_promises.count == 1
    assert page.open_complaints is not None and page.open_complaints.count == 1
    assert page.reports_to_write is None


def test_a_visitor_gets_his_own_day(db: Database, world) -> None:
    org, visits = world
    with db.session() as s:
        page = home.home(s, org.actors["visitor1"], NOW)
    assert page.today_plan is not None and page.tomorrow_plan is not None
    assert [v.visit_id for v in page.today_plan.visits] == visits[:2]
    assert [v.visit_id for v in page.tomorrow_plan.visits] == [visits[4]]
    assert page.today_plan.visits[1].customer == "李四"  # the masking rule: full for his visits
    assert page.reports_to_write is not None
    assert [(r.visit_id, r.report_id) for r in page.reports_to_write.rows] == [(visits[7], None)]
    assert page.reports_returned is not None
    assert [r.visit_id for r in page.reports_returned.rows] == [visits[6]]
    assert (page.notices_unsent, page.reports_waiting, page.broken_promises,
            page.open_complaints) == (None, None, None, None)


def test_a_reviewer_gets_the_queue(db: Database, world) -> None:
    org, visits = world
    with db.session() as s:
        page = home.home(s, org.actors["reviewer1"], NOW)
    assert page.today_plan is None and page.notices_failed is None
    assert page.reports_waiting is not None
    assert [r.visit_id for r in page.reports_waiting.rows] == [visits[5]]
    assert page.reports_returned is not None and page.reports_returned.count == 2


def test_an_admin_sees_every_branch(db: Database, world) -> None:
    org, _visits = world
    with db.session() as s:
        page = home.home(s, org.actors["admin"], NOW)
    assert page.branch_name == "" and page.today_plan is not None
    assert page.today_plan.count == 3


def test_a_day_in_the_branch_zone(db: Database, world) -> None:
    """At 23:30 UTC it is already the 26th in Chengdu: tomorrow's visit is today's."""
    org, visits = world
    late = dt.datetime(2026, 11, 25, 23, 30, tzinfo=dt.UTC)
    with db.session() as s:
        page = home.home(s, org.actors["coord1"], late)
    assert page.today == dt.date(2026, 11, 26)
    assert page.today_plan is not None
    assert [v.visit_id for v in page.today_plan.visits] == [visits[4]]


@pytest.mark.parametrize(("reply", "moves"), [
    ("2", True), ("２", True), ("改约", True), (" 2。", True), ("2!", True),
    ("1", False), ("好", False), ("", False), (None, False), ("22", False),
])
def test_which_replies_ask_to_move(reply: str | None, moves: bool) -> None:
    assert home.wants_move(reply) is moves
