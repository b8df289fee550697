"""Visits to write reports on, complete report data, a second reviewer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hvdesk.database import Database
from hvdesk.model import Attitude, Housing, ReportOutcome, User, VisitMember, VisitPurpose
from hvdesk.model import VisitStatus as S
from hvdesk.scheduling import service
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor
from hvdesk.visitreports import CONDUCT_ITEMS, IncomeSource, OtherDebt, PersonPresent, ReportData
from tests.factories import PASSWORD
from tests.scheduling_helpers import NOW, TUESDAY, World, at


def make_visit(
    world: World,
    *,
    customer: int = 0,
    day: dt.date = TUESDAY,
    hour: int = 9,
    team: tuple[int, int] = (0, 1),
    started: bool = True,
) -> int:
    db = world.db
    with db.begin() as s:
        start = at(day, hour)
        view = service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[customer],
            start=start,
            end=start + dt.timedelta(hours=1),
            member_ids=world.team(*team),
            purpose=VisitPurpose.OVERDUE,
            now=NOW,
        )
        if started:
            for status in (S.NOTIFIED, S.IN_PROGRESS):
                service.set_status(s, world.coord, view.id, status)
        return view.id


def add_member(db: Database, visit_id: int, user_id: int) -> None:
    """Put someone on a team behind the scheduling rules' back (a reviewer who went along)."""
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(VisitMember(visit_id=visit_id, user_id=user_id, position=9))


def make_user(db: Database, login: str, role: Role, branch_id: int | None, name: str) -> Actor:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        user = User(login=login, display_name=name, employee_no=login.upper(), role=role,
                    branch_id=branch_id, password_hash=hash_password(PASSWORD, demo=True))
        s.add(user)
        s.flush()
        return actor_for(user)


def full_data(day: dt.date = TUESDAY, **changes: object) -> ReportData:
    """A complete "met the customer" report."""
    data = ReportData(
        outcome=ReportOutcome.MET_CUSTOMER,
        arrived_at=at(day, 9, 5),
        left_at=at(day, 9, 50),
        people_present=(
            PersonPresent("张三", "本人", True),
            PersonPresent("王丽", "配偶", False),
        ),
        household_size=4,
        dependants=2,
        housing=Housing.RENTED,
        income_sources=(IncomeSource("工资", Decimal("5200.00")),),
        other_debts=(OtherDebt("信用卡", Decimal("12000"), Decimal("800")),),
        assets="电动车一辆",
        attitude=Attitude.COOPERATIVE,
        ability_to_repay=3,
        willingness_to_repay=4,
        customer_requests="希望分期",
        promise_amount=Decimal("1500.00"),
        promise_date=day + dt.timedelta(days=10),
        recommendation="建议协商分期还款",
        notes="客户配合",
        conduct=dict.fromkeys(CONDUCT_ITEMS, True),
    )
    return dataclasses.replace(data, **changes) if changes else data  # type: ignore[arg-type]
