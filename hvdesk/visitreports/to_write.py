"""The "Reports" section's list: an actor's recent visits whose report still needs writing.

One read for the whole list and the same read for a few named visits, so the
screen can refresh just the rows a committed change names (``OpChanges.visits``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hvdesk.model import Customer, ReportStatus, User, Visit, VisitMember, VisitReport, VisitStatus
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

#: Visits a report is written for (planned ones are still ahead, cancelled ones never happened).
REPORTABLE = (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.NO_SHOW)
#: How far back the list looks for visits without a finished report.
LOOK_BACK_DAYS = 60
#: Reports that are done with: the full list leaves them out.
FINISHED = (ReportStatus.APPROVED,)


@dataclass(frozen=True, slots=True)
class VisitToReport:
    """A visit of the actor's and the state of its report (None: not started)."""

    visit_id: int
    customer_id: int
    #: The customer's label by the one rule (``刘** …0034`` where the name is masked).
    customer: str
    start: dt.datetime
    team: tuple[str, ...]
    report_id: int | None
    status: ReportStatus | None
    review_comment: str | None


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def visits_to_report(
    session: Session,
    actor: Actor,
    today: dt.date,
    zone: ZoneInfo,
    *,
    visit_ids: Collection[int] | None = None,
) -> list[VisitToReport]:
    """The actor's visits of the last :data:`LOOK_BACK_DAYS` days (branch time) and their reports.

    Without ``visit_ids``: those whose report is missing, a draft, returned or
    waiting for review, oldest first. With ``visit_ids``: just those visits, whatever their
    report's state, so a row can show that its report moved on. Field staff
    see the visits they were on; coordinators every visit of the branch.
    """
    actor.require(Permission.CUSTOMER_VIEW)
    first = dt.datetime.combine(today - dt.timedelta(days=LOOK_BACK_DAYS), dt.time(0), zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), zone)
    stmt = (
        select(Visit.id, Visit.customer_id, Visit.planned_start, Customer.name, Customer.id_last4,
               VisitReport.id.label("report_id"), VisitReport.status,
               VisitReport.review_comment)
        .join(Customer, Customer.id == Visit.customer_id)
        .outerjoin(VisitReport, VisitReport.visit_id == Visit.id)
        .where(Visit.status.in_(REPORTABLE), Visit.planned_start < end.astimezone(dt.UTC),
               Visit.planned_end > first.astimezone(dt.UTC),
               scope.branch_filter(actor, Visit.branch_id))
        .order_by(Visit.planned_start, Visit.id)
    )
    if not actor.can(Permission.VISIT_SCHEDULE):
        stmt = stmt.where(exists().where(VisitMember.visit_id == Visit.id,
                                         VisitMember.user_id == actor.user_id))
    if visit_ids is None:
        stmt = stmt.where((VisitReport.id.is_(None)) | VisitReport.status.not_in(FINISHED))
    elif not visit_ids:
        return []
    else:
        stmt = stmt.where(Visit.id.in_(list(visit_ids)))
    rows = session.execute(stmt).all()
    team: dict[int, list[str]] = {}
    if rows:
        for visit_id, name in session.execute(
            select(VisitMember.visit_id, User.display_name)
            .join(User, User.id == VisitMember.user_id)
            .where(VisitMember.visit_id.in_([r.id for r in rows]))
            .order_by(VisitMember.visit_id, VisitMember.is_lead.desc(), VisitMember.position)
        ):
            team.setdefault(visit_id, []).append(name)
    return [
        VisitToReport(
            r.id, r.customer_id, exposure.label(actor, r.name, r.id_last4),
            _aware(r.planned_start).astimezone(zone), tuple(team.get(r.id, ())), r.report_id,
            ReportStatus(r.status) if r.status is not None else None, r.review_comment)
        for r in rows
    ]

