"""Calendar popups of date fields kept whole and on screen (issue 16.9).

A ``QDateEdit`` with ``calendarPopup`` opens its month grid under the field at
the size the popup had last; in a dialog near the bottom or right edge of the
screen, or on a high-DPI screen, part of the grid was cut off. :class:`PopupGuard`
watches a popup that holds a ``QCalendarWidget`` as it is shown, gives it at
least its size hint and moves it inside the screen's available area (above the
field when there is no room below) — for one field with :func:`keep_popup_on_screen`.
:func:`install_popup_guard` (the main window, once) does it for every date field
of the application when its popup takes the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDateEdit, QWidget


def fit_on_screen(popup: QWidget, anchor: QWidget | None = None) -> None:
    """Grow ``popup`` to its size hint and move it fully into the screen's available area."""
    hint = popup.sizeHint()
    size = popup.size().expandedTo(hint)
    if size != popup.size():
        popup.resize(size)
    screen = popup.screen() or QGuiApplication.primaryScreen()
    if anchor is not None:
        screen = QGuiApplication.screenAt(anchor.mapToGlobal(QPoint(0, 0))) or screen
    area: QRect = screen.availableGeometry()
    top_left = popup.pos()
    if anchor is not None:
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        above = anchor.mapToGlobal(QPoint(0, 0)).y() - size.height()
        room_below = below.y() + size.height() <= area.bottom() + 1
        top_left = QPoint(below.x(), below.y() if room_below or above < area.top() else above)
    x = max(area.left(), min(top_left.x(), area.right() + 1 - size.width()))
    y = max(area.top(), min(top_left.y(), area.bottom() + 1 - size.height()))
    if (x, y) != (popup.x(), popup.y()):
        popup.move(x, y)


def _calendar_popup(obj: QObject) -> QWidget | None:
    if not isinstance(obj, QWidget) or not obj.isWindow():
        return None
    if not obj.windowFlags() & Qt.WindowType.Popup:
        return None
    if isinstance(obj, QCalendarWidget) or obj.findChild(QCalendarWidget) is not None:
        return obj
    return None


class PopupGuard(QObject):
    """An event filter fitting every date field's calendar popup as it opens."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            popup = _calendar_popup(watched)
            if popup is not None:
                anchor = popup.parentWidget()
                fit_on_screen(popup, anchor if isinstance(anchor, QDateEdit) else None)
        return False


_installed = False


def _focus_moved(_old: QWidget | None, new: QWidget | None) -> None:
    """An opening popup takes the keyboard focus: fit it then (a signal, not an event
    filter on the whole application, which would pass every event through Python)."""
    popup = _calendar_popup(new.window()) if new is not None else None
    if popup is not None:
        anchor = popup.parentWidget()
        fit_on_screen(popup, anchor if isinstance(anchor, QDateEdit) else None)


def install_popup_guard() -> None:
    """Watch the whole application's date popups (idempotent)."""
    global _installed
    app = QApplication.instance()
    if not isinstance(app, QApplication) or _installed:
        return
    app.focusChanged.connect(_focus_moved)
    _installed = True


def keep_popup_on_screen(edit: QDateEdit) -> None:
    """One field's popup (dialogs shown before or without the main window)."""
    popup = edit.calendarWidget().window()
    if popup is not edit.window():
        guard = PopupGuard(edit)
        popup.installEventFilter(guard)
