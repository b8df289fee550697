"""A small branch day for the home page's tests: visits of today and tomorrow for two teams,
notices in every state the page counts, reports submitted, returned and not written, a
broken promise and an open complaint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from hvdesk.database import Database
from hvdesk.model import (
    ComplaintCase,
    Notice,
    NoticeStatus,
    PromiseToPay,
    ReportStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.services import audit, customers
from hvdesk.services.customers import CustomerInput
from tests.factories import Org

ZONE = ZoneInfo("Asia/Shanghai")
#: 10:00 in Chengdu on Wednesday 2026-11-25.
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZONE).astimezone(dt.UTC)
PEOPLE = [
    ("张三", "11010519491231002X", "13800138000"),
    ("李四", "110101199003074477", "13900139000"),
]


@dataclass(frozen=True)
class HomeWorld:
    customers: list[int]
    visits: list[int]
    #: draft, failed, asks to move, confirmed, on a cancelled visit
    notices: list[int]
    submitted: int
    returned: int
    promise: int
    complaint: int


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


def build_world(db: Database, org: Org) -> HomeWorld:
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
        notices = []
        for n, (visit, status, reply, attention) in enumerate([
            (visits[4], NoticeStatus.DRAFT, None, False),
            (visits[2], NoticeStatus.FAILED, None, True),
            (visits[1], NoticeStatus.DELIVERED, "改约。", True),  # asks to move
            (visits[0], NoticeStatus.DELIVERED, "1", False),     # confirmed
            (visits[3], NoticeStatus.DELIVERED, "2", True),      # visit cancelled since
        ]):
            notice = Notice(visit_id=visit, phone_enc=b"-", phone_last4=f"{n:04d}",
                            template="notice", text="您好", status=status, reply=reply,
                            needs_attention=attention)
            s.add(notice)
            s.flush()
            notices.append(notice.id)
        author = people["visitor1"]
        submitted = VisitReport(visit_id=visits[5], author_id=author,
                                status=ReportStatus.SUBMITTED, submitted_at=_at(20, 18))
        returned = VisitReport(visit_id=visits[6], author_id=author, status=ReportStatus.RETURNED,
                               reviewed_at=_at(22, 9), review_comment="请补充收入来源")
        s.add_all([submitted, returned, VisitReport(
            visit_id=visits[8], author_id=people["coord1"], status=ReportStatus.RETURNED,
            reviewed_at=_at(23, 18))])
        s.flush()
        # A promise made at the returned visit, due on the 23rd, nothing paid: broken.
        promise = PromiseToPay(report_id=returned.id, visit_id=visits[6], customer_id=ids[0],
                               amount=Decimal("500.00"), promised_on=dt.date(2026, 11, 21),
                               due=dt.date(2026, 11, 23), paid=Decimal(0), status="pending")
        case = ComplaintCase(visit_id=visits[5], customer_id=ids[1], text="来得太早",
                             owner_id=people["coord1"], due=dt.date(2026, 11, 30),
                             status="open")
        s.add_all([promise, case])
        s.flush()
        return HomeWorld(ids, visits, notices, submitted.id, returned.id, promise.id, case.id)
