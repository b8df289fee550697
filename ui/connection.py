"""Following the other desks, and saying so when the server cannot be reached.

:class:`DeskLink` runs the change feed (:mod:`hvdesk.changefeed`) for the
signed-in desk: other desks' commits go to the hub like local ones, and the
feed's connection state drives a :class:`ConnectionBanner` at the top of the
main window. A background operation (``ui.workers.Op``) or a slot that fails
because the connection is gone shows the same banner and makes the feed retry
at once, instead of an error box. Nothing here closes or resets a dialog: a
form being edited keeps its input and can be saved once the banner goes.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.changefeed import ChangeFeed, FeedState, connection_lost
from hvdesk.changes import DESK_ID, OpChanges
from hvdesk.database import Database
from ui import workers
from ui.hub import ChangeHub

log = logging.getLogger(__name__)

_Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class ConnectionBanner(QWidget):
    """A strip over the window's content while the server cannot be reached."""

    sig_retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionBanner")
        # The style sheet's background applies to a plain QWidget only with this.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#connectionBanner { background: #fff4ce; border-bottom: 1px solid "
                           "#e0b94d; } #connectionBanner QLabel { color: #5c4400; }")
        self.message = QLabel()
        self.message.setObjectName("connectionMessage")
        self.message.setWordWrap(True)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("connectionRetry")
        self.retry_button.clicked.connect(self.sig_retry)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.message, 1)
        row.addWidget(self.retry_button)
        self._detail = ""
        self._retrying = False
        self.retranslateUi()
        self.hide()

    def show_lost(self, detail: str = "", *, retrying: bool = False) -> None:
        self._detail, self._retrying = detail, retrying
        self.retranslateUi()
        self.show()

    def show_connected(self) -> None:
        self.hide()

    def retranslateUi(self) -> None:
        self.message.setText(self.tr(
            "The connection to the server was lost. hvdesk keeps retrying; what you are "
            "typing stays as it is and can be saved once this message goes."))
        # The server's reason (e.g. "connection refused"), untranslated, for whoever asks.
        self.message.setToolTip(self._detail)
        # The button shows the attempt under way, so the message itself does not flicker.
        self.retry_button.setEnabled(not self._retrying)
        self.retry_button.setText(self.tr("Reconnecting…") if self._retrying
                                  else self.tr("Retry now"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)


def install_banner(window: QMainWindow) -> ConnectionBanner:
    """Put a banner above the window's central widget (which stays as it is)."""
    content = window.takeCentralWidget()
    holder = QWidget()
    holder.setObjectName("connectionHolder")
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    banner = ConnectionBanner()
    column.addWidget(banner)
    if content is not None:
        column.addWidget(content, 1)
    window.setCentralWidget(holder)
    return banner


class DeskLink(QObject):
    """The signed-in desk's tie to the others: change feed in, banner out."""

    #: The feed's state (a ``FeedState`` value) and the server's reason, on the GUI thread.
    sig_state = Signal(str, str)
    _sig_from_feed = Signal(str, str)

    def __init__(self, db: Database, parent: QObject | None = None,
                 hub: ChangeHub | None = None, *, ignore_desk: str | None = DESK_ID) -> None:
        super().__init__(parent)
        self._hub = hub or ChangeHub.instance()
        #: Skips this desk's own commits (its screens heard them as local changes).
        #: None for a database only this process sees (SQLite in memory).
        self.feed: ChangeFeed | None = None
        try:
            self.feed = ChangeFeed(db, self._remote, on_state=self._from_feed,
                                   ignore_desk=ignore_desk)
        except ValueError:
            log.info("no change feed for %s", db.describe())
        self.banner: ConnectionBanner | None = None
        self.state = FeedState.STOPPED
        self._sig_from_feed.connect(self._on_state, Qt.ConnectionType.QueuedConnection)
        self._previous_hook: _Hook | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # --- wiring -------------------------------------------------------------------
    def attach(self, window: QMainWindow) -> ConnectionBanner:
        self.banner = install_banner(window)
        self.banner.sig_retry.connect(self._wake)
        return self.banner

    def start(self) -> None:
        workers.failure_watchers.append(self.report_failure)
        # Slots that still query on the GUI thread: a lost connection is news, not a crash.
        self._previous_hook = sys.excepthook
        sys.excepthook = self._excepthook
        if self.feed is not None:
            self.feed.start()

    def stop(self) -> None:
        if self.report_failure in workers.failure_watchers:
            workers.failure_watchers.remove(self.report_failure)
        if self._previous_hook is not None and sys.excepthook == self._excepthook:
            sys.excepthook = self._previous_hook
        self._previous_hook = None
        if self.feed is not None:
            # Not waiting for a connection attempt to time out: the thread ends on its own.
            self.feed.stop(timeout=1.0)

    def _wake(self) -> None:
        if self.feed is not None:
            self.feed.wake()

    # --- from the feed's thread -------------------------------------------------------
    def _remote(self, value: OpChanges) -> None:
        try:
            self._hub.announce(value)
        except RuntimeError:  # the hub is gone: the application is closing
            log.debug("remote change after the hub closed")

    def _from_feed(self, state: FeedState, detail: str) -> None:
        try:
            self._sig_from_feed.emit(state.value, detail)
        except RuntimeError:  # this object was deleted: the window is closing
            log.debug("feed state after the link closed")

    # --- on the GUI thread ----------------------------------------------------------
    def _on_state(self, state: str, detail: str) -> None:
        self.state = FeedState(state)
        if self.banner is not None:
            if self.state is FeedState.CONNECTED:
                self.banner.show_connected()
            elif self.state in (FeedState.LOST, FeedState.RECONNECTING):
                self.banner.show_lost(detail or self.banner.message.toolTip(),
                                      retrying=self.state is FeedState.RECONNECTING)
        self.sig_state.emit(state, detail)

    def report_failure(self, exc: BaseException) -> bool:
        """Show the banner and retry now if ``exc`` is a lost connection; True then."""
        if not connection_lost(exc):
            return False
        if self.banner is not None:
            self.banner.show_lost(str(exc).strip().splitlines()[0] if str(exc) else "")
        self._wake()
        return True

    def _excepthook(self, kind: type[BaseException], exc: BaseException,
                    tb: TracebackType | None) -> None:
        if self.report_failure(exc):
            log.warning("an action failed on a lost connection: %s", kind.__name__)
            return
        hook = self._previous_hook or sys.__excepthook__
        hook(kind, exc, tb)
