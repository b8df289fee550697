"""Audit trail page: who did what, newest first, with a text filter."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt
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

from hvdesk.database import Database
from hvdesk.services import overview as queries
from hvdesk.services.context import Actor
from ui.icons import icon
from ui.pages.audit_model import AuditFilterModel, AuditTableModel, Column
from ui.tables import setup_read_only_table


class AuditPage(QWidget):
    """Shown only to roles with the audit permission (the query checks it again)."""

    ROW_LIMIT = 500

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._db = db
        self._actor = actor

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

        self.retranslateUi()
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
        with self._db.session() as session:
            rows = queries.recent_audit(session, self._actor, limit=self.ROW_LIMIT)
        self.model.set_rows(rows)
