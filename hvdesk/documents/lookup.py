"""The one read the document actions need beyond :mod:`reports.api`: a visit's report status.

The UI runs it on a worker when a visit's details open, so "Visit report PDF" is
offered only for an approved report.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.model import ReportRevision, ReportStatus, Visit, VisitReport
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor


def report_status(session: Session, actor: Actor, visit_id: int) -> ReportStatus | None:
    """The status of the visit's report as far as printing goes, None when it has none (or
    is another branch's): approved also while an amendment is under way, because the last
    approved revision still prints (issue 16)."""
    actor.require(Permission.PRINT)
    query = (
        select(VisitReport.id, VisitReport.status)
        .join(Visit, Visit.id == VisitReport.visit_id)
        .where(VisitReport.visit_id == visit_id)
    )
    if actor.branch_id is not None:
        query = query.where(Visit.branch_id == actor.branch_id)
    found = session.execute(query).first()
    if found is None:
        return None
    report_id, status = found
    if status is not ReportStatus.APPROVED and session.scalar(
        select(ReportRevision.id).where(
            ReportRevision.report_id == report_id,
            ReportRevision.status == ReportStatus.APPROVED.value,
        ).limit(1)
    ) is not None:
        return ReportStatus.APPROVED
    return status
