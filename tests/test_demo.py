"""The demo generator: determinism, valid personal data, believable visits, privacy."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import undefer

from hvdesk import demo, geo, idcard, migrations, phone
from hvdesk.database import Database
from hvdesk.demo import generator, pipeline
from hvdesk.demo.customers import ANCHOR
from hvdesk.demo.generator import STAFF
from hvdesk.demo.inspect import dump_customers, dump_loans, dump_users
from hvdesk.demo.numbers import Permutation
from hvdesk.demo.schedule import PAST_DAYS
from hvdesk.demo.texts import NOTICE_FORBIDDEN
from hvdesk.errors import HvdeskError
from hvdesk.model import (
    AuditEvent,
    Customer,
    Feedback,
    LoanAccount,
    Notice,
    ReportStatus,
    Role,
    User,
    Visit,
    VisitCost,
    VisitMember,
    VisitReport,
    VisitStatus,
)
from hvdesk.security import pii
from hvdesk.security.passwords import verify_password
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.conftest import PgDatabases
from tests.factories import make_org

TODAY = dt.date(2026, 11, 25)  # a Wednesday
N = 300
SHANGHAI = ZoneInfo("Asia/Shanghai")
S = VisitStatus


def _generate(db: Database, seed: int = 11, customers: int = N) -> demo.DemoResult:
    return demo.generate(db, customers=customers, seed=seed, today=TODAY)


@pytest.fixture
def demo_db(db: Database) -> tuple[Database, demo.DemoResult]:
    return db, _generate(db)


@pytest.fixture
def second_db(
    db: Database, tmp_path: Path, pg_databases: PgDatabases | None
) -> Iterator[Database]:
    """Another empty database on the same backend as ``db``."""
    if db.is_sqlite:
        other = Database.open(f"sqlite:///{(tmp_path / 'second.db').as_posix()}")
        migrations.upgrade(other)
        yield other
        other.dispose()
        return
    assert pg_databases is not None
    url = pg_databases.create()
    other = Database.open(url)
    migrations.upgrade(other)
    yield other
    other.dispose()
    pg_databases.drop(url)


def _visit_table(db: Database) -> list[tuple[object, ...]]:
    with db.session() as s:
        return [
            tuple(r) for r in s.execute(
                select(Visit.id, Visit.customer_id, Visit.planned_start, Visit.status,
                       Visit.purpose).order_by(Visit.id)
            )
        ]


# --- determinism --------------------------------------------------------------
def test_same_seed_gives_the_same_data(db: Database, second_db: Database) -> None:
    first = _generate(db, seed=5)
    second = _generate(second_db, seed=5)
    assert dump_customers(db) == dump_customers(second_db)
    assert dump_loans(db) == dump_loans(second_db)
    assert dump_users(db) == dump_users(second_db)
    assert _visit_table(db) == _visit_table(second_db)
    assert first.counts == second.counts
    assert len(dump_customers(db)) == N
    # Passwords come from ``secrets``: never the same for two databases.
    assert first.passwords != second.passwords


def test_customers_do_not_depend_on_today(db: Database, second_db: Database) -> None:
    demo.generate(db, customers=50, seed=5, today=TODAY)
    demo.generate(second_db, customers=50, seed=5, today=TODAY + dt.timedelta(days=40))
    assert dump_customers(db) == dump_customers(second_db)
    assert dump_loans(db) == dump_loans(second_db)


def test_different_seeds_differ(db: Database, second_db: Database) -> None:
    _generate(db, seed=1)
    _generate(second_db, seed=2)
    a, b = dump_customers(db), dump_customers(second_db)
    assert [r[2] for r in a] != [r[2] for r in b]  # names
    assert {r[3] for r in a}.isdisjoint({r[3] for r in b}) or [r[3] for r in a] != [
        r[3] for r in b
    ]


# --- personal data ------------------------------------------------------------
def test_id_numbers_are_valid_and_decode_to_real_districts(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    rows = dump_customers(db)
    numbers = [r[3] for r in rows]
    assert len(set(numbers)) == len(numbers)
    for r in rows:
        parsed = idcard.parse(r[3], today=TODAY)
        assert parsed.region_code == r[4] == r[10]  # id_region == registered_adcode
        assert geo.exists(parsed.region_code)
        assert dt.date(1960, 1, 1) <= parsed.birth_date <= dt.date(2003, 12, 31)
        assert r[5] == r[3][-4:]
        district = geo.full_name(r[10])
        assert district is not None and r[9].startswith(district)
    provinces = Counter(r[10][:2] for r in rows)
    assert provinces["51"] > len(rows) * 0.7  # mostly Sichuan
    assert sum(n for p, n in provinces.items() if p != "51") > 0  # some neighbours


def test_phones_are_valid_and_unique(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, _ = demo_db
    phones = [r[6] for r in dump_customers(db)]
    assert len(set(phones)) == len(phones)
    for number in phones:
        assert phone.parse(number) == number


def test_customers_are_located_near_their_district(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    for r in dump_customers(db):
        d = geo.lookup(r[10])
        assert d is not None
        assert abs(r[13] - d.lat) < 0.1 and abs(r[14] - d.lon) < 0.1
        assert r[15] in ("street", "district") and r[16] == "demo"
        assert r[19] <= ANCHOR and r[19] <= r[20] <= ANCHOR  # fixed anchor, not "now"
        assert r[19].tzinfo is not None


def test_loans_are_consistent(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, _ = demo_db
    loans = dump_loans(db)
    per_customer = Counter(r[1] for r in loans)
    assert set(per_customer.values()) <= {1, 2}
    assert len(per_customer) == N
    assert len({r[2] for r in loans}) == len(loans)  # contract numbers unique
    current = 0
    for (_id, _cid, contract, _product, principal, outstanding, overdue, dpd, last_paid,
         opened) in loans:
        assert contract.startswith("HT")
        assert 3_000 <= principal <= 200_000
        assert 0 <= overdue <= outstanding
        assert (dpd == 0) == (overdue == 0) or outstanding == 0
        assert opened < ANCHOR.date()
        assert last_paid is None or opened < last_paid <= ANCHOR.date()
        current += dpd == 0
    assert current > len(loans) / 2  # most customers pay on time


# --- staff and visits ---------------------------------------------------------
def test_all_logins_exist_with_printed_passwords(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, result = demo_db
    expected = {"admin", "coord1", "coord2", "reviewer1", "reviewer2", "manager1"} | {
        f"visitor{i}" for i in range(1, 9)
    }
    assert set(result.passwords) == expected
    assert len(STAFF) == 14
    with db.session() as s:
        users = {u.login: u for u in s.scalars(select(User))}
        # password_hash is deferred (no desk role may read it on a shared server).
        hashes = {login: h for login, h in s.execute(select(User.login, User.password_hash))}
    assert set(users) == expected
    assert verify_password(hashes["coord1"], result.passwords["coord1"])
    assert not verify_password(hashes["coord1"], result.passwords["coord2"])
    assert users["visitor3"].role is Role.VISITOR
    assert users["admin"].branch_id is None


def test_visits_cover_every_status_sensibly_by_date(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    with db.session() as s:
        visits = list(s.scalars(select(Visit)))
    assert {v.status for v in visits} == set(VisitStatus)
    allowed = {
        "past": {S.COMPLETED, S.CANCELLED, S.NO_SHOW, S.RESCHEDULED},
        "today": {S.COMPLETED, S.IN_PROGRESS, S.CONFIRMED},
        "future": {S.PLANNED, S.NOTIFIED, S.CONFIRMED},
    }
    for v in visits:
        day = v.planned_start.astimezone(SHANGHAI).date()
        when = "past" if day < TODAY else "today" if day == TODAY else "future"
        assert v.status in allowed[when], (day, v.status)
        if v.status in (S.CANCELLED, S.RESCHEDULED):
            assert v.cancel_reason


def test_visits_in_allowed_hours_on_working_days(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    with db.session() as s:
        visits = list(s.scalars(select(Visit)))
    assert visits
    for v in visits:
        assert v.planned_start.tzinfo is not None
        start = v.planned_start.astimezone(SHANGHAI)
        end = v.planned_end.astimezone(SHANGHAI)
        assert start.date() == end.date()
        assert dt.time(8, 0) <= start.time() and end.time() <= dt.time(20, 0)
        assert start.weekday() < 5
        assert TODAY - dt.timedelta(days=PAST_DAYS) <= start.date() < TODAY + dt.timedelta(days=14)


def test_teams_of_two_or_three_visitors_with_one_lead(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    with db.session() as s:
        roles = {u.id: u.role for u in s.scalars(select(User))}
        members = list(s.scalars(select(VisitMember)))
        visits = {v.id: v for v in s.scalars(select(Visit))}
    by_visit: dict[int, list[VisitMember]] = defaultdict(list)
    for m in members:
        by_visit[m.visit_id].append(m)
    assert set(by_visit) == set(visits)
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for visit_id, team in by_visit.items():
        assert 2 <= len(team) <= 3
        assert sum(m.is_lead for m in team) == 1
        assert all(roles[m.user_id] is Role.VISITOR for m in team)
        v = visits[visit_id]
        for m in team:
            busy[m.user_id].append((v.planned_start, v.planned_end))
    for spans in busy.values():  # nobody is in two places at once
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start


def test_reports_are_reviewed_by_a_reviewer_outside_the_team(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    with db.session() as s:
        roles = {u.id: u.role for u in s.scalars(select(User))}
        reports = list(s.scalars(select(VisitReport)))
        team = defaultdict(set)
        for m in s.scalars(select(VisitMember)):
            team[m.visit_id].add(m.user_id)
        status = {v.id: v.status for v in s.scalars(select(Visit))}
    statuses = Counter(r.status for r in reports)
    assert statuses[ReportStatus.APPROVED] > 0 and statuses[ReportStatus.SUBMITTED] > 0
    for r in reports:
        assert status[r.visit_id] in (S.COMPLETED, S.NO_SHOW)
        assert r.author_id in team[r.visit_id]
        if r.status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
            assert r.reviewer_id is not None
            assert roles[r.reviewer_id] is Role.REVIEWER
            assert r.reviewer_id not in team[r.visit_id]
            assert r.submitted_at is not None and r.reviewed_at is not None
            assert r.submitted_at < r.reviewed_at
        if r.status is not ReportStatus.DRAFT:
            assert r.submitted_at is not None and r.left_at is not None
            assert r.submitted_at > r.left_at
        assert all(r.conduct_checklist.values())


def test_notices_are_polite_encrypted_and_early(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    phones = {r[0]: r[6] for r in dump_customers(db)}
    with db.session() as s:
        # The ciphertext is deferred (roles without the full view may not select it).
        notices = list(s.scalars(select(Notice).options(undefer(Notice.phone_enc))))
        visits = {v.id: v for v in s.scalars(select(Visit))}
    assert notices
    assert {n.status.value for n in notices} <= {"sent", "delivered"}
    for n in notices:
        visit = visits[n.visit_id]
        number = db.cipher.decrypt(pii.CUSTOMER_PHONE.at(visit.customer_id), n.phone_enc)
        assert number == phones[visit.customer_id]
        assert n.phone_last4 == number[-4:]
        for word in NOTICE_FORBIDDEN:
            assert word not in n.text, (word, n.text)
        assert n.sent_at is not None
        assert visit.planned_start - n.sent_at >= dt.timedelta(hours=24)
        assert dt.time(8, 0) <= n.sent_at.astimezone(SHANGHAI).time() <= dt.time(21, 0)
        assert n.sent_at.astimezone(SHANGHAI).date() < TODAY
    with_notice = {n.visit_id for n in notices if n.kind == "notice"}
    for v in visits.values():
        if v.status in (S.NOTIFIED, S.CONFIRMED, S.IN_PROGRESS, S.COMPLETED, S.NO_SHOW):
            assert v.id in with_notice
        if v.status is S.PLANNED:
            assert v.id not in with_notice


def test_feedback_costs_and_do_not_visit(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, result = demo_db
    with db.session() as s:
        feedback = list(s.scalars(select(Feedback)))
        costs = list(s.scalars(select(VisitCost)))
        status = {v.id: v.status for v in s.scalars(select(Visit))}
        visited = {v.customer_id for v in s.scalars(select(Visit))}
        dnv = set(s.scalars(select(Customer.id).where(Customer.do_not_visit)))
        dnv_reasons = list(s.scalars(select(Customer.do_not_visit_reason)
                                     .where(Customer.do_not_visit)))
    assert feedback and all(1 <= f.satisfaction <= 5 for f in feedback if f.satisfaction)
    assert any(f.is_complaint and f.complaint_text for f in feedback)
    assert all(status[f.visit_id] is S.COMPLETED for f in feedback)
    assert costs and {status[c.visit_id] for c in costs} == {S.COMPLETED}
    assert all(c.distance_km >= 0 and c.transport > 0 and c.staff_hours > 0 for c in costs)
    assert not (visited & dnv)
    assert all(dnv_reasons)
    assert result.counts["visit"] == len(status)
    assert result.counts["customer"] == N


# --- refusal, audit, privacy ----------------------------------------------------
def test_a_database_with_data_is_refused(db: Database) -> None:
    make_org(db)
    with pytest.raises(HvdeskError, match="already has data"):
        _generate(db)


def test_a_second_run_is_refused(demo_db: tuple[Database, demo.DemoResult]) -> None:
    db, _ = demo_db
    with pytest.raises(HvdeskError, match="already has data"):
        _generate(db, seed=99)


def test_one_demo_audit_event_and_the_app_can_add_rows_after(
    demo_db: tuple[Database, demo.DemoResult],
) -> None:
    db, _ = demo_db
    with db.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.action == "demo")))
    assert len(events) == 1
    assert events[0].detail == {"customers": N, "seed": 11}
    assert events[0].actor_login == "system"
    # Ids were assigned by the generator: PostgreSQL's sequences must have caught up.
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        user = User(login="late", display_name="新同事", employee_no="V9999",
                    role=Role.VISITOR, branch_id=1, password_hash="x")
        s.add(user)
        s.flush()
        assert user.id == 15
        loan = LoanAccount(customer_id=1, contract_no="HT-NEW", product="消费贷",
                           principal=1000, outstanding_balance=1000)
        s.add(loan)
        s.flush()
        assert loan.id > N


def test_sqlite_file_holds_no_clear_numbers(sqlite_db: Database) -> None:
    _generate(sqlite_db, customers=200)
    rows = dump_customers(sqlite_db)
    path = sqlite_db.sqlite_path
    assert path is not None
    sqlite_db.dispose()
    data = b"".join(
        p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists()
    )
    assert rows[0][2].encode() in data  # the search works: names are in clear
    for r in random.Random(0).sample(rows, 20):
        assert r[3].encode() not in data
        assert r[6].encode() not in data


def test_progress_reports_chunks(db: Database) -> None:
    calls: list[tuple[int, int]] = []
    demo.generate(db, customers=40, seed=3, today=TODAY,
                  progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (40, 40)


def test_permutation_is_a_bijection() -> None:
    for size in (1, 2, 7, 1000, 4097):
        perm = Permutation(size, random.Random(size))
        assert sorted(perm(i) for i in range(size)) == list(range(size))


def test_helper_process_makes_the_same_data(
    db: Database, second_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Big runs make customers in a helper process; the data must not change."""
    _generate(db, seed=8, customers=120)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(generator, "CHUNK", 50)  # several chunks through the pipe
    _generate(second_db, seed=8, customers=120)
    assert dump_customers(db) == dump_customers(second_db)
    assert dump_loans(db) == dump_loans(second_db)
    assert _visit_table(db) == _visit_table(second_db)
