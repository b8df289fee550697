"""Drawing the time grid: ruler, column headers, hour lines, visit blocks, travel legs.

Functions of a painter and plain geometry; the canvas decides what is visible
and where the scroll offsets put it. Only blocks that intersect the exposed
area are drawn, so a week of 2,000 visits paints as fast as a quiet day.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from hvdesk.model import NoticeStatus
from hvdesk.scheduling.calendar_query import BranchInfo, CalendarData, VisitBlock
from ui.calendar.conflicts import leg_between
from ui.calendar.layout import Column, Grid, Layout, Placed, ViewMode
from ui.calendar.texts import NOTICE_COLOURS, STATUS_COLOURS, purpose_name

RULER = 58.0
HEADER = 52.0
ROUTE_BUTTON = (58.0, 20.0)

GRID_LINE = QColor("#e6eaf0")
HALF_LINE = QColor("#f1f3f7")
OFF_HOURS = QColor("#f6f7f9")
QUIET = QColor("#fbeeee")
HOLIDAY = QColor("#fff7ed")
LEAVE = QColor("#f3f0fa")
TEXT = QColor("#1f2937")
MUTED = QColor("#6b7280")
RED = QColor("#b42318")
ACCENT = QColor("#2f6fde")
BORDER = QColor("#d7dde6")
#: A folded rest day's strip.
FOLDED = QColor("#f1f3f6")


@dataclass(frozen=True, slots=True)
class DragPreview:
    """Where a dragged block (or dropped customers) would land, and whether it may."""

    x: float
    y: float
    w: float
    h: float
    state: str  # "ok", "soft" (overridable), "refused"
    label: str


def _minutes(t: dt.time) -> int:
    return t.hour * 60 + t.minute


def paint_background(
    p: QPainter,
    layout: Layout,
    branch: BranchInfo,
    data: CalendarData,
    holidays: dict[dt.date, str],
    clip: QRectF,
    rest_days: frozenset[dt.date] = frozenset(),
) -> None:
    """Columns, off-hours shading, hour lines; in content coordinates."""
    grid = layout.grid
    ppm = grid.px_per_hour / 60
    top = grid.first_hour * 60

    def band(x: float, w: float, m0: int, m1: int, colour: QColor) -> None:
        y0, y1 = (max(m0, top) - top) * ppm, (min(m1, grid.last_hour * 60) - top) * ppm
        if y1 > y0:
            p.fillRect(QRectF(x, y0, w, y1 - y0), colour)

    for column in layout.columns:
        if column.x > clip.right() or column.x + column.width < clip.left():
            continue
        x, w = column.x, column.width
        if column.collapsed:
            p.fillRect(QRectF(x, 0, w, grid.height), FOLDED)
            continue
        if column.day in holidays:
            p.fillRect(QRectF(x, 0, w, grid.height), HOLIDAY)
        elif column.day in rest_days:
            p.fillRect(QRectF(x, 0, w, grid.height), OFF_HOURS)
        resource = column.resource
        if (
            resource is not None
            and resource.key.startswith("v:")
            and data.on_leave(resource.member_ids[0], column.day)
        ):
            p.fillRect(QRectF(x, 0, w, grid.height), LEAVE)
        band(x, w, 0, _minutes(branch.window_start), OFF_HOURS)
        band(x, w, _minutes(branch.window_end), 24 * 60, OFF_HOURS)
        band(x, w, 0, 8 * 60, QUIET)
        band(x, w, 22 * 60, 24 * 60, QUIET)
    for hour in range(grid.first_hour, grid.last_hour + 1):
        y = (hour - grid.first_hour) * grid.px_per_hour
        p.setPen(QPen(GRID_LINE, 1))
        p.drawLine(QPointF(clip.left(), y), QPointF(clip.right(), y))
        if hour < grid.last_hour:
            p.setPen(QPen(HALF_LINE, 1))
            yh = y + grid.px_per_hour / 2
            p.drawLine(QPointF(clip.left(), yh), QPointF(clip.right(), yh))
    p.setPen(QPen(BORDER, 1))
    for column in layout.columns:
        xr = column.x + column.width
        if clip.left() <= xr <= clip.right() + 1:
            p.drawLine(QPointF(xr, 0), QPointF(xr, grid.height))


_COLOURS: dict[object, tuple[QColor, QColor, QColor]] = {}


def block_colours(block: VisitBlock) -> tuple[QColor, QColor, QColor]:
    """Fill, accent, and the mix of both that a block too narrow for text is painted in."""
    found = _COLOURS.get(block.status)
    if found is None:
        fill, accent = STATUS_COLOURS.get(block.status, ("#eef0f3", "#6b7280"))
        a = QColor(accent)
        # Opaque (a translucent fill is ten times slower to paint): 55 % accent on white.
        mixed = QColor(*(int(255 - 0.55 * (255 - c)) for c in (a.red(), a.green(), a.blue())))
        found = _COLOURS[block.status] = (QColor(fill), QColor(accent), mixed)
    return found


def paint_block(
    p: QPainter,
    placed: Placed,
    font: QFont,
    small: QFont,
    *,
    ghost: bool = False,
    checked: bool = True,
    faded: bool = False,
    selected: bool = False,
) -> None:
    block = placed.block
    rect = QRectF(placed.x, placed.y, placed.w, placed.h)
    fill, accent, mixed = block_colours(block)
    if not (ghost or faded or selected) and rect.width() < 16:
        # A week of many teams: a strip per visit, no text; the fast path.
        p.fillRect(rect, mixed)
        return
    if ghost:
        fill = QColor("#ffffff") if not checked else QColor("#eaf2ff")
        accent = QColor("#2f6fde") if checked else QColor("#9ca3af")
    p.save()
    if faded:
        p.setOpacity(0.35)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(fill))
    p.drawRoundedRect(rect, 4, 4)
    if ghost:
        pen = QPen(accent, 1.2, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
    else:
        p.fillRect(QRectF(rect.x(), rect.y(), min(3.0, rect.width()), rect.height()), accent)
    if selected:
        p.setPen(QPen(ACCENT, 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 4, 4)
    if rect.width() >= 34 and rect.height() >= 14:
        _block_text(p, block, rect, font, small, accent, ghost=ghost, checked=checked)
    p.restore()


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of a block's text as it is drawn: elided text, where, and in which font."""

    text: str
    rect: QRectF
    small: bool = False


def block_text_lines(
    block: VisitBlock,
    rect: QRectF,
    font: QFont,
    small: QFont,
    *,
    ghost: bool = False,
    checked: bool = True,
) -> list[TextLine]:
    """The lines :func:`paint_block` draws in ``rect`` (tests read what a user would)."""
    if rect.width() < 34 or rect.height() < 14:
        return []
    inner = rect.adjusted(6, 3, -3, -2)
    inner.setRight(inner.right() - _reserved(block, ghost, rect))
    fm = metrics(font)
    name = ("☑ " if checked else "☐ ") + block.customer if ghost else block.customer
    time_text = f"{block.start:%H:%M}"
    span_text = f"{time_text}–{block.end:%H:%M}"
    is_small = False
    if fm.horizontalAdvance(f"{span_text} {name}") <= inner.width():
        bold_lines = [f"{span_text} {name}"]
    elif fm.horizontalAdvance(f"{time_text} {name}") <= inner.width() or (
        # One line's height: the time and as much of the name as fits.
        inner.height() < 2 * fm.height()
        and fm.horizontalAdvance(f"{time_text} {name[:2]}…") <= inner.width()
    ):
        bold_lines = [f"{time_text} {name}"]
    elif fm.horizontalAdvance(time_text) <= inner.width():
        bold_lines = [time_text, name]
    else:
        # Too narrow for the time (a busy week): the place on the grid tells it.
        fm, is_small = metrics(small), True
        bold_lines = [name]
    lines: list[TextLine] = []
    line = fm.height()
    y = inner.y()
    for text in bold_lines:
        if y > inner.y() and y + line > inner.bottom() + 1:
            break
        elided = fm.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        lines.append(TextLine(elided, QRectF(inner.x(), y, inner.width(), line), is_small))
        y += line
    sfm = metrics(small)
    for text in (block.district, purpose_name(block.purpose)):
        if not text or y + sfm.height() > inner.bottom() + 1:
            break
        elided = sfm.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        if elided != text and inner.width() < 90:
            continue  # "成都市…" says nothing; the tooltip and the details have it whole
        lines.append(TextLine(elided, QRectF(inner.x(), y, inner.width(), sfm.height()), True))
        y += sfm.height()
    return lines


_METRICS: dict[str, QFontMetricsF] = {}


def metrics(font: QFont) -> QFontMetricsF:
    """The font's metrics, made once per font (a week checks thousands of blocks)."""
    key = font.key()
    found = _METRICS.get(key)
    if found is None:
        found = _METRICS[key] = QFontMetricsF(font)
    return found


def readable(block: VisitBlock, rect: QRectF, font: QFont, small: QFont) -> bool:
    """The block shows its start time and at least two characters of the customer, whole."""
    lines = [t for t in block_text_lines(block, rect, font, small)
             if t.rect.bottom() <= rect.bottom() + 2]
    start = f"{block.start:%H:%M}"
    return any(start in t.text for t in lines) and any(
        block.customer[:2] in t.text for t in lines)


def _badge(block: VisitBlock, ghost: bool, inner: QRectF) -> bool:
    return block.route_order is not None and not ghost and inner.width() > 60


def _notice(block: VisitBlock, ghost: bool, rect: QRectF) -> bool:
    return (block.notice_status is not None and not ghost and rect.width() >= 48
            and rect.height() >= 20)


def _side_by_side(block: VisitBlock, ghost: bool, rect: QRectF) -> bool:
    """A card one line high: the envelope goes left of the route number, not under it."""
    return (rect.height() < 36 and _notice(block, ghost, rect)
            and _badge(block, ghost, rect.adjusted(6, 3, -3, -2)))


def _reserved(block: VisitBlock, ghost: bool, rect: QRectF) -> float:
    """Room kept at the right of the text for the route number and the SMS envelope."""
    if _side_by_side(block, ghost, rect):
        return 38.0
    if _badge(block, ghost, rect.adjusted(6, 3, -3, -2)) or _notice(block, ghost, rect):
        return 18.0
    return 0.0


def _block_text(
    p: QPainter,
    block: VisitBlock,
    rect: QRectF,
    font: QFont,
    small: QFont,
    accent: QColor,
    *,
    ghost: bool,
    checked: bool,
) -> None:
    lines = block_text_lines(block, rect, font, small, ghost=ghost, checked=checked)
    first_small = next((t.small for t in lines), False)
    bold = True
    for line in lines:
        if bold and line.small and not (first_small and line is lines[0]):
            bold = False  # the muted lines (district, purpose) follow the bold ones
        p.setFont(small if line.small else font)
        p.setPen(TEXT if bold else MUTED)
        p.drawText(line.rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   line.text)
    if _notice(block, ghost, rect):
        shift = 20.0 if _side_by_side(block, ghost, rect) else 0.0
        paint_notice_badge(p, block, rect, shift)
    if _badge(block, ghost, rect.adjusted(6, 3, -3, -2)):
        d = 16.0
        circle = QRectF(rect.right() - d - 4, rect.y() + 4, d, d)
        if rect.height() < d + 6:
            circle.moveTop(rect.y() + (rect.height() - d) / 2)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(accent)
        p.drawEllipse(circle)
        p.setPen(QColor("#ffffff"))
        p.setFont(small)
        p.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(block.route_order))


def paint_notice_badge(p: QPainter, block: VisitBlock, rect: QRectF, shift: float = 0.0) -> None:
    """A small envelope in the block's bottom-right corner, coloured by the SMS status.

    ``shift``: that far left, centred in height (beside the route number of a low card)."""
    if block.notice_status is None:
        return
    colour = QColor(NOTICE_COLOURS.get(block.notice_status, "#6b7280"))
    env = QRectF(rect.right() - 17, rect.bottom() - 13, 13, 9)
    if shift:
        env.moveTo(rect.right() - 17 - shift, rect.center().y() - 4.5)
    p.save()
    p.setPen(QPen(colour, 1.3))
    failed = block.notice_status is NoticeStatus.FAILED
    p.setBrush(colour if failed else QColor("#ffffff"))
    p.drawRoundedRect(env, 1.5, 1.5)
    p.setPen(QPen(QColor("#ffffff") if failed else colour, 1.1))
    p.drawLine(env.topLeft() + QPointF(1, 1), QPointF(env.center().x(), env.center().y() + 1))
    p.drawLine(QPointF(env.center().x(), env.center().y() + 1), env.topRight() + QPointF(-1, 1))
    p.restore()


#: Two consecutive stops, the kilometres and the minutes between them.
TravelLeg = tuple[Placed, Placed, float, int]


def travel_legs(layout: Layout) -> list[TravelLeg]:
    """Consecutive stops in each day-view column with the travel between them."""
    if layout.mode is not ViewMode.DAY:
        return []
    legs = []
    for items in layout.by_column.values():
        ordered = sorted(items, key=lambda pl: (pl.block.start, pl.block.id))
        for a, b in itertools.pairwise(ordered):
            leg = leg_between(a.block, b.block)
            if leg is not None:
                legs.append((a, b, leg[0], leg[1]))
    return legs


def paint_legs(p: QPainter, legs: list[TravelLeg], small: QFont, clip: QRectF) -> None:
    sfm = QFontMetricsF(small)
    p.setFont(small)
    for a, b, km, minutes in legs:
        y0, y1 = a.y + a.h, b.y
        if y1 < clip.top() or y0 > clip.bottom():
            continue
        x = min(a.x, b.x) + 10
        label = QCoreApplication.translate("CalendarPaint", "{0} min · {1} km").format(
            minutes, f"{km:.1f}"
        )
        gap = y1 - y0
        short = gap < minutes * (b.h / max(1, b.block.minutes))
        colour = RED if short else MUTED
        if gap >= 4:
            p.setPen(QPen(colour, 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(x, y0 + 1), QPointF(x, y1 - 1))
        if gap >= sfm.height():
            p.setPen(colour)
            p.drawText(
                QRectF(x + 5, y0 + (gap - sfm.height()) / 2, a.w - 16, sfm.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                label,
            )


def paint_preview(p: QPainter, preview: DragPreview, small: QFont) -> None:
    colours = {
        "ok": (QColor(47, 111, 222, 60), QColor("#2f6fde")),
        "soft": (QColor(217, 119, 6, 70), QColor("#c27803")),
        "refused": (QColor(220, 38, 38, 80), QColor("#b42318")),
    }
    fill, line = colours.get(preview.state, colours["ok"])
    rect = QRectF(preview.x, preview.y, preview.w, preview.h)
    p.setPen(QPen(line, 1.5, Qt.PenStyle.DashLine))
    p.setBrush(fill)
    p.drawRoundedRect(rect, 4, 4)
    p.setFont(small)
    p.setPen(line)
    p.drawText(
        rect.adjusted(6, 2, -4, -2),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        preview.label,
    )


def paint_ruler(p: QPainter, grid: Grid, height: float, offset_y: float, small: QFont) -> None:
    """The hour labels left of the grid, in viewport coordinates."""
    p.fillRect(QRectF(0, 0, RULER, height), QColor("#ffffff"))
    p.setFont(small)
    p.setPen(MUTED)
    sfm = QFontMetricsF(small)
    for hour in range(grid.first_hour, grid.last_hour + 1):
        y = HEADER + (hour - grid.first_hour) * grid.px_per_hour - offset_y
        if y < HEADER - 2 or y > height:
            continue
        p.drawText(
            QRectF(0, y - sfm.height() / 2, RULER - 8, sfm.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{hour:02d}:00",
        )
    p.setPen(QPen(BORDER, 1))
    p.drawLine(QPointF(RULER - 0.5, HEADER), QPointF(RULER - 0.5, height))


def route_button_rect(column: Column, offset_x: float) -> QRectF:
    w, h = ROUTE_BUTTON
    return QRectF(RULER + column.x - offset_x + column.width - w - 8, 26, w, h)


@dataclass(frozen=True, slots=True)
class HeaderCell:
    title: str
    subtitle: str
    alert: bool = False
    route_button: bool = False
    #: A folded rest day: short texts, centred in a strip.
    folded: bool = False
    #: The week's time grid: each lane's left edge (from the column's), width and resource.
    lanes: tuple[tuple[float, float, str], ...] = ()


def lane_label(title: str, width: float, fm: QFontMetricsF) -> str:
    """A lane's name in ``width``: whole, else the team's surnames (刘·赵·陆), else elided."""
    if fm.horizontalAdvance(title) <= width:
        return title
    if " · " in title:
        title = "·".join(part[:1] for part in title.split(" · "))
    return fm.elidedText(title, Qt.TextElideMode.ElideRight, width)


def header_cells(
    layout: Layout, holidays: dict[dt.date, str], routes: bool, locale: QLocale
) -> list[HeaderCell]:
    """Titles over the columns: the team (with its route button) or the day (and holiday)."""
    counts: dict[int, int] = {}
    for placed in layout.placed:
        if placed.block.id > 0:  # not the proposals
            counts[placed.column] = counts.get(placed.column, 0) + 1
    cells = []
    for column in layout.columns:
        n = counts.get(column.index, 0)
        visits = QCoreApplication.translate("CalendarCanvas", "{0} visits").format(n) if n else ""
        if column.resource is not None:
            cells.append(HeaderCell(column.resource.title, visits, route_button=routes and n > 1))
        elif column.collapsed:
            qday = QDate(column.day.year, column.day.month, column.day.day)
            cells.append(HeaderCell(locale.toString(qday, "ddd"), locale.toString(qday, "d"),
                                    folded=True))
        else:
            day = column.day
            title = locale.toString(QDate(day.year, day.month, day.day), "ddd M/d")
            holiday = holidays.get(day)
            lanes: tuple[tuple[float, float, str], ...] = ()
            if column.lanes and not layout.stacked:
                share = (column.width - 6) / len(column.lanes)
                lanes = tuple((3 + k * share, share, r.title) for k, r in enumerate(column.lanes))
            cells.append(HeaderCell(title, holiday or visits, alert=bool(holiday), lanes=lanes))
    return cells


def paint_header(
    p: QPainter,
    layout: Layout,
    cells: list[HeaderCell],
    width: float,
    offset_x: float,
    font: QFont,
    small: QFont,
    ruler: float = RULER,
) -> None:
    """Column titles above the grid, in viewport coordinates."""
    p.fillRect(QRectF(0, 0, width, HEADER), QColor("#ffffff"))
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    fm, sfm = QFontMetricsF(bold), QFontMetricsF(small)
    for column, cell in zip(layout.columns, cells, strict=False):
        x = ruler + column.x - offset_x
        if x > width or x + column.width < ruler:
            continue
        if cell.folded:
            p.fillRect(QRectF(x, 0, column.width, HEADER), FOLDED)
            p.setFont(small)
            p.setPen(MUTED)
            for text, top in ((cell.title, 6.0), (cell.subtitle, 28.0)):
                p.drawText(QRectF(x, top, column.width, sfm.height()),
                           Qt.AlignmentFlag.AlignCenter, text)
            p.setPen(QPen(BORDER, 1))
            p.drawLine(QPointF(x + column.width - 0.5, 0),
                       QPointF(x + column.width - 0.5, HEADER))
            continue
        text_w = column.width - 16
        button = route_button_rect(column, offset_x) if cell.route_button else None
        p.setFont(bold)
        p.setPen(TEXT)
        p.drawText(
            QRectF(x + 8, 6, text_w, fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(cell.title, Qt.TextElideMode.ElideRight, text_w),
        )
        if cell.lanes:
            _paint_lane_row(p, cell, x, text_w - fm.horizontalAdvance(cell.title) - 8,
                            fm.height(), small)
            p.setPen(QPen(BORDER, 1))
            p.drawLine(QPointF(x + column.width - 0.5, 0),
                       QPointF(x + column.width - 0.5, HEADER))
            continue
        sub_w = text_w - (button.width() + 6 if button is not None else 0)
        p.setFont(small)
        p.setPen(RED if cell.alert else MUTED)
        p.drawText(
            QRectF(x + 8, 28, sub_w, sfm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            sfm.elidedText(cell.subtitle, Qt.TextElideMode.ElideRight, sub_w),
        )
        if button is not None:
            p.setPen(QPen(BORDER, 1))
            p.setBrush(QColor("#f8fafc"))
            p.drawRoundedRect(button, 4, 4)
            p.setPen(ACCENT)
            p.drawText(
                button,
                Qt.AlignmentFlag.AlignCenter,
                QCoreApplication.translate("CalendarPaint", "Route"),
            )
        p.setPen(QPen(BORDER, 1))
        p.drawLine(QPointF(x + column.width - 0.5, 0), QPointF(x + column.width - 0.5, HEADER))
    p.setPen(QPen(BORDER, 1))
    p.drawLine(QPointF(0, HEADER - 0.5), QPointF(width, HEADER - 0.5))
    p.fillRect(QRectF(0, 0, ruler, HEADER), QColor("#ffffff"))


def _paint_lane_row(
    p: QPainter, cell: HeaderCell, x: float, room: float, title_h: float, small: QFont
) -> None:
    """The week's time grid: the count beside the day, each lane's team below it."""
    sfm = QFontMetricsF(small)
    p.setFont(small)
    p.setPen(RED if cell.alert else MUTED)
    if cell.subtitle and sfm.horizontalAdvance(cell.subtitle) <= room:
        p.drawText(QRectF(x + 8, 6, room + sfm.horizontalAdvance(cell.subtitle), title_h),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, cell.subtitle)
    for left, width, title in cell.lanes:
        rect = QRectF(x + left + 1, 28, width - 2, sfm.height())
        p.fillRect(QRectF(rect.x(), rect.y() + 3, 2, rect.height() - 6), QColor("#9bbcf5"))
        p.setPen(MUTED)
        p.drawText(rect.adjusted(5, 0, 0, 0),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   lane_label(title, rect.width() - 5, sfm))


def paint_now_line(p: QPainter, layout: Layout, now: dt.datetime) -> None:
    for column in layout.columns:
        if column.day != now.date():
            continue
        y = layout.grid.y_of(now)
        if 0 <= y <= layout.grid.height:
            p.setPen(QPen(RED, 1.5))
            p.drawLine(QPointF(column.x, y), QPointF(column.x + column.width, y))
