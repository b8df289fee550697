"""The week as a reader needs it: rest days folded, and lists when lanes get too narrow.

Pure geometry like :mod:`ui.calendar.layout`. A Saturday or Sunday that is a
rest day and has no visits takes a narrow strip instead of a full column (a
click, or a drag passing over it, opens it again). When a day's lanes side by
side would be too narrow to show a visit's time and customer, the canvas asks
for :func:`layout_week_list` instead: per day, each lane's visits stacked in
time order under the lane's name, one card each, like Outlook's week when its
items do not fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import replace

from hvdesk.scheduling.calendar_query import CalendarData, Resource, VisitBlock
from ui.calendar.layout import (
    Column,
    Grid,
    Heading,
    Layout,
    Placed,
    ViewMode,
    _finish,
    _holders,
    resource_indices,
)

#: The width of a folded rest day.
FOLDED_W = 34.0
#: Space around and between the cards of the lists.
PAD = 4.0
GAP = 3.0
GROUP_GAP = 8.0


def folded_days(
    days: Sequence[dt.date],
    busy: Collection[dt.date],
    rest_days: Collection[dt.date],
    opened: Collection[dt.date] = (),
) -> frozenset[dt.date]:
    """The weekend rest days without visits that the user did not open."""
    folded = frozenset(
        d for d in days
        if d.weekday() >= 5 and d in rest_days and d not in busy and d not in opened
    )
    return folded if len(folded) < len(days) else frozenset()


def day_widths(
    days: Sequence[dt.date], folded: Collection[dt.date], width: float, min_column: float
) -> list[float]:
    """Each day's width: folded days a strip, the others the rest in equal shares."""
    open_days = sum(1 for d in days if d not in folded)
    share = (width - FOLDED_W * (len(days) - open_days)) / max(1, open_days)
    share = max(min_column, share)
    return [FOLDED_W if d in folded else share for d in days]


def mark_folded(layout: Layout, folded: Collection[dt.date]) -> Layout:
    layout.columns = [replace(c, collapsed=c.day in folded) for c in layout.columns]
    return layout


def layout_week_list(
    data: CalendarData,
    days: Sequence[dt.date],
    resources: Sequence[Resource],
    grid: Grid,
    widths: Sequence[float],
    card_h: float,
    heading_h: float,
    min_height: float = 0.0,
) -> Layout:
    """Per day, each lane's visits stacked in time order under the lane's name.

    ``heading_h`` 0: no names (one lane only, the team filter chose it)."""
    index_of_day = {d: i for i, d in enumerate(days)}
    teams, visitors = _holders(resources)
    per_day: dict[int, dict[int, list[VisitBlock]]] = {}
    for block in data.blocks:
        di = index_of_day.get(block.day)
        if di is not None:
            lanes = per_day.setdefault(di, {})
            for ri in resource_indices(block, teams, visitors):
                lanes.setdefault(ri, []).append(block)
    columns: list[Column] = []
    placed: list[Placed] = []
    headings: list[Heading] = []
    x0, tallest = 0.0, 0.0
    for di, day in enumerate(days):
        lanes = per_day.get(di, {})
        order = sorted(lanes)
        w = widths[di]
        y = PAD
        groups: list[tuple[Resource, float, float]] = []
        for ri in order:
            resource, top = resources[ri], y
            if heading_h:
                headings.append(Heading(resource.title, x0 + PAD, y, w - 2 * PAD, heading_h))
                y += heading_h
            for block in sorted(lanes[ri], key=lambda b: (b.start, b.end, b.id)):
                placed.append(Placed(block, di, resource.key, x0 + PAD, y, w - 2 * PAD, card_h))
                y += card_h + GAP
            y += GROUP_GAP
            groups.append((resource, top, y))
        columns.append(Column(di, day, None, x0, w, tuple(resources[i] for i in order),
                              groups=tuple(groups)))
        tallest = max(tallest, y)
        x0 += w
    layout = _finish(ViewMode.WEEK, grid, columns, placed, x0)
    layout.stacked = True
    layout.headings = headings
    layout.list_height = max(tallest, min_height)
    layout.card_h = card_h
    return layout
