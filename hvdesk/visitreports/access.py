"""Who may read and write which report, loading rows, building views."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, defer, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hvdesk.errors import NotFound, PermissionDenied, StaleEdit
from hvdesk.messages import msg
from hvdesk.model import (
    Customer,
    ReportAttachment,
    ReportStatus,
    User,
    Visit,
    VisitMember,
    VisitReport,
)
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from hvdesk.visitreports import convert
from hvdesk.visitreports.data import AttachmentView, ReportView
from hvdesk.visitreports.requirements import required_fields

EDITABLE = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def require_branch(actor: Actor, branch_id: int) -> None:
    scope.require_branch(actor, branch_id)


def team_ids(visit: Visit) -> tuple[int, ...]:
    members = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    return tuple(m.user_id for m in members)


def may_write(actor: Actor, visit: Visit) -> bool:
    """Team members write their own visit's report; coordinators type up paper sheets."""
    if not scope.in_branch(actor, visit.branch_id):
        return False
    if actor.can(Permission.VISIT_SCHEDULE):
        return True
    return actor.can(Permission.REPORT_WRITE) and actor.user_id in team_ids(visit)


def returned_to_team(actor: Actor, report: VisitReport) -> bool:
    """A returned report goes back to the team that wrote it: a coordinator who could
    type up the paper sheet does not rewrite what the reviewer asked the team to fix."""
    return report.status is ReportStatus.RETURNED and actor.user_id not in team_ids(report.visit)


def may_edit(actor: Actor, report: VisitReport) -> bool:
    return (report.status in EDITABLE and may_write(actor, report.visit)
            and not returned_to_team(actor, report))


def require_edit(actor: Actor, report: VisitReport) -> None:
    require_write(actor, report.visit)
    if returned_to_team(actor, report):
        raise PermissionDenied(
            msg("visitreports.access.report_id_returned",
                    "report {id} was returned to its team: a team member corrects it",
                    id=report.id))


def may_read(actor: Actor, visit: Visit) -> bool:
    if not scope.in_branch(actor, visit.branch_id):
        return False
    return may_write(actor, visit) or any(
        actor.can(p) for p in (Permission.REPORT_REVIEW, Permission.DASHBOARD_VIEW)
    )


def require_write(actor: Actor, visit: Visit) -> None:
    require_branch(actor, visit.branch_id)
    if not may_write(actor, visit):
        if actor.can(Permission.REPORT_WRITE):
            raise PermissionDenied(msg("visitreports.access.login_team_visit",
                    "{login} is not in the team of visit {id}",
                    login=actor.login, id=visit.id))
        raise PermissionDenied(
            msg("visitreports.access.login_role_may",
                    "{login} ({role}) may not write visit reports: needs {permission}",
                    login=actor.login, role=actor.role.value,
                    permission=Permission.REPORT_WRITE.value)
        )


def require_read(actor: Actor, visit: Visit) -> None:
    scope.require_visit(actor, visit)
    if not may_read(actor, visit):
        raise PermissionDenied(msg("visitreports.access.login_may_read",
                "{login} may not read the report of visit {id}",
                login=actor.login, id=visit.id))


def load_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id, options=[selectinload(Visit.members)])
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    return visit


def load_report(
    session: Session, report_id: int, expected_version: int | None = None
) -> VisitReport:
    report = session.get(
        VisitReport,
        report_id,
        options=[selectinload(VisitReport.visit).selectinload(Visit.members)],
    )
    if report is None:
        raise NotFound(msg("visitreports.access.visit_report_id",
                "no visit report with id {report_id}",
                report_id=report_id))
    if expected_version is not None and report.version != expected_version:
        raise StaleEdit(
            msg("visitreports.access.report_report_id",
                    "report {report_id} was saved on another desk since you opened it; reload "
                    "it",
                    report_id=report_id)
        )
    return report


def flush(session: Session, report: VisitReport) -> None:
    # The id is read first: a failed flush rolls the transaction back and
    # expires the object, and loading it again would fail instead of refusing.
    report_id = report.id
    try:
        session.flush()
    except StaleDataError:
        raise StaleEdit(msg("visitreports.access.report_report_id2",
                "report {report_id} was saved on another desk; reload it",
                report_id=report_id)) from None


def names(session: Session, user_ids: set[int]) -> dict[int, str]:
    ids = {u for u in user_ids if u is not None}
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(ids)))
    return {uid: name for uid, name in rows}


def attachment_view(a: ReportAttachment) -> AttachmentView:
    return AttachmentView(
        id=a.id,
        report_id=a.report_id,
        filename=a.filename,
        media_type=a.media_type,
        sha256=a.sha256,
        size=a.size,
        added_at=a.added_at,
        latitude=a.latitude,
        longitude=a.longitude,
        taken_at=a.taken_at,
    )


def attachments_of(session: Session, report_id: int) -> tuple[AttachmentView, ...]:
    # Loads the metadata columns only: photos stay in the database until viewed.
    rows = session.scalars(
        select(ReportAttachment)
        .options(defer(ReportAttachment.content))
        .where(ReportAttachment.report_id == report_id)
        .order_by(ReportAttachment.id)
    )
    return tuple(attachment_view(a) for a in rows)


def report_view(session: Session, actor: Actor, report: VisitReport) -> ReportView:
    visit = report.visit
    team = team_ids(visit)
    people = names(session, {*team, report.author_id, report.reviewer_id or 0})
    found = session.execute(
        select(Customer.name, Customer.id_last4).where(Customer.id == visit.customer_id)
    ).first()
    data = convert.read(report)
    return ReportView(
        id=report.id,
        visit_id=visit.id,
        customer_id=visit.customer_id,
        customer_name=exposure.label(actor, found.name, found.id_last4) if found else "",
        visit_start=visit.planned_start,
        visit_status=visit.status,
        team=tuple(people.get(u, "") for u in team),
        team_ids=team,
        author=people.get(report.author_id, ""),
        author_id=report.author_id,
        status=report.status,
        revision=report.revision,
        data=data,
        reviewer=people.get(report.reviewer_id) if report.reviewer_id else None,
        review_comment=report.review_comment,
        submitted_at=report.submitted_at,
        reviewed_at=report.reviewed_at,
        attachments=attachments_of(session, report.id),
        lock_version=report.version,
        amend_reason=report.amend_reason,
        required=required_fields(data.outcome) if data.outcome else frozenset(),
        editable=may_edit(actor, report),
    )


def member_of(session: Session, visit_id: int, user_id: int | None) -> bool:
    if user_id is None:
        return False
    return (
        session.scalar(
            select(VisitMember.user_id).where(
                VisitMember.visit_id == visit_id, VisitMember.user_id == user_id
            )
        )
        is not None
    )
