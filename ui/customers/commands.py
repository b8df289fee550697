"""Customer commands of the main window: new, open, import, export.

Kept out of ``MainWindow`` so the window only places the actions in its menus
and the customer list's context menu; every command ends in a service call
made by the dialog or worker it opens. The list page is asked for only when
a command needs it (it is built the first time it is shown), and nothing here
reloads it after a write: the change hub tells it which rows changed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from hvdesk.database import Database
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.customers.export_action import CustomerExport, can_export, can_export_full
from ui.customers.list_page import CustomerListPage
from ui.icons import icon
from ui.settings import Settings

if TYPE_CHECKING:
    # Imported when first opened: the form's validation (pinyin tables) and the
    # import's readers need not load before the window shows.
    from ui.customers.customer_form import CustomerForm
    from ui.customers.file_dialog import CustomerFileDialog
    from ui.customers.import_wizard import ImportWizard

#: Asking before a bulk export this large: it leaves the application's protection.
EXPORT_CONFIRM_ROWS = 1_000


class CustomerCommands(QObject):
    """Owns the customer actions and the dialogs they open."""

    def __init__(
        self,
        window: QWidget,
        db: Database,
        actor: Actor,
        settings: Settings,
        page: Callable[[], CustomerListPage | None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._db = db
        self._actor = actor
        self._settings = settings
        self._page = page
        self.page: CustomerListPage | None = None
        #: Open customer files by id: opening one twice raises the existing window.
        self.files: dict[int, CustomerFileDialog] = {}
        self.form: CustomerForm | None = None
        self.wizard: ImportWizard | None = None
        self.export: CustomerExport | None = None

        self.action_new = QAction(icon("customers"), "", self)
        self.action_new.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
        self.action_new.triggered.connect(self.new_customer)
        self.action_open = QAction(self)
        self.action_open.triggered.connect(self.open_selected)
        self.action_import = QAction(self)
        self.action_import.setShortcut(QKeySequence("Ctrl+I"))
        self.action_import.triggered.connect(self.import_customers)
        self.action_export = QAction(self)
        self.action_export.setShortcut(QKeySequence("Ctrl+E"))
        self.action_export.triggered.connect(lambda: self.export_customers(full=False))
        self.action_export_full = QAction(self)
        self.action_export_full.triggered.connect(lambda: self.export_customers(full=True))

        self.action_new.setVisible(actor.can(Permission.CUSTOMER_EDIT))
        self.action_import.setVisible(actor.can(Permission.DATA_IMPORT))
        self.action_export.setVisible(can_export(actor))
        self.action_export_full.setVisible(can_export_full(actor))

        self._selection_changed([])
        window.installEventFilter(self)
        self.retranslateUi()

    def attach_page(self, page: CustomerListPage) -> None:
        """The list page was built: its rows open files, its context menu holds the commands."""
        self.page = page
        page.sig_open_customer.connect(self.open_customer)
        page.sig_selection_changed.connect(self._selection_changed)
        page.table.addActions(self.context_actions())
        page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._selection_changed(page.selected_customer_ids())

    def context_actions(self) -> list[QAction]:
        return [a for a in (self.action_open, self.action_new, self.action_export,
                            self.action_export_full) if a.isVisible()]

    def menu_actions(self) -> list[QAction]:
        """For the File menu, in order; ``None`` is never returned (visibility hides)."""
        return [self.action_new, self.action_import, self.action_export,
                self.action_export_full]

    def retranslateUi(self) -> None:
        self.action_new.setText(self.tr("&New customer…"))
        self.action_open.setText(self.tr("&Open customer file"))
        self.action_import.setText(self.tr("&Import customers…"))
        self.action_export.setText(self.tr("&Export customers (masked)…"))
        self.action_export_full.setText(self.tr("Export customers with &full data…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        return False

    def _selection_changed(self, ids: list[int]) -> None:
        self.action_open.setEnabled(len(ids) == 1)

    # --- commands -----------------------------------------------------------------
    def open_customer(self, customer_id: int) -> CustomerFileDialog:
        from ui.customers.file_dialog import CustomerFileDialog  # noqa: PLC0415

        dialog = self.files.get(customer_id)
        if dialog is None:
            dialog = CustomerFileDialog(self._db, self._actor, customer_id, self._window)
            dialog.finished.connect(lambda _r, cid=customer_id: self.files.pop(cid, None))
            self.files[customer_id] = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def open_selected(self) -> None:
        ids = self.page.selected_customer_ids() if self.page is not None else []
        if len(ids) == 1:
            self.open_customer(ids[0])

    def new_customer(self) -> CustomerForm:
        from ui.customers.customer_form import CustomerForm  # noqa: PLC0415

        self.form = CustomerForm(self._db, self._actor, branch_id=self._actor.branch_id,
                                 parent=self._window)
        self.form.sig_saved.connect(self._created)
        self.form.open()
        return self.form

    def _created(self, customer_id: int) -> None:
        self.open_customer(customer_id)

    def import_customers(self) -> ImportWizard:
        from ui.customers.import_wizard import ImportWizard  # noqa: PLC0415

        start = Path(self._settings.last_import_dir or str(Path.home()))
        self.wizard = ImportWizard(self._db, self._actor, self._window, start)
        self.wizard.finished.connect(self._remember_import_dir)
        self.wizard.open()
        return self.wizard

    def _remember_import_dir(self) -> None:
        if self.wizard is not None:
            self._settings.last_import_dir = str(self.wizard.last_dir)

    def export_customers(self, *, full: bool, path: Path | None = None) -> CustomerExport | None:
        """Export the selected rows, or every row of the current filter if none are.

        With a selection the export starts at once and is returned; otherwise
        the matching ids are read on a worker first and ``self.export`` holds
        the export once it started (it writes on a worker too).
        """
        page = self._page()
        if page is None:
            return None
        ids = page.selected_customer_ids()
        if ids:
            return self._export_ids(ids, full=full, path=path)
        page.with_matching_ids(lambda found: self._export_ids(found, full=full, path=path))
        return None

    def _export_ids(self, ids: list[int], *, full: bool,
                    path: Path | None) -> CustomerExport | None:
        if not ids:
            QMessageBox.information(self._window, self.tr("Export customers"),
                                    self.tr("No customers match the current filter."))
            return None
        if path is None and len(ids) >= EXPORT_CONFIRM_ROWS:
            answer = QMessageBox.question(
                self._window, self.tr("Export customers"),
                self.tr("Export %Ln customer(s) to a file outside hvdesk?", "", len(ids)))
            if answer != QMessageBox.StandardButton.Yes:
                return None
        start = Path(self._settings.last_export_dir or str(Path.home()))
        export = CustomerExport(self._window, self._db, self._actor, start)
        export.sig_exported.connect(self._exported)
        export.sig_failed.connect(
            lambda text: QMessageBox.warning(self._window, self.tr("Export customers"), text))
        if export.start(ids, full=full, path=path) is None:
            return None
        self.export = export
        return export

    def _exported(self, rows: int, path: str) -> None:
        self._settings.last_export_dir = str(Path(path).parent)
        status = getattr(self._window, "statusBar", None)
        if status is not None:
            status().showMessage(
                self.tr("Exported %Ln customer(s) to {0}", "", rows).format(path), 8000)
