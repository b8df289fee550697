"""Locks the main window after a spell without keyboard or mouse (issue 14).

While locked, the window's content, menus and every other window of the app
are hidden behind a lock screen that asks for the signed-in user's password
again. The password goes through the core's ``authenticate``, so wrong ones
count toward the lockout and are audited like any sign-in.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services.auth import authenticate
from hvdesk.services.context import Actor
from ui.icons import icon
from ui.labels import error_text
from ui.workers import Op, OpState

#: What counts as someone at the desk.
_ACTIVITY = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
})
#: Menus and tool tips: closed by a lock, not brought back.
_TRANSIENT = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
MIN_MINUTES, MAX_MINUTES = 1, 120


class LockScreen(QWidget):
    """The opaque panel laid over the whole window while it is locked."""

    sig_unlock = Signal(str)  # the password typed
    sig_sign_out = Signal()

    def __init__(self, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        # Paint the style sheet's background: nothing of the window shows through.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self._actor = actor

        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(64, 64))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("dialogTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("lockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.returnPressed.connect(self._submit)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.hide()
        self.unlock_button = QPushButton()
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._submit)
        self.sign_out_button = QPushButton()
        self.sign_out_button.clicked.connect(self.sig_sign_out)

        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        panel = QWidget()
        panel.setMaximumWidth(420)
        column = QVBoxLayout(panel)
        column.setSpacing(12)
        for widget in (logo, self.title, self.hint, self.password_edit, self.error_label):
            column.addWidget(widget)
        column.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        name = self._actor.display_name or self._actor.login
        self.title.setText(self.tr("hvdesk is locked"))
        self.hint.setText(self.tr(
            "The window was locked after a while without use. {0} ({1}): enter your password "
            "to continue, or sign out."
        ).format(name, self._actor.login))
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.unlock_button.setText(self.tr("Unlock"))
        self.sign_out_button.setText(self.tr("Sign out"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        self.password_edit.clear()
        self.password_edit.setFocus()

    def _submit(self) -> None:
        self.sig_unlock.emit(self.password_edit.text())

    def set_busy(self, busy: bool) -> None:
        """While the password is checked on a worker."""
        for widget in (self.password_edit, self.unlock_button):
            widget.setEnabled(not busy)


class IdleLock(QObject):
    """Watches the application's input and locks ``window`` when it has been idle."""

    sig_locked = Signal()
    sig_unlocked = Signal()
    #: A password was refused on the lock screen (the message shown).
    sig_unlock_refused = Signal(str)

    def __init__(self, window: QMainWindow, db: Database, actor: Actor, minutes: int) -> None:
        super().__init__(window)
        self._window = window
        self._db = db
        self._actor = actor
        self._hidden: list[QWidget] = []
        self._disabled: list[QAction] = []
        self._checking: Op[None] | None = None
        self.screen = LockScreen(actor, window)
        self.screen.hide()
        self.screen.sig_unlock.connect(self.unlock)
        self.screen.sig_sign_out.connect(self._sign_out_requested)
        self.sig_sign_out = self.screen.sig_sign_out
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        # Activity is watched on the window's native QWindow, where every mouse
        # and key event of the window arrives before Qt hands it to a widget.
        # An application-wide Python event filter would see QtWebEngine's
        # internal objects too, and PySide crashes wrapping some of them (the
        # map section segfaulted). Dialogs and other windows report focus moves.
        window.installEventFilter(self)
        self._handle: QWindow | None = None
        self._watch_handle()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # --- timing ----------------------------------------------------------------
    def set_minutes(self, minutes: int) -> None:
        """The idle period from the preferences, kept within sensible bounds."""
        self.set_interval_ms(max(MIN_MINUTES, min(MAX_MINUTES, minutes)) * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if not self.is_locked:
            self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    def stop(self) -> None:
        """The window is closing: no more locking, no more watching the app's input."""
        self._timer.stop()
        if self._handle is not None:
            self._handle.removeEventFilter(self)
            self._handle = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Only this connection: others may listen to focus changes too.
            with contextlib.suppress(RuntimeError, TypeError):
                app.focusChanged.disconnect(self._on_focus_changed)

    def _watch_handle(self) -> None:
        handle = self._window.windowHandle()
        if handle is not None and handle is not self._handle:
            handle.installEventFilter(self)
            self._handle = handle

    def _on_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if not self.is_locked:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Show:
            self._watch_handle()
        if watched is self._window and kind == QEvent.Type.Resize:
            self.screen.setGeometry(self._window.rect())
        elif kind in _ACTIVITY and not self.is_locked:
            self._timer.start()
        return False

    # --- locking ---------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return not self.screen.isHidden()

    def lock(self) -> None:
        if self.is_locked:
            return
        self._timer.stop()
        window = self._window
        # Other windows of the app (customer files, previews, dialogs) may show data too.
        # A modal question is cancelled: while it is open the lock screen could not take
        # the password. Other windows are hidden and come back after the unlock.
        others = [w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()]
        self._hidden = []
        for widget in others:
            if (isinstance(widget, QDialog) and widget.isModal()
                    and not isinstance(widget, QProgressDialog)):
                widget.reject()
            else:
                widget.hide()
                if widget.windowType() not in _TRANSIENT:
                    self._hidden.append(widget)
        self._disabled = [a for a in window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        window.menuBar().setEnabled(False)
        central = window.centralWidget()
        if central is not None:
            central.hide()
        self.screen.setGeometry(window.rect())
        self.screen.error_label.hide()
        self.screen.password_edit.clear()
        self.screen.show()
        self.screen.raise_()
        self.screen.password_edit.setFocus()
        self.sig_locked.emit()

    def unlock(self, password: str) -> Op[None] | None:
        """Check the password on a worker (audited, counted toward the lockout).

        ``sig_unlocked`` follows a right one; a wrong one shows why on the
        lock screen and emits ``sig_unlock_refused``.
        """
        if self._checking is not None:
            return None
        db, login = self._db, self._actor.login

        def work(_state: OpState) -> None:
            with db.begin() as session:
                authenticate(session, login, password, via="unlock")

        def refused(exc: BaseException) -> None:
            text = error_text(exc) if isinstance(exc, HvdeskError) else type(exc).__name__
            self.screen.show_error(text)
            self.sig_unlock_refused.emit(text)

        def checked() -> None:
            self._checking = None
            self.screen.set_busy(False)
            if not self.screen.error_label.isHidden():
                self.screen.password_edit.setFocus()

        self.screen.error_label.hide()
        self.screen.set_busy(True)
        self._checking = Op(self, work).success(lambda _none: self._release()) \
            .failure(refused).finally_(checked).run()
        return self._checking

    def _release(self) -> None:
        window = self._window
        self.screen.hide()
        self.screen.password_edit.clear()
        central = window.centralWidget()
        if central is not None:
            central.show()
        window.menuBar().setEnabled(True)
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        for widget in self._hidden:
            if isValid(widget):  # a hidden window may have been closed for good meanwhile
                widget.show()
        self._hidden = []
        self._timer.start()
        self.sig_unlocked.emit()

    def _sign_out_requested(self) -> None:
        # The actions come back so the window's own sign-out path runs unchanged.
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        self._hidden = []
