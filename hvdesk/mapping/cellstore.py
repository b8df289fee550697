"""Stored counts per grid cell (table ``map_cell``): the map's cells without a GROUP BY.

A pan over a city of half a million customers asked the database to group
every one of them (0.6–1.1 s). The grid of :mod:`hvdesk.mapping.viewport` is
fixed (cells of ``90 / 2**zoom`` degrees from 90° S, 180° W, each zoom's cell
two by two of the next one's), so the counts of a few zoom levels can be kept
as customers change and any zoom at or below such a level read from it: a
screen holds a few hundred cells, so a read touches a few thousand rows
whatever the number of customers.

Kept by triggers on ``customer`` (SQLite triggers; a PostgreSQL trigger
function running with the owner's rights, so app roles only read the table):
an insert adds the customer to its cell of every level, a delete takes it
away, an update that moves it (coordinates, branch, days-past-due bucket,
do-not-visit) does both. The cells a filter needs are kept apart by bucket
and flag, so the list's "days past due" and "do not visit" filters read the
table too; a search, a region, a visit state or a visitor's part of the
branch go to the GROUP BY over the customers that match (fewer by nature).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, case, func, select

from hvdesk.model import MapCell
from hvdesk.services.list_query import BUCKET_RANGES, CustomerQuery, DpdBucket

#: Zoom levels kept. A zoom reads the first level at or above it (at most one zoom
#: finer: two by two rows per cell shown); 9 is the map's world read
#: (viewport.WORLD_CELLS_ZOOM). Finer than 15 an area holds few customers: the
#: GROUP BY over them is cheap.
LEVELS = (9, 11, 13, 15)
#: Days past due buckets in the order of their numbers in the table (0: not overdue).
BUCKETS: tuple[DpdBucket, ...] = tuple(BUCKET_RANGES)
#: Customer columns the table follows (an update of any other leaves it alone).
TRACKED = ("latitude", "longitude", "days_past_due", "do_not_visit", "branch_id")


def level_size(level: int) -> float:
    """The cell width of ``level`` in degrees (exact in binary: 90 is 45 · 2)."""
    return 90.0 / 2**level


def level_for(zoom: int) -> int | None:
    """The stored level a zoom reads (None: finer than any stored level)."""
    return next((level for level in LEVELS if level >= zoom), None)


def _bucket_sql(days: str) -> str:
    whens = " ".join(
        f"WHEN {days} <= {high} THEN {i + 1}"
        for i, (_low, high) in enumerate(BUCKET_RANGES.values()) if high is not None
    )
    return f"CASE WHEN {days} <= 0 THEN 0 {whens} ELSE {len(BUCKET_RANGES)} END"


def _index_sql(value: str, size: float, dialect: str) -> str:
    # The shifted coordinate is positive: SQLite's CAST truncates, which is the floor.
    if dialect == "sqlite":
        return f"CAST(({value}) / {size!r} AS INTEGER)"
    return f"floor(({value}) / {size!r})::integer"


def _key_values(row: str, level: int, dialect: str) -> str:
    size = level_size(level)
    dnv = f"{row}.do_not_visit"
    return (f"{row}.branch_id, {level}, {_index_sql(f'{row}.latitude + 90', size, dialect)}, "
            f"{_index_sql(f'{row}.longitude + 180', size, dialect)}, "
            f"{_bucket_sql(f'{row}.days_past_due')}, {dnv}")


_COLUMNS = "branch_id, level, gy, gx, bucket, dnv"


def _add(row: str, level: int, dialect: str, sign: str, where: str) -> str:
    """Add (sign +) or take away (sign -) one customer ``row`` to its cell of ``level``."""
    n = "1" if sign == "+" else "-1"
    lat, lon = f"{row}.latitude", f"{row}.longitude"
    if sign == "-":
        lat, lon = f"-{lat}", f"-{lon}"
    # "WHERE true"-style condition: SQLite reads ON CONFLICT after a SELECT only with one.
    return (
        f"INSERT INTO map_cell ({_COLUMNS}, n, lat_sum, lon_sum) "
        f"SELECT {_key_values(row, level, dialect)}, {n}, {lat}, {lon} WHERE {where} "
        f"ON CONFLICT ({_COLUMNS}) DO UPDATE SET n = map_cell.n + excluded.n, "
        "lat_sum = map_cell.lat_sum + excluded.lat_sum, "
        "lon_sum = map_cell.lon_sum + excluded.lon_sum"
    )


def _located(row: str) -> str:
    return f"{row}.latitude IS NOT NULL AND {row}.longitude IS NOT NULL"


def _moved() -> str:
    """SQL true when an update changes what a customer adds to the table: coordinates
    (the cell, and the sums behind its centre), branch, bucket or flag."""
    parts = [
        "OLD.branch_id IS NOT NEW.branch_id",
        "OLD.do_not_visit IS NOT NEW.do_not_visit",
        "OLD.latitude IS NOT NEW.latitude",
        "OLD.longitude IS NOT NEW.longitude",
        f"({_bucket_sql('OLD.days_past_due')}) IS NOT ({_bucket_sql('NEW.days_past_due')})",
    ]
    return " OR ".join(f"({p})" for p in parts)


def _statements(dialect: str, event: str) -> list[str]:
    out = []
    if event in ("UPDATE", "DELETE"):
        out += [_add("OLD", level, dialect, "-", _located("OLD")) for level in LEVELS]
    if event in ("UPDATE", "INSERT"):
        out += [_add("NEW", level, dialect, "+", _located("NEW")) for level in LEVELS]
    return out


def sqlite_triggers() -> list[str]:
    """``CREATE TRIGGER`` statements for SQLite."""
    tracked = ", ".join(TRACKED)
    heads = {
        "INSERT": "AFTER INSERT ON customer",
        "DELETE": "AFTER DELETE ON customer",
        "UPDATE": f"AFTER UPDATE OF {tracked} ON customer WHEN {_moved()}",
    }
    return [
        f"CREATE TRIGGER customer_map_cell_{event.lower()} {head} BEGIN\n"
        + ";\n".join(_statements("sqlite", event)) + ";\nEND"
        for event, head in heads.items()
    ]


def pg_function(schema: str) -> str:
    """The PostgreSQL trigger function (owner's rights: app roles only read map_cell)."""
    body = []
    for event in ("INSERT", "DELETE", "UPDATE"):
        stmts = ";\n    ".join(s.replace(" IS NOT ", " IS DISTINCT FROM ")
                               for s in _statements("postgresql", event))
        body.append(f"  IF TG_OP = '{event}' THEN\n    {stmts};\n  END IF;")
    return (
        "CREATE OR REPLACE FUNCTION customer_map_cell() RETURNS trigger LANGUAGE plpgsql "
        f"SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$\nBEGIN\n"
        + "\n".join(body) + "\n  RETURN NULL;\nEND $$"
    )


def pg_triggers() -> list[str]:
    tracked = ", ".join(TRACKED)
    moved = _moved().replace(" IS NOT ", " IS DISTINCT FROM ")
    return [
        "CREATE TRIGGER customer_map_cell_insert AFTER INSERT ON customer "
        "FOR EACH ROW EXECUTE FUNCTION customer_map_cell()",
        "CREATE TRIGGER customer_map_cell_delete AFTER DELETE ON customer "
        "FOR EACH ROW EXECUTE FUNCTION customer_map_cell()",
        f"CREATE TRIGGER customer_map_cell_update AFTER UPDATE OF {tracked} ON customer "
        f"FOR EACH ROW WHEN ({moved}) EXECUTE FUNCTION customer_map_cell()",
    ]


def backfill_sql(dialect: str, level: int) -> str:
    """Counts of every located customer at ``level`` (the migration fills the table once)."""
    key = _key_values("c", level, dialect)
    return (
        f"INSERT INTO map_cell ({_COLUMNS}, n, lat_sum, lon_sum) "
        f"SELECT {key}, count(*), sum(c.latitude), sum(c.longitude) FROM customer c "
        f"WHERE {_located('c')} GROUP BY {', '.join(str(i) for i in range(1, 7))}"
    )


# --- reading ------------------------------------------------------------------------------


def serves(query: CustomerQuery, whole_branch: bool) -> bool:
    """Whether the stored counts answer this filter (else: GROUP BY over the customers)."""
    return (whole_branch and not query.search.strip() and not query.region
            and query.next_visit is None)


def cells_statement(
    branch_id: int | None, query: CustomerQuery, level: int,
    rows: tuple[int, int], cols: tuple[int, int],
) -> Select[int, int, int, float, float, Any]:
    """Per stored cell of ``level`` in the index ranges: count, coordinate sums, overdue."""
    conditions = [MapCell.level == level, MapCell.gy.between(*rows), MapCell.gx.between(*cols),
                  MapCell.n > 0]
    if branch_id is not None:
        conditions.insert(0, MapCell.branch_id == branch_id)
    if query.dpd_bucket is not None:
        conditions.append(MapCell.bucket == BUCKETS.index(query.dpd_bucket) + 1)
    if query.do_not_visit is not None:
        conditions.append(MapCell.dnv.is_(query.do_not_visit))
    overdue = func.sum(case((MapCell.bucket > 0, MapCell.n), else_=0))
    return (
        select(MapCell.gy, MapCell.gx, func.sum(MapCell.n), func.sum(MapCell.lat_sum),
               func.sum(MapCell.lon_sum), overdue)
        .where(and_(*conditions))
        .group_by(MapCell.gy, MapCell.gx)
    )


def merge(rows: Sequence[Sequence[Any]], shift: int) -> dict[tuple[int, int], list[float]]:
    """Stored cells grouped ``2**shift`` by ``2**shift`` into the cells of a coarser zoom:
    (gy, gx) -> [count, lat sum, lon sum, overdue]."""
    out: dict[tuple[int, int], list[float]] = {}
    for gy, gx, n, lat, lon, late in rows:
        key = (int(gy) >> shift, int(gx) >> shift)
        g = out.get(key)
        if g is None:
            out[key] = [int(n), float(lat), float(lon), int(late or 0)]
        else:
            g[0] += int(n)
            g[1] += float(lat)
            g[2] += float(lon)
            g[3] += int(late or 0)
    return out
