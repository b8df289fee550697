"""Exporting customers: masked per role, formulas neutralised, audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hvdesk import exporting
from hvdesk.database import Database
from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.model import AuditEvent
from hvdesk.services import audit, customers
from hvdesk.services.customers import CustomerInput
from tests.data.importfiles import id_number, mobile
from tests.factories import Org, make_org


@pytest.fixture
def org(db: Database) -> Org:
    return make_org(db)


def add_customers(db: Database, org: Org) -> list[int]:
    coord = org.actors["coord1"]
    ids = []
    with db.begin() as s:
        audit.bind_actor(s, coord)
        for i, (name, address) in enumerate([
            ("张三", "四川省成都市武侯区人民南路1号"),
            ("=HYPERLINK(\"http://x\",\"点我\")", "+1-2"),
            ("@SUM(A1)", "-3"),
        ]):
            view = customers.create_customer(s, db.cipher, coord, org.branch_id, CustomerInput(
                name=name, id_number=id_number(i), phone=mobile(i), registered_address=address,
                current_address="\t=cmd" if i == 0 else None))
            ids.append(view.id)
    return ids


def sheet_rows(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    return [[c.value for c in r] for r in sheet.iter_rows()]


def test_export_masks_neutralises_and_is_audited(db: Database, org: Org, tmp_path: Path) -> None:
    ids = add_customers(db, org)
    out = tmp_path / "export.xlsx"
    with db.begin() as s:
        n = exporting.export_customers(s, db.cipher, org.actors["coord1"], ids, out)
    assert n == 3
    rows = sheet_rows(out)
    assert rows[0][:4] == ["客户编号", "姓名", "身份证号", "手机号"]
    first = rows[1]
    assert first[2] == id_number(0)[:6] + "********" + id_number(0)[-4:]
    assert first[3] == mobile(0)[:3] + "****" + mobile(0)[-4:]
    assert first[5] == "'=cmd"
    assert rows[2][1] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert rows[2][4] == "'+1-2"
    assert rows[3][1] == "'@SUM(A1)"
    assert rows[3][4] == "'-3"
    # Nothing in the file is a formula.
    book = load_workbook(out)
    assert all(c.data_type != "f" for r in book.active.iter_rows() for c in r)
    with db.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
        assert event.detail == {"rows": 3, "file": "export.xlsx", "full": False}
        assert event.actor_login == "coord1"
        assert not s.scalars(select(AuditEvent).where(AuditEvent.action == "view_full")).all()


def test_full_export_needs_the_permission_and_audits_each_view(
    db: Database, org: Org, tmp_path: Path
) -> None:
    ids = add_customers(db, org)
    out = tmp_path / "full.xlsx"
    with db.begin() as s:
        exporting.export_customers(s, db.cipher, org.actors["manager1"], ids[:2], out,
                                   full=True)
    rows = sheet_rows(out)
    assert [r[2] for r in rows[1:]] == [id_number(0), id_number(1)]
    assert [r[3] for r in rows[1:]] == [mobile(0), mobile(1)]
    with db.session() as s:
        views = s.scalars(select(AuditEvent).where(AuditEvent.action == "view_full")).all()
        assert sorted(v.entity_id for v in views) == sorted(str(i) for i in ids[:2])
        assert all(v.actor_login == "manager1" for v in views)


def test_neutralise_covers_tab_and_carriage_return() -> None:
    from hvdesk.importing import neutralise  # noqa: PLC0415

    assert neutralise("\tx") == "'\tx"
    assert neutralise("\rx") == "'\rx"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-5) == -5
    assert neutralise("bell\x07") == "bell"


def test_visitors_may_not_export(db: Database, org: Org, tmp_path: Path) -> None:
    ids = add_customers(db, org)
    with db.begin() as s, pytest.raises(PermissionDenied):
        exporting.export_customers(s, db.cipher, org.actors["visitor1"], ids, tmp_path / "v.xlsx")
    with db.begin() as s, pytest.raises(PermissionDenied):
        exporting.export_customers(s, db.cipher, org.actors["reviewer1"], ids,
                                   tmp_path / "r.xlsx", full=True)
    assert not (tmp_path / "v.xlsx").exists()


def test_branch_scope(db: Database, org: Org, tmp_path: Path) -> None:
    ids = add_customers(db, org)
    with db.session() as s:
        assert exporting.branch_customer_ids(s, org.actors["coord1"]) == ids
        assert exporting.branch_customer_ids(s, org.actors["admin"], "CD01") == ids
        with pytest.raises(NotFound, match="no branch with code XX"):
            exporting.branch_customer_ids(s, org.actors["admin"], "XX")
