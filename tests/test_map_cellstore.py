"""Stored counts per map cell (table map_cell, kept by triggers) agree with GROUP BY.

On SQLite and PostgreSQL: after customers are added, moved, re-bucketed,
marked do-not-visit, unlocated and deleted (ORM and plain SQL alike), every
zoom's cells read from the store equal the GROUP BY over the customers, for
each filter the store answers; filters it does not keep go to the GROUP BY.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import delete, select, text, update

from hvdesk.database import Database
from hvdesk.mapping import cellstore
from hvdesk.mapping import viewport as vp
from hvdesk.model import Customer, MapCell
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.services.customer_list import CustomerQuery, DpdBucket
from tests.factories import Org, make_org
from tests.test_customer_list_service import Spec, seed_customers

QUERIES = (
    CustomerQuery(),
    CustomerQuery(dpd_bucket=DpdBucket.D1_30),
    CustomerQuery(dpd_bucket=DpdBucket.D90_PLUS),
    CustomerQuery(do_not_visit=True),
    CustomerQuery(do_not_visit=False, dpd_bucket=DpdBucket.D31_60),
)
AREA = vp.Bounds(30.3, 103.7, 31.0, 104.4)


@pytest.fixture
def org(db: Database) -> Org:
    return make_org(db)


def _cells(cells: list[vp.Cell]) -> dict[tuple[float, ...], tuple[int, int, float, float]]:
    return {tuple(round(v, 7) for v in c.box): (c.count, c.overdue, round(c.lat, 6),
                                                 round(c.lon, 6)) for c in cells}


def _agree(db: Database, org: Org) -> int:
    actor = org.actors["coord1"]
    checked = 0
    with db.session() as s:
        for query in QUERIES:
            for zoom, area in ((6, vp.WORLD), (9, vp.WORLD), (11, AREA), (13, AREA), (15, AREA)):
                stored = vp.stored_cells(s, actor, query, area, zoom)
                assert stored is not None
                direct = vp.cells_in(s, actor, query, area, zoom)
                assert _cells(stored) == _cells(direct), (query, zoom)
                checked += sum(c.count for c in direct)
    return checked


def test_stored_cells_follow_every_change_of_the_customers(db: Database, org: Org) -> None:
    rng = random.Random(7)
    specs = [Spec(f"客户{i}", dpd=rng.choice([0, 0, 10, 45, 75, 200])) for i in range(240)]
    ids = seed_customers(db, org.branch_id, specs)
    with db.begin() as s:
        for cid in ids:
            s.execute(update(Customer).where(Customer.id == cid).values(
                latitude=30.66 + rng.gauss(0, 0.1), longitude=104.06 + rng.gauss(0, 0.1),
                do_not_visit=rng.random() < 0.1))
    assert _agree(db, org) > 0
    with db.begin() as s:
        for cid in ids[:40]:  # moved a little (often within the same cell), or far
            s.execute(update(Customer).where(Customer.id == cid).values(
                latitude=Customer.latitude + rng.choice([0.0001, 0.3]),
                longitude=Customer.longitude - 0.0002))
        for cid in ids[40:80]:  # bucket and flag
            s.execute(update(Customer).where(Customer.id == cid).values(
                days_past_due=rng.choice([0, 5, 95]), do_not_visit=True))
        s.execute(update(Customer).where(Customer.id.in_(ids[80:90]))
                  .values(latitude=None, longitude=None))
        s.execute(update(Customer).where(Customer.id.in_(ids[90:95])).values(name="改名"))
        audit.bind_actor(s, SYSTEM)
        customer = s.get(Customer, ids[95])
        assert customer is not None
        customer.latitude, customer.days_past_due = 31.5, 61  # through the ORM
    # A plain statement, as a migration or a raw import would write.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE customer SET latitude = 30.7, longitude = 104.1 "
                          "WHERE id = :a OR id = :b"), {"a": ids[80], "b": ids[100]})
    with db.begin() as s:
        s.execute(update(Customer).where(Customer.id.in_(ids[100:110]))
                  .values(days_past_due=Customer.days_past_due + 1))
    _agree(db, org)
    with db.begin() as s:
        total = s.scalar(select(MapCell.n).where(MapCell.level == 9).limit(1))
        assert total is not None
    _delete(db, ids[110:130])
    assert _agree(db, org) > 0


def _delete(db: Database, ids: list[int]) -> None:
    with db.begin() as s:
        # Dependent rows first (loans, search terms) as a retention purge would.
        for table in ("loan_account", "customer_search"):
            s.execute(text(f"DELETE FROM {table} WHERE customer_id IN "
                           f"({', '.join(str(i) for i in ids)})"))
        s.execute(delete(Customer).where(Customer.id.in_(ids)))


def test_filters_the_store_does_not_keep_go_to_the_group_by(db: Database, org: Org) -> None:
    with db.session() as s:
        coord, visitor = org.actors["coord1"], org.actors["visitor1"]
        assert vp.stored_cells(s, coord, CustomerQuery(search="客户"), AREA, 11) is None
        assert vp.stored_cells(s, coord, CustomerQuery(region="5101"), AREA, 11) is None
        assert vp.stored_cells(s, visitor, CustomerQuery(), AREA, 11) is None
        assert vp.stored_cells(s, coord, CustomerQuery(), AREA, 16) is None


def test_the_store_is_read_by_its_key(db: Database, org: Org) -> None:
    stmt = cellstore.cells_statement(org.branch_id, CustomerQuery(), 11, (100, 200), (300, 400))
    sql = str(stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
    with db.session() as s:
        if db.engine.dialect.name == "sqlite":
            plan = "\n".join(r[-1] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "sqlite_autoindex_map_cell" in plan or "pk_map_cell" in plan, plan
            assert "SCAN map_cell" not in plan.replace("USING", "")
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
            assert "pk_map_cell" in plan and "Seq Scan" not in plan, plan


def test_grids_nest_as_the_viewport_cuts_them() -> None:
    for level in cellstore.LEVELS:
        assert cellstore.level_size(level) == vp.cell_degrees(level)
    assert cellstore.level_for(8) == 9 and cellstore.level_for(12) == 13
    assert cellstore.level_for(16) is None
