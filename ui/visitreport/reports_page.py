"""The "Reports" section: the writer's visits whose report is not approved yet.

It follows the change hub: a change naming visits re-reads just those rows, so
a row shows its report's new state (submitted, approved, returned) where it
stands; a finished report's row leaves the list at the next full reload.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk.changes import OpChanges
from hvdesk.errors import HvdeskError
from hvdesk.visitreports.to_write import FINISHED
from ui.hub import ChangeHub
from ui.labels import QT_TRANSLATE_NOOP
from ui.tables import Column, RowsModel, setup_read_only_table
from ui.visitreport import labels
from ui.visitreport.backend import LOOK_BACK_DAYS, ReportBackend, VisitToReport, read
from ui.workers import Op

NOT_STARTED = QT_TRANSLATE_NOOP("VisitReportLabels", "Not started")


class VisitsToReportModel(RowsModel[VisitToReport]):
    def __init__(self, zone: dt.tzinfo, parent: QObject | None = None) -> None:
        self.zone = zone
        super().__init__(parent=parent)

    def headers(self) -> list[str]:
        return [self.tr("Visit"), self.tr("Customer"), self.tr("Team"), self.tr("Report"),
                self.tr("Reviewer's comment")]

    def columns(self) -> list[Column[VisitToReport]]:
        return [
            Column(lambda v: labels.when(v.start.astimezone(self.zone)), lambda v: v.start),
            Column(lambda v: v.customer),
            Column(lambda v: "、".join(v.team)),
            Column(self._status),
            Column(lambda v: v.review_comment or ""),
        ]

    def update_visits(self, visit_ids: frozenset[int], rows: list[VisitToReport]) -> None:
        """The rows of ``visit_ids`` become ``rows`` (read again) where they stand; a visit
        newly needing its report (returned, say) joins in visit order."""
        fresh = {v.visit_id: v for v in rows}
        for row in reversed(range(self.rowCount())):
            old = self.row_at(row)
            if old.visit_id not in visit_ids:
                continue
            new = fresh.pop(old.visit_id, None)
            if new is None:
                self.remove_row(row)  # no longer the actor's, or cancelled
            else:
                self.replace_row(row, new)
        for visit in fresh.values():
            if visit.status in FINISHED:
                continue
            key = (visit.start, visit.visit_id)
            at = next((r for r in range(self.rowCount())
                       if (self.row_at(r).start, self.row_at(r).visit_id) > key),
                      self.rowCount())
            self.insert_row(at, visit)

    @staticmethod
    def _status(v: VisitToReport) -> str:
        if v.status is None:
            return QCoreApplication.translate(labels.CONTEXT, NOT_STARTED)
        return labels.name(labels.STATUSES, v.status)


class ReportsPage(QWidget):
    """``sig_open_visit(visit_id)``: the user wants that visit's report form."""

    sig_loaded = Signal()
    sig_refreshed = Signal()
    sig_open_visit = Signal(int)

    def __init__(self, backend: ReportBackend, parent: QWidget | None = None,
                 hub: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setObjectName("page")
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("pageSubtitle")
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.model = VisitsToReportModel(backend.zone, parent=self)
        self.table = setup_read_only_table(QTableView())
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.open_button = QPushButton()
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentIndex().row()))
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint_label)
        self.retranslateUi()
        (hub or ChangeHub.instance()).sig_changed.connect(self._on_changes)
        self.reload()

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Reports"))
        self.open_button.setText(self.tr("Write or open report…"))
        self.refresh_button.setText(self.tr("Reload"))
        self.hint_label.setText(self.tr(
            "Visits of the last {0} days whose report is not started, still a draft, was "
            "returned or waits for review. Enter or double-click opens the report."
        ).format(LOOK_BACK_DAYS))
        self.model.retranslate()
        self._show_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def reload(self) -> Op[list[VisitToReport]]:
        op = read(self, self.backend.visits_to_report)
        op.success(self._loaded)
        op.failure(self._failed)
        return op.run()

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.all_of("visit_report") or changes.all_of("visit"):
            self.reload()
            return
        if not changes.visits or not changes.touches(
                "visit_report", "report_revision", "visit", "visit_member", "customer"):
            return
        visits = changes.visits
        op = read(self, lambda: self.backend.visits_to_report(visits))
        op.success(lambda rows: self._refreshed(visits, rows))
        op.failure(self._failed)
        op.run()

    def _refreshed(self, visits: frozenset[int], rows: list[VisitToReport]) -> None:
        self.model.update_visits(visits, rows)
        self._show_count()
        self.sig_refreshed.emit()

    def _loaded(self, rows: list[VisitToReport]) -> None:
        self.message_label.hide()
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.selectRow(0)
        self._show_count()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.message_label.setText(labels.report_error(exc))
        self.message_label.show()

    def _show_count(self) -> None:
        # A row approved while shown stays until the next reload but needs nothing more.
        count = sum(1 for v in self.model.rows() if v.status not in FINISHED)
        self.subtitle_label.setText(
            self.tr("{0} visits need their report").format(count) if count
            else self.tr("Every report is written. Thank you!"))

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.sig_open_visit.emit(self.model.row_at(row).visit_id)
