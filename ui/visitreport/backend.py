"""The report screens' one door to the core: each call is one short transaction.

Widgets hold a :class:`ReportBackend` instead of a database and an actor, so
the form, the queue and the reports list never open sessions themselves and a
test can sign in as someone else by giving a new backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model.enums import ReportOutcome, ReportStatus, VisitStatus
from hvdesk.scheduling import calendar_query as calendar_data
from hvdesk.security.roles import Permission
from hvdesk.services import customer_file, overview
from hvdesk.services.context import Actor
from hvdesk.services.customer_file import CustomerFile
from hvdesk.visitreports import (
    AttachmentView,
    QueueItem,
    ReportData,
    ReportView,
    RevisionView,
)

#: Visits a report is written for (planned ones are still ahead, cancelled ones never happened).
REPORTABLE = (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
#: How far back the "Reports" section looks for visits without a finished report.
LOOK_BACK_DAYS = 60


@dataclass(frozen=True, slots=True)
class VisitToReport:
    """A visit of the actor's that still needs its report written or fixed."""

    visit_id: int
    customer_id: int
    customer: str
    start: dt.datetime
    team: tuple[str, ...]
    report_id: int | None
    status: ReportStatus | None
    review_comment: str | None


class ReportBackend:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db = db
        self.actor = actor
        self._zone: ZoneInfo | None = None

    @property
    def zone(self) -> ZoneInfo:
        """The branch's time zone: the core gives UTC, people think in branch time."""
        if self._zone is None:
            with self.db.session() as session:
                self._zone = ZoneInfo(overview.branch_timezone(session, self.actor.branch_id))
        return self._zone

    # --- permissions (the services check again) -------------------------------------
    @property
    def can_write(self) -> bool:
        return self.actor.can(Permission.REPORT_WRITE)

    @property
    def can_review(self) -> bool:
        return self.actor.can(Permission.REPORT_REVIEW)

    def may_review(self, view: ReportView) -> bool:
        """Four eyes: not on the visit, not the author."""
        uid = self.actor.user_id
        return self.can_review and uid != view.author_id and uid not in view.team_ids

    def can_write_visit(self, view: ReportView) -> bool:
        """Team members write their visit's report; coordinators type up paper sheets."""
        if self.actor.can(Permission.VISIT_SCHEDULE):
            return True
        return self.can_write and self.actor.user_id in view.team_ids

    # --- reading ----------------------------------------------------------------------
    def open(self, visit_id: int) -> ReportView:
        with self.db.begin() as session:
            return vr.open_report(session, self.actor, visit_id)

    def get(self, report_id: int) -> ReportView:
        with self.db.begin() as session:
            return vr.get_report(session, self.actor, report_id)

    def for_visit(self, visit_id: int) -> ReportView | None:
        with self.db.begin() as session:
            return vr.report_for_visit(session, self.actor, visit_id)

    def history(self, report_id: int) -> list[RevisionView]:
        with self.db.begin() as session:
            return vr.history(session, self.actor, report_id)

    def queue(self) -> list[QueueItem]:
        with self.db.begin() as session:
            return vr.review_queue(session, self.actor)

    def customer_file(self, customer_id: int) -> CustomerFile:
        with self.db.session() as session:
            return customer_file.load_file(session, self.db.cipher, self.actor, customer_id)

    def attachment_content(self, attachment_id: int) -> bytes:
        with self.db.begin() as session:
            return vr.attachment_content(session, self.actor, attachment_id)

    @staticmethod
    def required(outcome: ReportOutcome | None) -> frozenset[str]:
        return frozenset() if outcome is None else vr.required_fields(outcome)

    def visits_to_report(self, today: dt.date | None = None) -> list[VisitToReport]:
        """The actor's recent visits whose report is missing, a draft or returned.

        The calendar's range read gives the visits the actor may see; one query then
        gives their reports' states.
        """
        today = today or dt.date.today()
        first = today - dt.timedelta(days=LOOK_BACK_DAYS)
        # Field staff see their own visits; coordinators see every visit of the branch.
        uid = None if self.actor.can(Permission.VISIT_SCHEDULE) else self.actor.user_id
        rows: list[VisitToReport] = []
        with self.db.begin() as session:
            loaded = calendar_data.load_range(session, self.actor, first, today, REPORTABLE)
            blocks = sorted((b for b in loaded.blocks if uid is None or uid in b.member_ids),
                            key=lambda b: b.start)
            states = vr.report_states(session, self.actor, [b.id for b in blocks])
            for block in blocks:
                state = states.get(block.id)
                if state is not None and state.status in (
                        ReportStatus.SUBMITTED, ReportStatus.APPROVED):
                    continue
                rows.append(VisitToReport(
                    block.id, block.customer_id, block.customer, block.start,
                    block.member_names, state.report_id if state else None,
                    state.status if state else None,
                    state.review_comment if state else None))
        return rows

    # --- writing ----------------------------------------------------------------------
    def save_draft(self, report_id: int, data: ReportData, version: int | None) -> ReportView:
        with self.db.begin() as session:
            return vr.save_draft(session, self.actor, report_id, data, expected_version=version)

    def submit(self, report_id: int, version: int | None) -> ReportView:
        with self.db.begin() as session:
            return vr.submit(session, self.actor, report_id, expected_version=version)

    def approve(self, report_id: int, version: int | None,
                comment: str | None = None) -> ReportView:
        with self.db.begin() as session:
            return vr.approve(session, self.actor, report_id, comment=comment or None,
                              expected_version=version)

    def return_report(self, report_id: int, comment: str, version: int | None) -> ReportView:
        with self.db.begin() as session:
            return vr.return_report(session, self.actor, report_id, comment,
                                    expected_version=version)

    def amend(self, report_id: int, reason: str) -> ReportView:
        with self.db.begin() as session:
            return vr.amend(session, self.actor, report_id, reason)

    def add_attachment(self, report_id: int, filename: str, content: bytes) -> AttachmentView:
        with self.db.begin() as session:
            return vr.add_attachment(session, self.actor, report_id, filename, content)

    def remove_attachment(self, attachment_id: int) -> None:
        with self.db.begin() as session:
            vr.remove_attachment(session, self.actor, attachment_id)
