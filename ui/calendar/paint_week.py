"""Drawing the week as lists: day columns without a time axis and each lane's name.

The cards themselves are :func:`ui.calendar.paint.paint_block`'s, so a visit
looks the same in the lists as on the time grid.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from ui.calendar.layout import Layout
from ui.calendar.paint import BORDER, FOLDED, HOLIDAY, MUTED, OFF_HOURS

#: A lane's name above its visits: a small coloured mark, then the name.
MARK = QColor("#9bbcf5")


def paint_list_background(
    p: QPainter,
    layout: Layout,
    holidays: dict[dt.date, str],
    rest_days: frozenset[dt.date],
    clip: QRectF,
) -> None:
    """Day columns (rest days and holidays shaded, folded days as strips); content coordinates."""
    height = max(layout.height, clip.bottom())
    for column in layout.columns:
        if column.x > clip.right() or column.x + column.width < clip.left():
            continue
        rect = QRectF(column.x, clip.top(), column.width, height - clip.top())
        if column.collapsed:
            p.fillRect(rect, FOLDED)
        elif column.day in holidays:
            p.fillRect(rect, HOLIDAY)
        elif column.day in rest_days:
            p.fillRect(rect, OFF_HOURS)
    p.setPen(QPen(BORDER, 1))
    for column in layout.columns:
        xr = column.x + column.width
        if clip.left() <= xr <= clip.right() + 1:
            p.drawLine(QPointF(xr, clip.top()), QPointF(xr, height))


def paint_headings(p: QPainter, layout: Layout, small: QFont, clip: QRectF) -> None:
    """Each lane's name (team or visitor) above its visits of the day."""
    sfm = QFontMetricsF(small)
    p.setFont(small)
    for heading in layout.headings:
        if heading.y > clip.bottom() or heading.y + heading.h < clip.top():
            continue
        p.fillRect(QRectF(heading.x, heading.y + 4, 3, heading.h - 7), MARK)
        width = heading.w - 8
        p.setPen(MUTED)
        p.drawText(
            QRectF(heading.x + 7, heading.y, width, heading.h),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            sfm.elidedText(heading.title, Qt.TextElideMode.ElideRight, width),
        )


def paint_plain_ruler(p: QPainter, width: float, height: float) -> None:
    """The lists have no time axis: just the margin left of the first day."""
    p.fillRect(QRectF(0, 0, width, height), QColor("#ffffff"))
