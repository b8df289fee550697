"""The report screens' one door to the core: each call is one short transaction.

Widgets hold a :class:`ReportBackend` instead of a database and an actor, so
the form, the queue and the reports list never open sessions themselves and a
test can sign in as someone else by giving a new backend. Every method here
runs on a worker (:func:`read` and :func:`write` build the ``Op``); writes go
through one serial pool, so an autosave, a submit and the save on closing
reach the database in the order the user made them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QThreadPool

from hvdesk import clock
from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model.enums import ReportOutcome
from hvdesk.security.roles import Permission
from hvdesk.services import customer_file
from hvdesk.services.context import Actor
from hvdesk.services.customer_file import CustomerFile
from hvdesk.visitreports import (
    AttachmentView,
    QueueItem,
    ReportData,
    ReportView,
    RevisionView,
)
from hvdesk.visitreports.to_write import LOOK_BACK_DAYS, VisitToReport, visits_to_report
from ui.workers import Op

__all__ = ["LOOK_BACK_DAYS", "ReportBackend", "VisitToReport", "read", "write"]
T = TypeVar("T")
_writes: QThreadPool | None = None


def read(parent: QObject, fn: Callable[[], T]) -> Op[T]:
    """An op running ``fn`` (a backend read) on the shared pool; call ``.run()``."""
    return Op(parent, lambda _state: fn())


def write(parent: QObject, fn: Callable[[], T]) -> Op[T]:
    """An op running ``fn`` (a backend write) after every write started before it."""
    global _writes
    if _writes is None:
        _writes = QThreadPool()
        _writes.setMaxThreadCount(1)
        # The thread outlives quiet spells; a form closing saves at once.
        _writes.setExpiryTimeout(-1)
    return Op(parent, lambda _state: fn(), pool=_writes)


class ReportBackend:
    def __init__(self, db: Database, actor: Actor, zone: ZoneInfo) -> None:
        self.db = db
        self.actor = actor
        #: The branch's time zone: the core gives UTC, people think in branch time.
        self.zone = zone

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

    def for_visit_or_new(self, visit_id: int) -> ReportView:
        """The visit's report; a new draft when there is none (and the actor may write it)."""
        found = self.for_visit(visit_id)
        return found if found is not None else self.open(visit_id)

    def history(self, report_id: int) -> list[RevisionView]:
        with self.db.begin() as session:
            return vr.history(session, self.actor, report_id)

    def customer_file(self, customer_id: int) -> CustomerFile:
        with self.db.session() as session:
            return customer_file.load_file(session, self.db.cipher, self.actor, customer_id)

    def attachment_content(self, attachment_id: int) -> bytes:
        with self.db.begin() as session:
            return vr.attachment_content(session, self.actor, attachment_id)

    @staticmethod
    def required(outcome: ReportOutcome | None) -> frozenset[str]:
        return frozenset() if outcome is None else vr.required_fields(outcome)

    def visits_to_report(self, visit_ids: Collection[int] | None = None
                         ) -> list[VisitToReport]:
        """The actor's recent visits whose report is not approved yet;
        with ``visit_ids``, just those (whatever their report's state)."""
        with self.db.begin() as session:
            return visits_to_report(session, self.actor, clock.today(self.zone), self.zone,
                                    visit_ids=visit_ids)

    def queue(self, visit_ids: Collection[int] | None = None) -> list[QueueItem]:
        with self.db.begin() as session:
            return vr.review_queue(session, self.actor, visit_ids=visit_ids)

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

    def undo_approval(self, report_id: int, version: int | None) -> ReportView:
        with self.db.begin() as session:
            return vr.undo_approval(session, self.actor, report_id, expected_version=version)

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
