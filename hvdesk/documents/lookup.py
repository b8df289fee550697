"""The one read the document actions need beyond :mod:`reports.api`: a visit's report status.

The UI runs it on a worker when a visit's details open, so "Visit report PDF" is
offered only for an approved report.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.model import ReportStatus, Visit, VisitReport
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor


def report_status(session: Session, actor: Actor, visit_id: int) -> ReportStatus | None:
    """The status of the visit's report, None when it has none (or is another branch's)."""
    actor.require(Permission.PRINT)
    query = (
        select(VisitReport.status)
        .join(Visit, Visit.id == VisitReport.visit_id)
        .where(VisitReport.visit_id == visit_id)
    )
    if actor.branch_id is not None:
        query = query.where(Visit.branch_id == actor.branch_id)
    return session.scalar(query)
