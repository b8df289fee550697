"""The report workflow: draft -> submitted -> approved | returned -> submitted ...

Each function checks who may do it and whether the report's state allows
it, writes through the ORM (the audit listeners record every row change with
field names only, never values), adds a ``report_event`` row and an explicit
audit event naming the step, and returns a fresh :class:`ReportView`.

Four eyes: nobody approves or returns a report of a visit they took part in
or wrote. An approved report is locked; :func:`amend` copies it into
``report_revision`` and reopens the report as revision n+1 with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from hvdesk import clock
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.model import (
    ReportAttachment,
    ReportEventRow,
    ReportRevision,
    ReportStatus,
    Visit,
    VisitReport,
    VisitStatus,
)
from hvdesk.model.base import utcnow
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.visitreports import access, convert, proof
from hvdesk.visitreports.data import (
    ReportData,
    ReportEvent,
    ReportInvalid,
    ReportRefused,
    ReportView,
    RevisionView,
)
from hvdesk.visitreports.promises import sync_promise
from hvdesk.visitreports.requirements import field_errors

R = ReportStatus
#: How long a reviewer may take an approval back (the form offers it for a few seconds;
#: the margin covers a slow worker). Afterwards the report may have been printed: amend it.
UNDO_APPROVAL = dt.timedelta(minutes=2)
#: A report may be written for a visit that is not cancelled or moved away.
_NO_REPORT = frozenset({VisitStatus.CANCELLED, VisitStatus.RESCHEDULED})
#: Submitting needs the visit to have taken place (or been attempted).
_STARTED = frozenset({VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.NO_SHOW})


def open_report(session: Session, actor: Actor, visit_id: int) -> ReportView:
    """The visit's report, creating an empty draft when it has none."""
    audit.bind_actor(session, actor)
    visit = access.load_visit(session, visit_id)
    existing = session.scalar(select(VisitReport).where(VisitReport.visit_id == visit_id))
    if existing is not None:
        access.require_read(actor, visit)
        return access.report_view(session, actor, existing)
    access.require_write(actor, visit)
    if visit.status in _NO_REPORT:
        raise ReportRefused(f"visit {visit_id} is {visit.status.value}: it gets no report")
    assert actor.user_id is not None, "the system account does not write reports"
    team = access.team_ids(visit)
    # A coordinator typing up the team's paper sheet writes it in the team's name (the
    # lead's): the report is theirs to submit and answer for; the audit trail names the
    # coordinator who typed it.
    author = actor.user_id if actor.user_id in team or not team else team[0]
    report = VisitReport(visit_id=visit_id, author_id=author, status=R.DRAFT, revision=1)
    savepoint = session.begin_nested()
    try:
        session.add(report)
        session.flush()
    except IntegrityError:
        # Another desk opened the draft a moment ago: use theirs.
        savepoint.rollback()
        found = session.scalar(select(VisitReport).where(VisitReport.visit_id == visit_id))
        assert found is not None
        return access.report_view(session, actor, found)
    savepoint.commit()
    _event(session, actor, report, "created")
    return access.report_view(session, actor, report)


def get_report(session: Session, actor: Actor, report_id: int) -> ReportView:
    """Read a report (team, coordinators, reviewers, managers of its branch)."""
    report = access.load_report(session, report_id)
    access.require_read(actor, report.visit)
    return access.report_view(session, actor, report)


def report_for_visit(session: Session, actor: Actor, visit_id: int) -> ReportView | None:
    """The visit's report, or None; never creates one."""
    visit = access.load_visit(session, visit_id)
    access.require_read(actor, visit)
    report = session.scalar(select(VisitReport).where(VisitReport.visit_id == visit_id))
    return None if report is None else access.report_view(session, actor, report)


@dataclass(frozen=True)
class ReportState:
    """Where a visit's report stands, for lists that show many visits at once."""

    report_id: int
    status: ReportStatus
    review_comment: str | None


def report_states(
    session: Session, actor: Actor, visit_ids: Sequence[int]
) -> dict[int, ReportState]:
    """The report state of each listed visit that has a report, in one query.

    Visits the actor may not read are left out, as ``report_for_visit`` would refuse them.
    """
    if not visit_ids:
        return {}
    visits = session.scalars(
        select(Visit).where(Visit.id.in_(visit_ids)).options(selectinload(Visit.members))
    ).all()
    readable = [
        v.id for v in visits
        if (actor.branch_id is None or v.branch_id == actor.branch_id) and access.may_read(actor, v)
    ]
    rows = session.execute(
        select(VisitReport.visit_id, VisitReport.id, VisitReport.status,
               VisitReport.review_comment).where(VisitReport.visit_id.in_(readable))
    )
    return {r.visit_id: ReportState(r.id, r.status, r.review_comment) for r in rows}


def save_draft(
    session: Session,
    actor: Actor,
    report_id: int,
    data: ReportData,
    *,
    expected_version: int | None = None,
) -> ReportView:
    """Store the form as it is (autosave); never checks required fields.

    Values no report may hold (a scale of 7, a negative amount, a naive time)
    are refused with :class:`ValidationError` naming the field.
    """
    report = _for_writing(session, actor, report_id, expected_version, "edited")
    convert.check_values(data)
    convert.apply(report, data)
    access.flush(session, report)
    return access.report_view(session, actor, report)


def submit(
    session: Session, actor: Actor, report_id: int, *, expected_version: int | None = None
) -> ReportView:
    """Send for review; raises :class:`ReportInvalid` listing missing fields."""
    report = _for_writing(session, actor, report_id, expected_version, "submitted")
    if report.visit.status not in _STARTED:
        raise ReportRefused(
            f"visit {report.visit_id} is {report.visit.status.value}: mark it in progress "
            "(or no-show) before submitting its report"
        )
    data = convert.read(report)
    errors = field_errors(data)
    if errors:
        raise ReportInvalid(errors)
    resubmitted = report.status is R.RETURNED
    report.status = R.SUBMITTED
    report.submitted_at = utcnow()
    report.reviewer_id = None
    report.reviewed_at = None
    access.flush(session, report)
    sync_promise(session, report)
    proof.check_report(session, report)  # flags for the reviewer, never a refusal
    _event(session, actor, report, "resubmitted" if resubmitted else "submitted")
    return access.report_view(session, actor, report)


def return_report(
    session: Session,
    actor: Actor,
    report_id: int,
    comment: str,
    *,
    expected_version: int | None = None,
) -> ReportView:
    """Send back to the author with a comment (required)."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError("comment", msg("visitreports.service.say_what_must",
                "say what must change before the report is returned"))
    report = _for_review(session, actor, report_id, expected_version, "returned")
    report.status = R.RETURNED
    report.reviewer_id = actor.user_id
    report.review_comment = comment
    report.reviewed_at = utcnow()
    access.flush(session, report)
    _event(session, actor, report, "returned", comment)
    return access.report_view(session, actor, report)


def approve(
    session: Session,
    actor: Actor,
    report_id: int,
    *,
    comment: str | None = None,
    expected_version: int | None = None,
) -> ReportView:
    """Approve and lock; refused to anyone who was on the visit or wrote the report."""
    report = _for_review(session, actor, report_id, expected_version, "approved")
    report.status = R.APPROVED
    report.reviewer_id = actor.user_id
    report.review_comment = (comment or "").strip() or None
    report.reviewed_at = clock.now()
    access.flush(session, report)
    _event(session, actor, report, "approved", report.review_comment)
    return access.report_view(session, actor, report)


def undo_approval(
    session: Session, actor: Actor, report_id: int, *, expected_version: int | None = None
) -> ReportView:
    """Take one's own approval back within :data:`UNDO_APPROVAL`: submitted again (audited).

    Only the reviewer who approved it, and only before anyone could have relied on it
    (a later change is an amendment, which keeps the approved revision).
    """
    actor.require(Permission.REPORT_REVIEW)
    audit.bind_actor(session, actor)
    report = access.load_report(session, report_id, expected_version)
    access.require_branch(actor, report.visit.branch_id)
    if report.status is not R.APPROVED:
        raise ReportRefused(
            f"report {report_id} is {report.status.value}: only an approval can be undone"
        )
    if report.reviewer_id != actor.user_id:
        raise PermissionDenied(
            f"{actor.login} did not approve report {report_id}: only its reviewer may undo it"
        )
    approved = report.reviewed_at
    if approved is None or clock.now() - approved > UNDO_APPROVAL:
        raise ReportRefused(
            f"report {report_id} was approved too long ago to undo: amend it instead"
        )
    report.status = R.SUBMITTED
    report.reviewer_id = None
    report.review_comment = None
    report.reviewed_at = None
    access.flush(session, report)
    _event(session, actor, report, "approval_undone")
    return access.report_view(session, actor, report)


def amend(session: Session, actor: Actor, report_id: int, reason: str) -> ReportView:
    """Open a new draft revision of an approved report; the approved one is kept."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", msg("visitreports.service.say_why_approved",
                "say why the approved report must be amended"))
    audit.bind_actor(session, actor)
    report = access.load_report(session, report_id)
    access.require_write(actor, report.visit)
    if report.status is not R.APPROVED:
        raise ReportRefused(
            f"report {report_id} is {report.status.value}: only an approved report is amended; "
            "edit this one directly"
        )
    hashes = list(
        session.scalars(
            select(ReportAttachment.sha256)
            .where(ReportAttachment.report_id == report.id)
            .order_by(ReportAttachment.id)
        )
    )
    session.add(
        ReportRevision(
            report_id=report.id,
            revision=report.revision,
            status=report.status.value,
            data=convert.to_json(convert.read(report)),
            author_id=report.author_id,
            reviewer_id=report.reviewer_id,
            review_comment=report.review_comment,
            submitted_at=report.submitted_at,
            reviewed_at=report.reviewed_at,
            attachment_hashes=hashes,
            superseded_at=utcnow(),
            superseded_by_id=actor.user_id,
            superseded_reason=reason[:500],
        )
    )
    report.revision += 1
    report.status = R.DRAFT
    report.amend_reason = reason[:500]
    report.reviewer_id = None
    report.review_comment = None
    report.submitted_at = None
    report.reviewed_at = None
    access.flush(session, report)
    _event(session, actor, report, "amended", reason)
    return access.report_view(session, actor, report)


def history(session: Session, actor: Actor, report_id: int) -> list[RevisionView]:
    """Every revision, oldest first, each with its workflow events."""
    report = access.load_report(session, report_id)
    access.require_read(actor, report.visit)
    old = list(
        session.scalars(
            select(ReportRevision)
            .where(ReportRevision.report_id == report_id)
            .order_by(ReportRevision.revision)
        )
    )
    events = list(
        session.scalars(
            select(ReportEventRow)
            .where(ReportEventRow.report_id == report_id)
            .order_by(ReportEventRow.at, ReportEventRow.id)
        )
    )
    people = access.names(
        session,
        {report.author_id, report.reviewer_id or 0}
        | {r.author_id for r in old}
        | {r.reviewer_id or 0 for r in old},
    )

    def events_of(revision: int) -> tuple[ReportEvent, ...]:
        return tuple(
            ReportEvent(e.action, e.actor_name, e.at, e.revision, e.comment)
            for e in events
            if e.revision == revision
        )

    views = [
        RevisionView(
            revision=r.revision,
            status=ReportStatus(r.status),
            data=convert.from_json(r.data),
            author=people.get(r.author_id, ""),
            reviewer=people.get(r.reviewer_id) if r.reviewer_id else None,
            review_comment=r.review_comment,
            submitted_at=r.submitted_at,
            reviewed_at=r.reviewed_at,
            superseded_reason=r.superseded_reason,
            superseded_at=r.superseded_at,
            current=False,
            events=events_of(r.revision),
        )
        for r in old
    ]
    views.append(
        RevisionView(
            revision=report.revision,
            status=report.status,
            data=convert.read(report),
            author=people.get(report.author_id, ""),
            reviewer=people.get(report.reviewer_id) if report.reviewer_id else None,
            review_comment=report.review_comment,
            submitted_at=report.submitted_at,
            reviewed_at=report.reviewed_at,
            superseded_reason=None,
            superseded_at=None,
            current=True,
            events=events_of(report.revision),
        )
    )
    return views


# --- internals ------------------------------------------------------------------


def _for_writing(
    session: Session, actor: Actor, report_id: int, expected_version: int | None, action: str
) -> VisitReport:
    audit.bind_actor(session, actor)
    report = access.load_report(session, report_id, expected_version)
    access.require_edit(actor, report)
    if report.status not in access.EDITABLE:
        hint = " (amend it to change it)" if report.status is R.APPROVED else ""
        raise ReportRefused(
            f"report {report_id} is {report.status.value} and cannot be {action}{hint}"
        )
    return report


def _for_review(
    session: Session, actor: Actor, report_id: int, expected_version: int | None, action: str
) -> VisitReport:
    actor.require(Permission.REPORT_REVIEW)
    audit.bind_actor(session, actor)
    report = access.load_report(session, report_id, expected_version)
    access.require_branch(actor, report.visit.branch_id)
    if report.status is not R.SUBMITTED:
        raise ReportRefused(
            f"report {report_id} is {report.status.value}: only a submitted report is {action}"
        )
    if actor.user_id is not None and actor.user_id in access.team_ids(report.visit):
        raise PermissionDenied(
            msg("visitreports.service.login_visit_visit",
                    "{login} was on visit {visit_id}: another reviewer must review its report "
                    "(four eyes)",
                    login=actor.login, visit_id=report.visit_id)
        )
    if actor.user_id is not None and (actor.user_id == report.author_id
                                      or _wrote_part(session, report, actor.user_id)):
        raise PermissionDenied(
            msg("visitreports.service.login_wrote_report",
                    "{login} wrote report {report_id}: another reviewer must review it (four "
                    "eyes)",
                    login=actor.login, report_id=report_id)
        )
    return report


def _wrote_part(session: Session, report: VisitReport, user_id: int) -> bool:
    """Did ``user_id`` create or submit this revision (e.g. typed up the team's paper)?"""
    return session.scalar(select(ReportEventRow.id).where(
        ReportEventRow.report_id == report.id, ReportEventRow.revision == report.revision,
        ReportEventRow.actor_id == user_id,
        ReportEventRow.action.in_(("created", "submitted", "resubmitted", "amended")),
    ).limit(1)) is not None


def _event(
    session: Session, actor: Actor, report: VisitReport, action: str, comment: str | None = None
) -> None:
    session.add(
        ReportEventRow(
            report_id=report.id,
            revision=report.revision,
            action=action,
            actor_id=actor.user_id,
            actor_name=actor.display_name or actor.login,
            at=utcnow(),
            comment=comment,
        )
    )
    # Comments may quote the customer's finances: the trail names the step only.
    audit.record(
        session, actor, f"report.{action}", "visit_report", report.id, revision=report.revision
    )
    session.flush()
