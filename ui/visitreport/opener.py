"""Where the report screens meet the main window: its sections, and forms opened from anywhere.

One form per report: asking again for an open one raises it instead of
opening a second copy that would autosave over the first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.model.enums import VisitStatus
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from hvdesk.visitreports import ReportView
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


def report_button(visit_status: VisitStatus, report_status: str | None,
                  may_write: bool) -> str | None:
    """A visit's report button: None none, "" "Write report…", a status "Open report…"."""
    if visit_status in NO_REPORT:
        return None
    if report_status:
        return report_status
    return "" if may_write else None


class ReportOpener(QObject):
    """The report sections and forms of one main window; the lists follow the change hub."""

    def __init__(self, db: Database, actor: Actor, window: QWidget, zone: ZoneInfo) -> None:
        super().__init__(window)
        self.backend = ReportBackend(db, actor, zone)
        self._window = window
        self.forms: dict[int, ReportForm] = {}
        #: Forms being read (visit or report id): asking again does not open a second.
        self._opening: set[tuple[str, int]] = set()
        self.reports_page: ReportsPage | None = None
        self.queue_page: ReviewQueuePage | None = None
        self.error_box: QMessageBox | None = None
        #: (visit id, revision) -> the print preview of that approved revision; the main
        #: window sets it for people who may print (a report's history offers it).
        self.printer: Callable[[int, int], object] | None = None

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
        self.reports_page = page
        return page

    def _build_queue(self) -> ReviewQueuePage:
        page = ReviewQueuePage(self.backend)
        page.opener = self.open_report
        self.queue_page = page
        return page

    # --- the calendar -----------------------------------------------------------------
    def attach_calendar(self, page: ReportCalendar) -> None:
        page.report_state = self.report_state
        page.sig_open_report.connect(self.open_visit)

    @property
    def may_write(self) -> bool:
        return self.backend.can_write or self.backend.actor.can(Permission.VISIT_SCHEDULE)

    def report_state(self, visit_id: int, status: VisitStatus) -> str | None:
        """None: no report button; "": "Write report…"; a status: "Open report…".

        A read: the calendar calls it on a worker (and again when the hub names the visit).
        """
        if status in NO_REPORT:
            return None
        try:
            view = self.backend.for_visit(visit_id)
        except HvdeskError:
            return None
        return report_button(status, view.status.value if view else None, self.may_write)

    # --- forms --------------------------------------------------------------------------
    def open_visit(self, visit_id: int) -> ReportForm | None:
        """The visit's report form (a new draft when there is none and the actor may write);
        an open one is raised and returned, else it opens once read (``forms``)."""
        for form in self.forms.values():
            if form.view.visit_id == visit_id:
                return self._raise(form)
        self._open(("visit", visit_id), visit_id=visit_id)
        return None

    def open_report(self, report_id: int) -> ReportForm | None:
        if report_id in self.forms:
            return self._raise(self.forms[report_id])
        self._open(("report", report_id), report_id=report_id)
        return None

    def _open(self, key: tuple[str, int], **which: int) -> None:
        if key in self._opening:
            return
        self._opening.add(key)
        op = open_report_form(self.backend, self, **which)
        op.success(self._show_form).failure(self._open_failed)
        op.finally_(lambda: self._opening.discard(key))
        op.run()

    def _show_form(self, view: ReportView) -> None:
        if view.id in self.forms:
            self._raise(self.forms[view.id])
            return
        # In front of whatever asked for it: a visit's (modal) details dialog, else the window.
        over = QApplication.activeModalWidget() or self._window
        form = ReportForm(self.backend, view, over)
        form.printer = self.printer
        if isinstance(over, QDialog) and over is not self._window:
            # The details dialog deletes itself on closing: the form moves to the window
            # first instead of going with it (and taking unsaved typing along).
            over.finished.connect(lambda _result, f=form: self._adopt(f))
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.forms[view.id] = form
        form.destroyed.connect(lambda _obj=None, rid=view.id: self.forms.pop(rid, None))
        form.show()

    def _adopt(self, form: ReportForm) -> None:
        if not shiboken6.isValid(form) or form.parent() is self._window:
            return
        visible, geometry = form.isVisible(), form.geometry()
        form.setParent(self._window, form.windowFlags())
        form.setGeometry(geometry)
        if visible:
            form.show()

    def _open_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self._error(labels.report_error(exc))

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
