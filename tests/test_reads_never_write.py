"""Opening a page or a document changes no row (issue 19 item 4, issue 16 item 5).

Each read path the screens use runs on demo data, inside a committed unit of
work (so a changed ORM object would be flushed), while the engine records
every INSERT/UPDATE/DELETE; the audit trail may only gain views of personal
data and generated documents. The demo's promises are past due and unpaid on
the day the reads run: a read that judged and stored them would show here.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk import clock, demo
from hvdesk.documents import briefing, schedules
from hvdesk.documents import visit_report as report_doc
from hvdesk.model import PromiseToPay, ReportStatus, User, Visit, VisitReport
from hvdesk.notices import notice_status_by_visit
from hvdesk.security.roles import Role
from hvdesk.services import customer_file, customer_list, home, overview
from hvdesk.services.auth import actor_for
from hvdesk.services.context import Actor
from hvdesk.services.list_query import CustomerQuery
from hvdesk.visitreports import (
    complaint_cases,
    customers_due_follow_up,
    dashboard,
    get_report,
    history,
    promises,
    report_for_visit,
    report_states,
    review_queue,
)
from tests.readonly import watch_writes

TODAY = dt.date(2026, 11, 25)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime.combine(TODAY, dt.time(19, 0), SHANGHAI)
#: Weeks later: every demo promise is past due, none judged so yet.
LATER = NOW + dt.timedelta(days=40)


def _calendar_queries() -> ModuleType:
    try:  # the calendar's reads move into the core (issue 15)
        return importlib.import_module("hvdesk.scheduling.calendar_query")
    except ModuleNotFoundError:
        return importlib.import_module("ui.calendar.data")


@pytest.fixture
def demo_db(db):
    demo.generate(db, customers=300, seed=7, today=TODAY)
    return db


def _actors(s: Session) -> dict[Role, Actor]:
    return {
        role: actor_for(s.scalars(select(User).where(User.role == role).order_by(User.id)).first())
        for role in (Role.MANAGER, Role.COORDINATOR, Role.REVIEWER, Role.VISITOR, Role.ADMIN)
    }


def _reads(db: Any, s: Session, who: dict[Role, Actor]) -> dict[str, Callable[[Session], Any]]:
    manager, coord = who[Role.MANAGER], who[Role.COORDINATOR]
    reviewer, visitor = who[Role.REVIEWER], who[Role.VISITOR]
    first, last = TODAY - dt.timedelta(days=45), TODAY + dt.timedelta(days=20)
    later = LATER.astimezone(SHANGHAI).date()
    report = s.scalars(select(VisitReport).where(VisitReport.status == ReportStatus.APPROVED)
                       .order_by(VisitReport.id)).first()
    customer, planned = s.execute(select(Visit.customer_id, Visit.planned_start)
                                  .where(Visit.id == report.visit_id)).one()
    report_id, report_visit = report.id, report.visit_id
    report_day = planned.astimezone(SHANGHAI).date()
    visit_ids = list(s.scalars(select(Visit.id).order_by(Visit.id).limit(50)))
    cal = _calendar_queries()
    week = [later - dt.timedelta(days=later.weekday()) + dt.timedelta(days=k) for k in range(7)]
    return {
        "home page (coordinator)": lambda s: home.home(s, coord),
        "home page (manager)": lambda s: home.home(s, manager),
        "home page (reviewer)": lambda s: home.home(s, reviewer),
        "home page (visitor)": lambda s: home.home(s, visitor),
        "home page (admin)": lambda s: home.home(s, who[Role.ADMIN]),
        "customer list": lambda s: customer_list.fetch_page(s, coord, CustomerQuery()),
        "customer file": lambda s: customer_file.load_file(s, db.cipher, coord, customer),
        "calendar week": lambda s: cal.load_range(s, coord, week[0], week[-1]),
        "calendar week (visitor)": lambda s: cal.load_range(s, visitor, week[0], week[-1]),
        "calendar unscheduled": lambda s: cal.due_customers(s, coord),
        "calendar follow-ups": lambda s: customers_due_follow_up(s, coord),
        "notice states": lambda s: notice_status_by_visit(s, visit_ids),
        "dashboard by week": lambda s: dashboard(s, manager, start=first, end=last,
                                                 group="week"),
        "dashboard by team": lambda s: dashboard(s, manager, start=first, end=last,
                                                 group="team"),
        "promises tab": lambda s: promises(s, manager),
        "broken promises": lambda s: promises(s, manager, status="broken"),
        "customer's promises": lambda s: promises(s, coord, customer_id=customer),
        "complaints tab": lambda s: complaint_cases(s, manager, open_only=False),
        "review queue": lambda s: review_queue(s, reviewer),
        "report": lambda s: get_report(s, reviewer, report_id),
        "report of a visit": lambda s: report_for_visit(s, coord, report_visit),
        "report history": lambda s: history(s, reviewer, report_id),
        "report states": lambda s: report_states(s, coord, visit_ids),
        "audit page": lambda s: overview.recent_audit(s, manager),
        "briefing pack data": lambda s: briefing.gather(s, coord, report_day,
                                                        cipher=db.cipher),
        "branch day schedule": lambda s: schedules.branch_day(s, coord, TODAY),
        "visit report document": lambda s: report_doc.gather(s, coord, report_visit),
    }


def test_reads_change_no_row_and_audit_only_views(demo_db):
    with demo_db.session() as s:
        who = _actors(s)
        reads = _reads(demo_db, s, who)
        stored = sorted(s.execute(select(PromiseToPay.id, PromiseToPay.status,
                                         PromiseToPay.version)).all())
    assert stored, "the demo has promises (or the calendar and dashboard reads prove little)"
    failures: dict[str, list[str]] = {}
    with clock.pinned(LATER):
        for name, read in reads.items():
            with watch_writes(demo_db) as watch, demo_db.begin() as s:
                read(s)
            if watch.problems():
                failures[name] = watch.problems()[:3]
    assert failures == {}
    with demo_db.session() as s:
        after = sorted(s.execute(select(PromiseToPay.id, PromiseToPay.status,
                                        PromiseToPay.version)).all())
    assert after == stored


def test_the_state_of_a_promise_follows_its_date_without_being_stored(demo_db):
    """Read weeks later, the unpaid promises are broken, though no row says so yet."""
    with demo_db.session() as s:
        manager = _actors(s)[Role.MANAGER]
        pending = s.scalar(select(func.count()).select_from(PromiseToPay)
                           .where(PromiseToPay.status == "pending"))
    assert pending, "the demo has promises not yet due on its day"
    later = LATER.astimezone(SHANGHAI).date()
    with demo_db.session() as s:
        listed = promises(s, manager, today=later)
        broken = promises(s, manager, status="broken", today=later)
        stored_pending = s.scalar(select(func.count()).select_from(PromiseToPay)
                                  .where(PromiseToPay.status == "pending"))
    assert stored_pending == pending
    assert {p.status for p in listed} <= {"kept", "partial", "broken"}
    assert [p.id for p in broken] == [p.id for p in listed if p.status == "broken"]
    assert all(p.paid == Decimal(0) for p in broken)


def test_the_home_page_writes_no_row_and_no_audit_event(demo_db):
    """Issue 16 item 6: opening the home page, in every role, leaves no trace at all."""
    with demo_db.session() as s:
        who = _actors(s)
    for role, actor in who.items():
        with clock.pinned(LATER), watch_writes(demo_db) as watch, demo_db.begin() as s:
            home.home(s, actor)
        assert (watch.statements, watch.audit) == ([], []), role
