"""The reviewers' queue: submitted reports of the branch, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hvdesk import clock
from hvdesk.model import Customer, ReportEventRow, ReportStatus, Visit, VisitReport
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from hvdesk.visitreports import access, proof
from hvdesk.visitreports.data import QueueItem


def review_queue(
    session: Session, actor: Actor, *, now: dt.datetime | None = None,
    visit_ids: Collection[int] | None = None,
) -> list[QueueItem]:
    """Submitted reports, oldest submission first; ``can_review`` is False on one's own visits.

    ``visit_ids``: only the reports of those visits (a screen refreshing the rows a
    change named).
    """
    actor.require(Permission.REPORT_REVIEW)
    now = now or clock.now()
    stmt = (
        select(VisitReport, Customer.name, Customer.id_last4)
        .join(Visit, Visit.id == VisitReport.visit_id)
        .join(Customer, Customer.id == Visit.customer_id)
        .options(selectinload(VisitReport.visit).selectinload(Visit.members))
        .where(VisitReport.status == ReportStatus.SUBMITTED)
        .order_by(VisitReport.submitted_at, VisitReport.id)
    )
    stmt = stmt.where(scope.branch_filter(actor, Visit.branch_id))
    if visit_ids is not None:
        stmt = stmt.where(Visit.id.in_(list(visit_ids)))
    rows = [
        (report, exposure.label(actor, name, last4))
        for report, name, last4 in session.execute(stmt)
    ]
    if not rows:
        return []
    ids = [r.id for r, _ in rows]
    returned = set(
        session.scalars(
            select(ReportEventRow.report_id).where(
                ReportEventRow.report_id.in_(ids), ReportEventRow.action == "returned"
            )
        )
    )
    people = access.names(
        session,
        {u for r, _ in rows for u in access.team_ids(r.visit)} | {r.author_id for r, _ in rows},
    )
    flags = proof.flags_of(session, ids)
    items = []
    for report, name in rows:
        team = access.team_ids(report.visit)
        submitted = report.submitted_at or now
        items.append(
            QueueItem(
                report_id=report.id,
                visit_id=report.visit_id,
                customer_id=report.visit.customer_id,
                customer_name=name,
                visit_start=report.visit.planned_start,
                outcome=report.outcome,
                author=people.get(report.author_id, ""),
                team=tuple(people.get(u, "") for u in team),
                submitted_at=submitted,
                age=now - submitted,
                revision=report.revision,
                resubmitted=report.id in returned,
                can_review=actor.user_id not in team and actor.user_id != report.author_id,
                flags=tuple(flags.get(report.id, ())),
            )
        )
    return items
