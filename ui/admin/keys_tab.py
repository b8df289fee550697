"""The data key (for another desk, or from one) and backups (now, restore, daily)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hvdesk import backup
from hvdesk.admin import backups, config, datakey, manage
from hvdesk.admin.setup import Problem, SetupProblem
from hvdesk.database import Database
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.admin.base import AdminTab
from ui.common import file_dialogs
from ui.settings import Settings

KEY_FILTER = "hvdesk key (*.hvdkey);;All files (*)"
BACKUP_FILTER = "hvdesk backup (*.db *.dump);;All files (*)"


class KeysTab(AdminTab):
    #: A backup was put back: the window signs out (the database under it changed).
    sig_restored = Signal()
    #: The restore's question is up (the file and key were checked first, on a worker).
    sig_asking = Signal()

    def __init__(self, db: Database, actor: Actor, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.setObjectName("adminKeys")
        self._settings = settings
        self.status_label = QLabel()
        self.status_label.setObjectName("adminStatus")
        self.status_label.setWordWrap(True)
        key_box = QGroupBox(self)
        self.key_box = key_box
        may_key = actor.can(Permission.KEY_MANAGE)
        self.export_button = QPushButton()
        self.import_button = QPushButton()
        for button in (self.export_button, self.import_button):
            button.setEnabled(may_key)
        self.export_button.clicked.connect(self.export_key)
        self.import_button.clicked.connect(self.import_key)
        row = QHBoxLayout(key_box)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        self.backup_box = self._backup_box(manage.may_manage_settings(actor))
        self.finish_layout(key_box, self.backup_box, self.status_label)
        self.layout_.addStretch(1)
        self.retranslateUi()
        self.confirm_box: QMessageBox | None = None

    def _backup_box(self, may: bool) -> QGroupBox:
        box = QGroupBox(self)
        self.backup_button = QPushButton(box)
        self.restore_button = QPushButton(box)
        self.backup_button.clicked.connect(self.back_up)
        self.restore_button.clicked.connect(self.restore)
        local = self._db.is_sqlite
        self.restore_button.setVisible(local)
        daily = config.daily_backup()
        self.daily_check = QCheckBox()
        self.daily_check.setChecked(daily.enabled)
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, 365)
        self.keep_spin.setValue(daily.keep)
        self.folder_edit = QLineEdit(str(daily.target()))
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self._choose_folder)
        self.save_daily_button = QPushButton()
        self.save_daily_button.clicked.connect(self.save_daily)
        for widget in (self.backup_button, self.restore_button, self.daily_check,
                       self.keep_spin, self.folder_edit, self.folder_button,
                       self.save_daily_button):
            widget.setEnabled(may)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        folder = QHBoxLayout()
        folder.addWidget(self.folder_edit, 1)
        folder.addWidget(self.folder_button)
        self.daily_form = QFormLayout()
        self._keep_label, self._folder_label = QLabel(), QLabel()
        self.daily_form.addRow("", self.daily_check)
        self.daily_form.addRow(self._keep_label, self.keep_spin)
        self.daily_form.addRow(self._folder_label, folder)
        self.daily_form.addRow("", self.save_daily_button)
        self.daily_hint = QLabel()
        self.daily_hint.setObjectName("hint")
        self.daily_hint.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.daily_hint)
        if local:
            layout.addLayout(self.daily_form)
        return box

    def retranslateUi(self) -> None:
        self.hint_label.setText(self.tr(
            "The data key opens every customer's ID and phone number: hand it only to a desk "
            "of this branch, as a file, and keep the file safe."))
        self.key_box.setTitle(self.tr("Data key"))
        self.export_button.setText(self.tr("Save the data key for another desk…"))
        self.import_button.setText(self.tr("Read a data key from a file…"))
        self.backup_box.setTitle(self.tr("Backups"))
        self.backup_button.setText(self.tr("Back up now…"))
        self.restore_button.setText(self.tr("Restore a backup…"))
        self.daily_check.setText(self.tr("Back up this computer's database once a day"))
        self._keep_label.setText(self.tr("Keep the newest:"))
        self.keep_spin.setSuffix(self.tr(" backups"))
        self._folder_label.setText(self.tr("Folder:"))
        self.folder_button.setText(self.tr("Choose…"))
        self.save_daily_button.setText(self.tr("Save"))
        last = backups.last_daily() if self._db.is_sqlite else None
        self.daily_hint.setText(
            self.tr("A shared server is backed up on the server (pg_dump); "
                    "\"Back up now\" runs pg_dump from here when it is installed.")
            if not self._db.is_sqlite else
            self.tr("Last daily backup: {0}").format(last.name) if last else
            self.tr("No daily backup yet: the first is taken a minute after signing in."))

    # --- the data key -------------------------------------------------------------
    def confirm(self, title: str, text: str, then: Callable[[], None]) -> QMessageBox:
        """Ask first, window-modal (open(), no nested event loop); ``then`` on Yes."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("adminConfirm")
        box.setDefaultButton(QMessageBox.StandardButton.No)

        def answered(button: QAbstractButton) -> None:
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                then()

        box.buttonClicked.connect(answered)
        self.confirm_box = box
        box.open()
        return box

    def export_key(self) -> None:
        self.confirm(
            self.tr("Save the data key"),
            self.tr("The file will open every customer's ID and phone number of this "
                    "database. Save it only for a desk of this branch; the export is "
                    "recorded in the audit trail. Save it?"), self._export_key)

    def _export_key(self) -> None:
        chosen = file_dialogs.save_file(self, self._settings, "data-key",
                                        self.tr("Save the data key"), KEY_FILTER,
                                        f"hvdesk-key{datakey.SUFFIX}", self._actor.login)
        if chosen is None:
            return
        db, actor = self._db, self._actor
        self.work(lambda: datakey.export_key_file(db, actor, chosen), lambda path: self._say(
            self.tr("The data key was saved to {0}. Keep that file safe.").format(path)))

    def import_key(self) -> None:
        chosen = file_dialogs.open_file(self, self._settings, "data-key",
                                        self.tr("The data key file"), KEY_FILTER,
                                        self._actor.login)
        if chosen is None:
            return
        db, actor = self._db, self._actor
        self.work(lambda: datakey.import_key_file(db, actor, chosen),
                  lambda _where: self._say(self.tr("The data key was stored on this computer.")))

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    # --- backups --------------------------------------------------------------------
    def back_up(self) -> None:
        suffix = ".backup.db" if self._db.is_sqlite else ".dump"
        chosen = file_dialogs.save_file(self, self._settings, "backup", self.tr("Back up to"),
                                        BACKUP_FILTER, f"hvdesk{suffix}", self._actor.login)
        if chosen is None:
            return
        db, actor = self._db, self._actor
        self.work(lambda: backups.backup_now(db, actor, chosen), self._backed_up)

    def _backed_up(self, written: backups.Written) -> None:
        if written.customers is None:
            self._say(self.tr("Backup written to {0}.").format(written.path))
        else:
            self._say(self.tr("Backup written to {0}: {1} customers, {2} visits.").format(
                written.path, written.customers, written.visits))

    def restore(self) -> None:
        chosen = file_dialogs.open_file(self, self._settings, "backup",
                                        self.tr("Restore a backup"), BACKUP_FILTER,
                                        self._actor.login)
        if chosen is not None:
            self.check_restore(chosen)

    def check_restore(self, file: Path, key_file: Path | None = None) -> None:
        db, actor = self._db, self._actor

        def failed_key(text: str) -> None:
            self.error_label.setText(text)
            self.error_label.show()

        def checked(summary: backup.Summary) -> None:
            self.confirm_restore(file, key_file, summary)

        def work() -> backup.Summary:
            return backups.check_restore(db, actor, file, key_file)

        def refused(text: str) -> None:
            if key_file is None and isinstance(self._last_problem, SetupProblem) \
                    and self._last_problem.problem is Problem.WRONG_KEY:
                key = file_dialogs.open_file(self, self._settings, "data-key",
                                             self.tr("The backup's data key file"),
                                             KEY_FILTER, self._actor.login)
                if key is not None:
                    self.check_restore(file, key)
                    return
            failed_key(text)

        self.work(work, checked, refused)

    _last_problem: BaseException | None = None

    def text_of(self, exc: BaseException) -> str:
        self._last_problem = exc
        if isinstance(exc, SetupProblem) and exc.problem is Problem.WRONG_KEY:
            return self.tr("This desk has no data key that opens the backup.")
        if isinstance(exc, SetupProblem) and exc.problem is Problem.NOT_A_KEY:
            return self.tr("That file holds no data key.")
        return super().text_of(exc)

    def confirm_restore(self, file: Path, key_file: Path | None,
                        summary: backup.Summary) -> None:
        db, actor = self._db, self._actor

        def done(_result: object) -> None:
            self._say(self.tr("The backup was restored."))
            self.sig_restored.emit()

        def restore() -> None:
            self.work(lambda: backups.restore_now(db, actor, file, key_file), done)

        self.confirm(
            self.tr("Restore a backup"),
            self.tr("Replace this computer's database with the backup ({0} customers, {1} "
                    "visits)? The current database is kept beside it. Everyone is signed out.")
            .format(summary.customers, summary.visits), restore)
        self.sig_asking.emit()

    def _choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, self._settings, "daily-backup",
                                            self.tr("Folder for the daily backups"),
                                            self._actor.login)
        if chosen is not None:
            self.folder_edit.setText(str(chosen))

    def save_daily(self) -> None:
        value = config.DailyBackup(enabled=self.daily_check.isChecked(),
                                   keep=self.keep_spin.value(),
                                   folder=self.folder_edit.text().strip() or None)
        db, actor = self._db, self._actor
        self.work(lambda: backups.set_daily(db, actor, value),
                  lambda _r: self._say(self.tr("The daily backup settings were saved.")))
