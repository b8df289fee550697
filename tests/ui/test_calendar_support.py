"""Shared set-up for the calendar tests (no tests here): visitors, customers, visits, a page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pytestqt.qtbot import QtBot
from sqlalchemy import update

from hvdesk.database import Database
from hvdesk.model import Customer, User, VisitPurpose
from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling import service as scheduling
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM, Actor
from tests.factories import PASSWORD, Org
from tests.test_customer_list_service import Spec, seed_customers
from ui.calendar.page import CalendarPage
from ui.main_window import wire_calendar
from ui.settings import Settings

ZONE = ZoneInfo("Asia/Shanghai")
MORE = ["刘洋洋", "杨帆", "黄磊", "赵雪", "吴昊", "周婷", "徐明", "孙悦", "马超", "朱丽"]


def plan_day(after_days: int = 10) -> dt.date:
    """A working day (no holiday, no weekend) comfortably past the SMS lead time."""
    day = dt.date.today() + dt.timedelta(days=after_days)
    while day.weekday() >= 5 or not calendar_cn.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def team_key(team: tuple[int, ...]) -> str:
    """The calendar's key of a team column: ``t:`` and the sorted member ids."""
    return "t:" + ",".join(map(str, sorted(team)))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), ZONE)


@dataclass
class Crew:
    """Four visitors in two teams, and customers due a visit."""

    org: Org
    visitors: dict[str, int]
    customers: list[int]

    @property
    def team_a(self) -> tuple[int, int]:
        return self.visitors["visitor1"], self.visitors["visitor2"]

    @property
    def team_b(self) -> tuple[int, int]:
        return self.visitors["visitor3"], self.visitors["visitor4"]

    def coordinator(self) -> Actor:
        return self.org.actors["coord1"]


def make_crew(db: Database, org: Org, customers: int = 6) -> Crew:
    pw = hash_password(PASSWORD, demo=True)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        extra = [
            User(
                login=login,
                display_name=name,
                employee_no=no,
                role=Role.VISITOR,
                branch_id=org.branch_id,
                password_hash=pw,
            )
            for login, name, no in (
                ("visitor2", "李娜", "V0002"),
                ("visitor3", "赵强", "V0003"),
                ("visitor4", "孙丽", "V0004"),
            )
        ]
        s.add_all(extra)
        s.flush()
        ids = {u.login: u.id for u in extra}
    ids["visitor1"] = org.actors["visitor1"].user_id or 0
    names = ["陈晓明", "周杰", "吴芳芳", "郑伟", "王小红", "冯刚", "何静", "韩磊"]
    # The first nine in priority order (90 down to 10 days past due); any more, mixed.
    specs = [
        Spec(
            names[i % len(names)] if i < len(names) else MORE[i % len(MORE)],
            dpd=90 - i * 10 if i < 9 else 3 + (i * 37) % 120,
            overdue=str(10000 - i * 900 if i < 9 else 500 + (i * 733) % 20000),
            adcode="510107" if i % 3 else "510104",
        )
        for i in range(customers)
    ]
    customer_ids = seed_customers(db, org.branch_id, specs)
    with db.begin() as s:
        for k, cid in enumerate(customer_ids):
            s.execute(
                update(Customer)
                .where(Customer.id == cid)
                .values(latitude=30.60 + 0.01 * k, longitude=104.05 + 0.012 * k)
            )
    return Crew(org, ids, customer_ids)


def book(
    db: Database,
    crew: Crew,
    customer: int,
    start: dt.datetime,
    minutes: int = 60,
    team: tuple[int, ...] | None = None,
) -> int:
    with db.begin() as s:
        view = scheduling.create_visit(
            s,
            crew.coordinator(),
            customer_id=customer,
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            member_ids=team or crew.team_a,
            purpose=VisitPurpose.OVERDUE,
        )
        return view.id


def open_page(
    qtbot: QtBot,
    db: Database,
    actor: Actor,
    settings: Settings,
    day: dt.date | None = None,
    mode: str | None = "day",
) -> CalendarPage:
    if day is not None:
        settings.store("calendar/date", day.isoformat())
    if mode is not None:
        settings.store("calendar/view", mode)
    page = CalendarPage(db, actor, settings)
    wire_calendar(page, db, actor, settings)  # as the main window does
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.loaded is not None and page.idle, timeout=5000)
    return page


def settle(qtbot: QtBot, page: CalendarPage) -> None:
    """Wait until the page's writes and the re-reads they caused are done."""
    qtbot.waitUntil(lambda: page.idle, timeout=5000)


def wait_reloaded(qtbot: QtBot, page: CalendarPage) -> None:
    with qtbot.waitSignal(page.sig_loaded, timeout=5000):
        pass
