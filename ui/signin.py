"""The sign-in dialog: login with completion, password, inline error.

The list of logins for completion and the password check (a slow hash by
design, plus the audit write) run on an ``Op`` worker: the dialog stays
responsive and shows a wait cursor meanwhile.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hvdesk import safelog
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services import connect
from hvdesk.services.auth import authenticate, list_logins
from hvdesk.services.context import Actor
from ui.icons import icon
from ui.labels import error_text
from ui.settings import Settings
from ui.workers import Op, OpState

log = logging.getLogger(__name__)
#: What the worker hands back: the actor, and on a shared server the user's own database.
SignedIn = tuple[Actor, Database | None]


class SignInDialog(QDialog):
    """Asks for a login and password and signs the user in (audited by the core).

    Non-blocking use: ``show()`` it and listen to ``sig_signed_in``; ``actor``
    holds the result once accepted.
    """

    sig_signed_in = Signal(object)  # Actor
    #: The logins for completion arrived (tests wait for it).
    sig_logins_loaded = Signal(list)

    def __init__(
        self, db: Database, settings: Settings, notice: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings
        self.actor: Actor | None = None
        #: The password check on its worker, while it runs.
        self.op: Op[SignedIn] | None = None
        #: On a shared server: the database opened as the signed-in user.
        self.user_database: Database | None = None
        self.setWindowIcon(icon("app"))
        self.setMinimumWidth(440)

        self.notice_label = QLabel(notice)
        self.notice_label.setObjectName("noticeMessage")
        self.notice_label.setWordWrap(True)
        self.notice_label.setVisible(bool(notice))

        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self._database_label = QLabel()
        self._database_label.setObjectName("hint")
        self._database_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        layout.addLayout(self._build_heading())
        layout.addWidget(self.notice_label)
        layout.addLayout(self._build_form())
        layout.addWidget(self.error_label)
        layout.addWidget(self._database_label)
        layout.addWidget(self.buttons)

        self.retranslateUi()
        (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()

    def _build_heading(self) -> QHBoxLayout:
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(48, 48))
        self._title = QLabel("hvdesk")
        self._title.setObjectName("dialogTitle")
        self._subtitle = QLabel()
        self._subtitle.setObjectName("dialogSubtitle")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._title)
        text.addWidget(self._subtitle)
        heading = QHBoxLayout()
        heading.setSpacing(14)
        heading.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        heading.addLayout(text, 1)
        return heading

    def _build_form(self) -> QFormLayout:
        self.login_edit = QLineEdit(self._settings.last_login)
        self.login_edit.setObjectName("login")
        self._logins = QStringListModel(self)
        if not connect.needs_user_credentials(self._db.url):
            # On a shared server nobody is connected yet, and the list is not for strangers.
            db = self._db

            def work(_state: OpState) -> list[str]:
                with db.session() as session:
                    return list(list_logins(session))

            Op(self, work).success(self._logins_loaded).run()
        completer = QCompleter(self._logins, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.login_edit.setCompleter(completer)

        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self._login_label = QLabel()
        self._password_label = QLabel()
        form = QFormLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._login_label, self.login_edit)
        form.addRow(self._password_label, self.password_edit)
        return form

    def _logins_loaded(self, logins: list[str]) -> None:
        self._logins.setStringList(logins)
        self.sig_logins_loaded.emit(logins)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Sign in to hvdesk"))
        self._subtitle.setText(self.tr("Home-visit planning desk"))
        self._login_label.setText(self.tr("&User name:"))
        self._login_label.setBuddy(self.login_edit)
        self._password_label.setText(self.tr("&Password:"))
        self._password_label.setBuddy(self.password_edit)
        self.login_edit.setPlaceholderText(self.tr("for example coord1"))
        self.sign_in_button.setText(self.tr("Sign in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self._database_label.setText(self.tr("Database: {0}").format(self._db.describe()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
        # A word-wrapped label only gets its full height if the dialog grows with it.
        self.adjustSize()

    def _submit(self) -> None:
        login = self.login_edit.text().strip()
        if self.op is not None:
            return  # a check is running
        if not login:
            self.show_error(self.tr("Enter your user name."))
            self.login_edit.setFocus()
            return
        db, password = self._db, self.password_edit.text()

        def work(_state: OpState) -> SignedIn:
            if not db.is_sqlite:
                # A shared server: connect as the user's own login role (the
                # URL's own account only where init-server never ran).
                user_db, actor = connect.sign_in(db.url, login, password)
                return actor, user_db
            # The core writes the sign-in audit event in this unit of work.
            with db.begin() as session:
                return authenticate(session, login, password), None

        self._set_busy(True)
        self.op = Op(self, work).success(lambda done: self._signed_in(login, done)) \
            .failure(self._refused).finally_(lambda: self._set_busy(False)).run()

    def _set_busy(self, busy: bool) -> None:
        if not busy:
            if self.op is not None:
                self.op = None
                QApplication.restoreOverrideCursor()
        else:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        for widget in (self.sign_in_button, self.login_edit, self.password_edit):
            widget.setEnabled(not busy)

    def done(self, result: int) -> None:
        # Closed while the password is checked (Cancel): the wait cursor goes with it.
        if self.op is not None:
            self.op = None
            QApplication.restoreOverrideCursor()
        super().done(result)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, HvdeskError):
            self.show_error(error_text(exc))
        else:
            safelog.failure(log, "sign-in failed", exc)
            self.show_error(self.tr("Signing in failed ({0}).").format(type(exc).__name__))
        self.password_edit.clear()
        self.password_edit.setEnabled(True)
        self.password_edit.setFocus()

    def _signed_in(self, login: str, done: SignedIn) -> None:
        actor, self.user_database = done
        self._settings.last_login = login
        self.actor = actor
        self.error_label.hide()
        self.accept()
        self.sig_signed_in.emit(actor)
