"""What a drag means: the slot under the pointer, the visit it would make, its preview.

Pure functions of the layout and the pointer, no widget: the canvas turns
mouse positions into a :class:`~ui.calendar.conflicts.Candidate` here, has it
checked (in memory) and paints the returned :class:`~ui.calendar.paint.DragPreview`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QPointF

from hvdesk.scheduling.calendar_query import Resource, VisitBlock
from hvdesk.scheduling.violations import Violation
from ui.calendar.conflicts import Candidate, blocking
from ui.calendar.layout import SNAP_MINUTES, Layout, Placed, ViewMode
from ui.calendar.paint import DragPreview, TravelLeg
from ui.calendar.texts import notice_name, purpose_name, status_name


@dataclass(slots=True)
class Drag:
    """A press on a block, and where the drag has taken it so far."""

    placed: Placed
    resize: bool
    press: QPointF
    started: bool = False
    target_key: str = ""
    candidate: Candidate | None = None
    violations: list[Violation] = field(default_factory=list)


def at_minutes(day: dt.date, minutes: int, zone: ZoneInfo | dt.timezone) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), zone) + dt.timedelta(minutes=minutes)


def candidate_at(
    drag: Drag,
    point: QPointF,
    layout: Layout,
    resources: list[Resource],
    zone: ZoneInfo | dt.timezone,
) -> tuple[Candidate, str]:
    """The visit as it would be with the pointer at ``point`` (content coordinates).

    Moves snap to 15 minutes and keep the length; in the day view a drop on
    another column changes the team; dragging the bottom edge changes the end.
    """
    block = drag.placed.block
    grid = layout.grid
    key = drag.placed.resource_key
    members = block.member_ids
    day = block.day
    if drag.resize:
        end_min = grid.snapped(grid.minutes_at(point.y()))
        start_min = block.start.hour * 60 + block.start.minute
        end = at_minutes(day, max(end_min, start_min + SNAP_MINUTES), zone)
        return Candidate(
            block.id,
            block.customer_id,
            block.start,
            end,
            members,
            block.customer_agreed_hours,
            resize=True,
        ), key
    top = point.y() - (drag.press.y() - drag.placed.y)
    start_min = grid.snapped(grid.minutes_at(top))
    column = layout.column_at(point.x())
    if layout.stacked:
        # The lists have no time axis: a visit dragged to another day keeps its time.
        start_min = block.start.hour * 60 + block.start.minute
    if column is not None and layout.mode is ViewMode.WEEK:
        day = column.day
    elif column is not None and column.resource is not None and column.resource.key != key:
        members = reassigned(members, resources, key, column.resource)
        key = column.resource.key
    start = at_minutes(day, start_min, zone)
    return Candidate(
        block.id,
        block.customer_id,
        start,
        start + (block.end - block.start),
        members,
        block.customer_agreed_hours,
    ), key


def reassigned(
    members: tuple[int, ...], resources: list[Resource], from_key: str, to: Resource
) -> tuple[int, ...]:
    """The team after dragging from column ``from_key`` to column ``to``.

    Onto a team's column: that team. Onto a visitor's column: that visitor
    takes the place of the one whose column the drag started in.
    """
    if to.key.startswith("t:"):
        return to.member_ids
    source = next((r for r in resources if r.key == from_key), None)
    old = source.member_ids[0] if source is not None else None
    new = to.member_ids[0]
    if new in members:
        return members
    return tuple(new if u == old else u for u in members)


def preview_of(
    cand: Candidate,
    violations: list[Violation],
    resource_key: str | None,
    layout: Layout,
    can_override: bool,
) -> DragPreview | None:
    """Where to draw the would-be slot, coloured by what the rules say."""
    if layout.mode is ViewMode.DAY:
        column = next(
            (
                c
                for c in layout.columns
                if c.resource is not None and c.resource.key == resource_key
            ),
            None,
        )
    else:
        column = next((c for c in layout.columns if c.day == cand.start.date()), None)
    if column is None:
        return None
    grid = layout.grid
    y0, y1 = grid.y_of(cand.start), grid.y_of(cand.end)
    if cand.end.date() != cand.start.date():
        y1 = grid.height
    if layout.stacked:
        # In the lists: a card where the visit would go, before the first that starts later.
        later = [p.y for p in layout.by_column.get(column.index, [])
                 if p.block.start > cand.start and p.block.id != cand.visit_id]
        y0 = min(later) - 2 if later else list_end(layout, column.index)
        y1 = y0 + layout.card_h
    state = "ok"
    if violations:
        state = "refused" if blocking(violations, can_override) else "soft"
    label = f"{cand.start:%H:%M}–{cand.end:%H:%M}"
    return DragPreview(column.x + 4, y0, column.width - 10, max(y1 - y0, 6.0), state, label)


def list_end(layout: Layout, column: int) -> float:
    """Below the last card of a day's lists."""
    cards = layout.by_column.get(column, [])
    return max((p.y + p.h for p in cards), default=0.0) + 4


def block_tooltip(block: VisitBlock, legs: list[TravelLeg]) -> str:
    lines = [
        f"{block.start:%H:%M}–{block.end:%H:%M}  {block.customer}",
        block.district,
        f"{purpose_name(block.purpose)} · {status_name(block.status)}",
        " · ".join(block.member_names),
    ]
    if block.notice_status is not None:
        lines.append(notice_name(block.notice_status))
    for _a, b, km, minutes in legs:
        if b.block.id == block.id:
            lines.append(
                QCoreApplication.translate(
                    "CalendarCanvas", "Travel from the previous stop: {0} min, {1} km"
                ).format(minutes, f"{km:.1f}")
            )
            break
    return "\n".join(line for line in lines if line)
