"""The canvas's keyboard, its blocks' context menu and the week's folded rest days.

A mixin of :class:`ui.calendar.canvas.CalendarCanvas`, kept apart so the
canvas stays readable. The menu key, Shift+F10 or a right click on a block ask
for its menu (the page builds it); Enter opens the selected visit; the arrow
keys step through the visits day by day. A folded rest day opens on a click,
or when a drag passes over it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip

from ui.calendar import paint
from ui.calendar.layout import Layout, Placed, ViewMode

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from hvdesk.scheduling.calendar_query import CalendarData
    from ui.calendar.dragging import Drag

    _Base = QAbstractScrollArea
else:
    _Base = object


class CanvasKeys(_Base):
    """What the canvas gives (annotations only), and its keys, menu and folded days."""

    layout_: Layout
    data: CalendarData | None
    mode: ViewMode
    selected: set[int]
    opened: set[dt.date]
    _drag: Drag | None

    if TYPE_CHECKING:
        sig_open_visit: SignalInstance
        sig_menu_requested: SignalInstance

        @property
        def ruler(self) -> float: ...
        def set_selection(self, visit_ids: set[int]) -> None: ...
        def block_point(self, visit_id: int, where: str = "middle") -> QPoint: ...
        def to_content(self, pos: QPointF | QPoint) -> QPointF: ...
        def to_viewport(self, x: float, y: float) -> QPoint: ...
        def relayout(self) -> None: ...
        def _offset(self) -> tuple[float, float]: ...

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = Qt.Key(event.key()), event.modifiers()
        if key == Qt.Key.Key_Escape and self._drag is not None:
            self._drag = None
            QToolTip.hideText()
            self.viewport().update()
            return
        current = self.current_visit()
        if key == Qt.Key.Key_Menu or (
            key == Qt.Key.Key_F10 and mods & Qt.KeyboardModifier.ShiftModifier
        ):
            if current is not None:
                self._menu_for(current, self.viewport().mapToGlobal(self.block_point(current)))
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and current is not None:
            self.sig_open_visit.emit(current)
            return
        steps = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1}
        if key in steps and self.step_selection(steps[key]):
            return
        super().keyPressEvent(event)

    def current_visit(self) -> int | None:
        """The selected visit the keyboard acts on (the first shown, when several are)."""
        shown = [p.block.id for p in self._reading_order() if p.block.id in self.selected]
        return shown[0] if shown else None

    def _reading_order(self) -> list[Placed]:
        return sorted((p for p in self.layout_.placed if p.block.id > 0),
                      key=lambda p: (p.column, p.x if not self.layout_.stacked else 0, p.y))

    def step_selection(self, step: int) -> bool:
        """Select the next (1) or previous (-1) visit, day by day, and scroll to it."""
        order = self._reading_order()
        if not order:
            return False
        ids = [p.block.id for p in order]
        current = self.current_visit()
        index = 0 if current is None else max(0, min(len(ids) - 1, ids.index(current) + step))
        self.set_selection({ids[index]})
        self.ensure_visible(ids[index])
        return True

    def ensure_visible(self, visit_id: int) -> None:
        found = self.layout_.find(visit_id)
        if not found:
            return
        placed = found[0]
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        view_w = self.viewport().width() - self.ruler
        view_h = self.viewport().height() - paint.HEADER
        if placed.y < v.value() or placed.y + placed.h > v.value() + view_h:
            v.setValue(int(placed.y - 12))
        if placed.x < h.value() or placed.x + placed.w > h.value() + view_w:
            h.setValue(int(placed.x - 12))

    # --- the context menu ----------------------------------------------------------------
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.data is None:
            return
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            current = self.current_visit()
            if current is not None:
                self._menu_for(current, self.viewport().mapToGlobal(self.block_point(current)))
            return
        point = self.to_content(event.pos())
        placed = self.layout_.hit(point.x(), point.y())
        if placed is None or placed.block.id < 0:
            return
        self._drag = None
        if placed.block.id not in self.selected:
            self.set_selection({placed.block.id})
        self._menu_for(placed.block.id, event.globalPos())

    def _menu_for(self, visit_id: int, where: QPoint) -> None:
        self.sig_menu_requested.emit(visit_id, where)

    # --- folded rest days ------------------------------------------------------------------
    def _unfold_at(self, x: float) -> bool:
        """Open the folded day at content ``x`` (a click, or a drag passing over it)."""
        if self.mode is not ViewMode.WEEK:
            return False
        column = self.layout_.column_at(x)
        if column is None or not column.collapsed or not column.x <= x < column.x + column.width:
            return False
        self.unfold(column.day)
        return True

    def unfold(self, day: dt.date) -> None:
        self.opened.add(day)
        self.relayout()

    def folded(self) -> list[dt.date]:
        return [c.day for c in self.layout_.columns if c.collapsed]

    def day_point(self, day: dt.date) -> QPoint:
        """A viewport point in ``day``'s column, below the header (for clicks and drops)."""
        column = next(c for c in self.layout_.columns if c.day == day)
        return self.to_viewport(column.x + column.width / 2, 40.0 + self._offset()[1])

