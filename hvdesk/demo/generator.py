"""``hvdesk demo``: fill an empty database with a believable branch.

Same seed, same data: every random choice comes from ``random.Random(seed)``
(split into independent streams so that the customers do not depend on the
day the demo runs), primary keys are assigned here, and customer dates are
relative to a fixed anchor. Only the ciphertexts differ between runs (random
nonces, a key per database).

A million customers are written in chunks with Core ``executemany`` inside
one transaction: a failed run leaves the database empty, memory stays flat,
and no ORM object is built per customer. Big runs make the chunks in a helper
process (:mod:`hvdesk.demo.pipeline`) and, on SQLite, rebuild the customer and
loan indexes once at the end instead of row by row. Bulk inserts bypass the
per-row audit listener on purpose; one ``demo`` event records the run instead.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.orm import Session

from hvdesk.database import Database
from hvdesk.demo import pipeline
from hvdesk.demo.customers import Candidate, encrypt_rows
from hvdesk.demo.history import History
from hvdesk.demo.people import full_name
from hvdesk.demo.schedule import Planner, Staff
from hvdesk.demo.visit_rows import BranchInfo, VisitRows
from hvdesk.errors import HvdeskError
from hvdesk.messages import msg
from hvdesk.model import (
    Base,
    Branch,
    Customer,
    Feedback,
    LoanAccount,
    Notice,
    PromiseToPay,
    Repayment,
    Role,
    User,
    Visit,
    VisitCost,
    VisitMember,
    VisitReport,
)
from hvdesk.model import search as search_index
from hvdesk.scheduling import bookings
from hvdesk.security.passwords import hash_password
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.visitreports import backfill as visitreports_backfill

CHUNK = 10_000
#: Below this many customers, rebuilding indexes costs more than it saves.
DEFER_INDEXES_FROM = 50_000
BRANCH_ID = 1
_STAFF_SINCE = dt.datetime(2025, 6, 1, 1, 0, tzinfo=dt.UTC)

#: (login, role, employee number); visitors form the teams.
STAFF: tuple[tuple[str, Role, str], ...] = (
    ("admin", Role.ADMIN, "A0001"),
    ("coord1", Role.COORDINATOR, "C0101"),
    ("coord2", Role.COORDINATOR, "C0102"),
    *((f"visitor{i}", Role.VISITOR, f"V02{i:02d}") for i in range(1, 9)),
    ("reviewer1", Role.REVIEWER, "R0301"),
    ("reviewer2", Role.REVIEWER, "R0302"),
    ("manager1", Role.MANAGER, "M0401"),
)

_BRANCH: dict[str, Any] = {
    "code": "CD-WH01",
    "name": "成都武侯服务中心",
    "address": "四川省成都市武侯区人民南路四段12号华宇广场6楼",
    # WGS-84, near the Renmin South Road / South 2nd Ring junction.
    "latitude": 30.6262,
    "longitude": 104.0702,
    "hotline": "028-85561234",
    "timezone": "Asia/Shanghai",
}

def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


_VISIT_TABLES = (Visit, VisitMember, Notice, VisitReport, Feedback, VisitCost)
#: Tables whose ids are assigned here; PostgreSQL's sequences must catch up.
_SEQUENCED = ("branch", "app_user", "customer", "loan_account", "visit", "notice",
              "visit_report", "feedback", "visit_cost", "repayment", "promise_to_pay")


@dataclass(frozen=True)
class DemoResult:
    passwords: dict[str, str]  # login -> clear password, to print once
    counts: dict[str, int]  # table -> rows written


def demo_state(session: Session) -> tuple[str, int]:
    """("empty", 0), ("demo", customers) or ("other", customers): what the database holds.

    "demo" means only what :func:`generate` writes: its one branch and staff
    logins. Then running the demo again has nothing to do (``hvdesk demo … &&
    hvdesk`` must work twice in a row), while other data is refused.
    """
    customers = session.scalar(select(func.count()).select_from(Customer)) or 0
    branches = set(session.scalars(select(Branch.code)))
    logins = set(session.scalars(select(User.login)))
    if not branches and not logins and not customers:
        return "empty", 0
    demo_logins = {login for login, _role, _no in STAFF}
    if branches == {_BRANCH["code"]} and logins and logins <= demo_logins:
        return "demo", customers
    return "other", customers


def _refuse_non_empty(session: Session) -> None:
    has_customer = session.scalar(select(Customer.id).limit(1)) is not None
    has_user = session.scalar(select(User.id).limit(1)) is not None
    if has_customer or has_user:
        raise HvdeskError(msg("demo.generator.database_already_data",
                "the database already has data; demo fills only an empty database"))


def _staff(session: Session, rng: random.Random) -> tuple[dict[str, str], dict[str, User]]:
    """Branch and users through the ORM, so each gets its own audit event."""
    session.add(Branch(id=BRANCH_ID, created_at=_STAFF_SINCE, **_BRANCH))
    passwords: dict[str, str] = {}
    users: dict[str, User] = {}
    for user_id, (login, role, employee_no) in enumerate(STAFF, start=1):
        # Passwords come from ``secrets``, not the seeded RNG: the same seed
        # must not mean the same password on every demo database.
        password = secrets.token_urlsafe(9)
        passwords[login] = password
        users[login] = User(
            id=user_id,
            login=login,
            display_name="系统管理员" if role is Role.ADMIN else full_name(rng, rng.random() < 0.5),
            employee_no=employee_no,
            role=role,
            branch_id=None if role is Role.ADMIN else BRANCH_ID,
            password_hash=hash_password(password, demo=True),
            created_at=_STAFF_SINCE,
        )
    session.add_all(users.values())
    session.flush()
    return passwords, users


@contextmanager
def _sqlite_cache(conn: Connection, enabled: bool) -> Iterator[None]:
    """A 64 MB page cache while loading, then the connection's own again.

    The unique index on ``id_bidx`` takes keys in random order and cannot be
    deferred; a bigger cache keeps it from thrashing. The setting belongs to
    the pooled connection, so it is put back for whoever uses it next.
    """
    if not enabled:
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size=-65536")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


@contextmanager
def _indexes_deferred(conn: Connection, tables: tuple[str, ...], defer: bool) -> Iterator[None]:
    """Drop SQLite's secondary indexes for a bulk load and rebuild them after.

    Building an index once over sorted keys is far cheaper than keeping it
    up to date row by row (the blind index and names arrive in random
    order). The exact DDL is read back from ``sqlite_master``, so whatever
    the migrations made is restored; it all runs in the load's transaction,
    so a failure rolls the drops back too.
    """
    if not defer:
        yield
        return
    marks = ", ".join("?" for _ in tables)
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        tables,
    ).all()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)


def _sync_sequences(conn: Connection) -> None:
    for table in _SEQUENCED:
        conn.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            ),
            {"t": table},
        )


def generate(
    db: Database,
    *,
    customers: int,
    seed: int,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoResult:
    """Fill an empty, migrated database; return the demo passwords and row counts."""
    if customers < 0:
        raise HvdeskError(msg("demo.generator.number_customers_negative",
                "the number of customers cannot be negative"))
    today = today or dt.date.today()
    master = random.Random(seed)
    # Independent streams in a fixed order: adding visits or staff fields
    # later must not change the customers a seed gives.
    staff_rng = random.Random(master.getrandbits(64))
    customer_seed = master.getrandbits(64)
    visit_seed = master.getrandbits(64)
    cipher = db.cipher
    counts: dict[str, int] = {}

    with db.begin() as session:
        audit.bind_actor(session, SYSTEM)
        _refuse_non_empty(session)
        passwords, users = _staff(session, staff_rng)
        counts["branch"], counts["app_user"] = 1, len(users)
        conn = session.connection()
        stream = pipeline.CustomerStream(
            customer_seed, customers, BRANCH_ID, CHUNK,
            parallel=customers >= pipeline.PARALLEL_FROM and pipeline.parallel_possible(),
        )
        customer_insert = _table(Customer).insert()
        loan_insert = _table(LoanAccount).insert()
        counts["customer"] = counts["loan_account"] = 0
        defer = db.is_sqlite and customers >= DEFER_INDEXES_FROM
        with _sqlite_cache(conn, db.is_sqlite), \
                _indexes_deferred(conn, ("customer", "loan_account", "customer_search"), defer):
            for customer_rows, loan_rows in stream:
                encrypt_rows(cipher, customer_rows)
                conn.execute(customer_insert, customer_rows)
                # Core inserts skip the ORM's hook: the search terms are written here.
                search_index.index_rows(conn, customer_rows)
                conn.execute(loan_insert, loan_rows)
                counts["customer"] += len(customer_rows)
                counts["loan_account"] += len(loan_rows)
                if progress is not None:
                    progress(counts["customer"], customers)

        counts.update(_visits(conn, db, today, (seed, visit_seed), stream.candidates, users))
        # The visits went in through Core: the double-booking guard learns of them here.
        counts["visit_booking"] = bookings.rebuild_all(session)
        if db.engine.dialect.name == "postgresql":
            _sync_sequences(conn)
        # Promise rows and complaint cases the services would have made on filing
        # (after the sequences caught up: these rows take the next ids).
        for table, made in visitreports_backfill.backfill(session, today).items():
            counts[table] = counts.get(table, 0) + made
        audit.record(session, SYSTEM, "demo", "database", None, customers=customers, seed=seed)
    if progress is not None and customers == 0:
        progress(0, 0)
    return DemoResult(passwords=passwords, counts=counts)


def _visits(conn: Connection, db: Database, today: dt.date, seeds: tuple[int, int],
            candidates: tuple[list[Candidate], list[Candidate]],
            users: dict[str, User]) -> dict[str, int]:
    seed, visit_seed = seeds
    rng = random.Random(visit_seed)
    visitors = [
        Staff(u.id, u.display_name, u.employee_no)
        for u in users.values() if u.role is Role.VISITOR
    ]
    overdue, others = candidates
    planned = Planner(rng, today, visitors, overdue, others).plan()
    branch = BranchInfo(BRANCH_ID, float(_BRANCH["latitude"]), float(_BRANCH["longitude"]),
                        str(_BRANCH["hotline"]), str(_BRANCH["name"]))
    builder = VisitRows(
        rng, db.cipher, branch,
        coordinators=[u.id for u in users.values() if u.role is Role.COORDINATOR],
        reviewers=[u.id for u in users.values() if u.role is Role.REVIEWER],
        today=today,
    )
    for visit in planned:
        builder.add(visit)
    history = History(seed, today, overdue)
    history.build(planned, builder.tables)
    history.replies(planned, builder.tables["notice"])
    tables = {**builder.tables, "repayment": history.repayments,
              "promise_to_pay": history.promises}
    counts: dict[str, int] = {}
    for model in (*_VISIT_TABLES, Repayment, PromiseToPay):
        name = model.__tablename__
        rows: list[dict[str, Any]] = tables[name]
        if rows:
            conn.execute(_table(model).insert(), rows)
        counts[name] = len(rows)
    return counts


def count_rows(db: Database) -> dict[str, int]:
    """Rows per demo table, for the bench and the tests."""
    tables = [Customer, LoanAccount, Visit, VisitMember, Notice, VisitReport, Feedback, VisitCost,
              Repayment, PromiseToPay]
    with db.session() as s:
        return {
            t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0 for t in tables
        }
