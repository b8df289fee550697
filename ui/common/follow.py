"""A screen that re-reads itself, shortly after committed changes touch what it shows.

For summaries that cannot re-read a single row (the dashboard's figures, its lists):
changes to the named tables start a short timer (a burst of writes is one read);
a hidden screen only notes that it is behind and reads when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from hvdesk.changes import OpChanges
from ui.hub import ChangeHub

#: A burst of writes (an import, a batch) is read once, this long after the last.
DELAY_MS = 800


class Follower(QObject):
    """Calls ``refresh`` after changes to ``tables`` (debounced; on showing when hidden)."""

    def __init__(self, widget: QWidget, tables: tuple[str, ...], refresh: Callable[[], object],
                 delay_ms: int = DELAY_MS, hub: ChangeHub | None = None) -> None:
        super().__init__(widget)
        self._widget = widget
        self._tables = tables
        self._refresh = refresh
        self.behind = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._due)
        widget.installEventFilter(self)
        (hub or ChangeHub.instance()).sig_changed.connect(self._changed)

    def _changed(self, changes: OpChanges) -> None:
        if changes.touches(*self._tables):
            self.behind = True
            if self._widget.isVisible():
                self.timer.start()

    def _due(self) -> None:
        if self.behind and self._widget.isVisible():
            self.behind = False
            self._refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self.behind:
            self.timer.start()
        return False
