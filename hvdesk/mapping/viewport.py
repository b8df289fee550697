"""What the map shows of one viewport: counts per grid cell when many, customers when few.

The map page asks for the area it shows at its zoom (plus a margin, so a
small pan needs nothing new). When at most :data:`POINT_LIMIT` customers of
the list's filter lie in that area they come one by one, with their visit
state; otherwise the area is cut into square cells about :data:`CELL_PX`
screen pixels wide and each cell comes as one count. Without a search,
region or visit-state filter the counts are read from the stored counts per
cell (:mod:`hvdesk.mapping.cellstore`, a few thousand rows per screen however
many customers it shows); otherwise they are computed in SQL with GROUP BY
over the stored coordinates of the customers that match (index
``ix_customer_map``: branch, latitude, longitude, days past due). No step
reads more than the area asked for, never rows in Python.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, case, cast, func, select
from sqlalchemy.orm import Session

from hvdesk.geo import gazetteer
from hvdesk.geo.coords import gcj_to_wgs, wgs_to_gcj
from hvdesk.mapping import cellstore
from hvdesk.mapping.data import (
    BranchPoint,
    Datum,
    MapData,
    MapPoint,
    MapState,
    flat_points,
    to_json,
)
from hvdesk.mapping.query import labeller, state_of_visits
from hvdesk.model import Customer, LocationPrecision
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import customer_list
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery

#: At most this many customers in the area asked for are sent one by one.
POINT_LIMIT = 2_000
#: A rectangle drawn over counts selects at most this many customers.
AREA_PICK_LIMIT = 5_000
#: At this zoom and below, counts come for every cell at once (a few thousand at
#: most): pans at that zoom then ask nothing more.
WORLD_CELLS_ZOOM = 9
#: A page opens this far (degrees) around the branch: a city's customers.
BRANCH_VIEW_DEG = 0.15
#: A cell is about this many screen pixels wide (256 pixels a tile).
CELL_PX = 64
#: Latitude range of the web map (Leaflet's Web Mercator).
_LAT_MAX = 85.0


@dataclass(frozen=True, slots=True)
class Bounds:
    """An area in WGS-84 degrees."""

    south: float
    west: float
    north: float
    east: float

    def clamped(self) -> Bounds:
        return Bounds(
            max(-_LAT_MAX, min(self.south, self.north)),
            max(-180.0, min(self.west, self.east)),
            min(_LAT_MAX, max(self.south, self.north)),
            min(180.0, max(self.west, self.east)),
        )

    def snapped(self, cell: float) -> Bounds:
        """Grown to whole cells, so that the cells at the edges count all their customers."""
        return Bounds(
            math.floor((self.south + 90) / cell) * cell - 90,
            math.floor((self.west + 180) / cell) * cell - 180,
            math.ceil((self.north + 90) / cell) * cell - 90,
            math.ceil((self.east + 180) / cell) * cell - 180,
        )


WORLD = Bounds(-_LAT_MAX, -180.0, _LAT_MAX, 180.0)


@dataclass(frozen=True, slots=True)
class Cell:
    """Customers of one grid cell: where they are on average, how many, how many overdue."""

    lat: float
    lon: float
    count: int
    overdue: int
    #: The cell's own square (south, west, north, east), to zoom into it.
    box: tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class ViewportData:
    """The answer to one request: ``points`` or ``cells`` (the other empty)."""

    zoom: int
    #: The area the data covers (the whole world when every customer of the filter came).
    bounds: Bounds
    #: Customers in the area.
    total: int
    points: tuple[MapPoint, ...] = ()
    cells: tuple[Cell, ...] = ()
    #: At a low zoom: every cell at WORLD_CELLS_ZOOM, from which each lower zoom's
    #: counts follow without a query (:func:`merge_cells`).
    base: tuple[Cell, ...] = ()

    @property
    def aggregated(self) -> bool:
        return bool(self.cells)


def cell_degrees(zoom: int) -> float:
    """The cell width at ``zoom``: CELL_PX pixels of a 256-pixel tile."""
    return 360.0 / (2 ** max(0, zoom)) * CELL_PX / 256


def _in_area(area: Bounds) -> list[ColumnElement[bool]]:
    return [
        Customer.latitude.between(area.south, area.north),
        Customer.longitude.between(area.west, area.east),
    ]


def _floor(value: ColumnElement[float | None], dialect: str) -> ColumnElement[int]:
    # The values are positive (shifted by 90 / 180): SQLite's CAST truncates,
    # which is the floor; PostgreSQL's CAST rounds, so it has floor().
    if dialect == "sqlite":
        return cast(value, Integer)
    return cast(func.floor(value), Integer)


def count_in(
    session: Session, actor: Actor, query: CustomerQuery, area: Bounds, cap: int
) -> int:
    """Located customers of ``query`` in ``area``, counted up to ``cap + 1``."""
    plan = customer_list.Plan(session, actor, query)
    inner = select(Customer.id).where(*plan.where(), *_in_area(area.clamped())).limit(cap + 1)
    return int(session.connection().scalar(select(func.count()).select_from(inner.subquery()))
               or 0)


def points_in(
    session: Session, actor: Actor, query: CustomerQuery, area: Bounds, limit: int
) -> list[MapPoint]:
    """At most ``limit`` located customers of ``query`` in ``area``, with their visit state."""
    plan = customer_list.Plan(session, actor, query)
    rows = session.connection().execute(
        select(
            Customer.id, Customer.latitude, Customer.longitude, Customer.do_not_visit,
            Customer.days_past_due, Customer.location_precision, Customer.name,
        )
        .where(*plan.where(), *_in_area(area.clamped()))
        .limit(limit)
    ).all()
    states = state_of_visits(session, actor, [r[0] for r in rows])
    label = labeller(actor)
    precisions = {p.value: p for p in LocationPrecision}
    out = []
    for cid, lat, lon, dnv, dpd, precision, name in rows:
        assert lat is not None and lon is not None  # the WHERE says so
        state = MapState.DO_NOT_VISIT if dnv else states.get(cid, MapState.NONE)
        out.append(MapPoint(
            cid, lat, lon, state, dpd,
            precisions.get(precision) if isinstance(precision, str) else precision, label(name),
        ))
    return out


def cells_statement(
    session: Session, actor: Actor, query: CustomerQuery, area: Bounds, zoom: int
) -> Select[Any]:
    """The GROUP BY behind :func:`cells_in` (public for the plan tests and the bench)."""
    cell = cell_degrees(zoom)
    area = area.clamped().snapped(cell)
    dialect = session.get_bind().dialect.name
    plan = customer_list.Plan(session, actor, query)
    gy = _floor((Customer.latitude + 90) / cell, dialect).label("gy")
    gx = _floor((Customer.longitude + 180) / cell, dialect).label("gx")
    overdue = func.sum(case((Customer.days_past_due > 0, 1), else_=0))
    return (
        select(gy, gx, func.count(), func.avg(Customer.latitude), func.avg(Customer.longitude),
               overdue)
        .where(*plan.where(), *_in_area(area))
        .group_by(gy, gx)
    )


def cells_in(
    session: Session, actor: Actor, query: CustomerQuery, area: Bounds, zoom: int
) -> list[Cell]:
    """Counts per grid cell of ``query``'s located customers in ``area`` (GROUP BY in SQL)."""
    cell = cell_degrees(zoom)
    rows = session.connection().execute(cells_statement(session, actor, query, area, zoom))
    out = []
    for y, x, n, lat, lon, late in rows:
        south, west = y * cell - 90, x * cell - 180
        out.append(Cell(float(lat), float(lon), int(n), int(late or 0),
                        (south, west, south + cell, west + cell)))
    return out


def stored_cells(
    session: Session, actor: Actor, query: CustomerQuery, area: Bounds, zoom: int
) -> list[Cell] | None:
    """The counts of :func:`cells_in` read from the stored counts per cell, or None when
    they cannot answer (a filter they do not keep, a zoom finer than they go, a visitor)."""
    actor.require(Permission.CUSTOMER_VIEW)
    level = cellstore.level_for(zoom)
    if level is None or not cellstore.serves(query, customer_list.sees_whole_branch(actor)):
        return None
    size, stored = cell_degrees(zoom), cellstore.level_size(level)
    area = area.clamped().snapped(size)
    # The stored cells inside the snapped area: whole cells of this zoom (grids nest).
    rows = (math.floor((area.south + 90) / stored + 1e-9),
            math.ceil((area.north + 90) / stored - 1e-9) - 1)
    cols = (math.floor((area.west + 180) / stored + 1e-9),
            math.ceil((area.east + 180) / stored - 1e-9) - 1)
    stmt = cellstore.cells_statement(scope.branch_of(actor), query, level, rows, cols)
    merged = cellstore.merge(session.connection().execute(stmt).all(), level - zoom)
    out = []
    for (y, x), (n, lat, lon, late) in merged.items():
        south, west = y * size - 90, x * size - 180
        out.append(Cell(lat / n, lon / n, int(n), int(late), (south, west, south + size,
                                                               west + size)))
    return out


def cells_for(
    session: Session, actor: Actor, query: CustomerQuery, area: Bounds, zoom: int
) -> list[Cell]:
    """Counts per grid cell: stored when they answer, else GROUP BY over the customers."""
    stored = stored_cells(session, actor, query, area, zoom)
    return stored if stored is not None else cells_in(session, actor, query, area, zoom)


def viewport(
    session: Session,
    actor: Actor,
    query: CustomerQuery | None,
    area: Bounds,
    zoom: int,
    *,
    limit: int | None = None,
) -> ViewportData:
    """What the map shows of ``area`` at ``zoom``: customers if at most ``limit``, else cells.

    A filter that leaves at most ``limit`` customers anywhere sends them all
    at once (``bounds`` is then the world): the page needs nothing more.
    """
    query = query or CustomerQuery()
    limit = POINT_LIMIT if limit is None else limit
    if count_in(session, actor, query, WORLD, limit) <= limit:
        points = points_in(session, actor, query, WORLD, limit)
        return ViewportData(zoom, WORLD, len(points), points=tuple(points))
    if count_in(session, actor, query, area, limit) <= limit:
        points = points_in(session, actor, query, area, limit)
        return ViewportData(zoom, area, len(points), points=tuple(points))
    if zoom <= WORLD_CELLS_ZOOM:
        base = tuple(cells_for(session, actor, query, WORLD, WORLD_CELLS_ZOOM))
        return from_base(base, zoom)
    cells = tuple(cells_for(session, actor, query, area, zoom))
    return ViewportData(zoom, area, sum(c.count for c in cells), cells=cells)


def merge_cells(cells: Sequence[Cell], zoom: int) -> list[Cell]:
    """Cells of a higher zoom grouped into the cells of ``zoom`` (grids nest: each cell
    is two by two of the next zoom's), positions weighted by their counts."""
    size = cell_degrees(zoom)
    groups: dict[tuple[int, int], list[float]] = {}
    for c in cells:
        # The centre of the small cell lies inside exactly one big cell.
        mid_y = (c.box[0] + c.box[2]) / 2 + 90
        mid_x = (c.box[1] + c.box[3]) / 2 + 180
        key = (math.floor(mid_y / size), math.floor(mid_x / size))
        g = groups.setdefault(key, [0, 0.0, 0.0, 0])
        g[0] += c.count
        g[1] += c.lat * c.count
        g[2] += c.lon * c.count
        g[3] += c.overdue
    out = []
    for (y, x), (n, lat, lon, late) in groups.items():
        south, west = y * size - 90, x * size - 180
        out.append(Cell(lat / n, lon / n, int(n), int(late), (south, west, south + size,
                                                               west + size)))
    return out


def from_base(base: tuple[Cell, ...], zoom: int) -> ViewportData:
    """The answer at a low ``zoom`` from the cells of WORLD_CELLS_ZOOM (no query)."""
    cells = tuple(base if zoom == WORLD_CELLS_ZOOM else merge_cells(base, zoom))
    return ViewportData(zoom, WORLD, sum(c.count for c in cells), cells=cells, base=base)


def locations(
    session: Session, actor: Actor, query: CustomerQuery | None, ids: Sequence[int]
) -> list[tuple[float, float]]:
    """Where these customers are (those the filter shows and that are located)."""
    plan = customer_list.Plan(session, actor, query or CustomerQuery())
    rows = session.connection().execute(
        select(Customer.latitude, Customer.longitude).where(
            Customer.id.in_(list(ids)[:900]), *plan.where(),
            Customer.latitude.is_not(None), Customer.longitude.is_not(None))
    ).all()
    return [(float(lat or 0), float(lon or 0)) for lat, lon in rows]


def ids_in(
    session: Session, actor: Actor, query: CustomerQuery | None, area: Bounds, limit: int
) -> Sequence[int]:
    """Ids of ``query``'s customers in ``area`` (a rectangle drawn over cells), up to ``limit``."""
    plan = customer_list.Plan(session, actor, query or CustomerQuery())
    return session.connection().scalars(
        select(Customer.id).where(*plan.where(), *_in_area(area.clamped())).limit(limit)
    ).all()


def cells_view(cells: Sequence[Cell], share: float = 0.9) -> tuple[tuple[float, float],
                                                                   tuple[float, float]] | None:
    """The box of the busiest cells holding ``share`` of the customers (outliers left out)."""
    if not cells:
        return None
    ordered = sorted(cells, key=lambda c: -c.count)
    goal = share * sum(c.count for c in cells)
    taken, n = [], 0
    for c in ordered:
        taken.append(c)
        n += c.count
        if n >= goal:
            break
    return (
        (min(c.box[0] for c in taken), min(c.box[1] for c in taken)),
        (max(c.box[2] for c in taken), max(c.box[3] for c in taken)),
    )


def frame_view(
    session: Session, actor: Actor, query: CustomerQuery | None, data: MapData,
    limit: int | None = None,
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Where a page opens: the day's routes, else (few customers) all of them, else the
    filter's region, else the branch's city; None leaves it to the page builder."""
    query = query or CustomerQuery()
    if data.routes:
        return None
    limit = POINT_LIMIT if limit is None else limit
    if count_in(session, actor, query, WORLD, limit) <= limit:
        places = [(p.lat, p.lon) for p in points_in(session, actor, query, WORLD, limit)]
        if places:
            return _framed(places, data.branch)
    if query.region:
        division = gazetteer.lookup(query.region.ljust(6, "0"))
        if division is not None:
            size = {2: 3.0, 4: 0.6}.get(len(query.region), BRANCH_VIEW_DEG)
            return ((division.lat - size, division.lon - size),
                    (division.lat + size, division.lon + size))
    if data.branch is not None:
        b, d = data.branch, BRANCH_VIEW_DEG
        return (b.lat - d, b.lon - d), (b.lat + d, b.lon + d)
    return None


def _framed(places: list[tuple[float, float]], branch: BranchPoint | None) -> tuple[
        tuple[float, float], tuple[float, float]]:
    """Most of the places (the 5 % at each edge left out when many), and the branch."""
    lats = sorted(p[0] for p in places)
    lons = sorted(p[1] for p in places)
    cut = len(lats) // 20 if len(lats) >= 50 else 0
    lats, lons = lats[cut: len(lats) - cut], lons[cut: len(lons) - cut]
    if branch is not None:
        lats, lons = [*lats, branch.lat], [*lons, branch.lon]
    return (min(lats), min(lons)), (max(lats), max(lons))


# --- to and from the page -------------------------------------------------------------


def area_from_page(
    south: float, west: float, north: float, east: float, datum: Datum
) -> Bounds:
    """An area the page names (in its datum) in WGS-84, as stored."""
    if datum is Datum.GCJ02:
        south, west = gcj_to_wgs(south, west)
        north, east = gcj_to_wgs(north, east)
    return Bounds(south, west, north, east)


def _to_page(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    if datum is Datum.GCJ02:
        lat, lon = wgs_to_gcj(lat, lon)
    return round(lat, 5), round(lon, 5)


def cells_json(cells: Sequence[Cell], datum: Datum) -> list[list[float]]:
    """``[lat, lon, count, overdue, south, west, north, east]`` per cell, in the page's datum."""
    out = []
    for c in cells:
        lat, lon = _to_page(c.lat, c.lon, datum)
        s, w = _to_page(c.box[0], c.box[1], datum)
        n, e = _to_page(c.box[2], c.box[3], datum)
        out.append([lat, lon, c.count, c.overdue, s, w, n, e])
    return out


def viewport_json(data: ViewportData, datum: Datum) -> str:
    """The answer to the page's request, read by ``hvShow`` in ``hvmap.js``."""
    b = data.bounds
    s, w = _to_page(b.south, b.west, datum)
    n, e = _to_page(b.north, b.east, datum)
    return to_json({
        "zoom": data.zoom,
        "bounds": [[s, w], [n, e]],
        "mode": "cells" if data.aggregated else "points",
        # Every customer of the filter is on the page: it needs nothing more. Counts of
        # the whole world are not that: each zoom in must ask for its own.
        "all": data.bounds == WORLD and not data.aggregated,
        "total": data.total,
        "points": flat_points(data.points, datum),
        "cells": cells_json(data.cells, datum),
    })
