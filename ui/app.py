"""Start the desktop application: Qt, language, style, database, sign-in, main window.

``hvdesk`` with no command calls :func:`run`.
"""

from __future__ import annotations

# isort: split
# First: PySide6's import hook then no longer keeps the source of every module
# imported after it (22-28 MB), see ui/feature_check.py.
from ui import feature_check  # noqa: F401

# isort: split
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

import hvdesk
from hvdesk import migrations
from hvdesk.admin import config
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.paths import APP_NAME
from hvdesk.services import connect
from hvdesk.services.context import Actor
from ui import web_engine
from ui.connection import DeskLink
from ui.i18n import Translations
from ui.icons import icon, style_sheet
from ui.labels import error_text
from ui.settings import Settings
from ui.signin import SignInDialog
from ui.workers import Op, OpState

if TYPE_CHECKING:
    from ui.main_window import MainWindow

T = TypeVar("T")
#: The main window's modules (a quarter to a third of a second) load this long after
#: the sign-in dialog is shown, while the user types, not before the dialog appears.
WARM_UP_MS = 100


def warm_up() -> None:
    """Import the main window's modules now (on the GUI thread: they define widgets)."""
    import ui.main_window  # noqa: F401, PLC0415


class Shell(QObject):
    """Sign-in, then the main window; signing out comes back to the sign-in dialog.

    Nothing here blocks: dialogs and windows are shown and their signals
    drive the next step, so tests can walk through it with qtbot.
    """

    sig_finished = Signal()

    def __init__(
        self,
        db: Database,
        settings: Settings,
        translations: Translations,
        notice: str = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings
        self._translations = translations
        self._notice = notice
        self.sign_in_dialog: SignInDialog | None = None
        self.window: MainWindow | None = None
        #: The signed-in user's own connection on a shared server (else None).
        self._user_db: Database | None = None
        #: Other desks' commits in, the lost-connection banner out (while signed in).
        self.link: DeskLink | None = None

    def start(self) -> None:
        self.show_sign_in()

    def show_sign_in(self) -> None:
        dialog = SignInDialog(self._db, self._settings, notice=self._notice)
        # The upgrade notice is news once, not on every sign-in.
        self._notice = ""
        dialog.sig_signed_in.connect(self._open_window)
        dialog.rejected.connect(self.sig_finished)
        self.sign_in_dialog = dialog
        dialog.show()
        QTimer.singleShot(WARM_UP_MS, warm_up)

    def _open_window(self, actor: Actor) -> None:
        if self.sign_in_dialog is not None:
            self._user_db = self.sign_in_dialog.user_database
            self.sign_in_dialog.deleteLater()
            self.sign_in_dialog = None
        db = self._user_db or self._db
        from ui.main_window import MainWindow  # noqa: PLC0415 - see warm_up

        window = MainWindow(db, actor, self._settings, self._translations)
        window.sig_sign_out.connect(self._signed_out)
        window.sig_quit.connect(self.sig_finished)
        self.window = window
        self._follow(db, window)
        window.show()

    def _follow(self, db: Database, window: MainWindow) -> None:
        self.link = DeskLink(db, window)
        self.link.attach(window)
        self.link.start()

    def _unfollow(self) -> None:
        if self.link is not None:
            self.link.stop()
            self.link = None

    def close(self) -> None:
        """Close whatever is open without signalling (for an embedding or test)."""
        self._unfollow()
        for widget in (self.sign_in_dialog, self.window):
            if widget is not None:
                widget.blockSignals(True)
                widget.close()
                widget.deleteLater()
        self.sign_in_dialog = None
        self.window = None

    def _signed_out(self) -> None:
        self._unfollow()
        if self.window is not None:
            self.window.deleteLater()
            self.window = None
        if self._user_db is not None:
            self._user_db.dispose()
            self._user_db = None
        self.show_sign_in()


def on_worker(fn: Callable[[], T]) -> T:
    """``fn()`` on a worker thread, this thread processing events until it returns.

    For the steps before any window exists (the schema check and upgrade):
    the GUI thread runs no SQL, and the desktop does not see a hung process.
    """
    holder = QObject()
    loop = QEventLoop()
    outcome: list[T] = []
    failure: list[BaseException] = []

    def done(value: T) -> None:
        outcome.append(value)
        loop.quit()

    def failed(exc: BaseException) -> None:
        failure.append(exc)
        loop.quit()

    def work(_state: OpState) -> T:
        return fn()

    Op(holder, work).success(done).failure(failed).run()
    if not outcome and not failure:
        loop.exec()
    if failure:
        raise failure[0]
    return outcome[0]


def open_database(db_url: str | None) -> tuple[Database, Path | None]:
    """Open and upgrade the database (on a worker); the backup path when an old file was copied."""
    return on_worker(lambda: _open_database(db_url))


def _open_database(db_url: str | None) -> tuple[Database, Path | None]:
    db = Database.open(db_url)
    if connect.needs_user_credentials(db_url):
        # A shared server that checks roles: nothing opens before the sign-in,
        # and upgrades are IT's job with the owner's URL.
        return db, None
    try:
        db.check_connection()
        backup = migrations.upgrade_with_backup(db)
    except HvdeskError:
        db.dispose()
        raise
    return db, backup


def backup_notice(backup: Path | None) -> str:
    if backup is None:
        return ""
    return QCoreApplication.translate(
        "Bootstrap",
        "The database was upgraded for this version of hvdesk. "
        "A copy of the old file was kept at {0}"
    ).format(backup)


def application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if existing is None:
        web_engine.configure()
        # What importing QtWebEngine before the application would set: the map's web
        # view loads only when the map is first opened, long after this (else Qt warns
        # that WebEngine was "initialized from a plugin" and GPU contexts aren't shared).
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(hvdesk.__version__)
    app.setWindowIcon(icon("app"))
    # The shell decides when to quit: between sign-out and sign-in no window is open.
    app.setQuitOnLastWindowClosed(False)
    app.setStyleSheet(style_sheet())
    return app


def first_run(settings: Settings) -> str | None:
    """The setup dialog, for a desk with no database yet; the URL it chose, or None."""
    from ui.setup.dialog import SetupDialog  # noqa: PLC0415 - only on a desk's first start

    dialog = SetupDialog(settings)
    loop = QEventLoop()
    dialog.finished.connect(loop.quit)
    dialog.show()
    loop.exec()
    return dialog.url or None


def run(db_url: str | None, argv: list[str]) -> int:
    """Run the desktop application until the user quits; the process exit code."""
    app = application(argv)
    settings = Settings()
    translations = Translations(app)
    translations.apply(settings.language)
    try:
        if db_url is None and not config.is_configured():
            chosen = first_run(settings)
            if chosen is None:
                return 0
            db_url = chosen
        try:
            db, backup = open_database(db_url)
        except HvdeskError as exc:
            report_start_failure(exc)
            return 1
        shell = Shell(db, settings, translations, notice=backup_notice(backup))
        shell.sig_finished.connect(app.quit)
        shell.start()
        try:
            return app.exec()
        finally:
            db.dispose()
    finally:
        translations.clear()


def report_start_failure(exc: HvdeskError) -> None:
    title = QCoreApplication.translate("Bootstrap", "hvdesk cannot start")
    message = QCoreApplication.translate("Bootstrap", "The database could not be opened.")
    QMessageBox.critical(None, title, f"{message}\n\n{error_text(exc)}")


if __name__ == "__main__":
    sys.exit(run(None, sys.argv))
