"""A team's day to print: visits with route orders, history, a notice, a report.

Built on tests.scheduling_helpers' small branch. Team A (visitor1 leads,
visitor2) has three visits on TUESDAY whose route order is the reverse of
their times; team B (visitor3 leads, visitor4) has one. Customer 0 has an
earlier, approved visit (with a promise and a complaint) two weeks before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hvdesk.database import Database
from hvdesk.model import (
    Feedback,
    LoanAccount,
    Notice,
    NoticeStatus,
    ReportOutcome,
    ReportStatus,
    Visit,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.scheduling import service
from hvdesk.security import pii
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import NOW, TUESDAY, World, at, id_number, make_world

PAST = dt.date(2026, 11, 16)


@dataclass
class PackWorld:
    world: World
    #: Team A's visits in route order (customers 2, 1, 0), then team B's.
    team_a: list[int]
    team_b: list[int]
    past_visit: int

    @property
    def lead_a(self) -> int:
        return self.world.visitors[0]

    @property
    def lead_b(self) -> int:
        return self.world.visitors[2]


def full_ids() -> list[str]:
    return [id_number(k + 1) for k in range(8)]


def make_pack_world(db: Database) -> PackWorld:
    world = make_world(db)
    coord = world.coord
    with db.begin() as s:
        ids = []
        for customer, hour in ((0, 9), (1, 11), (2, 14)):
            view = service.create_visit(
                s, coord, customer_id=world.customers[customer], start=at(TUESDAY, hour),
                end=at(TUESDAY, hour + 1), member_ids=world.team(0, 1),
                purpose=VisitPurpose.OVERDUE, now=NOW,
                talking_points=f"沟通要点{customer}：了解近况",
            )
            ids.append(view.id)
        other = service.create_visit(
            s, coord, customer_id=world.customers[3], start=at(TUESDAY, 10),
            end=at(TUESDAY, 11), member_ids=world.team(2, 3), purpose=VisitPurpose.CARE, now=NOW,
        )
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        # Route order against the clock: the pack must follow the route.
        for order, vid in zip((3, 2, 1), ids, strict=True):
            s.get(Visit, vid).route_order = order
        cipher = db.cipher
        s.add(LoanAccount(customer_id=world.customers[0], contract_no="HT-TEST-1",
                          product="消费贷", principal=Decimal(20000),
                          outstanding_balance=Decimal("12345.60"),
                          overdue_amount=Decimal("1500.00"), days_past_due=35,
                          last_payment_date=dt.date(2026, 10, 20)))
        s.add(Notice(visit_id=ids[0], phone_last4="0000", template="t", text="x",
                     status=NoticeStatus.DELIVERED,
                     sent_at=dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC),
                     phone_enc=pii.phone_columns(cipher, s.get(Visit, ids[0]).customer_id,
                                                 "13912340000")["phone_enc"]))
        s.add(VisitReport(visit_id=other.id, author_id=world.visitors[2],
                          status=ReportStatus.SUBMITTED))
        past = Visit(
            branch_id=world.branch_id, customer_id=world.customers[0],
            purpose=VisitPurpose.POST_LOAN, address="四川省成都市测试路1号",
            planned_start=dt.datetime(2026, 11, 16, 2, 0, tzinfo=dt.UTC),
            planned_end=dt.datetime(2026, 11, 16, 3, 0, tzinfo=dt.UTC),
            status=VisitStatus.COMPLETED,
        )
        s.add(past)
        s.flush()
        s.add(VisitReport(
            visit_id=past.id, author_id=world.visitors[0], status=ReportStatus.APPROVED,
            outcome=ReportOutcome.MET_FAMILY, people_present="客户母亲（未透露借款信息）",
            household_size=4, promise_amount=Decimal("800.00"), promise_date=dt.date(2026, 12, 5),
            reviewer_id=world.actors["reviewer1"].user_id,
            reviewed_at=dt.datetime(2026, 11, 17, 8, 0, tzinfo=dt.UTC),
            submitted_at=dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC),
            income_sources=[{"source": "salary", "monthly": "5200.00"}],
            conduct_checklist={"two_staff_present": True, "no_third_party_disclosure": True},
            recommendation="建议按月跟进",
        ))
        s.add(Feedback(visit_id=past.id, channel="sms", is_complaint=True,
                       complaint_text="来访时间太早，影响家人休息", follow_up="已致歉"))
        past_id = past.id
    return PackWorld(world, team_a=list(reversed(ids)), team_b=[other.id], past_visit=past_id)
