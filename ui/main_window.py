"""The main window: navigation rail, one page per section, menus and status bar.

Sections are built the first time they are shown (the rail and the first
section only at start); features meet here, never by importing each other:
the window wires calendar and notices, calendar and reports, customers and
the map when the second of each pair is built.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QWidget,
)

from hvdesk import clock
from hvdesk.admin.manage import may_open as admin_section_for
from hvdesk.database import Database
from hvdesk.security.roles import Permission
from hvdesk.services import auth
from hvdesk.services.context import Actor
from ui.admin.daily import DailyBackups
from ui.common.popups import install_popup_guard
from ui.customers.commands import CustomerCommands
from ui.customers.list_page import CustomerListPage
from ui.home_routes import follow
from ui.i18n import Translations
from ui.icons import icon
from ui.idle_lock import IdleLock
from ui.labels import role_name
from ui.pages.home_links import HomeLink
from ui.pages.overview import OverviewPage
from ui.settings import Settings
from ui.visitreport.opener import ReportOpener
from ui.workers import Op, OpState

if TYPE_CHECKING:
    from hvdesk.priorities.service import Weights
    from ui.about import AboutDialog
    from ui.calendar.page import CalendarPage
    from ui.documents.actions import DocumentActions
    from ui.map_link import MapSection
    from ui.notices.page import NoticesPage
    from ui.preferences import PreferencesDialog
    from ui.priorities.weights import WeightsDialog

log = logging.getLogger(__name__)

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SECTION_ORDER = ("overview", "customers", "calendar", "notices", "map", "reports", "reviews",
                 "dashboard", "audit", "admin")


@dataclass(frozen=True)
class Section:
    key: str
    icon: str
    build: Callable[[], QWidget]


class Pages(Mapping[str, QWidget]):
    """The window's pages by section key; asking for one builds it (as opening it would)."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._window.section_keys():
            raise KeyError(key)
        return self._window.page(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._window.section_keys())

    def __len__(self) -> int:
        return len(self._window.sections)


class MainWindow(QMainWindow):
    """One signed-in user's window. Closing it either quits or signs out."""

    sig_sign_out = Signal()
    sig_quit = Signal()

    def __init__(
        self,
        db: Database,
        actor: Actor,
        settings: Settings,
        translations: Translations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._settings = settings
        self._translations = translations
        self._signing_out = False
        self.preferences_dialog: PreferencesDialog | None = None
        self.about_dialog: AboutDialog | None = None
        self.setWindowIcon(icon("app"))
        self.setObjectName("mainWindow")

        self._zone = ZoneInfo(actor.timezone or clock.DEFAULT_ZONE)
        self.reports = ReportOpener(db, actor, self, self._zone)
        if actor.can(Permission.PRINT):
            # A report's history prints its earlier approved revisions (issue 16).
            self.reports.printer = self._print_report
        self.sections = self._sections()
        #: Pages built so far; ``pages`` builds the others on demand.
        self.built: dict[str, QWidget] = {}
        self.pages = Pages(self)
        self._documents: DocumentActions | None = None

        self.rail_model = QStandardItemModel(self)
        self.rail = QListView()
        self.rail.setObjectName("navRail")
        self.rail.setModel(self.rail_model)
        self.rail.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.rail.setFixedWidth(200)
        self.rail.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for section in self.sections:
            item = QStandardItem(icon(section.icon), "")
            item.setData(section.key, KEY_ROLE)
            self.rail_model.appendRow(item)
            # A stand-in until the section is first shown.
            self.stack.addWidget(QWidget())
        self.rail.selectionModel().currentChanged.connect(self._on_rail_changed)
        #: New, open, import, export: they need the list page only when used.
        self.customers: CustomerCommands | None = None
        if self._actor.can(Permission.CUSTOMER_VIEW):
            self.customers = CustomerCommands(self, db, actor, settings,
                                              lambda: self._customer_page())

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.rail)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self.retranslateUi()
        self._restore()
        # Date fields' calendar popups kept whole and on screen, in every dialog (issue 16.9).
        install_popup_guard()
        #: Hides everything behind a password prompt after the idle period (preferences).
        self.idle_lock = IdleLock(self, db, actor, settings.idle_lock_minutes)
        self.idle_lock.sig_sign_out.connect(self.sign_out)
        #: A local database backs itself up once a day while a desk is signed in.
        self.daily_backups = DailyBackups(db, self)
        self.daily_backups.start()

    # --- construction ------------------------------------------------------
    def _sections(self) -> list[Section]:
        sections = [
            Section("overview", "overview", self._build_home),
        ]
        if self._actor.can(Permission.CUSTOMER_VIEW):
            sections.append(Section("customers", "customers", self._build_customers))
            if self._actor.can(Permission.VISIT_SCHEDULE):
                sections.append(Section("calendar", "calendar", self._build_calendar))
            sections.append(Section("map", "map", self._build_map))
        if self._actor.can(Permission.AUDIT_VIEW):
            sections.append(Section("audit", "audit", self._build_audit))
        if self._actor.can(Permission.NOTICE_SEND) and self._actor.can(Permission.CUSTOMER_VIEW):
            sections.append(Section("notices", "notices", self._build_notices))
        if self._actor.can(Permission.DASHBOARD_VIEW):
            sections.append(Section("dashboard", "dashboard", self._build_dashboard))
        sections += [Section(*spec) for spec in self.reports.sections()]
        if admin_section_for(self._actor):
            sections.append(Section("admin", "settings", self._build_admin))
        # Day-to-day work first, oversight last; the rail and Ctrl+number follow this order.
        return sorted(sections, key=lambda s: SECTION_ORDER.index(s.key))

    def _build_home(self) -> OverviewPage:
        page = OverviewPage(self._db, self._actor, sections=self.section_keys())
        page.sig_open.connect(self.open_link)
        return page

    def open_link(self, link: HomeLink) -> None:
        """A home page row or "show all": the section that handles it, on the right row."""
        follow(self, link, self._open_customer)

    # Feature modules are imported when their section is first built: a start
    # that opens the customer list does not load the calendar's or the map's code.
    def _build_audit(self) -> QWidget:
        from ui.pages.audit import AuditPage  # noqa: PLC0415

        return AuditPage(self._db, self._actor, self._zone)

    def _build_admin(self) -> QWidget:
        from ui.admin.page import AdminPage  # noqa: PLC0415

        page = AdminPage(self._db, self._actor, self._settings)
        # The SMS settings dialog stays with the notices; the page only opens it.
        page.sig_notice_settings.connect(self._open_notice_settings)
        # A restored database is another database under the window: sign in again.
        page.sig_restored.connect(self.sign_out)
        return page

    def _open_notice_settings(self) -> None:
        if "notices" in self.section_keys():
            self.page("notices").open_settings()  # type: ignore[attr-defined]

    def _build_dashboard(self) -> QWidget:
        from ui.dashboard.page import DashboardPage  # noqa: PLC0415

        return DashboardPage(self._db, self._actor, self._settings)

    def _build_notices(self) -> NoticesPage:
        from ui.notices.page import NoticesPage  # noqa: PLC0415

        # The calendar's SMS badges follow the change hub: no wiring needed here.
        return NoticesPage(self._db, self._actor, self._settings, zone=self._zone)

    def show_notices_for(self, visit_ids: list[int]) -> None:
        """The calendar's "Notices for selected visits": the Notices section, just those."""
        if "notices" not in self.section_keys():
            return
        self.page("notices").show_visits(visit_ids)  # type: ignore[attr-defined]
        self.show_section("notices")

    def _build_calendar(self) -> CalendarPage:
        from ui.calendar.page import CalendarPage  # noqa: PLC0415
        from ui.calendar_link import wire_calendar  # noqa: PLC0415

        page = CalendarPage(self._db, self._actor, self._settings)
        documents = wire_calendar(page, self._db, self._actor, self._settings)
        self.reports.attach_calendar(page)
        page.sig_open_customer.connect(self._open_customer)
        if "notices" in self.section_keys():
            # The notices section exists (built now or later): the calendar offers it.
            page.enable_notices()
            page.sig_notices_wanted.connect(self.show_notices_for)
        if documents is not None:
            self._documents = documents
            # File ▸ Print: the calendar's document commands (briefing pack, schedules).
            self.file_menu.insertMenu(self._print_anchor, documents.menu)
            self._documents.set_enabled(self.current_section() == "calendar")
        return page

    @property
    def documents(self) -> DocumentActions | None:
        """File ▸ Print, the calendar's document commands (asking builds the calendar)."""
        if self._documents is None and "calendar" in self.section_keys():
            self.page("calendar")
        return self._documents

    def _print_report(self, visit_id: int, revision: int) -> None:
        if self.documents is not None:
            self.documents.visit_report(visit_id, revision)

    def _open_customer(self, customer_id: int) -> None:
        if self.customers is not None:
            self.customers.open_customer(customer_id)

    def _customer_page(self) -> CustomerListPage | None:
        page = self.page("customers") if "customers" in self.section_keys() else None
        return page if isinstance(page, CustomerListPage) else None

    def _build_customers(self) -> CustomerListPage:
        page = CustomerListPage(self._db, self._actor, self._settings)
        if self.customers is not None:
            self.customers.attach_page(page)
        return page

    def _build_map(self) -> MapSection:
        from ui.map_link import MapSection  # noqa: PLC0415

        section = MapSection(self._db, self._actor, self._settings, self._customer_page())
        section.sig_picked.connect(self._map_picked)
        return section

    def _map_picked(self, ids: list[int]) -> None:
        self.statusBar().showMessage(
            self.tr("%n customer(s) selected on the map; they are selected in the customer list "
                    "too", "", len(ids)), 8000)

    def _add_priority_weights(self, menu: QMenu) -> None:
        """Managers see what the visit ranking learned (issue 20)."""
        self.action_priority_weights = QAction(self)
        self.action_priority_weights.triggered.connect(self.open_priority_weights)
        if self._actor.can(Permission.DASHBOARD_VIEW) and self._actor.branch_id is not None:
            menu.addAction(self.action_priority_weights)

    def open_priority_weights(self) -> WeightsDialog:
        from ui.priorities.weights import WeightsDialog  # noqa: PLC0415

        db, actor = self._db, self._actor

        def load() -> Weights:
            from hvdesk.priorities.service import weights  # noqa: PLC0415  (numpy, on demand)

            with db.session() as session:
                return weights(session, actor)

        dialog = WeightsDialog(load, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(self)
        self.action_sign_out = QAction(icon("sign-out"), "", self)
        self.action_sign_out.triggered.connect(self.sign_out)
        self.action_quit = QAction(self)
        self.action_quit.setShortcut(QKeySequence("Ctrl+Q"))
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_quit.triggered.connect(self.close)
        if self.customers is not None:
            for action in self.customers.menu_actions():
                self.file_menu.addAction(action)
            self.file_menu.addSeparator()
        # File ▸ Print arrives here with the calendar, the first time it is opened.
        self._print_anchor = self.file_menu.addSeparator()
        self.file_menu.addAction(self.action_sign_out)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.action_quit)

        self.edit_menu = QMenu(self)
        self.action_preferences = QAction(icon("settings"), "", self)
        self.action_preferences.setShortcut(QKeySequence("Ctrl+,"))
        self.action_preferences.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.action_preferences.triggered.connect(self.open_preferences)
        self.edit_menu.addAction(self.action_preferences)

        self.view_menu = QMenu(self)
        group = QActionGroup(self)
        self.section_actions: dict[str, QAction] = {}
        for number, section in enumerate(self.sections, start=1):
            action = QAction(icon(section.icon), "", self)
            action.setCheckable(True)
            if number <= 9:  # Ctrl+10 would read as Ctrl+1 then 0
                action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, key=section.key: self.show_section(key))
            group.addAction(action)
            self.view_menu.addAction(action)
            self.section_actions[section.key] = action
        self.view_menu.addSeparator()
        self.action_full_screen = QAction(self)
        self.action_full_screen.setCheckable(True)
        self.action_full_screen.setShortcut(QKeySequence("F11"))
        self.action_full_screen.toggled.connect(self._set_full_screen)
        self.view_menu.addAction(self.action_full_screen)
        self._add_priority_weights(self.view_menu)

        self.help_menu = QMenu(self)
        self.action_about = QAction(icon("app"), "", self)
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.action_about.triggered.connect(self.open_about)
        self.action_about_qt = QAction(self)
        self.action_about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.action_about_qt.triggered.connect(QApplication.aboutQt)
        self.help_menu.addAction(self.action_about)
        self.help_menu.addAction(self.action_about_qt)

        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.help_menu):
            bar.addMenu(menu)

    def _build_status_bar(self) -> None:
        self.database_label = QLabel()
        self.database_label.setObjectName("statusDatabase")
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.statusBar().addPermanentWidget(self.database_label, 1)
        self.statusBar().addPermanentWidget(self.user_label)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("hvdesk — {0}").format(self._actor.branch_name or
                                                          self.tr("head office")))
        self.file_menu.setTitle(self.tr("&File"))
        self.action_sign_out.setText(self.tr("&Sign out"))
        self.action_quit.setText(self.tr("&Quit"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.action_preferences.setText(self.tr("&Preferences…"))
        self.view_menu.setTitle(self.tr("&View"))
        for row, section in enumerate(self.sections):
            title = self.section_title(section.key)
            self.rail_model.item(row).setText(title)
            self.section_actions[section.key].setText(title)
        self.action_full_screen.setText(self.tr("&Full screen"))
        self.action_priority_weights.setText(self.tr("Visit priorities: &weights…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.action_about.setText(self.tr("&About hvdesk"))
        self.action_about_qt.setText(self.tr("About &Qt"))
        self.database_label.setText(self.tr("Database: {0}").format(self._db.describe()))
        name = self._actor.display_name or self._actor.login
        self.user_label.setText(
            self.tr("Signed in: {0} ({1}) · {2}").format(
                name, self._actor.login, role_name(self._actor.role)
            )
        )

    def section_title(self, key: str) -> str:
        titles = {
            "overview": self.tr("Home"),
            "customers": self.tr("Customers"),
            "calendar": self.tr("Calendar"),
            "map": self.tr("Map"),
            "audit": self.tr("Audit trail"),
            "notices": self.tr("Notices"),
            "reports": self.tr("Reports"),
            "reviews": self.tr("Reviews"),
            "dashboard": self.tr("Dashboard"),
            "admin": self.tr("Administration"),
        }
        return titles.get(key, key)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- sections ----------------------------------------------------------
    def section_keys(self) -> list[str]:
        return [section.key for section in self.sections]

    def default_section(self) -> str:
        """Everyone's first day starts on the home page (issue 16: the day's work, a click from
        where it is handled); after that the section last used is remembered per user."""
        return self.sections[0].key

    def current_section(self) -> str:
        return self.sections[self.stack.currentIndex()].key

    def page(self, key: str) -> QWidget:
        """The section's page, built now if it was never shown."""
        page = self.built.get(key)
        if page is None:
            index = self.section_keys().index(key)
            page = self.sections[index].build()
            self.built[key] = page
            stand_in = self.stack.widget(index)
            assert stand_in is not None
            current = self.stack.currentIndex()
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(stand_in)
            stand_in.deleteLater()
            if current == index:
                self.stack.setCurrentIndex(index)
        return page

    def show_section(self, key: str) -> None:
        row = self.section_keys().index(key)
        self.rail.selectionModel().setCurrentIndex(
            self.rail_model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _on_rail_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        key = str(current.data(KEY_ROLE))
        self.stack.setCurrentWidget(self.page(key))
        self.section_actions[key].setChecked(True)
        if self._documents is not None:
            self._documents.set_enabled(key == "calendar")  # they print the calendar's day

    # --- commands ----------------------------------------------------------
    def sign_out(self) -> None:
        """Record the sign-out on a worker, then close (also if the record fails)."""
        if self._signing_out:
            return
        self._signing_out = True
        self.action_sign_out.setEnabled(False)
        db, actor = self._db, self._actor

        def work(_state: OpState) -> None:
            with db.begin() as session:
                auth.sign_out(session, actor)

        def failed(exc: BaseException) -> None:
            log.warning("sign-out was not recorded: %s", type(exc).__name__)

        def close() -> None:
            self.close()

        Op(self, work).failure(failed).finally_(close).run()

    def open_preferences(self) -> PreferencesDialog:
        from ui.preferences import PreferencesDialog  # noqa: PLC0415

        # open(), not exec(): window-modal without a nested event loop.
        self.preferences_dialog = PreferencesDialog(self._settings, self._translations, self)
        self.preferences_dialog.accepted.connect(
            lambda: self.idle_lock.set_minutes(self._settings.idle_lock_minutes))
        self.preferences_dialog.open()
        return self.preferences_dialog

    def open_about(self) -> AboutDialog:
        from ui.about import AboutDialog  # noqa: PLC0415

        self.about_dialog = AboutDialog(self._db, self)
        self.about_dialog.open()
        return self.about_dialog

    def _set_full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # --- persistence -------------------------------------------------------
    def _restore(self) -> None:
        """The signed-in user's own window and section (several people share a desk)."""
        # Folders chosen in file dialogs are remembered per user too (issue 17.5).
        self._settings.user = self._actor.login
        memory = self._settings.user_window(self._actor.login)
        if not (memory.geometry and self.restoreGeometry(QByteArray(memory.geometry))):
            self.resize(1100, 700)
        if memory.state:
            self.restoreState(QByteArray(memory.state))
        last = memory.last_section
        self.show_section(last if last in self.section_keys() else self.default_section())

    def _save(self) -> None:
        memory = self._settings.user_window(self._actor.login)
        memory.geometry = bytes(self.saveGeometry().data())
        memory.state = bytes(self.saveState().data())
        memory.last_section = self.current_section()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_lock.stop()
        self.daily_backups.stop()
        self._save()
        super().closeEvent(event)
        if self._signing_out:
            self.sig_sign_out.emit()
        else:
            self.sig_quit.emit()

