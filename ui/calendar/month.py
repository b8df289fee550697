"""The month view: six weeks of days, each with its number of visits by status."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hvdesk import clock
from hvdesk.model import VisitStatus
from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling.calendar_query import Resource, VisitBlock
from ui.calendar.layout import month_grid
from ui.calendar.texts import STATUS_COLOURS, holiday_name

HEAD = 30.0


class MonthView(QWidget):
    """Counts per day; a click selects a day, a double click opens it in the day view."""

    sig_day_clicked = Signal(object)
    sig_day_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarMonth")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        #: The branch's today (the page sets it once the range told the zone).
        self.today = clock.today(None)
        self.month = self.today.replace(day=1)
        self.selected: dt.date | None = None
        self.counts: dict[dt.date, int] = {}
        self.by_status: dict[dt.date, dict[VisitStatus, int]] = {}
        self.days = month_grid(self.month)

    def sizeHint(self) -> QSize:
        return QSize(900, 600)

    def set_blocks(
        self, day: dt.date, blocks: tuple[VisitBlock, ...], resource: Resource | None = None
    ) -> None:
        self.month = day.replace(day=1)
        self.selected = day
        self.days = month_grid(day)
        self.counts, self.by_status = {}, {}
        for b in blocks:
            if resource is not None and not resource.holds(b):
                continue
            self.counts[b.day] = self.counts.get(b.day, 0) + 1
            per = self.by_status.setdefault(b.day, {})
            per[b.status] = per.get(b.status, 0) + 1
        self.update()

    def count(self, day: dt.date) -> int:
        return self.counts.get(day, 0)

    def cell_rect(self, index: int) -> QRectF:
        w = self.width() / 7
        h = (self.height() - HEAD) / 6
        return QRectF((index % 7) * w, HEAD + (index // 7) * h, w, h)

    def day_point(self, day: dt.date) -> QPoint:
        return self.cell_rect(self.days.index(day)).center().toPoint()

    def _day_at(self, pos: QPoint) -> dt.date | None:
        for i, day in enumerate(self.days):
            if self.cell_rect(i).contains(pos.x(), pos.y()):
                return day
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self._day_at(event.position().toPoint())
        if day is not None:
            self.selected = day
            self.update()
            self.sig_day_clicked.emit(day)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self._day_at(event.position().toPoint())
        if day is not None:
            self.sig_day_activated.emit(day)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#ffffff"))
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        big = QFont(font)
        big.setPointSizeF(font.pointSizeF() + 5)
        big.setWeight(QFont.Weight.DemiBold)
        w = self.width() / 7
        p.setFont(small)
        p.setPen(QColor("#6b7280"))
        locale = self.locale()
        for i in range(7):
            name = locale.dayName(i + 1, locale.FormatType.ShortFormat)
            p.drawText(QRectF(i * w, 0, w, HEAD), Qt.AlignmentFlag.AlignCenter, name)
        today = self.today
        for i, day in enumerate(self.days):
            self._paint_day(p, self.cell_rect(i), day, today, font, small, big)
        p.setPen(QPen(QColor("#e3e8ef"), 1))
        for r in range(7):
            y = HEAD + r * (self.height() - HEAD) / 6
            p.drawLine(0, int(y), self.width(), int(y))
        for c in range(1, 7):
            p.drawLine(int(c * w), int(HEAD), int(c * w), self.height())
        p.end()

    def _paint_day(
        self,
        p: QPainter,
        rect: QRectF,
        day: dt.date,
        today: dt.date,
        font: QFont,
        small: QFont,
        big: QFont,
    ) -> None:
        info = calendar_cn.day_info(day)
        outside = day.month != self.month.month
        if info.is_holiday:
            p.fillRect(rect, QColor("#fff7ed"))
        elif not info.is_working_day:
            p.fillRect(rect, QColor("#f8fafc"))
        if day == self.selected:
            p.fillRect(rect, QColor("#e8f0fe"))
        inner = rect.adjusted(8, 6, -8, -6)
        p.setFont(font)
        if day == today:
            badge = QRectF(inner.x() - 3, inner.y() - 1, 24, 20)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#2f6fde"))
            p.drawRoundedRect(badge, 10, 10)
            p.setPen(QColor("#ffffff"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(day.day))
        else:
            p.setPen(QColor("#9ca3af") if outside else QColor("#374151"))
            p.drawText(
                QRectF(inner.x(), inner.y(), 30, 18),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                str(day.day),
            )
        if info.is_holiday:
            p.setFont(small)
            p.setPen(QColor("#b42318"))
            fm = QFontMetricsF(small)
            p.drawText(
                QRectF(inner.x() + 30, inner.y(), inner.width() - 30, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(
                    holiday_name(info.name), Qt.TextElideMode.ElideRight, inner.width() - 30
                ),
            )
        n = self.counts.get(day, 0)
        if not n:
            return
        p.setFont(big)
        p.setPen(QColor("#9ca3af") if outside else QColor("#1a56c4"))
        number = QRectF(inner.x(), inner.y() + 20, inner.width(), inner.height() - 30)
        p.drawText(number, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(n))
        p.setFont(small)
        p.setPen(QColor("#6b7280"))
        label = self.tr("visits")
        p.drawText(
            number.adjusted(QFontMetricsF(big).horizontalAdvance(str(n)) + 6, 0, 0, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        # A thin bar split by status.
        bar = QRectF(inner.x(), inner.bottom() - 5, inner.width(), 5)
        x = bar.x()
        for status, count in sorted(self.by_status.get(day, {}).items()):
            width = bar.width() * count / n
            p.fillRect(
                QRectF(x, bar.y(), width, bar.height()),
                QColor(STATUS_COLOURS.get(status, ("", "#6b7280"))[1]),
            )
            x += width
