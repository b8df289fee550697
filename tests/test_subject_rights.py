"""Issue 18 part 5: subject export, retention anonymisation and correction requests.

The table lists are derived from the SQLAlchemy metadata (every table with a
foreign-key path to ``customer``), so a table added later is covered by these
tests without anybody remembering to add it.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import ForeignKey, LargeBinary, Table, and_, select, union
from sqlalchemy.orm import Session

from hvdesk import demo
from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.model import (
    AuditEvent,
    Base,
    ComplaintCase,
    CorrectionRequest,
    Customer,
    CustomerNote,
    LoanAccount,
    Visit,
    VisitStatus,
)
from hvdesk.rights import corrections, retention
from hvdesk.rights.export import DERIVED, customer_tables, subject_export
from hvdesk.rights.scope import ENCRYPTED, decrypt
from hvdesk.services import audit, customers
from hvdesk.services.auth import actor_by_login
from hvdesk.services.context import SYSTEM, Actor
from tests.factories import PASSWORD

TODAY = dt.date(2026, 12, 1)
CUSTOMERS = 120


@pytest.fixture
def demo_db(db: Database) -> Database:
    demo.generate(db, customers=CUSTOMERS, seed=3, today=TODAY)
    return db


def _known_password(db: Database, login: str) -> None:
    """The CLI signs the user in (issue 14): give the demo user the test password."""
    from hvdesk.model import User  # noqa: PLC0415
    from hvdesk.security.passwords import hash_password  # noqa: PLC0415
    from hvdesk.services import audit  # noqa: PLC0415
    from hvdesk.services.context import SYSTEM  # noqa: PLC0415

    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        user = s.scalar(select(User).where(User.login == login))
        assert user is not None
        user.password_hash = hash_password(PASSWORD, demo=True)


def _actor(db: Database, login: str) -> Actor:
    with db.session() as s:
        return actor_by_login(s, login)


def _logins(db: Database) -> dict[str, str]:
    with db.session() as s:
        rows = s.execute(select(Customer.branch_id).order_by(Customer.id).limit(1)).scalar()
        from hvdesk.model import User  # noqa: PLC0415

        users = s.execute(select(User.login, User.role, User.branch_id)).all()
    coord = next(u for u, r, b in users if r.value == "coordinator" and b == rows)
    admin = next(u for u, r, _b in users if r.value == "admin")
    return {"coord": coord, "admin": admin}


def _busiest_customer(db: Database) -> int:
    """A demo customer with visits, notices and a report (the richest file)."""
    from hvdesk.model import Notice, VisitReport  # noqa: PLC0415

    with db.session() as s:
        stmt = (
            select(Visit.customer_id)
            .join(Notice, Notice.visit_id == Visit.id)
            .join(VisitReport, VisitReport.visit_id == Visit.id)
            .group_by(Visit.customer_id)
            .order_by(Visit.customer_id)
        )
        found = s.scalars(stmt).first()
    assert found is not None, "the demo should give some customer a visit with a report"
    return found


# --- every table with a foreign-key path to the customer, independently of the code --------


def _paths(table: Table, seen: frozenset[str] = frozenset()) -> list[list[ForeignKey]]:
    """Every chain of foreign keys from ``table`` up to ``customer`` (no table twice)."""
    if table.name == "customer":
        return [[]]
    found = []
    for fk in table.foreign_keys:
        parent = fk.column.table
        if parent.name in seen or parent.name == table.name:
            continue
        for rest in _paths(parent, seen | {table.name}):
            found.append([fk, *rest])
    return found


def _expected_keys(session: Session, table: Table, customer_id: int) -> set[tuple[Any, ...]]:
    pk = list(table.primary_key.columns)
    selects = []
    for path in _paths(table):
        stmt = select(*pk).select_from(table)
        current: Any = table
        for n, fk in enumerate(path):
            parent = fk.column.table.alias(f"p{n}")
            stmt = stmt.join(parent, and_(parent.c[fk.column.name] == current.c[fk.parent.name]))
            current = parent
        if not path:
            stmt = stmt.where(table.c.id == customer_id)
        else:
            stmt = stmt.where(current.c.id == customer_id)
        selects.append(stmt)
    if not selects:
        return set()
    return {tuple(r) for r in session.execute(union(*selects))}


def test_customer_tables_come_from_the_metadata():
    names = {t.name for t in customer_tables()}
    with_paths = {t.name for t in Base.metadata.sorted_tables if _paths(t)}
    # Every table about the customer, but the search index built from its fields.
    assert names == with_paths - DERIVED
    assert DERIVED <= with_paths  # noqa: SIM300 (reads as "the index is among them")
    assert {"visit", "notice", "visit_report", "report_attachment", "feedback",
            "visit_consent", "correction_request", "promise_to_pay"} <= names


def test_subject_export_holds_every_row_about_the_customer(demo_db, tmp_path):
    db = demo_db
    customer_id = _busiest_customer(db)
    logins = _logins(db)
    coord = _actor(db, logins["coord"])
    with db.begin() as s:
        corrections.correct_customer(s, db.cipher, coord, customer_id,
                                     {"current_address": "四川省成都市更正路8号"},
                                     requested_by="customer", reason="moved in October")
    out = tmp_path / "copy.xlsx"
    with db.begin() as s:
        result = subject_export(s, db.cipher, coord, customer_id, out,
                                reason="the customer's written request of 1 Dec")
    book = load_workbook(out, read_only=True)
    with db.session() as s:
        for table in customer_tables():
            expected = _expected_keys(s, table, customer_id)
            sheet = book[table.name[:31]]
            rows = list(sheet.iter_rows(values_only=True))
            header = list(rows[0])
            pk = [header.index(c.name) for c in table.primary_key.columns]
            got = {tuple(r[i] for i in pk) for r in rows[1:]}
            assert got == expected, table.name
            assert result.counts[table.name] == len(expected)
        plain = s.get(Customer, customer_id)
        number = decrypt(db.cipher, "customer", "id_enc", plain.id_enc, plain.id)
    customer_rows = list(book["customer"].iter_rows(values_only=True))
    assert number in customer_rows[1]  # decrypted: it is the person's own copy
    assert result.counts["visit"] > 0 and result.counts["notice"] > 0
    assert result.counts["visit_report"] > 0 and result.counts["correction_request"] == 1
    assert len(list(book["audit_event"].iter_rows(values_only=True))) > 1
    with db.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "subject_export")).one()
    assert event.actor_login == coord.login
    assert event.entity_id == str(customer_id)
    assert event.detail["reason"] == "the customer's written request of 1 Dec"
    assert event.detail["requested_by"] == "customer"


def test_subject_export_needs_a_reason_and_the_right_branch(demo_db, tmp_path):
    db = demo_db
    customer_id = _busiest_customer(db)
    coord = _actor(db, _logins(db)["coord"])
    with pytest.raises(ValidationError), db.begin() as s:
        subject_export(s, db.cipher, coord, customer_id, tmp_path / "x.xlsx", reason=" ")
    other = Actor(user_id=coord.user_id, login="elsewhere", role=coord.role, branch_id=-1)
    with pytest.raises(PermissionDenied), db.begin() as s:
        subject_export(s, db.cipher, other, customer_id, tmp_path / "x.xlsx", reason="asked")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_subject_export(demo_db, tmp_path, monkeypatch, capsys):
    db = demo_db
    customer_id = _busiest_customer(db)
    login = _logins(db)["coord"]
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    _known_password(db, login)
    out = tmp_path / "cli.xlsx"
    code = main(["--db", db.url, "--as", login, "subject-export", str(customer_id), "-o",
                 str(out), "--reason", "letter of 1 Dec"])
    assert code == 0, capsys.readouterr().err
    assert out.exists() and f"about customer {customer_id}" in capsys.readouterr().out
    code = main(["--db", db.url, "--as", login, "subject-export", "999999", "-o", str(out),
                 "--reason", "x"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "没有 ID 为 999999 的客户" in err


# --- retention ---------------------------------------------------------------------------


def _settle_long_ago(db: Database, customer_id: int) -> None:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        for loan in s.scalars(select(LoanAccount).where(LoanAccount.customer_id == customer_id)):
            loan.outstanding_balance = loan.overdue_amount = Decimal(0)
            loan.days_past_due = 0
            loan.last_payment_date = dt.date(2019, 3, 1)
        for visit in s.scalars(select(Visit).where(Visit.customer_id == customer_id)):
            if visit.status.value in ("planned", "notified", "confirmed", "in_progress"):
                visit.status = VisitStatus.CANCELLED
                visit.cancel_reason = "loan settled"
        for case in s.scalars(select(ComplaintCase).where(
                ComplaintCase.customer_id == customer_id)):
            case.status = "rejected"
        customers.refresh_loan_summary(s, customer_id)


def _needles(db: Database, customer_id: int) -> list[str]:
    with db.session() as s:
        c = s.get(Customer, customer_id)
        visit_addresses = s.scalars(select(Visit.address).where(Visit.customer_id == customer_id))
        values = [c.name, decrypt(db.cipher, "customer", "id_enc", c.id_enc, c.id),
                  decrypt(db.cipher, "customer", "phone_enc", c.phone_enc, c.id),
                  c.registered_address, c.current_address, *visit_addresses]
    return sorted({v for v in values if v})


def _scan(db: Database, needles: list[str]) -> list[str]:
    """Every text, JSON and decrypted value of every table that contains a needle."""
    hits = []
    with db.session() as s:
        # A notice's number is bound to its customer's row (issue 14).
        visit_customer = {v: c for v, c in s.execute(select(Visit.id, Visit.customer_id))}
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)).mappings():
                for column, value in row.items():
                    if value is None:
                        continue
                    if isinstance(table.c[column].type, LargeBinary):
                        if (table.name, column) not in ENCRYPTED:
                            continue
                        owner = (row["id"] if table.name == "customer"
                                 else visit_customer[row["visit_id"]])
                        text = decrypt(db.cipher, table.name, column, value, owner)
                    elif isinstance(value, dict | list):
                        text = json.dumps(value, ensure_ascii=False)
                    else:
                        text = str(value)
                    hits += [f"{table.name}.{column}: {n}" for n in needles if n in text]
    return hits


def test_retention_lists_then_anonymises_leaving_nothing_that_names_the_customer(demo_db):
    db = demo_db
    customer_id = _busiest_customer(db)
    admin = _actor(db, _logins(db)["admin"])
    _settle_long_ago(db, customer_id)
    with db.begin() as s:
        note_author = s.scalar(select(Visit.created_by_id).where(
            Visit.customer_id == customer_id))
        s.add(CustomerNote(customer_id=customer_id, author_id=note_author, text="客户说明"))
        audit.bind_actor(s, SYSTEM)
    needles = _needles(db, customer_id)
    # Names can be short: only judge the needles that nothing else in the database holds.
    with db.session() as s:
        others = " ".join(s.scalars(select(Customer.name).where(Customer.id != customer_id)))
    needles = [n for n in needles if n not in others]
    assert len(needles) >= 4 and _scan(db, needles)
    with db.session() as s:
        # The demo visits a customer more than once: compare every visit, in order.
        visits_before = list(s.scalars(select(Visit.id).where(Visit.customer_id == customer_id)
                                       .order_by(Visit.id)))

    with db.begin() as s:
        listed = retention.run(s, db.cipher, admin, dry_run=True, today=TODAY)
    assert customer_id in [c.customer_id for c in listed.candidates]
    assert _scan(db, needles), "a dry run changes nothing"

    with db.begin() as s:
        done = retention.run(s, db.cipher, admin, dry_run=False, today=TODAY)
    assert customer_id in [c.customer_id for c in done.candidates]
    assert _scan(db, needles) == []
    with db.session() as s:
        c = s.get(Customer, customer_id)
        assert c.anonymised_at is not None and c.name == retention.ANON_NAME
        # Visits stay, as anonymous statistics.
        assert list(s.scalars(select(Visit.id).where(Visit.customer_id == customer_id)
                              .order_by(Visit.id))) == visits_before
        kinds = set(s.scalars(select(AuditEvent.action).where(
            AuditEvent.action.in_(("retention_dry_run", "retention_run", "anonymise")))))
    assert kinds == {"retention_dry_run", "retention_run", "anonymise"}
    with db.begin() as s:
        again = retention.run(s, db.cipher, admin, dry_run=True, today=TODAY)
    assert customer_id not in [c.customer_id for c in again.candidates]


def test_retention_keeps_customers_still_owing_or_recent(demo_db):
    db = demo_db
    admin = _actor(db, _logins(db)["admin"])
    with db.begin() as s:
        due = {c.customer_id for c in retention.candidates(s, admin, today=TODAY)}
        owing = set(s.scalars(select(LoanAccount.customer_id).where(
            LoanAccount.outstanding_balance > 0)))
    assert not due & owing
    coord = _actor(db, _logins(db)["coord"])
    with pytest.raises(PermissionDenied), db.begin() as s:
        retention.run(s, db.cipher, coord, dry_run=True, today=TODAY)


# --- corrections --------------------------------------------------------------------------


def test_correction_records_who_asked_what_changed_and_why(demo_db):
    db = demo_db
    customer_id = _busiest_customer(db)
    coord = _actor(db, _logins(db)["coord"])
    with db.begin() as s:
        corrections.correct_customer(
            s, db.cipher, coord, customer_id, {"phone": "13700001111", "name": "王小明"},
            requested_by="customer", reason="typo at import",
        )
    with db.session() as s:
        row = s.scalars(select(CorrectionRequest)).one()
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "correction")).one()
        c = s.get(Customer, customer_id)
    assert (row.requested_by, row.fields, row.reason) == ("customer", ["name", "phone"],
                                                          "typo at import")
    assert row.recorded_by_id == coord.user_id and c.name == "王小明"
    assert event.detail == {"fields": ["name", "phone"], "requested_by": "customer"}
    assert "13700001111" not in json.dumps(event.detail)
    for bad in ({"reason": " "}, {"requested_by": "neighbour"}):
        kwargs = {"requested_by": "customer", "reason": "r", **bad}
        with pytest.raises(ValidationError), db.begin() as s:
            corrections.correct_customer(s, db.cipher, coord, customer_id, {"name": "X"},
                                         **kwargs)


def test_cli_customer_correct(demo_db, monkeypatch, capsys):
    db = demo_db
    customer_id = _busiest_customer(db)
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    login = _logins(db)["coord"]
    _known_password(db, login)
    code = main(["--db", db.url, "--as", login, "customer", "correct",
                 str(customer_id), "--set", "current_address=四川省成都市新址路1号",
                 "--reason", "customer moved"])
    assert code == 0, capsys.readouterr().err
    with db.session() as s:
        assert s.scalars(select(CorrectionRequest.fields)).one() == ["current_address"]
