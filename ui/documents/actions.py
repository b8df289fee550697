"""The app's document commands: briefing pack, branch day, team week, visit report.

:class:`DocumentActions` owns the actions (for the calendar's Print button and
the main window's File ▸ Print menu), asks for the team where one is needed,
and opens a :class:`~ui.documents.preview.PdfPreviewDialog` whose job calls
:mod:`reports.api` on a worker with its own session. Only built for actors
with ``Permission.PRINT``.

``reports.api`` is imported where it is called: reportlab and the fonts take
0.4 s to load, which the app's start should not pay for a document it may
never make.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QPushButton, QWidget

from hvdesk.database import Database, Session
from hvdesk.documents import briefing
from hvdesk.documents.lookup import report_status
from hvdesk.errors import HvdeskError
from hvdesk.model import ReportStatus
from hvdesk.scheduling.calendar_query import VisitBlock, week_of
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from ui.documents.job import DocumentJob, Progress, database_recorder
from ui.documents.preview import PdfPreviewDialog
from ui.documents.team_dialog import TeamChoice, TeamDialog
from ui.icons import icon
from ui.labels import error_text
from ui.settings import Settings
from ui.workers import Op


class VisitDetails(Protocol):
    """A visit's details dialog (the calendar's), as far as printing extends it."""

    @property
    def block(self) -> VisitBlock: ...

    def add_button(self, button: QPushButton) -> None: ...

# The team shown in the calendar (its members), to preselect it; None for every team.
TeamHint = Callable[[], "tuple[int, ...] | None"]


def can_print(actor: Actor) -> bool:
    return actor.can(Permission.PRINT)


class DocumentActions(QObject):
    """The document commands of one window, for the day ``day()`` returns."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        settings: Settings,
        window: QWidget,
        day: Callable[[], dt.date],
        team: TeamHint | None = None,
        tell: Callable[[str, bool], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._db = db
        self._actor = actor
        self._settings = settings
        self._window = window
        self._day = day
        self._team = team or (lambda: None)
        # Shows a message (text, is_error) where the user is: the calendar's message line.
        self._tell = tell or (lambda _text, _error: None)
        self.record = database_recorder(db, actor)
        self.preview: PdfPreviewDialog | None = None
        self.team_dialog: TeamDialog | None = None

        self.action_briefing = QAction(icon("print"), "", self)
        self.action_briefing.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.action_briefing.triggered.connect(lambda: self.briefing_pack())
        self.action_branch_day = QAction(self)
        self.action_branch_day.triggered.connect(lambda: self.branch_day())
        self.action_team_week = QAction(self)
        self.action_team_week.triggered.connect(lambda: self.team_week())
        self.menu = QMenu(window)
        self.menu.setIcon(icon("print"))
        self.menu.addActions(self.actions())
        self.button = QPushButton(icon("print"), "")
        self.button.setObjectName("printButton")
        self.button.setMenu(self.menu)
        window.installEventFilter(self)
        self.retranslateUi()

    def actions(self) -> list[QAction]:
        return [self.action_briefing, self.action_branch_day, self.action_team_week]

    def set_enabled(self, enabled: bool) -> None:
        """Off while the day they act on is not on screen (another section is)."""
        for action in self.actions():
            action.setEnabled(enabled)
        self.menu.setEnabled(enabled)

    def retranslateUi(self) -> None:
        self.menu.setTitle(self.tr("&Print"))
        self.button.setText(self.tr("Print"))
        self.button.setToolTip(self.tr("Briefing pack, schedules: preview, print or save as PDF"))
        self.action_briefing.setText(self.tr("&Briefing pack…"))
        self.action_briefing.setToolTip(self.tr("The briefing pack of the shown day (Ctrl+P)"))
        self.action_branch_day.setText(self.tr("Branch &day schedule"))
        self.action_team_week.setText(self.tr("Team &week schedule…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        return False

    # --- commands ----------------------------------------------------------------------------
    def briefing_pack(self, day: dt.date | None = None) -> None:
        """Ask for the team (or all teams) of ``day``, then preview its briefing pack.

        The teams are read on a worker; ``team_dialog`` opens when they arrive.
        """
        day = day or self._day()
        title = self.tr("Briefing pack")
        prompt = self.tr("Which team's briefing pack for {0}?").format(day.isoformat())
        self._with_teams([day], True, lambda teams: self._ask_team(
            title, prompt, teams, True,
            lambda lead: self.open_preview(self.briefing_job(day, lead))))

    def branch_day(self, day: dt.date | None = None) -> PdfPreviewDialog:
        return self.open_preview(self.branch_day_job(day or self._day()))

    def team_week(self, day: dt.date | None = None) -> None:
        """Ask for the team, then preview its schedule of the week holding ``day``
        (the teams are read on a worker; ``team_dialog`` opens when they arrive)."""
        week = week_of(day or self._day())
        title = self.tr("Team week schedule")
        prompt = self.tr("Which team's schedule for the week of {0} – {1}?").format(
            week[0].isoformat(), week[-1].isoformat())

        def then(lead: int | None) -> None:
            if lead is not None:  # there is no "all teams" row here
                self.open_preview(self.team_week_job(week[0], lead))

        self._with_teams(week, False, lambda teams: self._ask_team(
            title, prompt, teams, False, then))

    def visit_report(self, visit_id: int, revision: int | None = None) -> PdfPreviewDialog:
        """The approved report (``revision``: that one, from the report's history)."""
        return self.open_preview(self.visit_report_job(visit_id, revision))

    def open_preview(self, job: DocumentJob) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(job, self._settings, self.record, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # --- the visit details dialog ------------------------------------------------------------
    def extend_details(self, dialog: VisitDetails) -> QPushButton:
        """Add "Visit report PDF" to a visit's details, usable once its report is approved."""
        button = QPushButton(icon("print"), self.tr("Visit report PDF"))
        button.setObjectName("visitReportButton")
        button.setAutoDefault(False)
        button.setEnabled(False)
        button.setToolTip(self.tr("Checking the visit report…"))
        visit_id = dialog.block.id
        button.clicked.connect(lambda: self.visit_report(visit_id))
        dialog.add_button(button)
        db, actor = self._db, self._actor

        def read(_state: object) -> ReportStatus | None:
            with db.session() as session:
                return report_status(session, actor, visit_id)

        def show(status: ReportStatus | None) -> None:
            button.setEnabled(status is ReportStatus.APPROVED)
            if status is ReportStatus.APPROVED:
                button.setToolTip(self.tr("Preview, print or save the approved visit report"))
            elif status is None:
                button.setToolTip(self.tr("This visit has no report yet."))
            else:
                button.setToolTip(self.tr("Only an approved report can be printed."))

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            button.setToolTip(error_text(exc))

        Op(button, read).success(show).failure(failed).run()
        return button

    # --- jobs ----------------------------------------------------------------------------------
    def briefing_job(self, day: dt.date, lead_id: int | None) -> DocumentJob:
        reference = day.isoformat() + (f"/lead={lead_id}" if lead_id is not None else "")
        suffix = f"-lead{lead_id}" if lead_id is not None else ""
        # The core prints full phone numbers where the one rule says so (the team
        # calls ahead): it gets the cipher and decides (hvdesk.security.exposure).
        db = self._db

        def work(session: Session, progress: Progress) -> bytes:
            from reports import api  # noqa: PLC0415 - see the module docstring

            return api.briefing_pack(session, self._actor, day, team_lead_id=lead_id,
                                     progress=progress, cipher=db.cipher)

        title = self.tr("Briefing pack — {0}").format(day.isoformat())
        return self._job("briefing_pack", reference, title,
                         f"briefing-pack-{day.isoformat()}{suffix}.pdf", work)

    def branch_day_job(self, day: dt.date) -> DocumentJob:
        def work(session: Session, _progress: Progress) -> bytes:
            from reports import api  # noqa: PLC0415 - see the module docstring

            return api.branch_day_schedule(session, self._actor, day)

        title = self.tr("Branch day schedule — {0}").format(day.isoformat())
        return self._job("branch_day", day.isoformat(), title,
                         f"branch-day-{day.isoformat()}.pdf", work)

    def team_week_job(self, week_start: dt.date, lead_id: int) -> DocumentJob:
        def work(session: Session, _progress: Progress) -> bytes:
            from reports import api  # noqa: PLC0415 - see the module docstring

            return api.team_week_schedule(session, self._actor, week_start, lead_id)

        title = self.tr("Team week schedule — week of {0}").format(week_start.isoformat())
        return self._job("team_week", f"{week_start.isoformat()}/lead={lead_id}", title,
                         f"team-week-{week_start.isoformat()}-lead{lead_id}.pdf", work)

    def visit_report_job(self, visit_id: int, revision: int | None = None) -> DocumentJob:
        def work(session: Session, _progress: Progress) -> bytes:
            from reports import api  # noqa: PLC0415 - see the module docstring

            return api.visit_report_pdf(session, self._actor, visit_id, revision=revision)

        title = self.tr("Visit report — visit {0}").format(visit_id)
        name = f"visit-report-{visit_id}"
        if revision is not None:
            title += " · " + self.tr("revision {0}").format(revision)
            name += f"-rev{revision}"
        return self._job("visit_report", f"visit={visit_id}", title, f"{name}.pdf", work)

    def _job(
        self,
        kind: str,
        reference: str,
        title: str,
        file_name: str,
        work: Callable[[Session, Progress], bytes],
    ) -> DocumentJob:
        db, actor = self._db, self._actor

        def produce(progress: Progress) -> bytes:
            # One unit of work on the worker: generating is audited, so it commits.
            with db.begin() as session:
                audit.bind_actor(session, actor)
                return work(session, progress)

        return DocumentJob(kind, reference, title, file_name, produce)

    # --- helpers -------------------------------------------------------------------------------
    def _with_teams(self, days: list[dt.date], with_counts: bool,
                    then: Callable[[list[TeamChoice]], object]) -> None:
        """Read the teams with visits on ``days`` (by lead) on a worker, then ``then(teams)``;
        a refusal is told instead.

        Read through ``hvdesk.documents.briefing`` rather than ``reports.api.teams_for_day``:
        its ``TeamRef.label`` is fixed English text, and the list needs the count to
        read in the interface language (and no count at all for a week).
        """
        db, actor = self._db, self._actor
        self.team_dialog = None

        def read(_state: object) -> list[briefing.TeamSummary]:
            with db.session() as session:
                return [team for day in days
                        for team in briefing.teams_for_day(session, actor, day)]

        def show(found: list[briefing.TeamSummary]) -> None:
            seen: dict[int, TeamChoice] = {}
            for team in found:
                lead = team.lead
                label = f"{lead.name} ({lead.employee_no})" if lead.employee_no else lead.name
                if with_counts:
                    label = self.tr("{0} · %n visit(s)", "", team.visits).format(label)
                seen.setdefault(lead.user_id, TeamChoice(lead.user_id, label))
            then(list(seen.values()))

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            self._tell(error_text(exc), True)

        Op(self, read).success(show).failure(failed).run()

    def _ask_team(
        self,
        title: str,
        prompt: str,
        teams: list[TeamChoice],
        allow_all: bool,
        then: Callable[[int | None], object],
    ) -> TeamDialog:
        members = self._team()
        preselect = next((t.lead_id for t in teams if members and t.lead_id in members), None)
        dialog = TeamDialog(title, prompt, teams, allow_all, preselect, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                then(dialog.chosen_lead())

        dialog.finished.connect(chosen)
        self.team_dialog = dialog
        # open(), not exec(): window-modal without a nested event loop.
        dialog.open()
        return dialog

