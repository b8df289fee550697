"""Choosing how the week is laid out: the time grid while it is readable, else lists.

The rule is the reader's: every visit must show its start time and at least
two characters of the customer (as the user may see the name) in the text
:func:`ui.calendar.paint.block_text_lines` would draw. The time grid is kept
when every block passes at the width the canvas has; otherwise the week
becomes lists with one-line cards, or two-line cards when one line does not
fit, and as a last resort the days get wider and the canvas scrolls sideways.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling.calendar_query import CalendarData, Resource
from ui.calendar.layout import Grid, Layout, Placed, layout_week
from ui.calendar.paint import metrics, readable
from ui.calendar.week_layout import (
    PAD,
    day_widths,
    folded_days,
    layout_week_list,
    mark_folded,
)

#: A day on the time grid is at least this wide (then the canvas scrolls).
MIN_DAY = 80.0


def rest_days(days: Sequence[dt.date]) -> frozenset[dt.date]:
    return frozenset(d for d in days if not calendar_cn.is_working_day(d))


def all_readable(layout: Layout, font: QFont, small: QFont) -> bool:
    """Every block reads (:func:`ui.calendar.paint.readable`), checked on the hardest of each size.

    Blocks of one size with the same badges lay their text out alike; the one
    whose first two characters are widest is the last to fit, so checking it
    answers for them all (a week of 2,000 visits checks a few dozen blocks)."""
    placed = layout.placed
    if not placed:
        return True
    narrowest = min(placed, key=lambda p: (p.w, p.h))
    if not readable(narrowest.block, rect_of(narrowest), font, small):
        return False  # the usual answer for a crowded grid, found at once
    fm = metrics(font)
    hardest: dict[tuple[float, float, bool, bool], tuple[float, Placed]] = {}
    for p in placed:
        block = p.block
        # The badges' room follows from these; digits are as wide as each other.
        key = (p.w, p.h, block.notice_status is None, block.route_order is None)
        width = fm.horizontalAdvance(block.customer[:2])
        if key not in hardest or width > hardest[key][0]:
            hardest[key] = (width, p)
    return all(readable(p.block, rect_of(p), font, small) for _, p in hardest.values())


def rect_of(placed: Placed) -> QRectF:
    return QRectF(placed.x, placed.y, placed.w, placed.h)


def arrange_week(
    data: CalendarData,
    days: Sequence[dt.date],
    resources: Sequence[Resource],
    grid: Grid,
    width: float,
    height: float,
    font: QFont,
    small: QFont,
    opened: Collection[dt.date] = (),
    list_width: float | None = None,
) -> Layout:
    """The week as the grid (when readable) or as lists; ``width``×``height``: the space
    right of the hours, ``list_width`` the lists' (they have no hours to show)."""
    busy = {b.day for b in data.blocks}
    folded = folded_days(days, busy, rest_days(days), opened)
    widths = day_widths(days, folded, width, MIN_DAY)
    on_grid = layout_week(data, days, resources, grid, width, MIN_DAY, widths)
    if all_readable(on_grid, font, small):
        return mark_folded(on_grid, folded)
    width = list_width or width
    widths = day_widths(days, folded, width, MIN_DAY)
    fm, sfm = metrics(font), metrics(small)
    heading = sfm.height() + 6 if len(resources) > 1 else 0.0
    one_line, two_lines = fm.height() + 8, 2 * fm.height() + 8
    chosen: Layout | None = None
    for card in (one_line, two_lines):
        chosen = layout_week_list(data, days, resources, grid, widths, card, heading, height)
        if all_readable(chosen, font, small):
            return mark_folded(chosen, folded)
    # Narrower than two short lines: wide enough days, and the canvas scrolls sideways.
    needed = fm.horizontalAdvance("00:00 ") + fm.horizontalAdvance("国国…") + 2 * PAD + 47
    wider = day_widths(days, folded, width, needed)
    chosen = layout_week_list(data, days, resources, grid, wider, two_lines, heading, height)
    return mark_folded(chosen, folded)
