"""The home page's one read (hvdesk.services.home), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from hvdesk.database import Database
from hvdesk.model import (
    Notice,
    NoticeStatus,
    ReportStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.services import audit, customers, home
from hvdesk.services.customers import CustomerInput
from tests.factories import make_org

ZONE = ZoneInfo("Asia/Shanghai")
#: 10:00 in Chengdu on Wednesday 2026-11-25.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZONE).astimezone(dt.UTC)
PEOPLE = [
    ("张三", "11010519491231002X", "13800138000"),
    ("李四", "110101199003074477", "13900139000"),
]


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


@pytest.fixture
def world(db: Database):
    org = make_org(db)
    coord = org.actors["coord1"]
    with db.begin() as s:
        ids = [customers.create_customer(
            s, db.cipher, coord, org.branch_id,
            CustomerInput(name=name, id_number=number, phone=phone,
                          registered_address="四川省成都市武侯区人民南路四段1号")).id
            for name, number, phone in PEOPLE]
    people = {login: org.actors[login].user_id for login in ("visitor1", "coord2", "coord1")}
    plan = [  # (day, hour, status, team, customer)
        (25, 9, VisitStatus.CONFIRMED, ("visitor1", "coord2"), 0),    # today, visitor's
        (25, 14, VisitStatus.NOTIFIED, ("visitor1", "coord2"), 1),    # today, visitor's
        (25, 15, VisitStatus.PLANNED, ("coord1", "coord2"), 0),       # today, another team
        (25, 16, VisitStatus.CANCELLED, ("coord1", "coord2"), 1),     # not the day's work
        (26, 10, VisitStatus.NOTIFIED, ("visitor1", "coord2"), 0),    # tomorrow
        (20, 10, VisitStatus.COMPLETED, ("visitor1", "coord2"), 1),   # done: report submitted
        (21, 10, VisitStatus.COMPLETED, ("visitor1", "coord2"), 0),   # done: report returned
        (22, 10, VisitStatus.COMPLETED, ("visitor1", "coord2"), 1),   # done: no report yet
        (23, 10, VisitStatus.COMPLETED, ("coord1", "coord2"), 0),     # done: not the visitor's
    ]
    visits = []
    with db.begin() as s:
        audit.bind_actor(s, coord)
        for day, hour, status, team, customer in plan:
            visit = Visit(branch_id=org.branch_id, customer_id=ids[customer],
                          purpose=VisitPurpose.OVERDUE, address=f"武侯区{day}号{hour}",
                          planned_start=_at(day, hour), planned_end=_at(day, hour) +
                          dt.timedelta(hours=1), status=status,
                          members=[VisitMember(user_id=people[login], position=p)
                                   for p, login in enumerate(team)])
            s.add(visit)
            s.flush()
            visits.append(visit.id)
        for n, (visit, status, reply, attention) in enumerate([
            (visits[4], NoticeStatus.DRAFT, None, False),
            (visits[2], NoticeStatus.FAILED, None, True),
            (visits[1], NoticeStatus.DELIVERED, "改约。", True),  # asks to move
            (visits[0], NoticeStatus.DELIVERED, "1", False),     # confirmed
            (visits[3], NoticeStatus.DELIVERED, "2", True),      # visit cancelled since
        ]):
            s.add(Notice(visit_id=visit, phone_enc=b"-", phone_last4=f"{n:04d}",
                         template="notice", text="您好", status=status, reply=reply,
                         needs_attention=attention))
        author = people["visitor1"]
        s.add(VisitReport(visit_id=visits[5], author_id=author, status=ReportStatus.SUBMITTED,
                          submitted_at=_at(20, 18)))
        s.add(VisitReport(visit_id=visits[6], author_id=author, status=ReportStatus.RETURNED,
                          reviewed_at=_at(22, 9), review_comment="请补充收入来源"))
        s.add(VisitReport(visit_id=visits[8], author_id=people["coord1"],
                          status=ReportStatus.RETURNED, reviewed_at=_at(23, 18)))
    return org, visits


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
    assert page.broken_promises is not None and page.broken_promises.count == 0
    assert page.open_complaints is not None and page.open_complaints.count == 0
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
