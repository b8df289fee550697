"""Promises to pay: tracked from reports, judged against repayments, follow-ups."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from hvdesk.cli import main
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.model import LoanAccount, PromiseToPay
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.visitreports import (
    amend,
    approve,
    customers_due_follow_up,
    import_repayments,
    open_report,
    promises,
    record_repayment,
    save_draft,
    submit,
)
from tests.factories import PASSWORD
from tests.scheduling_helpers import TUESDAY, make_world
from tests.visitreport_helpers import full_data, make_visit

DUE = TUESDAY + dt.timedelta(days=10)
AFTER = DUE + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test user has the factories' password; the CLI asks for it (issue 14).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


@pytest.fixture
def world(db):
    return make_world(db)


def _promise(world, customer=0, amount="1500.00"):
    vid = make_visit(world, customer=customer, hour=9 + 2 * customer)
    v1 = world.actors["visitor1"]
    with world.db.begin() as s:
        rid = open_report(s, v1, vid).id
        save_draft(s, v1, rid, full_data(promise_amount=Decimal(amount)))
        submit(s, v1, rid)
    return rid


def _status(world, customer=0, today=AFTER):
    with world.db.begin() as s:
        found = promises(s, world.coord, customer_id=world.customers[customer], today=today)
    return [(p.status, p.paid) for p in found]


def test_submitted_promise_becomes_a_tracked_item(world, db):
    rid = _promise(world)
    with db.begin() as s:
        items = promises(s, world.coord, today=TUESDAY)
    assert len(items) == 1
    p = items[0]
    assert (p.report_id, p.amount, p.due, p.status, p.customer_name) == (
        rid, Decimal("1500.00"), DUE, "pending", "张三")


def test_kept_partial_and_broken(world, db):
    for k in range(3):
        _promise(world, customer=k)
    c = world.customers
    with db.begin() as s:
        record_repayment(s, world.coord, c[0], Decimal("1000"), TUESDAY + dt.timedelta(days=2))
    assert _status(world, 0, today=TUESDAY + dt.timedelta(days=3)) == [
        ("pending", Decimal("1000.00"))
    ]
    with db.begin() as s:
        record_repayment(s, world.coord, c[0], Decimal("500"), DUE)  # on the day still counts
        record_repayment(s, world.coord, c[1], Decimal("200"), TUESDAY + dt.timedelta(days=3))
        record_repayment(s, world.coord, c[2], Decimal("900"), AFTER)  # too late
        record_repayment(s, world.coord, c[2], Decimal("900"), TUESDAY - dt.timedelta(days=1))
    assert _status(world, 1, today=DUE) == [("pending", Decimal("200.00"))]
    assert _status(world, 0) == [("kept", Decimal("1500.00"))]
    assert _status(world, 1) == [("partial", Decimal("200.00"))]
    assert _status(world, 2) == [("broken", Decimal("0.00"))]
    with db.begin() as s:
        broken = promises(s, world.coord, status="broken", today=AFTER)
    assert [p.customer_id for p in broken] == [c[2]]


def test_late_entered_repayment_still_counts(world, db):
    _promise(world)
    assert _status(world) == [("broken", Decimal("0.00"))]
    with db.begin() as s:
        record_repayment(s, world.coord, world.customers[0], Decimal("1500"), DUE, today=AFTER)
    assert _status(world) == [("kept", Decimal("1500.00"))]


def test_broken_promises_are_customers_due_a_follow_up(world, db):
    _promise(world, customer=0)
    _promise(world, customer=1)
    with db.begin() as s:
        record_repayment(s, world.coord, world.customers[1], Decimal("100"), DUE)
        assert customers_due_follow_up(s, world.coord, today=DUE) == []
        due = customers_due_follow_up(s, world.coord, today=AFTER)
    assert [(f.name, f.status) for f in due] == [("张三", "broken"), ("李四", "partial")]
    assert due[0].district and due[0].latitude == pytest.approx(30.640)
    # A visit planned after the promised date is the follow-up: the customer leaves the list.
    make_visit(world, customer=0, day=AFTER + dt.timedelta(days=1), started=False)
    with db.begin() as s:
        assert [f.name for f in customers_due_follow_up(s, world.coord, today=AFTER)] == ["李四"]


def test_amended_report_updates_its_promise(world, db):
    rid = _promise(world)
    v1 = world.actors["visitor1"]
    with db.begin() as s:
        approve(s, world.actors["reviewer1"], rid)
        amend(s, v1, rid, "金额记错")
        save_draft(s, v1, rid, full_data(promise_amount=Decimal("800")))
        submit(s, v1, rid)
    with db.session() as s:
        rows = s.scalars(select(PromiseToPay)).all()
    assert [(r.report_id, r.amount) for r in rows] == [(rid, Decimal("800.00"))]


def test_repayment_refusals(world, db):
    with pytest.raises(PermissionDenied), db.begin() as s:
        record_repayment(s, world.actors["visitor1"], world.customers[0], Decimal(1), TUESDAY)
    with pytest.raises(ValidationError), db.begin() as s:
        record_repayment(s, world.coord, world.customers[0], Decimal("-5"), TUESDAY)
    with db.begin() as s:
        record_repayment(s, world.coord, world.customers[0], Decimal(5), TUESDAY, reference="R1")
    with pytest.raises(ValidationError, match="already"), db.begin() as s:
        record_repayment(s, world.coord, world.customers[0], Decimal(5), TUESDAY, reference="R1")


def test_import_repayments_from_csv_and_xlsx(world, db, tmp_path):
    _promise(world)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(LoanAccount(customer_id=world.customers[0], contract_no="HT-001", product="消费贷",
                          principal=Decimal(10000), outstanding_balance=Decimal(8000)))
    csv_file = tmp_path / "pay.csv"
    csv_file.write_text(
        "contract_no,amount,paid_on,reference\n"
        "HT-001,\"¥1,000.00\",2026-12-03,P1\n"
        "HT-404,10,2026-12-03,P2\n"
        "HT-001,abc,2026-12-03,P3\n"
        "HT-001,500,2026/12/05,P4\n",
        encoding="utf-8",
    )
    with db.begin() as s:
        summary = import_repayments(s, world.coord, csv_file, today=AFTER)
    assert (summary.rows, summary.added, summary.duplicates) == (4, 2, 0)
    assert [n for n, _ in summary.errors] == [3, 4]
    assert "HT-404" in summary.errors[0][1]
    assert _status(world) == [("kept", Decimal("1500.00"))]
    book = Workbook()
    book.active.append(["contract_no", "amount", "paid_on", "reference"])
    book.active.append(["HT-001", 1000, dt.date(2026, 12, 3), "P1"])
    book.active.append(["HT-001", 20, dt.datetime(2026, 12, 6), "P9"])
    book.save(tmp_path / "pay.xlsx")
    with db.begin() as s:
        again = import_repayments(s, world.coord, tmp_path / "pay.xlsx", today=AFTER)
    assert (again.rows, again.added, again.duplicates, again.errors) == (2, 1, 1, ())
    with pytest.raises(PermissionDenied), db.begin() as s:
        import_repayments(s, world.actors["visitor1"], csv_file)


def test_cli_imports_repayments(world, db, tmp_path, capsys):
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.add(LoanAccount(customer_id=world.customers[0], contract_no="HT-9", product="消费贷",
                          principal=Decimal(100), outstanding_balance=Decimal(100)))
    path = tmp_path / "p.csv"
    path.write_text("contract_no,amount,paid_on,reference\nHT-9,10,2026-12-02,X1\n"
                    "HT-0,10,2026-12-02,X2\n", encoding="utf-8")
    code = main(["--db", db.url, "--as", "coord1", "repayments", "import", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == "2 rows: 1 added, 0 already stored, 1 refused"
    assert "row 3: no loan with contract number HT-0" in out
