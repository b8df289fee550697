"""The day and week grids: a painted scroll area with drag to move, resize and drop.

Painting over a plain scroll area (no item per visit) keeps a week of 2,000
visits fast to lay out and to draw. While a block is dragged its would-be slot
is checked in memory by :attr:`CalendarCanvas.checker` (no query per mouse
move) and drawn blue, amber (a soft rule the user may override) or red, with
the reasons as a tooltip. Nothing is saved here: on release the canvas asks
with :attr:`sig_move_requested` and the page goes through the service; until
the page hands back new data the block stays where it was, so a refused drop
simply leaves it in place.

The week stays readable (:mod:`ui.calendar.week_arrange`): empty weekend days
fold to a strip, and lanes too narrow for a visit's time and customer give way
to lists. A right click, the menu key or Shift+F10 on a block asks for its
menu (:attr:`sig_menu_requested`); Enter opens it; the arrow keys step
through the visits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from hvdesk import clock
from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling.calendar_query import CalendarData, Resource, VisitBlock, week_of
from hvdesk.scheduling.violations import Violation
from ui.calendar import paint
from ui.calendar.canvas_keys import CanvasKeys
from ui.calendar.conflicts import Candidate
from ui.calendar.dragging import (
    Drag,
    at_minutes,
    block_tooltip,
    candidate_at,
    preview_of,
)
from ui.calendar.layout import (
    Column,
    ColumnKind,
    Grid,
    Layout,
    Placed,
    ViewMode,
    layout_day,
)
from ui.calendar.paint_week import paint_headings, paint_list_background, paint_plain_ruler
from ui.calendar.texts import (
    holiday_name,
    violations_text,
)
from ui.calendar.week_arrange import arrange_week, rest_days
from ui.dragdrop import CUSTOMER_IDS_MIME, customer_ids_of

EDGE = 6.0
#: Left of the week's lists (which have no hours to show).
LIST_MARGIN = 6.0
DRAG_START = 4.0
Checker = Callable[[Candidate], list[Violation]]


class CalendarCanvas(CanvasKeys, QAbstractScrollArea):
    #: (VisitBlock, new start, new end, new member ids): a block was dropped elsewhere.
    sig_move_requested = Signal(object, object, object, object)
    #: (customer ids, start, member ids): customers were dropped on a slot.
    sig_create_requested = Signal(list, object, object)
    sig_open_visit = Signal(int)
    #: (Resource, date): the route button of a team's day.
    sig_route_requested = Signal(object, object)
    #: A proposal (ghost block, negative id) was clicked.
    sig_ghost_toggled = Signal(int)
    sig_day_activated = Signal(object)
    #: Customer ids entered the canvas in a drag (the page preloads them for the checks).
    sig_drag_entered = Signal(list)
    #: The selected visit ids changed (a click selects, Ctrl+click adds or removes).
    sig_selection_changed = Signal(list)
    #: (visit id, global QPoint): a block's context menu is wanted.
    sig_menu_requested = Signal(int, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarCanvas")
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.viewport().setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.data: CalendarData | None = None
        self.mode = ViewMode.DAY
        self.kind = ColumnKind.TEAMS
        self.day = clock.today(None)
        self.resource_filter: str | None = None
        self.resources: list[Resource] = []
        self.grid = Grid()
        self.layout_: Layout = layout_day(
            CalendarData(self.day, self.day, _empty_branch(), (), ()), self.day, [], self.grid, 1
        )
        self.ghosts: list[VisitBlock] = []
        self.ghost_checked: set[int] = set()
        self.selected: set[int] = set()
        self.checker: Checker = lambda _cand: []
        self.can_override = False
        self.new_visit_minutes = 60
        self.drag_reasons = ""
        self.drop_preview: paint.DragPreview | None = None
        self._drag: Drag | None = None
        self._drag_ids: list[int] = []
        self._legs: list[paint.TravelLeg] = []
        self._scrolled_to_morning = False
        #: Folded rest days the user opened (for the week shown).
        self.opened: set[dt.date] = set()
        self._font, self._small = self._fonts()

    @property
    def ruler(self) -> float:
        """The width left of the days: the hours, or a margin for the week's lists."""
        return LIST_MARGIN if self.layout_.stacked else paint.RULER

    def _fonts(self) -> tuple[QFont, QFont]:
        """The widget's font (the style sheet's, once polished) and a smaller one."""
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        return font, small

    # --- content -------------------------------------------------------------------
    def set_view(
        self,
        data: CalendarData,
        mode: ViewMode,
        day: dt.date,
        kind: ColumnKind,
        resource_filter: str | None = None,
    ) -> None:
        if set(self.days()) != set(week_of(day) if mode is ViewMode.WEEK else [day]):
            self.opened = set()  # another week: its weekend folds again
        self.data, self.mode, self.day, self.kind = data, mode, day, kind
        self.resource_filter = resource_filter
        if self._drag is not None and data.block(self._drag.placed.block.id) is None:
            self._drag = None  # a reload took the dragged visit away; else the drag goes on
        kept = {i for i in self.selected if data.block(i) is not None}
        if kept != self.selected:
            self.set_selection(kept)
        self.relayout()

    def set_ghosts(self, ghosts: list[VisitBlock], checked: set[int]) -> None:
        self.ghosts, self.ghost_checked = list(ghosts), set(checked)
        self.relayout()

    def days(self) -> list[dt.date]:
        return [self.day] if self.mode is ViewMode.DAY else week_of(self.day)

    def _resources(self, data: CalendarData) -> list[Resource]:
        if self.kind is ColumnKind.VISITORS:
            resources = data.visitor_resources()
            known = {r.member_ids[0] for r in resources}
            names = data.visitor_names()
            extra = sorted({u for b in data.blocks for u in b.member_ids} - known)
            resources += [Resource(f"v:{u}", names.get(u, str(u)), (u,)) for u in extra]
        else:
            resources = data.team_resources()
        if self.resource_filter:
            resources = [r for r in resources if r.key == self.resource_filter] or resources
        return resources

    def relayout(self) -> None:
        data = self.data
        if data is None:
            return
        if self.ghosts:
            # Proposals (negative ids) share the lanes of the visits they would join.
            data = replace(data, blocks=(*data.blocks, *self.ghosts), _by_id={})
        self.resources = self._resources(data)
        days = set(self.days())
        shown = [b for b in data.blocks if b.day in days]
        self.grid = Grid().covering(shown)
        if self.mode is ViewMode.DAY:
            width = max(1.0, self.viewport().width() - paint.RULER)
            self.layout_ = layout_day(data, self.day, self.resources, self.grid, width)
        else:
            self._font, self._small = self._fonts()
            height = max(1.0, self.viewport().height() - paint.HEADER)
            self.layout_ = arrange_week(
                data, self.days(), self.resources, self.grid,
                max(1.0, self.viewport().width() - paint.RULER), height,
                self._font, self._small, self.opened,
                list_width=max(1.0, self.viewport().width() - LIST_MARGIN))
        self._legs = paint.travel_legs(self.layout_)
        self._update_scrollbars()
        if self.layout_.stacked:
            pass  # the lists start at the top; their scroll offset is theirs
        elif not self._scrolled_to_morning and self.viewport().height() > 100:
            self._scrolled_to_morning = True
            self.scroll_to_time(dt.time(7, 30))
        self.viewport().update()

    def _update_scrollbars(self) -> None:
        view_w = self.viewport().width() - self.ruler
        view_h = self.viewport().height() - paint.HEADER
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setRange(0, max(0, int(self.layout_.width - view_w)))
        h.setPageStep(max(1, int(view_w)))
        h.setSingleStep(40)
        slack = 0 if self.layout_.stacked else 8
        v.setRange(0, max(0, int(self.layout_.height - view_h + slack)))
        v.setPageStep(max(1, int(view_h)))
        v.setSingleStep(int(self.grid.px_per_hour / 4))

    def scroll_to_time(self, when: dt.time) -> None:
        y = (when.hour * 60 + when.minute - self.grid.first_hour * 60) * self.grid.px_per_hour / 60
        self.verticalScrollBar().setValue(int(max(0.0, y)))

    # --- coordinates -----------------------------------------------------------------
    def _offset(self) -> tuple[float, float]:
        return float(self.horizontalScrollBar().value()), float(self.verticalScrollBar().value())

    def to_content(self, pos: QPointF | QPoint) -> QPointF:
        ox, oy = self._offset()
        return QPointF(pos.x() - self.ruler + ox, pos.y() - paint.HEADER + oy)

    def to_viewport(self, x: float, y: float) -> QPoint:
        ox, oy = self._offset()
        return QPointF(x + self.ruler - ox, y + paint.HEADER - oy).toPoint()

    def block_point(self, visit_id: int, where: str = "middle") -> QPoint:
        """A viewport point on the visit's block (``"top"``, ``"middle"`` or ``"bottom"`` edge)."""
        placed = self.layout_.find(visit_id)[0]
        y = {
            "top": placed.y + 8,
            "middle": placed.y + placed.h / 2,
            "bottom": placed.y + placed.h - 2,
        }[where]
        return self.to_viewport(placed.x + placed.w / 2, y)

    def slot_point(self, column: int, when: dt.time) -> QPoint:
        """A viewport point in ``column`` at time ``when`` (for drops and tests)."""
        col = self.layout_.columns[column]
        y = (when.hour * 60 + when.minute - self.grid.first_hour * 60) * self.grid.px_per_hour / 60
        return self.to_viewport(col.x + col.width / 2, y + 1)

    def column_of(self, resource_key: str) -> int:
        return next(
            c.index
            for c in self.layout_.columns
            if c.resource is not None and c.resource.key == resource_key
        )

    def _zone(self) -> ZoneInfo | dt.timezone:
        return self.data.branch.tz if self.data else dt.UTC

    # --- painting ------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if self.data is None:
            return
        self._font, self._small = self._fonts()
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        vw, vh = float(self.viewport().width()), float(self.viewport().height())
        p.fillRect(QRectF(0, 0, vw, vh), paint.QColor("#ffffff"))
        ox, oy = self._offset()
        ruler, stacked = self.ruler, self.layout_.stacked
        clip = QRectF(ox, oy, vw - ruler, vh - paint.HEADER)
        p.save()
        p.setClipRect(QRectF(ruler, paint.HEADER, vw - ruler, vh - paint.HEADER))
        p.translate(ruler - ox, paint.HEADER - oy)
        holidays = {
            d: holiday_name(info.name)
            for d in self.days()
            if (info := calendar_cn.day_info(d)).is_holiday
        }
        rest = rest_days(self.days())
        if stacked:
            paint_list_background(p, self.layout_, holidays, rest, clip)
            paint_headings(p, self.layout_, self._small, clip)
        else:
            paint.paint_background(
                p, self.layout_, self.data.branch, self.data, holidays, clip, rest)
        dragged = self._drag.placed.block.id if self._drag and self._drag.started else None
        for placed in self.layout_.placed:
            if (
                placed.y > clip.bottom()
                or placed.y + placed.h < clip.top()
                or (placed.x > clip.right() or placed.x + placed.w < clip.left())
            ):
                continue
            block_id = placed.block.id
            paint.paint_block(
                p,
                placed,
                self._font,
                self._small,
                faded=block_id == dragged,
                ghost=block_id < 0,
                checked=block_id in self.ghost_checked,
                selected=block_id in self.selected,
            )
        paint.paint_legs(p, self._legs, self._small, clip)
        if not stacked:
            paint.paint_now_line(p, self.layout_, clock.now_in(self.data.branch.tz))
        preview = self._preview() or self.drop_preview
        if preview is not None:
            paint.paint_preview(p, preview, self._small)
        p.restore()
        paint.paint_header(
            p, self.layout_, self._header_cells(holidays), vw, ox, self._font, self._small, ruler
        )
        if stacked:
            paint_plain_ruler(p, ruler, vh)
        else:
            paint.paint_ruler(p, self.grid, vh, oy, self._small)
        p.end()

    def _header_cells(self, holidays: dict[dt.date, str]) -> list[paint.HeaderCell]:
        routes = bool(self.data and self.data.editable) and self.kind is ColumnKind.TEAMS
        return paint.header_cells(self.layout_, holidays, routes, self.locale())

    def _preview(self) -> paint.DragPreview | None:
        drag = self._drag
        if drag is None or not drag.started or drag.candidate is None:
            return None
        key = drag.target_key or drag.placed.resource_key
        return preview_of(drag.candidate, drag.violations, key, self.layout_, self.can_override)

    # --- mouse ---------------------------------------------------------------------------
    def _editable(self, placed: Placed) -> bool:
        block = placed.block
        return bool(self.data and self.data.editable and block.editable and block.id > 0)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.data is None:
            super().mousePressEvent(event)
            return
        pos = event.position()
        if self._unfold_at(self.to_content(pos).x()):
            return
        if pos.y() < paint.HEADER:
            self._header_click(pos)
            return
        point = self.to_content(pos)
        placed = self.layout_.hit(point.x(), point.y())
        if placed is not None and placed.block.id < 0:
            self.sig_ghost_toggled.emit(placed.block.id)
            return
        self._select_at(placed, event.modifiers())
        if placed is not None and self._editable(placed):
            resize = point.y() >= placed.y + placed.h - EDGE and not self.layout_.stacked
            self._drag = Drag(placed, resize, point)

    def _select_at(self, placed: Placed | None, modifiers: Qt.KeyboardModifier) -> None:
        toggle = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if placed is None:
            if not toggle:
                self.set_selection(set())
            return
        visit_id = placed.block.id
        if toggle:
            self.set_selection(self.selected ^ {visit_id})
        elif visit_id not in self.selected:
            self.set_selection({visit_id})

    def set_selection(self, visit_ids: set[int]) -> None:
        if visit_ids != self.selected:
            self.selected = set(visit_ids)
            self.viewport().update()
            self.sig_selection_changed.emit(sorted(self.selected))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        point = self.to_content(event.position())
        drag = self._drag
        if drag is None:
            self._hover_cursor(point)
            return
        if not drag.started:
            if (point - drag.press).manhattanLength() < DRAG_START:
                return
            drag.started = True
        self._unfold_at(point.x())
        cand, resource_key = candidate_at(drag, point, self.layout_, self.resources, self._zone())
        if cand != drag.candidate:
            drag.candidate, drag.target_key = cand, resource_key
            drag.violations = self.checker(cand)
            self._show_reasons(event.globalPosition().toPoint(), drag.violations)
            self.viewport().update()

    def _show_reasons(self, global_pos: QPoint, violations: list[Violation]) -> None:
        self.drag_reasons = violations_text(violations)
        if violations:
            QToolTip.showText(global_pos, self.drag_reasons, self.viewport())
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        QToolTip.hideText()
        if drag is None or not drag.started or drag.candidate is None:
            self.viewport().update()
            return
        block, cand = drag.placed.block, drag.candidate
        self.viewport().update()
        if (cand.start, cand.end, cand.member_ids) != (block.start, block.end, block.member_ids):
            self.sig_move_requested.emit(block, cand.start, cand.end, cand.member_ids)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if pos.y() < paint.HEADER:
            column = self.layout_.column_at(self.to_content(pos).x())
            if column is not None and self.mode is ViewMode.WEEK:
                self.sig_day_activated.emit(column.day)
            return
        point = self.to_content(pos)
        placed = self.layout_.hit(point.x(), point.y())
        if placed is not None:
            self._drag = None
            self.sig_open_visit.emit(placed.block.id)

    def _hover_cursor(self, point: QPointF) -> None:
        placed = self.layout_.hit(point.x(), point.y())
        if placed is not None and self._editable(placed):
            edge = point.y() >= placed.y + placed.h - EDGE and not self.layout_.stacked
            self.viewport().setCursor(
                Qt.CursorShape.SizeVerCursor if edge else Qt.CursorShape.OpenHandCursor
            )
        else:
            self.viewport().unsetCursor()

    def _header_click(self, pos: QPointF) -> None:
        if self.mode is not ViewMode.DAY:
            return
        ox, _ = self._offset()
        for column in self.layout_.columns:
            rect = paint.route_button_rect(column, ox)
            if rect.contains(pos) and column.resource is not None:
                self.sig_route_requested.emit(column.resource, column.day)
                return

    def route_button_point(self, column: int) -> QPoint:
        ox, _ = self._offset()
        return paint.route_button_rect(self.layout_.columns[column], ox).center().toPoint()

    # --- tooltips ------------------------------------------------------------------------
    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if self._drag is None:
                point = self.to_content(event.pos())
                placed = self.layout_.hit(point.x(), point.y())
                column = self.layout_.column_at(point.x())
                if placed is not None:
                    QToolTip.showText(
                        event.globalPos(), self.block_tooltip(placed.block), self.viewport()
                    )
                elif column is not None and column.collapsed:
                    QToolTip.showText(event.globalPos(), self.tr(
                        "No visits on this rest day: click to open it"), self.viewport())
                else:
                    QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def block_tooltip(self, block: VisitBlock) -> str:
        return block_tooltip(block, self._legs)

    # --- dropping customers ---------------------------------------------------------------
    def _drop_target(self, pos: QPointF) -> tuple[dt.datetime, Resource | None]:
        point = self.to_content(pos)
        minutes = self.grid.snapped(self.grid.minutes_at(point.y()))
        column = self.layout_.column_at(point.x())
        day = column.day if column is not None else self.day
        resource = column.lane_at(point.x(), point.y()) if column is not None else None
        if resource is None and self.resource_filter:
            resource = next((r for r in self.resources if r.key == self.resource_filter), None)
        if self.layout_.stacked and column is not None:
            minutes = self._after_last(column, resource)
        return at_minutes(day, minutes, self._zone()), resource

    def _after_last(self, column: Column, resource: Resource | None) -> int:
        """The lists have no time axis: a drop goes after the lane's last visit of the day."""
        ends = [p.block.end for p in self.layout_.by_column.get(column.index, [])
                if resource is None or p.resource_key == resource.key]
        if not ends:
            return 9 * 60
        last = max(ends)
        return self.grid.snapped(last.hour * 60 + last.minute + 30)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if (
            self.data is not None
            and self.data.editable
            and event.mimeData().hasFormat(CUSTOMER_IDS_MIME)
        ):
            self._drag_ids = customer_ids_of(event.mimeData())
            self.sig_drag_entered.emit(self._drag_ids)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not event.mimeData().hasFormat(CUSTOMER_IDS_MIME):
            event.ignore()
            return
        self._unfold_at(self.to_content(event.position()).x())
        start, resource = self._drop_target(event.position())
        members = resource.member_ids if resource is not None else ()
        first = self._drag_ids[0] if self._drag_ids else None
        cand = Candidate(
            None, first, start, start + dt.timedelta(minutes=self.new_visit_minutes), members
        )
        violations = self.checker(cand)
        key = resource.key if resource is not None else None
        self.drop_preview = preview_of(cand, violations, key, self.layout_, self.can_override)
        self._show_reasons(self.viewport().mapToGlobal(event.position().toPoint()), violations)
        self.viewport().update()
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QEvent) -> None:
        self.drop_preview = None
        QToolTip.hideText()
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        ids = customer_ids_of(event.mimeData())
        if self.drop_customers(ids, event.position()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop_customers(self, ids: list[int], pos: QPointF | QPoint) -> bool:
        """Ask for visits of ``ids`` at the slot under viewport point ``pos``."""
        self.drop_preview = None
        QToolTip.hideText()
        self.viewport().update()
        if not ids or self.data is None or not self.data.editable:
            return False
        start, resource = self._drop_target(QPointF(pos))
        self.sig_create_requested.emit(ids, start, resource.member_ids if resource else ())
        return True

    # --- geometry changes ---------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()


def _empty_branch() -> paint.BranchInfo:
    return paint.BranchInfo(None, "")
