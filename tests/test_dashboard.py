"""Dashboard figures on the demo data, checked against SQL written here independently."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import bindparam, select, text

from hvdesk import demo
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.model import ReportOutcome, ReportStatus, User, Visit, VisitReport, VisitStatus
from hvdesk.model.base import UTCDateTime
from hvdesk.security.roles import Role
from hvdesk.services.auth import actor_for
from hvdesk.visitreports import dashboard, export_dashboard_xlsx, record_repayment

TODAY = dt.date(2026, 11, 25)
SHANGHAI = ZoneInfo("Asia/Shanghai")
START, END = TODAY - dt.timedelta(days=45), TODAY + dt.timedelta(days=20)
NOW = dt.datetime.combine(TODAY, dt.time(19, 0), SHANGHAI)


@pytest.fixture
def demo_db(db):
    demo.generate(db, customers=300, seed=7, today=TODAY)
    return db


@pytest.fixture
def manager(demo_db):
    with demo_db.session() as s:
        user = s.scalars(select(User).where(User.role == Role.MANAGER)).first()
        return actor_for(user)


def _bounds(first: dt.date, last: dt.date) -> dict[str, dt.datetime]:
    lo = dt.datetime.combine(first, dt.time(), SHANGHAI).astimezone(dt.UTC)
    hi = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), SHANGHAI).astimezone(dt.UTC)
    return {"lo": lo, "hi": hi}


def _sql(s, sql: str, first: dt.date = START, last: dt.date = END):
    stmt = text(sql).bindparams(
        bindparam("lo", type_=UTCDateTime()), bindparam("hi", type_=UTCDateTime())
    )
    return s.execute(stmt, _bounds(first, last)).all()


def _utc(value: dt.datetime | str) -> dt.datetime:
    # Raw SQL gives SQLite's naive UTC text, PostgreSQL's aware timestamp.
    when = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


IN_PERIOD = "v.planned_start >= :lo AND v.planned_start < :hi"
FILED = "('submitted', 'approved')"
CONTACT = "('met_customer', 'met_family')"


def _keep_one_promise(db) -> None:
    """Pay one past-due demo promise in full, so the kept rate is not trivially 0."""
    with db.begin() as s:
        coord = actor_for(s.scalars(select(User).where(User.role == Role.COORDINATOR)).first())
        customer, amount, due = s.execute(
            select(Visit.customer_id, VisitReport.promise_amount, VisitReport.promise_date)
            .join(VisitReport, VisitReport.visit_id == Visit.id)
            .where(VisitReport.status == ReportStatus.APPROVED,
                   VisitReport.promise_date < TODAY)
            .order_by(VisitReport.id)
        ).first()
        record_repayment(s, coord, customer, amount, due, today=TODAY)


def test_dashboard_agrees_with_sql_on_the_demo(demo_db, manager):
    _keep_one_promise(demo_db)
    with demo_db.begin() as s:
        board = dashboard(s, manager, start=START, end=END, group="branch", now=NOW)
    assert len(board.rows) == 1  # the demo has one branch
    total = board.total
    assert board.rows[0].visits == total.visits
    with demo_db.session() as s:
        by_status = dict(_sql(s, f"SELECT v.status, COUNT(*) FROM visit v WHERE {IN_PERIOD} "
                                 "GROUP BY v.status"))
        by_outcome = dict(_sql(s, "SELECT r.outcome, COUNT(*) FROM visit v JOIN visit_report r"
                                  f" ON r.visit_id = v.id WHERE {IN_PERIOD} AND r.status IN"
                                  f" {FILED} GROUP BY r.outcome"))
        waiting = [row[0] for row in _sql(
            s, "SELECT r.submitted_at FROM visit v JOIN visit_report r ON r.visit_id = v.id"
               f" WHERE {IN_PERIOD} AND r.status = 'submitted'")]
        settled, kept = _sql(
            s, "SELECT SUM(CASE WHEN p.status <> 'pending' THEN 1 ELSE 0 END),"
               " SUM(CASE WHEN p.status = 'kept' THEN 1 ELSE 0 END)"
               f" FROM visit v JOIN promise_to_pay p ON p.visit_id = v.id WHERE {IN_PERIOD}")[0]
        promised = _sql(s, "SELECT COUNT(*) FROM visit v JOIN visit_report r ON r.visit_id = v.id"
                           f" WHERE {IN_PERIOD} AND r.status IN {FILED}"
                           " AND r.promise_amount IS NOT NULL"
                           f" AND r.promise_date < '{TODAY.isoformat()}'")[0][0]
        costed, cost = _sql(
            s, "SELECT COUNT(*), SUM(c.transport + c.staff_cost + c.other_expenses)"
               f" FROM visit v JOIN visit_cost c ON c.visit_id = v.id WHERE {IN_PERIOD}")[0]
        contacts = _sql(s, "SELECT COUNT(*) FROM visit v JOIN visit_report r ON r.visit_id = v.id"
                           f" WHERE {IN_PERIOD} AND r.status IN {FILED}"
                           f" AND r.outcome IN {CONTACT}")[0][0]
        costed_contacts = _sql(
            s, "SELECT COUNT(*) FROM visit v JOIN visit_report r ON r.visit_id = v.id"
               f" JOIN visit_cost c ON c.visit_id = v.id WHERE {IN_PERIOD}"
               f" AND r.status IN {FILED} AND r.outcome IN {CONTACT}")[0][0]
        fb_count, mean, complaints = _sql(
            s, "SELECT COUNT(*), AVG(f.satisfaction),"
               " SUM(CASE WHEN f.is_complaint THEN 1 ELSE 0 END)"
               f" FROM visit v JOIN feedback f ON f.visit_id = v.id WHERE {IN_PERIOD}")[0]
    # The demo fills every figure the dashboard shows (or the comparison proves little).
    assert min(total.visits, costed, contacts, fb_count, complaints, promised, len(waiting)) > 0
    assert kept >= 1  # the demo keeps some promises itself (issue 20), and one more here
    assert total.visits == sum(by_status.values())
    assert {k.value: n for k, n in total.by_status.items()} == by_status
    assert {k.value: n for k, n in total.by_outcome.items()} == by_outcome
    assert total.reports_awaiting == len(waiting)
    ages = sorted(((NOW - _utc(w)).total_seconds() / 86400 for w in waiting), reverse=True)
    assert total.awaiting_ages == pytest.approx(ages)
    assert (total.promises_settled, total.promises_kept) == (settled or 0, kept or 0)
    # Every promise past due is settled; the demo's repayments keep some before their date.
    assert settled >= promised
    assert total.promise_kept_rate == (kept / settled if settled else None)
    assert total.costed_visits == costed
    assert total.total_cost == Decimal(cost).quantize(Decimal("0.01"))
    assert total.cost_per_visit == (Decimal(cost) / costed).quantize(Decimal("0.01"))
    assert total.successful_contacts == contacts
    assert total.cost_per_contact == (Decimal(cost) / costed_contacts).quantize(Decimal("0.01"))
    assert total.feedback_count == fb_count
    assert total.mean_satisfaction == pytest.approx(float(mean))
    assert total.complaints == complaints


def test_weeks_and_teams_split_the_same_visits(demo_db, manager):
    with demo_db.begin() as s:
        weeks = dashboard(s, manager, start=START, end=END, group="week", now=NOW)
        teams = dashboard(s, manager, start=START, end=END, group="team", now=NOW)
    assert weeks.total == teams.total
    assert sum(r.visits for r in teams.rows) == teams.total.visits
    assert sum(r.complaints for r in teams.rows) == teams.total.complaints
    assert [r.key for r in weeks.rows] == sorted(r.key for r in weeks.rows)
    with demo_db.session() as s:
        for row in weeks.rows:
            monday = dt.date.fromisoformat(row.key)
            assert monday.weekday() == 0
            first, last = max(monday, START), min(monday + dt.timedelta(days=6), END)
            count = _sql(s, f"SELECT COUNT(*) FROM visit v WHERE {IN_PERIOD}", first, last)[0][0]
            assert row.visits == count, row.label
    assert all("、" in r.label for r in teams.rows)  # teams of two or more


def test_dashboard_refusals(demo_db, manager):
    with demo_db.session() as s:
        visitor = actor_for(s.scalars(select(User).where(User.role == Role.VISITOR)).first())
    with pytest.raises(PermissionDenied), demo_db.begin() as s:
        dashboard(s, visitor, start=START, end=END, group="week")
    with pytest.raises(ValidationError), demo_db.begin() as s:
        dashboard(s, manager, start=END, end=START, group="week")
    with pytest.raises(ValidationError), demo_db.begin() as s:
        dashboard(s, manager, start=START, end=END, group="month")  # type: ignore[arg-type]


def test_export_xlsx(demo_db, manager, tmp_path):
    with demo_db.begin() as s:
        board = dashboard(s, manager, start=START, end=END, group="week", now=NOW)
        export_dashboard_xlsx(board, tmp_path / "d.xlsx", session=s, actor=manager)
    sheet = load_workbook(tmp_path / "d.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    assert head[0] == "周" and "履约率" in head
    assert len(rows) == len(board.rows) + 2
    assert rows[-1][0] == "合计"
    assert rows[-1][1] == board.total.visits
    met = head.index("见到客户")
    assert rows[-1][met] == board.total.by_outcome.get(ReportOutcome.MET_CUSTOMER, 0)
    done = head.index("已完成")
    assert rows[1][done] == board.rows[0].by_status.get(VisitStatus.COMPLETED, 0)
    assert rows[-1][head.index("总成本")] == pytest.approx(float(board.total.total_cost))
