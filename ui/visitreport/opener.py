"""Where the report screens meet the main window: its sections, and forms opened from anywhere.

One form per report: asking again for an open one raises it instead of
opening a second copy that would autosave over the first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QMessageBox, QWidget

from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.model.enums import VisitStatus
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.visitreport import labels
from ui.visitreport.backend import ReportBackend
from ui.visitreport.form import ReportForm, open_report_form
from ui.visitreport.reports_page import ReportsPage
from ui.visitreport.review_queue import ReviewQueuePage


class ReportCalendar(Protocol):
    """The calendar, as far as reports reach it (its visit details' report button)."""

    report_state: Callable[[int, VisitStatus], str | None] | None

    @property
    def sig_open_report(self) -> SignalInstance: ...


#: Visits that never get a report: the details dialog shows no report button.
NO_REPORT = frozenset({VisitStatus.CANCELLED, VisitStatus.RESCHEDULED})
#: (key, icon, build): the main window wraps each in its ``Section``.
SectionSpec = tuple[str, str, Callable[[], QWidget]]


class ReportOpener(QObject):
    """``sig_reports_changed`` after any form stored something (lists refresh)."""

    sig_reports_changed = Signal()

    def __init__(self, db: Database, actor: Actor, window: QWidget) -> None:
        super().__init__(window)
        self.backend = ReportBackend(db, actor)
        self._window = window
        self.forms: dict[int, ReportForm] = {}
        self.reports_page: ReportsPage | None = None
        self.queue_page: ReviewQueuePage | None = None
        self.error_box: QMessageBox | None = None

    # --- sections ------------------------------------------------------------------
    def sections(self) -> list[SectionSpec]:
        actor = self.backend.actor
        specs: list[SectionSpec] = []
        if actor.can(Permission.REPORT_WRITE) or actor.can(Permission.VISIT_SCHEDULE):
            specs.append(("reports", "reports", self._build_reports))
        if actor.can(Permission.REPORT_REVIEW):
            specs.append(("reviews", "reviews", self._build_queue))
        return specs

    def _build_reports(self) -> ReportsPage:
        page = ReportsPage(self.backend)
        page.sig_open_visit.connect(self.open_visit)
        self.sig_reports_changed.connect(page.reload)
        self.reports_page = page
        return page

    def _build_queue(self) -> ReviewQueuePage:
        page = ReviewQueuePage(self.backend)
        page.opener = self.open_report
        self.sig_reports_changed.connect(page.reload)
        self.queue_page = page
        return page

    # --- the calendar -----------------------------------------------------------------
    def attach_calendar(self, page: ReportCalendar) -> None:
        page.report_state = self.report_state
        page.sig_open_report.connect(self.open_visit)

    def report_state(self, visit_id: int, status: VisitStatus) -> str | None:
        """None: no report button; "": "Write report…"; a status: "Open report…"."""
        if status in NO_REPORT:
            return None
        try:
            view = self.backend.for_visit(visit_id)
        except HvdeskError:
            return None
        if view is not None:
            return view.status.value
        return "" if self.backend.can_write or self.backend.actor.can(
            Permission.VISIT_SCHEDULE) else None

    # --- forms --------------------------------------------------------------------------
    def open_visit(self, visit_id: int) -> ReportForm | None:
        """The visit's report form (a new draft when there is none and the actor may write)."""
        for form in self.forms.values():
            if form.view.visit_id == visit_id:
                return self._raise(form)
        return self._open(visit_id=visit_id)

    def open_report(self, report_id: int) -> ReportForm | None:
        if report_id in self.forms:
            return self._raise(self.forms[report_id])
        return self._open(report_id=report_id)

    def _open(self, **which: int) -> ReportForm | None:
        try:
            form = open_report_form(self.backend, parent=self._window, **which)
        except HvdeskError as exc:
            self._error(labels.report_error(exc))
            return None
        report_id = form.report_id
        self.forms[report_id] = form
        form.sig_changed.connect(lambda _rid: self.sig_reports_changed.emit())
        form.destroyed.connect(lambda _obj=None, rid=report_id: self.forms.pop(rid, None))
        form.show()
        return form

    @staticmethod
    def _raise(form: ReportForm) -> ReportForm:
        form.show()
        form.raise_()
        form.activateWindow()
        return form

    def _error(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Visit report"), text,
                          QMessageBox.StandardButton.Ok, self._window)
        self.error_box = box
        box.open()
