"""The Administration section: one tab per subject, each shown to the roles that may see it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from hvdesk.admin import manage
from hvdesk.database import Database
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.admin.branches_tab import BranchesTab
from ui.admin.keys_tab import KeysTab
from ui.admin.users_tab import UsersTab
from ui.common.cost_defaults import CostDefaultsDialog, can_edit_defaults
from ui.settings import Settings


class SettingsTab(QWidget):
    """Where the shared settings dialogs open from (the SMS one lives with the notices)."""

    sig_notice_settings = Signal()

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminSettings")
        self._db, self._actor = db, actor
        self.defaults_dialog: CostDefaultsDialog | None = None
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        self.hint_label.setWordWrap(True)
        self.sms_button = QPushButton(self)
        self.sms_button.setVisible(manage.may_manage_settings(actor))
        self.sms_button.clicked.connect(self.sig_notice_settings)
        self.costs_button = QPushButton(self)
        self.costs_button.setVisible(can_edit_defaults(actor))
        self.costs_button.clicked.connect(self.open_cost_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.sms_button)
        layout.addWidget(self.costs_button)
        layout.addStretch(1)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.hint_label.setText(self.tr(
            "The SMS gateway (signature, outbox folder or HTTP gateway) is shared by every "
            "desk of this database; the cost defaults are the branch's."))
        self.sms_button.setText(self.tr("SMS gateway settings…"))
        self.costs_button.setText(self.tr("Cost defaults…"))

    def open_cost_defaults(self) -> CostDefaultsDialog:
        self.defaults_dialog = CostDefaultsDialog(self._db, self._actor, self)
        self.defaults_dialog.open()
        return self.defaults_dialog


class AdminPage(QWidget):
    sig_notice_settings = Signal()
    sig_restored = Signal()

    def __init__(self, db: Database, actor: Actor, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminPage")
        self.tabs = QTabWidget()
        self.users: UsersTab | None = None
        self.branches: BranchesTab | None = None
        self.keys: KeysTab | None = None
        self.settings_tab: SettingsTab | None = None
        if manage.may_view_users(actor):
            self.users = UsersTab(db, actor)
            self.tabs.addTab(self.users, "")
        if manage.may_view_branches(actor):
            self.branches = BranchesTab(db, actor)
            self.tabs.addTab(self.branches, "")
        if actor.can(Permission.KEY_MANAGE) or manage.may_manage_settings(actor):
            self.keys = KeysTab(db, actor, settings)
            self.keys.sig_restored.connect(self.sig_restored)
            self.tabs.addTab(self.keys, "")
        if manage.may_manage_settings(actor) or can_edit_defaults(actor):
            self.settings_tab = SettingsTab(db, actor)
            self.settings_tab.sig_notice_settings.connect(self.sig_notice_settings)
            self.tabs.addTab(self.settings_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.tabs)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        titles = {self.users: self.tr("Users"), self.branches: self.tr("Branches"),
                  self.keys: self.tr("Data key and backups"),
                  self.settings_tab: self.tr("SMS and costs")}
        for tab, title in titles.items():
            if tab is not None:
                self.tabs.setTabText(self.tabs.indexOf(tab), title)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
            for tab in (self.users, self.branches, self.keys, self.settings_tab):
                if tab is not None:
                    tab.retranslateUi()
        super().changeEvent(event)
