"""Where each visit block goes: pure geometry, no Qt, so it is fast and testable.

Content coordinates start below the header and right of the time ruler. The
day view has a column per resource (team or visitor); the week view has a
column per day, split into a lane per resource that has visits that day.
Overlapping visits inside one lane share its width side by side. When those
lanes would be too narrow to read, the week is laid out as lists instead
(:mod:`ui.calendar.week_layout`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hvdesk.scheduling.calendar_query import CalendarData, Resource, VisitBlock

SNAP_MINUTES = 15


class ViewMode(enum.StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class ColumnKind(enum.StrEnum):
    TEAMS = "teams"
    VISITORS = "visitors"


@dataclass(frozen=True, slots=True)
class Grid:
    """The vertical time scale: which hours are drawn and how tall an hour is."""

    first_hour: int = 6
    last_hour: int = 23
    px_per_hour: float = 64.0

    @property
    def height(self) -> float:
        return (self.last_hour - self.first_hour) * self.px_per_hour

    def y_of(self, moment: dt.datetime) -> float:
        minutes = moment.hour * 60 + moment.minute + moment.second / 60
        return (minutes - self.first_hour * 60) * self.px_per_hour / 60

    def minutes_at(self, y: float) -> float:
        """Minutes since local midnight at content height ``y`` (not snapped)."""
        return self.first_hour * 60 + y * 60 / self.px_per_hour

    def snapped(self, minutes: float, step: int = SNAP_MINUTES) -> int:
        low, high = self.first_hour * 60, self.last_hour * 60
        value = round(minutes / step) * step
        return int(min(max(value, low), high))

    def covering(self, blocks: Iterable[VisitBlock]) -> Grid:
        """This grid, widened to show every block whole."""
        first, last = self.first_hour, self.last_hour
        for b in blocks:
            first = min(first, b.start.hour)
            last = max(last, b.end.hour + (1 if b.end.minute or b.end.day != b.start.day else 0))
        last = min(last, 24)
        if (first, last) == (self.first_hour, self.last_hour):
            return self
        return Grid(first, last, self.px_per_hour)


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    day: dt.date
    #: The day view's resource; None for a week-view day column.
    resource: Resource | None
    x: float
    width: float
    #: Week view: the resources with a lane in this day, left to right.
    lanes: tuple[Resource, ...] = ()
    #: A rest day without visits, drawn as a narrow strip (a click opens it).
    collapsed: bool = False
    #: The week as lists: each lane's resource and the heights its list spans.
    groups: tuple[tuple[Resource, float, float], ...] = ()

    def lane_at(self, x: float, y: float | None = None) -> Resource | None:
        if self.resource is not None:
            return self.resource
        if self.groups:
            if y is None:
                return None
            return next((r for r, y0, y1 in self.groups if y0 <= y < y1), None)
        if not self.lanes:
            return None
        share = self.width / len(self.lanes)
        return self.lanes[min(len(self.lanes) - 1, max(0, int((x - self.x) // share)))]


@dataclass(slots=True)
class Placed:
    block: VisitBlock
    column: int
    resource_key: str
    x: float
    y: float
    w: float
    h: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


@dataclass(frozen=True, slots=True)
class Heading:
    """The week as lists: a resource's name above its visits of the day."""

    title: str
    x: float
    y: float
    w: float
    h: float


@dataclass(slots=True)
class Layout:
    mode: ViewMode
    grid: Grid
    columns: list[Column]
    placed: list[Placed]
    width: float
    by_column: dict[int, list[Placed]]
    #: The week as lists (no time axis): visits stacked in time order per lane.
    stacked: bool = False
    headings: list[Heading] = field(default_factory=list)
    #: The lists' height (the time grid's otherwise).
    list_height: float = 0.0
    #: The height of one visit in the lists.
    card_h: float = 0.0

    @property
    def height(self) -> float:
        return self.list_height if self.stacked else self.grid.height

    def column_at(self, x: float) -> Column | None:
        if not self.columns:
            return None
        for column in self.columns:
            if column.x <= x < column.x + column.width:
                return column
        return self.columns[-1] if x >= self.columns[-1].x else self.columns[0]

    def hit(self, x: float, y: float) -> Placed | None:
        column = self.column_at(x)
        if column is None:
            return None
        # Last drawn wins: iterate backwards.
        for placed in reversed(self.by_column.get(column.index, [])):
            if placed.contains(x, y):
                return placed
        return None

    def find(self, visit_id: int) -> list[Placed]:
        return [p for p in self.placed if p.block.id == visit_id]


def _sub_lanes(items: list[tuple[VisitBlock, float, float]]) -> list[tuple[int, int]]:
    """For blocks sorted by start: (lane, lanes in its cluster) so overlaps sit side by side."""
    result: list[tuple[int, int]] = [(0, 1)] * len(items)
    cluster: list[int] = []
    lane_ends: list[dt.datetime] = []
    cluster_end: dt.datetime | None = None

    def close() -> None:
        for k in cluster:
            result[k] = (result[k][0], len(lane_ends))

    for k, (block, _x, _w) in enumerate(items):
        if cluster_end is not None and block.start >= cluster_end:
            close()
            cluster, lane_ends = [], []
        for lane, end in enumerate(lane_ends):
            if end <= block.start:
                lane_ends[lane] = block.end
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(block.end)
        result[k] = (lane, 0)
        cluster.append(k)
        cluster_end = block.end if cluster_end is None else max(cluster_end, block.end)
    close()
    return result


def _holders(resources: Sequence[Resource]) -> tuple[dict[tuple[int, ...], int], dict[int, int]]:
    teams: dict[tuple[int, ...], int] = {}
    visitors: dict[int, int] = {}
    for i, r in enumerate(resources):
        if r.key.startswith("v:"):
            visitors[r.member_ids[0]] = i
        else:
            teams[r.member_ids] = i
    return teams, visitors


def resource_indices(
    block: VisitBlock, teams: dict[tuple[int, ...], int], visitors: dict[int, int]
) -> list[int]:
    found = [visitors[u] for u in block.member_ids if u in visitors]
    team = teams.get(block.team_key)
    if team is not None:
        found.append(team)
    return found


def _place(
    placed: list[Placed],
    column: int,
    key: str,
    items: list[tuple[VisitBlock, float, float]],
    grid: Grid,
) -> None:
    items.sort(key=lambda t: (t[0].start, t[0].end, t[0].id))
    gap = 2.0
    for (block, x, w), (lane, lanes) in zip(items, _sub_lanes(items), strict=True):
        share = w / lanes
        y0 = grid.y_of(block.start)
        y1 = grid.y_of(block.end) if block.end.date() == block.start.date() else grid.height
        placed.append(
            Placed(
                block,
                column,
                key,
                x + lane * share + 1,
                y0,
                max(share - gap, 1.0),
                max(y1 - y0 - 1, 4.0),
            )
        )


def layout_day(
    data: CalendarData,
    day: dt.date,
    resources: Sequence[Resource],
    grid: Grid,
    width: float,
    min_column: float = 150.0,
) -> Layout:
    """One day, a column per resource; ``width`` is the space right of the ruler."""
    n = max(1, len(resources))
    col_w = max(min_column, width / n)
    columns = [Column(i, day, r, i * col_w, col_w) for i, r in enumerate(resources)]
    teams, visitors = _holders(resources)
    groups: dict[int, list[tuple[VisitBlock, float, float]]] = {}
    for block in data.blocks:
        if block.day != day:
            continue
        for i in resource_indices(block, teams, visitors):
            groups.setdefault(i, []).append((block, i * col_w + 4, col_w - 10))
    placed: list[Placed] = []
    for i, items in groups.items():
        _place(placed, i, resources[i].key, items, grid)
    return _finish(ViewMode.DAY, grid, columns, placed, col_w * len(resources))


def layout_week(
    data: CalendarData,
    days: Sequence[dt.date],
    resources: Sequence[Resource],
    grid: Grid,
    width: float,
    min_column: float = 80.0,
    widths: Sequence[float] | None = None,
) -> Layout:
    """A column per day; in each, a lane per resource with visits that day.

    ``widths``: each day's width (rest days folded to a strip); else equal shares."""
    n = max(1, len(days))
    col_w = max(min_column, width / n)
    if widths is None:
        widths = [col_w] * len(days)
    index_of_day = {d: i for i, d in enumerate(days)}
    teams, visitors = _holders(resources)
    per_day: dict[int, dict[int, list[VisitBlock]]] = {}
    for block in data.blocks:
        di = index_of_day.get(block.day)
        if di is None:
            continue
        lanes = per_day.setdefault(di, {})
        for ri in resource_indices(block, teams, visitors):
            lanes.setdefault(ri, []).append(block)
    columns: list[Column] = []
    placed: list[Placed] = []
    x0 = 0.0
    for di, day in enumerate(days):
        lanes = per_day.get(di, {})
        order = sorted(lanes)
        w = widths[di]
        columns.append(Column(di, day, None, x0, w, tuple(resources[i] for i in order)))
        if order:
            share = (w - 6) / len(order)
            for k, ri in enumerate(order):
                items = [(b, x0 + 3 + k * share, share) for b in lanes[ri]]
                _place(placed, di, resources[ri].key, items, grid)
        x0 += w
    return _finish(ViewMode.WEEK, grid, columns, placed, x0)


def _finish(
    mode: ViewMode, grid: Grid, columns: list[Column], placed: list[Placed], width: float
) -> Layout:
    by_column: dict[int, list[Placed]] = {}
    for p in placed:
        by_column.setdefault(p.column, []).append(p)
    return Layout(mode, grid, columns, placed, width, by_column)


def month_grid(day: dt.date) -> list[dt.date]:
    """Six weeks from the Monday on or before the 1st of ``day``'s month."""
    first = day.replace(day=1)
    start = first - dt.timedelta(days=first.weekday())
    return [start + dt.timedelta(days=i) for i in range(42)]


def counts_by_day(
    blocks: Iterable[VisitBlock], resource: Resource | None = None
) -> dict[dt.date, int]:
    counts: dict[dt.date, int] = {}
    for b in blocks:
        if resource is None or resource.holds(b):
            counts[b.day] = counts.get(b.day, 0) + 1
    return counts
