"""The map's areas on SQLite and PostgreSQL: customers when few, counts per grid cell when many.

The counts come from GROUP BY in SQL over the index on the stored coordinates
(checked with EXPLAIN), follow the list's filter and the actor's scope, and an
export of more customers than a page may hold one by one draws cells.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from hvdesk.database import Database
from hvdesk.mapping import export as map_export
from hvdesk.mapping import viewport as vp
from hvdesk.mapping.data import Datum
from hvdesk.model import Customer
from hvdesk.services.customer_list import CustomerQuery, DpdBucket
from tests.factories import Org, make_org
from tests.test_customer_list_service import Spec, seed_customers

AREA = vp.Bounds(30.4, 103.8, 30.9, 104.3)


@pytest.fixture
def org(db: Database) -> Org:
    return make_org(db)


@pytest.fixture
def placed(db: Database, org: Org) -> dict[int, tuple[float, float, int]]:
    """300 customers around Chengdu and 20 in Chongqing: id -> (lat, lon, dpd)."""
    rng = random.Random(5)
    specs = [Spec(f"客户{i}", dpd=rng.choice([0, 0, 15, 45, 120])) for i in range(320)]
    ids = seed_customers(db, org.branch_id, specs)
    out: dict[int, tuple[float, float, int]] = {}
    with db.begin() as s:
        for n, (cid, spec) in enumerate(zip(ids, specs, strict=True)):
            if n < 300:
                lat, lon = 30.66 + rng.gauss(0, 0.08), 104.06 + rng.gauss(0, 0.08)
            else:
                lat, lon = 29.56 + rng.gauss(0, 0.05), 106.55 + rng.gauss(0, 0.05)
            s.execute(update(Customer).where(Customer.id == cid)
                      .values(latitude=lat, longitude=lon))
            out[cid] = (lat, lon, spec.dpd)
    return out


def _inside(area: vp.Bounds, lat: float, lon: float) -> bool:
    return area.south <= lat <= area.north and area.west <= lon <= area.east


def test_few_customers_in_the_area_come_one_by_one(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]]
) -> None:
    small = vp.Bounds(30.6, 104.0, 30.7, 104.1)
    with db.session() as s:
        data = vp.viewport(s, org.actors["coord1"], None, small, 14, limit=150)
    assert not data.aggregated and data.bounds == small
    expected = {cid for cid, (lat, lon, _) in placed.items() if _inside(small, lat, lon)}
    assert {p.customer_id for p in data.points} == expected and data.total == len(expected)


def test_a_filter_that_leaves_few_sends_them_all(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]]
) -> None:
    with db.session() as s:
        data = vp.viewport(s, org.actors["coord1"], CustomerQuery(dpd_bucket=DpdBucket.D90_PLUS),
                           AREA, 10, limit=200)
    assert data.bounds == vp.WORLD  # Chongqing's too: the page needs nothing more
    assert {p.customer_id for p in data.points} == {
        cid for cid, (_, _, dpd) in placed.items() if dpd > 90}


def test_many_customers_come_as_counts_per_cell(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]]
) -> None:
    zoom = 11
    with db.session() as s:
        data = vp.viewport(s, org.actors["coord1"], None, AREA, zoom, limit=50)
    assert data.aggregated and not data.points
    cell = vp.cell_degrees(zoom)
    snapped = AREA.snapped(cell)
    expected: Counter[tuple[int, int]] = Counter()
    late: Counter[tuple[int, int]] = Counter()
    for lat, lon, dpd in placed.values():
        if _inside(snapped, lat, lon):
            key = (math.floor((lat + 90) / cell), math.floor((lon + 180) / cell))
            expected[key] += 1
            late[key] += dpd > 0
    got = {(round((c.box[0] + 90) / cell), round((c.box[1] + 180) / cell)): c for c in data.cells}
    assert {k: c.count for k, c in got.items()} == dict(expected)
    assert {k: c.overdue for k, c in got.items()} == {k: late[k] for k in expected}
    assert data.total == sum(expected.values())
    for c in data.cells:  # the mean position lies in its own cell
        assert c.box[0] <= c.lat <= c.box[2] and c.box[1] <= c.lon <= c.box[3]


def test_cells_follow_the_filter(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]]
) -> None:
    # (Other branches' customers are the scope walk's: tests/test_scope_walk.py.)
    query = CustomerQuery(dpd_bucket=DpdBucket.D1_30)
    with db.session() as s:
        cells = vp.cells_in(s, org.actors["coord1"], query, vp.WORLD, 6)
    assert sum(c.count for c in cells) == sum(1 for *_, d in placed.values() if 1 <= d <= 30)


def test_cell_counts_are_read_from_the_coordinate_index(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]]
) -> None:
    if db.engine.dialect.name == "postgresql":
        # Statistics and the visibility map, as autovacuum keeps them on a real table.
        # VACUUM sets the map only when no snapshot of this database still needs the old
        # row versions: in a loaded CI run (where this once failed), try until it did.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for _ in range(20):
                conn.execute(text("VACUUM ANALYZE customer"))
                pages, visible = conn.execute(text(
                    "SELECT relpages, relallvisible FROM pg_class "
                    "WHERE relname = 'customer'")).one()
                if visible >= pages:
                    break
                time.sleep(0.25)
    with db.session() as s:
        stmt = vp.cells_statement(s, org.actors["coord1"], CustomerQuery(), AREA, 11)
        sql = str(stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.name == "sqlite":
            plan = "\n".join(r[-1] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "USING COVERING INDEX ix_customer_map" in plan
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
            assert "ix_customer_map" in plan and "Seq Scan" not in plan


def test_page_areas_in_gcj02_come_back_to_wgs84() -> None:
    from hvdesk.geo.coords import wgs_to_gcj  # noqa: PLC0415

    area = vp.area_from_page(*wgs_to_gcj(30.6, 104.0), *wgs_to_gcj(30.7, 104.1), Datum.GCJ02)
    assert abs(area.south - 30.6) < 1e-4 and abs(area.west - 104.0) < 1e-4
    assert abs(area.north - 30.7) < 1e-4 and abs(area.east - 104.1) < 1e-4
    assert vp.area_from_page(30.6, 104.0, 30.7, 104.1, Datum.WGS84) == vp.Bounds(
        30.6, 104.0, 30.7, 104.1)


def test_an_export_of_too_many_draws_cells(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(map_export, "EXPORT_POINT_LIMIT", 100)
    with db.begin() as s:
        info = map_export.export_map(s, org.actors["coord1"], tmp_path / "m.html")
    assert info.cells > 0 and info.points == 0
    data = (tmp_path / "m_files" / "points.js").read_text(encoding="utf-8")
    assert data.startswith("window.HV_CELLS=") and "客户" not in data
    with db.session() as s:
        names = s.scalars(select(Customer.name)).all()
    assert not any(n in (tmp_path / "m.html").read_text(encoding="utf-8") for n in names)
    with db.begin() as s:
        few = map_export.export_map(s, org.actors["coord1"], tmp_path / "few.html",
                                    query=CustomerQuery(dpd_bucket=DpdBucket.D90_PLUS))
    assert few.cells == 0 and few.points == sum(1 for *_, d in placed.values() if d > 90)


def test_low_zoom_counts_follow_from_the_base_cells(
    db: Database, org: Org, placed: dict[int, tuple[float, float, int]]
) -> None:
    actor = org.actors["coord1"]
    with db.session() as s:
        data = vp.viewport(s, actor, None, AREA, 6, limit=50)
        direct = vp.cells_in(s, actor, CustomerQuery(), vp.WORLD, 6)
    assert data.bounds == vp.WORLD and data.base  # pans at this zoom need nothing
    def key(c: vp.Cell) -> tuple[float, ...]:
        return tuple(round(v, 6) for v in c.box)

    assert {key(c): (c.count, c.overdue) for c in data.cells} == {
        key(c): (c.count, c.overdue) for c in direct}
    merged = {key(c): c for c in vp.from_base(data.base, 5).cells}
    with db.session() as s:
        five = vp.cells_in(s, actor, CustomerQuery(), vp.WORLD, 5)
    assert {key(c): c.count for c in five} == {k: c.count for k, c in merged.items()}
    for c in five:
        assert merged[key(c)].lat == pytest.approx(c.lat)
        assert merged[key(c)].lon == pytest.approx(c.lon)
