"""The first-run setup dialog: started when no database is configured (issue 17.2).

Every step runs in :mod:`hvdesk.admin.setup` on an ``Op`` worker; this dialog
only moves between the pages and puts what went wrong into words, each with a
way forward: try again, choose another database, or (an account that may)
bring the server's database up to date.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hvdesk import safelog
from hvdesk.admin import datakey
from hvdesk.admin import setup as first_run
from hvdesk.admin.setup import KeyState, Opened, Problem, ServerAddress, SetupProblem
from hvdesk.errors import HvdeskError
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.common import file_dialogs
from ui.icons import icon
from ui.labels import error_text
from ui.settings import Settings
from ui.setup.pages import AdminPage, DonePage, KeyPage, PlacePage
from ui.workers import Op

log = logging.getLogger(__name__)

PLACE, KEY, ADMIN, DONE = range(4)
KEY_FILTER = "hvdesk key (*.hvdkey);;All files (*)"


class SetupDialog(QDialog):
    """Walks a new desk to a database it can use; ``sig_configured(url)`` at the end."""

    sig_configured = Signal(str)
    #: A step finished, successfully or not (tests wait for it).
    sig_step_done = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(560)
        self._settings = settings
        self.opened: Opened | None = None
        #: The admin made here, or the user who signed in on the server.
        self.actor: Actor | None = None
        self.url = ""
        self.op: Op[Any] | None = None
        self._retry: Callable[[], None] | None = None
        self.problem: Problem | None = None

        self.place = PlacePage()
        self.key = KeyPage()
        self.admin = AdminPage()
        self.done_page = DonePage()
        self.stack = QStackedWidget()
        for page in (self.place, self.key, self.admin, self.done_page):
            self.stack.addWidget(page)

        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.retry_button = QPushButton()
        self.other_button = QPushButton()
        self.upgrade_button = QPushButton()
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton()
        fixes = QHBoxLayout()
        for button in (self.retry_button, self.other_button, self.upgrade_button):
            fixes.addWidget(button)
            button.hide()
        fixes.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(fixes)
        layout.addLayout(buttons)
        self._connect()
        self.retranslateUi()
        self._show(PLACE)

    def _connect(self) -> None:
        self.next_button.clicked.connect(self.next_step)
        self.back_button.clicked.connect(self.choose_another)
        self.cancel_button.clicked.connect(self.reject)
        self.retry_button.clicked.connect(self._run_retry)
        self.other_button.clicked.connect(self.choose_another)
        self.upgrade_button.clicked.connect(self.upgrade_server)
        self.place.browse_button.clicked.connect(self._browse_database)
        self.key.use_button.clicked.connect(self.use_pasted_key)
        self.key.paste_edit.returnPressed.connect(self.use_pasted_key)
        self.key.file_button.clicked.connect(self._key_from_file)
        self.done_page.export_button.clicked.connect(self._export_key)

    # --- texts ---------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Set up hvdesk"))
        self.retry_button.setText(self.tr("Try again"))
        self.other_button.setText(self.tr("Choose another database"))
        self.upgrade_button.setText(self.tr("Set up / upgrade the database on the server"))
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._update_next()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def problem_text(self, exc: BaseException) -> str:
        if not isinstance(exc, SetupProblem):
            return error_text(exc) if isinstance(exc, HvdeskError) else self.tr(
                "Something went wrong ({0}).").format(type(exc).__name__)
        texts = {
            Problem.UNREACHABLE: self.tr(
                "The server does not answer. Check the address and port, that this computer is "
                "on the office network, and that the server is running."),
            Problem.NO_DATABASE: self.tr(
                "The server has no database of that name. Check the name with IT."),
            Problem.REFUSED: self.tr(
                "The server refused that user name and password (or the account is disabled)."),
            Problem.OLD_SCHEMA: self.tr(
                "The database on the server was made by an older hvdesk and must be upgraded "
                "before desks use it. IT can do that here, signed in with the server's own "
                "account."),
            Problem.EMPTY: self.tr(
                "The database on the server is empty. IT sets it up here, signed in with the "
                "server's own account."),
            Problem.NEWER_SCHEMA: self.tr(
                "The database was made by a newer hvdesk. Install that version on this "
                "computer."),
            Problem.NOT_A_KEY: self.tr(
                "That is not a data key. Paste the whole key, or choose the file the "
                "administrator saved."),
            Problem.WRONG_KEY: self.tr(
                "That key does not open this database: it belongs to another database, or to "
                "the time before a key change. Ask the administrator for the current key."),
            Problem.FOLDER: self.tr(
                "That is a folder, or a place where no file can be made. Name a database "
                "file."),
            Problem.NOT_HVDESK: self.tr("That file is not an hvdesk database."),
            Problem.HAS_USERS: self.tr(
                "The database already has users: sign in with yours."),
        }
        return texts[exc.problem]

    # --- moving between pages -----------------------------------------------
    def current(self) -> int:
        return self.stack.currentIndex()

    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.back_button.setVisible(index in (KEY, ADMIN))
        self._update_next()

    def _update_next(self) -> None:
        index = self.current()
        finished = index == DONE
        self.next_button.setText(self.tr("Start hvdesk") if finished else self.tr("Next"))
        if index == KEY:
            self.next_button.setEnabled(self.opened is not None and self.opened.key in (
                KeyState.FOUND, KeyState.CREATED))
        else:
            self.next_button.setEnabled(True)

    def _clear_problem(self) -> None:
        self.problem = None
        self.error_label.hide()
        for button in (self.retry_button, self.other_button, self.upgrade_button):
            button.hide()

    def _refused(self, exc: BaseException, retry: Callable[[], None] | None) -> None:
        if not isinstance(exc, HvdeskError):
            safelog.failure(log, "setup step", exc)
        self.problem = exc.problem if isinstance(exc, SetupProblem) else None
        self.error_label.setText(self.problem_text(exc))
        self.error_label.show()
        self._retry = retry
        self.retry_button.setVisible(retry is not None)
        # On the first page the way to another database is the page itself.
        self.other_button.setVisible(self.current() != PLACE)
        self.upgrade_button.setVisible(isinstance(exc, SetupProblem) and exc.can_upgrade)

    def _run_retry(self) -> None:
        if self._retry is not None:
            self._retry()

    def _busy(self, busy: bool) -> None:
        for button in (self.next_button, self.back_button, self.retry_button,
                       self.upgrade_button, self.key.use_button, self.key.file_button,
                       self.done_page.export_button):
            button.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
            self._update_next()

    def _step(self, work: Callable[[], Any], done: Callable[[Any], None],
              retry: Callable[[], None] | None) -> None:
        if self.op is not None:
            return
        self._clear_problem()
        self._busy(True)

        def finished() -> None:
            self.op = None
            self._busy(False)
            self.sig_step_done.emit()

        self.op = Op(self, lambda _state: work()).success(done) \
            .failure(lambda exc: self._refused(exc, retry)).finally_(finished).run()

    def next_step(self) -> None:
        index = self.current()
        if index == PLACE:
            self.open_database()
        elif index == KEY:
            self._after_key()
        elif index == ADMIN:
            self.create_admin()
        else:
            self.finish()

    def choose_another(self) -> None:
        self._clear_problem()
        self._close_opened()
        self._show(PLACE)

    def _close_opened(self) -> None:
        opened, self.opened, self.actor = self.opened, None, None
        if opened is not None:
            Op(self, lambda _s: opened.close()).run()

    # --- step 1: the database ---------------------------------------------------
    def _address(self) -> tuple[ServerAddress, str, str]:
        page = self.place
        return (ServerAddress(page.host_edit.text(), page.port_spin.value(),
                              page.database_edit.text()),
                page.login_edit.text(), page.password_edit.text())

    def open_database(self) -> None:
        self._close_opened()
        if self.place.is_local():
            path = Path(self.place.path_edit.text().strip())
            demo = self.place.demo_check.isChecked()
            self._step(lambda: first_run.open_local(path, demo=demo), self._opened,
                       self.open_database)
        else:
            address, login, password = self._address()
            self._step(lambda: first_run.open_server(address, login, password), self._opened,
                       self.open_database)

    def upgrade_server(self) -> None:
        address, login, password = self._address()
        self._step(lambda: first_run.prepare_server(address, login, password), self._opened,
                   self.upgrade_server)

    def _opened(self, opened: Opened) -> None:
        self.opened = opened
        self.actor = opened.actor
        self._show_key_state()
        self._show(KEY)

    def _browse_database(self) -> None:
        chosen = file_dialogs.save_file(
            self, self._settings, "database", self.tr("Database file"),
            "SQLite (*.db);;All files (*)", "hvdesk.db")
        if chosen is not None:
            self.place.path_edit.setText(str(chosen))

    # --- step 2: the key ------------------------------------------------------------
    def _show_key_state(self) -> None:
        state = self.opened.key if self.opened is not None else KeyState.MISSING
        texts = {
            KeyState.CREATED: self.tr(
                "A new data key was made for this new database and kept on this computer (in "
                "Windows Credential Manager where there is one). Other desks get it from the "
                "administrator."),
            KeyState.FOUND: self.tr("This computer already holds the database's data key."),
            KeyState.MISSING: self.tr("This computer does not hold the database's data key yet."),
            KeyState.WRONG: self.tr(
                "The data key this computer holds does not open this database (from before a "
                "key change?). Give the current one."),
        }
        self.key.status_label.setText(texts[state])
        self.key.given_box.setVisible(state in (KeyState.MISSING, KeyState.WRONG))
        self._update_next()

    def use_pasted_key(self) -> None:
        opened, text = self.opened, self.key.paste_edit.text()
        if opened is None:
            return
        self._step(lambda: first_run.install_key(opened, text), self._key_kept, None)

    def use_key_file(self, path: Path) -> None:
        opened = self.opened
        if opened is None:
            return

        def work() -> str:
            return first_run.install_key(opened, first_run.read_key_file(path))

        self._step(work, self._key_kept, lambda: self.use_key_file(path))

    def _key_from_file(self) -> None:
        chosen = file_dialogs.open_file(self, self._settings, "data-key",
                                        self.tr("The data key file"), KEY_FILTER)
        if chosen is not None:
            self.use_key_file(chosen)

    def _key_kept(self, _where: str) -> None:
        self.key.paste_edit.clear()
        self._show_key_state()

    def _after_key(self) -> None:
        if self.opened is not None and not self.opened.has_users:
            self._show(ADMIN)
        else:
            self._show_done()

    # --- step 3: the first admin ----------------------------------------------------
    def create_admin(self) -> None:
        page, opened = self.admin, self.opened
        if opened is None:
            return
        if page.password_edit.text() != page.again_edit.text():
            self._refused(HvdeskError(self.tr("The two passwords differ.")), None)
            return
        values = {"login": page.login_edit.text(), "display_name": page.name_edit.text(),
                  "employee_no": page.employee_edit.text(),
                  "password": page.password_edit.text()}
        self._step(lambda: first_run.create_first_admin(opened, **values), self._admin_made,
                   None)

    def _admin_made(self, actor: Actor) -> None:
        self.actor = actor
        self._show_done()

    # --- step 4: done -----------------------------------------------------------------
    def _show_done(self) -> None:
        opened = self.opened
        assert opened is not None
        self.done_page.summary_label.setText(self.tr(
            "This desk will use {0}. Next you sign in.").format(opened.db.describe()))
        demo = opened.demo_passwords
        self.done_page.demo_label.setVisible(bool(demo))
        if demo:
            lines = "\n".join(f"{login}: {password}" for login, password in sorted(demo.items()))
            self.done_page.demo_label.setText(self.tr(
                "Demo users and their passwords (shown once; write them down):\n{0}"
            ).format(lines))
        may_export = self.actor is not None and self.actor.can(Permission.KEY_MANAGE)
        self.done_page.export_button.setVisible(may_export)
        self.done_page.export_hint.setVisible(may_export)
        self._show(DONE)

    def _export_key(self) -> None:
        chosen = file_dialogs.save_file(
            self, self._settings, "data-key", self.tr("Save the data key"), KEY_FILTER,
            f"hvdesk-key{datakey.SUFFIX}", self.actor.login if self.actor else "")
        if chosen is not None:
            self.export_key_to(chosen)

    def export_key_to(self, path: Path) -> None:
        opened, actor = self.opened, self.actor
        if opened is None or actor is None:
            return
        self._step(lambda: datakey.export_key_file(opened.db, actor, path),
                   self._key_exported, None)

    def _key_exported(self, path: Path) -> None:
        self.done_page.export_hint.setText(self.tr(
            "The data key was saved to {0}. Keep that file safe.").format(path))

    def finish(self) -> None:
        opened = self.opened
        if opened is None:
            return
        self._step(lambda: first_run.finish(opened), self._finished, self.finish)

    def _finished(self, url: str) -> None:
        self.url = url
        self._close_opened()
        self.accept()
        self.sig_configured.emit(url)

    def reject(self) -> None:
        self._close_opened()
        super().reject()
