"""Every figure the dashboard, its tabs, the calendar and the home page show,
checked against SQL written here from the tables alone (issue 16 item 5).

The promise state is computed here from the repayment table (not from the
stored ``paid`` or ``status``), so a figure that trusts a stale column fails.
One promise of the demo is paid in full and one in part before the checks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session

from hvdesk import clock, demo
from hvdesk.model import ReportStatus, User, Visit, VisitReport
from hvdesk.model.base import UTCDateTime
from hvdesk.security.roles import Role
from hvdesk.services import overview
from hvdesk.services.auth import actor_for
from hvdesk.services.context import Actor
from hvdesk.visitreports import (
    complaint_cases,
    customers_due_follow_up,
    dashboard,
    promises,
    record_repayment,
    review_queue,
)

TODAY = dt.date(2026, 11, 25)
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime.combine(TODAY, dt.time(19, 0), SHANGHAI)
START, END = TODAY - dt.timedelta(days=45), TODAY + dt.timedelta(days=20)
IN_PERIOD = "v.planned_start >= :lo AND v.planned_start < :hi"
FOLLOWED_UP = "('planned', 'notified', 'confirmed', 'in_progress', 'completed')"
#: A promise's state as of :today from the repayments themselves.
PROMISE_STATE = """
    SELECT p.id, p.visit_id, p.customer_id, p.due, p.amount, q.paid,
           CASE WHEN q.paid >= p.amount THEN 'kept'
                WHEN p.due >= :today THEN 'pending'
                WHEN q.paid > 0 THEN 'partial'
                ELSE 'broken' END AS state
    FROM promise_to_pay p JOIN (
        SELECT p2.id, COALESCE(SUM(r.amount), 0) AS paid
        FROM promise_to_pay p2 LEFT JOIN repayment r
          ON r.customer_id = p2.customer_id AND r.paid_on >= p2.promised_on
         AND r.paid_on <= p2.due
        GROUP BY p2.id) q ON q.id = p.id
"""


@pytest.fixture
def demo_db(db):
    demo.generate(db, customers=300, seed=7, today=TODAY)
    return db


def _actor(s: Session, role: Role) -> Actor:
    return actor_for(s.scalars(select(User).where(User.role == role).order_by(User.id)).first())


def _sql(s: Session, sql: str, **params: object) -> list:
    bounds = {
        "lo": dt.datetime.combine(START, dt.time(), SHANGHAI).astimezone(dt.UTC),
        "hi": dt.datetime.combine(END + dt.timedelta(days=1), dt.time(),
                                  SHANGHAI).astimezone(dt.UTC),
        "today": TODAY,
    }
    stmt = text(sql)
    if ":lo" in sql:
        stmt = stmt.bindparams(bindparam("lo", type_=UTCDateTime()),
                               bindparam("hi", type_=UTCDateTime()))
    names = {k for k in bounds if f":{k}" in sql}
    return s.execute(stmt, {**{k: bounds[k] for k in names}, **params}).all()


def _pay_two_promises(db) -> None:
    """One past-due promise paid in full, another in part: every state occurs."""
    with db.begin() as s:
        coord = _actor(s, Role.COORDINATOR)
        rows = s.execute(
            select(Visit.customer_id, VisitReport.promise_amount, VisitReport.promise_date)
            .join(VisitReport, VisitReport.visit_id == Visit.id)
            .where(VisitReport.status == ReportStatus.APPROVED,
                   VisitReport.promise_date < TODAY)
            .order_by(VisitReport.id)
        ).all()
        (full_c, full_amount, full_due), (part_c, _amount, part_due) = rows[0], rows[-1]
        assert full_c != part_c
        record_repayment(s, coord, full_c, full_amount, full_due, today=TODAY)
        record_repayment(s, coord, part_c, Decimal("100"), part_due, today=TODAY)


def test_promise_figures_agree_everywhere(demo_db):
    _pay_two_promises(demo_db)
    with clock.pinned(NOW), demo_db.session() as s:
        manager, coord = _actor(s, Role.MANAGER), _actor(s, Role.COORDINATOR)
        states = {pid: (state, Decimal(paid).quantize(Decimal("0.01")))
                  for pid, _v, _c, _d, _a, paid, state in _sql(s, PROMISE_STATE)}
        filed = _sql(s, "SELECT COUNT(*) FROM visit_report r WHERE r.status IN"
                        " ('submitted', 'approved') AND r.promise_amount IS NOT NULL")[0][0]
        listed = promises(s, manager)
        by_status = {st: promises(s, manager, status=st)
                     for st in ("pending", "kept", "partial", "broken")}
        board = dashboard(s, manager, start=START, end=END, group="week")
        in_period = _sql(s, f"SELECT ps.state, COUNT(*) FROM ({PROMISE_STATE}) ps"
                            f" JOIN visit v ON v.id = ps.visit_id WHERE {IN_PERIOD}"
                            " GROUP BY ps.state")
        follow_ups = customers_due_follow_up(s, coord)
        candidates = _sql(s, f"SELECT ps.customer_id, ps.due FROM ({PROMISE_STATE}) ps"
                             " JOIN customer c ON c.id = ps.customer_id"
                             " WHERE ps.state IN ('broken', 'partial') AND NOT c.do_not_visit")
        visits = _sql(s, "SELECT customer_id, planned_start FROM visit"
                         f" WHERE status IN {FOLLOWED_UP}")
    # Every filed promise has its row, and every state occurs in the demo.
    assert len(states) == filed
    assert {st for st, _paid in states.values()} == {"pending", "kept", "partial", "broken"}
    # The promises tab: each row's state and paid, and each filter's count.
    assert {p.id: (p.status, p.paid) for p in listed} == states
    for status, rows in by_status.items():
        assert sorted(p.id for p in rows) == sorted(
            pid for pid, (st, _paid) in states.items() if st == status), status
    # The dashboard's promise card and 承诺履约率 (total and per week).
    counts = Counter(dict(in_period))
    settled = counts["kept"] + counts["partial"] + counts["broken"]
    assert (board.total.promises_settled, board.total.promises_kept) == (settled, counts["kept"])
    assert board.total.promise_kept_rate == pytest.approx(counts["kept"] / settled)
    assert 0 < board.total.promise_kept_rate < 1
    assert sum(r.promises_settled for r in board.rows) == settled
    assert sum(r.promises_kept for r in board.rows) == counts["kept"]
    # The calendar's follow-ups: broken or partial, no visit on a later local day.
    last: dict[int, dt.date] = {}
    for cid, planned in visits:
        when = planned if isinstance(planned, dt.datetime) else dt.datetime.fromisoformat(planned)
        day = (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(SHANGHAI).date()
        last[cid] = max(day, last.get(cid, day))
    due_ids = {cid for cid, due in candidates
               if last.get(cid, dt.date.min) <= (due if isinstance(due, dt.date)
                                                 else dt.date.fromisoformat(due))}
    assert {f.customer_id for f in follow_ups} == due_ids
    assert due_ids, "the demo has broken promises not yet followed up"


def test_complaint_figures_agree_everywhere(demo_db):
    with clock.pinned(NOW), demo_db.session() as s:
        manager = _actor(s, Role.MANAGER)
        board = dashboard(s, manager, start=START, end=END, group="team")
        cases = complaint_cases(s, manager, open_only=False)
        open_cases = complaint_cases(s, manager)
        complaints = _sql(s, "SELECT COUNT(*) FROM visit v JOIN feedback f ON f.visit_id = v.id"
                             f" WHERE {IN_PERIOD} AND f.is_complaint")[0][0]
        in_period = _sql(s, "SELECT c.id FROM complaint_case c JOIN visit v ON v.id = c.visit_id"
                            f" WHERE {IN_PERIOD}")
        every = _sql(s, "SELECT COUNT(*) FROM feedback WHERE is_complaint")[0][0]
        still_open = _sql(s, "SELECT COUNT(*) FROM complaint_case WHERE status = 'open'")[0][0]
    assert complaints > 0
    # The chart's count, the tab's cases of the period and the feedback agree.
    assert board.total.complaints == complaints == len(in_period)
    assert sum(r.complaints for r in board.rows) == complaints
    assert len(cases) == every
    assert len(open_cases) == still_open > 0


def test_home_page_figures_agree(demo_db):
    with clock.pinned(NOW), demo_db.session() as s:
        coord, reviewer = _actor(s, Role.COORDINATOR), _actor(s, Role.REVIEWER)
        home = overview.overview(s, coord, now=NOW.astimezone(dt.UTC))
        queue = review_queue(s, reviewer, now=NOW)
        customers = _sql(s, "SELECT COUNT(*) FROM customer WHERE branch_id = :b",
                         b=coord.branch_id)[0][0]
        ahead = _sql(s, "SELECT COUNT(*) FROM visit WHERE branch_id = :b AND status IN"
                        " ('planned', 'notified', 'confirmed') AND planned_start >= :now"
                        " AND planned_start < :until", b=coord.branch_id,
                     now=NOW.astimezone(dt.UTC), until=NOW.astimezone(dt.UTC)
                     + dt.timedelta(days=14))
        waiting = _sql(s, "SELECT COUNT(*) FROM visit_report r JOIN visit v ON v.id = r.visit_id"
                          " WHERE r.status = 'submitted' AND v.branch_id = :b",
                       b=coord.branch_id)[0][0]
    assert home.customers == customers == 300
    assert home.visits_next_14_days == ahead[0][0] > 0
    assert home.reports_awaiting_review == waiting == len(queue) > 0
