"""Audit trail page: who did what, newest first, with a text filter.

Read on a worker; while shown, it follows the change hub and adds the events
written since the newest one it shows (a write anywhere is audited).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk.changes import OpChanges
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.services import overview as queries
from hvdesk.services.context import Actor
from hvdesk.services.overview import AuditRow
from ui.hub import ChangeHub
from ui.icons import icon
from ui.labels import error_text
from ui.pages.audit_model import AuditFilterModel, AuditTableModel, Column
from ui.tables import setup_read_only_table
from ui.workers import Op

#: Writes come in bursts (one per row of an import): wait this long before reading.
FOLLOW_MS = 300


class AuditPage(QWidget):
    """Shown only to roles with the audit permission (the query checks it again).

    ``sig_loaded`` after each read (the whole list or the newer events)."""

    ROW_LIMIT = 500
    sig_loaded = Signal()

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._db = db
        self._actor = actor
        self._reading = False
        self._behind = False
        self.follow_timer = QTimer(self)
        self.follow_timer.setSingleShot(True)
        self.follow_timer.setInterval(FOLLOW_MS)
        self.follow_timer.timeout.connect(self.catch_up)

        self.model = AuditTableModel(zone, parent=self)
        self.proxy = AuditFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("pageSubtitle")

        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("auditFilter")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter_edit.setMinimumWidth(280)

        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.clicked.connect(self.refresh)

        self.table = self._build_table()

        heading_text = QVBoxLayout()
        heading_text.setSpacing(2)
        heading_text.addWidget(self.title_label)
        heading_text.addWidget(self.subtitle_label)
        heading = QHBoxLayout()
        heading.addLayout(heading_text, 1)
        tools = QHBoxLayout()
        tools.setSpacing(10)
        tools.addWidget(self.filter_edit, 1)
        tools.addWidget(self.refresh_button)
        tools.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        layout.addLayout(heading)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)

        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.hide()
        layout.insertWidget(2, self.message_label)

        self.retranslateUi()
        (hub or ChangeHub.instance()).sig_changed.connect(self._on_changes)
        self.refresh()

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.TIME, Qt.SortOrder.DescendingOrder)
        setup_read_only_table(table)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((Column.TIME, 170), (Column.USER, 170), (Column.ACTION, 150),
                              (Column.RECORD, 150)):
            header.resizeSection(column, width)
        return table

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Audit trail"))
        self.subtitle_label.setText(
            self.tr("The most recent {0} events, in branch time ({1}).").format(
                self.ROW_LIMIT, self.model.zone.key
            )
        )
        self.filter_edit.setPlaceholderText(self.tr("Filter by user, action, record or desk"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.model.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def refresh(self) -> None:
        """Read the newest events again (the Refresh button)."""
        self._read(None)

    def catch_up(self) -> None:
        """Add the events written since the newest one shown."""
        newest = self.model.newest_id()
        self._read(newest if newest is not None else None)

    def _read(self, after_id: int | None) -> None:
        if self._reading:
            self._behind = True  # read again when this answer is in
            return
        self._reading, self._behind = True, False
        db, actor, limit = self._db, self._actor, self.ROW_LIMIT

        def work(_state: object) -> list[AuditRow]:
            with db.session() as session:
                return queries.recent_audit(session, actor, limit=limit, after_id=after_id)

        def done(rows: list[AuditRow]) -> None:
            self.message_label.hide()
            if after_id is None:
                self.model.set_rows(rows)
            else:
                self.model.add_newer(rows, self.ROW_LIMIT)
            self.sig_loaded.emit()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            self.message_label.setText(error_text(exc))
            self.message_label.show()

        def finished() -> None:
            self._reading = False
            if self._behind:
                self.catch_up()

        Op(self, work).success(done).failure(failed).finally_(finished).run()

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.touches("audit_event") and self.isVisible():
            self.follow_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        # Hidden, the page did not follow: pick up what was written meanwhile.
        if not event.spontaneous() and self.model.rowCount():
            self.catch_up()
        super().showEvent(event)
