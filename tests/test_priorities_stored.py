"""The expected value of a visit stored for the customer list to sort by (issue 20)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hvdesk import demo
from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.errors import PermissionDenied
from hvdesk.model import AuditEvent, Customer, User
from hvdesk.priorities import service, stored
from hvdesk.security.roles import Role
from hvdesk.services import audit, customer_list
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor
from hvdesk.services.customer_list import CustomerQuery, SortKey

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def demo_db(db: Database) -> Database:
    demo.generate(db, customers=300, seed=7, today=TODAY)
    return db


def _actor(db: Database, role: Role) -> Actor:
    with db.session() as s:
        user = s.scalars(select(User).where(User.role == role).order_by(User.id)).first()
        assert user is not None
        return actor_for(user)


def test_refresh_stores_values_the_list_sorts_by(demo_db: Database) -> None:
    coord = _actor(demo_db, Role.COORDINATOR)
    with demo_db.session() as s:
        before = {c.id: (c.version, c.updated_at) for c in s.scalars(select(Customer))}
        audit_before = s.scalar(select(func.count()).select_from(AuditEvent))
    with demo_db.begin() as s:
        count, day = stored.refresh(s, coord, day=TODAY)
    with demo_db.session() as s:
        ranked = {p.score.customer_id: p.score.value for p in service.rank(s, coord, day=TODAY)}
        rows = {c.id: c for c in s.scalars(select(Customer))}
        audit_after = s.scalar(select(func.count()).select_from(AuditEvent))
    assert count == len(ranked) > 0 and day == TODAY
    for cid, value in ranked.items():
        assert rows[cid].visit_value == Decimal(str(round(value, 2))).quantize(Decimal("0.01"))
        assert rows[cid].visit_value_on == TODAY
    assert all(rows[c].visit_value_on is None for c in rows if c not in ranked)
    # A derived figure: no version bumped (open forms stay valid), no edit time, one event.
    assert {c.id: (c.version, c.updated_at) for c in rows.values()} == before
    assert audit_after == (audit_before or 0) + 1

    with demo_db.session() as s:
        query = CustomerQuery(sort=SortKey.VISIT_VALUE, descending=True)
        first = customer_list.fetch_page(s, coord, query, limit=20)
        second = customer_list.fetch_page(s, coord, query, after=first.next_cursor, limit=20)
    listed = [r.visit_value for r in (*first.rows, *second.rows)]
    assert listed == sorted(listed, reverse=True)
    assert first.rows[0].visit_value == max(
        Decimal(str(round(v, 2))).quantize(Decimal("0.01")) for v in ranked.values())
    assert {r.id for r in first.rows}.isdisjoint({r.id for r in second.rows})


def test_refresh_is_for_schedulers(demo_db: Database) -> None:
    with pytest.raises(PermissionDenied), demo_db.begin() as s:
        stored.refresh(s, _actor(demo_db, Role.VISITOR), day=TODAY)


def test_cli_refresh(demo_db: Database, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    with demo_db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        login = s.scalars(select(User.login).where(User.role == Role.COORDINATOR)).first()
        user = s.scalars(select(User).where(User.login == login)).one()
        from hvdesk.security.passwords import hash_password  # noqa: PLC0415

        user.password_hash = hash_password("Secret-123456", demo=True)
    monkeypatch.setenv("HVDESK_PASSWORD", "Secret-123456")
    code = main(["--db", demo_db.url, "--as", str(login), "priorities", "refresh",
                 "--date", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("expected values stored for ") and out.strip().endswith(
        f"customers, as of {TODAY.isoformat()}")
