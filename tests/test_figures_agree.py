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
from hvdesk.services import home
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
from hvdesk.visitreports.to_write import visits_to_report as to_write_rows

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


SHOWN = "('planned', 'notified', 'confirmed', 'in_progress', 'completed', 'no_show')"
OPEN = "('planned', 'notified', 'confirmed')"


def _notice_states(db) -> None:
    """The demo sends every notice: give four of visits ahead the states the home page counts."""
    with db.begin() as s:
        ahead = s.execute(text(
            "SELECT n.id FROM notice n JOIN visit v ON v.id = n.visit_id"
            f" WHERE v.planned_start >= :now AND v.status IN {OPEN} AND n.kind = 'notice'"
            " ORDER BY v.planned_start, n.id").bindparams(bindparam("now", type_=UTCDateTime())),
            {"now": NOW.astimezone(dt.UTC)}).scalars().all()
        assert len(ahead) >= 5, "the demo has notices of visits ahead"
        s.execute(text("UPDATE notice SET status = 'draft' WHERE id = :i"), {"i": ahead[0]})
        s.execute(text("UPDATE notice SET status = 'queued' WHERE id = :i"), {"i": ahead[1]})
        s.execute(text("UPDATE notice SET status = 'failed', error = 'x' WHERE id = :i"),
                  {"i": ahead[2]})
        for i, reply in ((ahead[3], "２"), (ahead[4], "2。")):
            s.execute(text("UPDATE notice SET reply = :r, needs_attention = :t WHERE id = :i"),
                      {"i": i, "r": reply, "t": True})


def _day(s: Session, where: str, day: dt.date, **params: object) -> list:
    lo = dt.datetime.combine(day, dt.time(), SHANGHAI).astimezone(dt.UTC)
    stmt = text(f"SELECT v.id FROM visit v WHERE v.status IN {SHOWN} AND v.planned_start >= :lo"
                f" AND v.planned_start < :hi AND {where}").bindparams(
        bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime()))
    return list(s.execute(stmt, {"lo": lo, "hi": lo + dt.timedelta(days=1), **params}).scalars())


def _teams(s: Session, visit_ids: list[int]) -> Counter:
    members: dict[int, set[int]] = {}
    for vid, uid in s.execute(text("SELECT visit_id, user_id FROM visit_member")):
        if vid in visit_ids:
            members.setdefault(vid, set()).add(uid)
    return Counter(tuple(sorted(m)) for m in members.values())


def test_home_cards_agree(demo_db):
    """Every count of every role's home page against SQL on the tables (issue 16 items 5, 6)."""
    _notice_states(demo_db)
    tomorrow = TODAY + dt.timedelta(days=1)
    with clock.pinned(NOW), demo_db.session() as s:
        coord, manager = _actor(s, Role.COORDINATOR), _actor(s, Role.MANAGER)
        reviewer, visitor = _actor(s, Role.REVIEWER), _actor(s, Role.VISITOR)
        b = coord.branch_id
        homes = {r: home.home(s, a, NOW.astimezone(dt.UTC))
                 for r, a in ((Role.COORDINATOR, coord), (Role.MANAGER, manager),
                              (Role.REVIEWER, reviewer), (Role.VISITOR, visitor))}
        branch_days = {d: _day(s, "v.branch_id = :b", d, b=b) for d in (TODAY, tomorrow)}
        teams = {d: _teams(s, ids) for d, ids in branch_days.items()}
        own = ("EXISTS (SELECT 1 FROM visit_member m WHERE m.visit_id = v.id"
               " AND m.user_id = :u)")
        visitor_days = {d: _day(s, own, d, u=visitor.user_id) for d in (TODAY, tomorrow)}
        ahead = (f"v.branch_id = :b AND v.status IN {OPEN} AND v.planned_start >= :now")
        notices = {
            status: s.execute(text(
                "SELECT COUNT(*) FROM notice n JOIN visit v ON v.id = n.visit_id"
                f" WHERE n.status IN {status} AND {ahead}").bindparams(
                    bindparam("now", type_=UTCDateTime())),
                {"b": b, "now": NOW.astimezone(dt.UTC)}).scalar()
            for status in ("('draft', 'queued')", "('failed')")}
        replies = [r for (r,) in s.execute(text(
            "SELECT n.reply FROM notice n JOIN visit v ON v.id = n.visit_id"
            " WHERE n.reply IS NOT NULL AND n.needs_attention AND v.branch_id = :b"
            f" AND n.kind IN ('notice', 'reschedule', 'reminder') AND v.status IN {OPEN}"),
            {"b": b})]
        reports = dict(_sql(s, "SELECT r.status, COUNT(*) FROM visit_report r JOIN visit v"
                               " ON v.id = r.visit_id WHERE v.branch_id = :b GROUP BY r.status",
                            b=b))
        returned_own = _sql(s, "SELECT COUNT(*) FROM visit_report r JOIN visit v"
                               " ON v.id = r.visit_id WHERE r.status = 'returned' AND"
                               f" (r.author_id = :u OR {own})", u=visitor.user_id)[0][0]
        lo = dt.datetime.combine(TODAY - dt.timedelta(days=60), dt.time(), SHANGHAI)
        hi = dt.datetime.combine(tomorrow, dt.time(), SHANGHAI)
        to_write = s.execute(text(
            "SELECT COUNT(*) FROM visit v LEFT JOIN visit_report r ON r.visit_id = v.id"
            " WHERE v.status IN ('in_progress', 'completed', 'no_show')"
            f" AND v.planned_start < :hi AND v.planned_end > :lo AND {own}"
            " AND (r.id IS NULL OR r.status = 'draft')").bindparams(
                bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime())),
            {"lo": lo.astimezone(dt.UTC), "hi": hi.astimezone(dt.UTC),
             "u": visitor.user_id}).scalar()
        reports_page = to_write_rows(s, visitor, TODAY, SHANGHAI)
        broken = _sql(s, f"SELECT COUNT(*) FROM ({PROMISE_STATE}) ps JOIN customer c"
                         " ON c.id = ps.customer_id WHERE ps.state = 'broken'"
                         " AND c.branch_id = :b", b=b)[0][0]
        complaints = _sql(s, "SELECT COUNT(*) FROM complaint_case c JOIN visit v"
                             " ON v.id = c.visit_id WHERE c.status = 'open'"
                             " AND v.branch_id = :b", b=b)[0][0]
        queue = review_queue(s, reviewer, now=NOW)
        broken_tab = promises(s, manager, status="broken")
        complaints_tab = complaint_cases(s, manager)
    for role in (Role.COORDINATOR, Role.MANAGER):
        h = homes[role]
        for plan, day in ((h.today_plan, TODAY), (h.tomorrow_plan, tomorrow)):
            assert plan is not None and plan.day == day
            assert plan.count == len(branch_days[day]) > 0
            assert Counter({t.member_ids: len(t.visit_ids) for t in plan.teams}) == teams[day]
        assert h.notices_unsent is not None and h.notices_failed is not None
        assert h.move_replies is not None
        assert h.notices_unsent.count == notices["('draft', 'queued')"] == 2
        assert h.notices_failed.count == notices["('failed')"] == 1
        assert h.move_replies.count == sum(1 for r in replies if r.strip().rstrip("。") in
                                           {"2", "２", "改约"}) == 2
        assert h.reports_waiting is not None and h.reports_returned is not None
        assert h.reports_waiting.count == reports["submitted"] == len(queue) > 0
        assert h.reports_returned.count == reports["returned"] > 0
        assert h.broken_promises is not None and h.open_complaints is not None
        assert h.broken_promises.count == broken == len(broken_tab) > 0
        assert h.open_complaints.count == complaints == len(complaints_tab) > 0
        assert h.reports_to_write is None
    v = homes[Role.VISITOR]
    assert v.today_plan is not None and v.tomorrow_plan is not None
    assert v.today_plan.count == len(visitor_days[TODAY]) > 0
    assert v.tomorrow_plan.count == len(visitor_days[tomorrow])
    assert {r.visit_id for r in v.today_plan.visits} <= set(visitor_days[TODAY])
    assert v.reports_to_write is not None and v.reports_returned is not None
    assert v.reports_to_write.count == to_write == sum(
        1 for r in reports_page if r.status in (None, ReportStatus.DRAFT))
    assert v.reports_returned.count == returned_own
    assert v.notices_unsent is None and v.broken_promises is None and v.reports_waiting is None
    r = homes[Role.REVIEWER]
    assert r.today_plan is None and r.notices_failed is None
    assert r.reports_waiting is not None and r.reports_returned is not None
    assert r.reports_waiting.count == len(queue)
    assert [row.report_id for row in r.reports_waiting.rows] == [
        q.report_id for q in queue][: home.FIRST_ROWS]
    assert r.reports_returned.count == reports["returned"]
