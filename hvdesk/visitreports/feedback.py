"""Customer feedback after a visit, and complaint cases (seed 4, 5.2, 6.3).

Feedback is recorded from a call or from an SMS reply to the post-visit
survey. A complaint opens a case with an owner and a due date; a manager
resolves it as upheld or rejected, and an upheld complaint may mark the
customer do-not-visit (audited like every other change of that flag).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hvdesk import clock
from hvdesk.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from hvdesk.messages import msg
from hvdesk.model import ComplaintCase, Customer, Feedback, User, Visit, VisitStatus
from hvdesk.model.base import utcnow
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.services.overview import branch_timezone
from hvdesk.visitreports.access import require_branch
from hvdesk.visitreports.data import (
    FEEDBACK_CHANNELS,
    ComplaintStatus,
    ComplaintView,
    FeedbackChannel,
    FeedbackView,
)

#: Days a complaint owner has by default.
COMPLAINT_DAYS = 7
_YES = ("是", "有", "y", "yes", "尊重")
_NO = ("否", "没有", "不", "n", "no")


def _may_record(actor: Actor) -> None:
    # The desk that phones customers (coordinators) and managers record feedback.
    if not (actor.can(Permission.CUSTOMER_EDIT) or actor.can(Permission.DASHBOARD_VIEW)):
        raise PermissionDenied(
            msg("visitreports.feedback.login_role_may2",
                    "{login} ({role}) may not record customer feedback",
                    login=actor.login, role=actor.role.value)
        )


def record_feedback(
    session: Session,
    actor: Actor,
    visit_id: int,
    satisfaction: int | None,
    felt_respected: bool | None,
    comment: str | None,
    channel: FeedbackChannel,
    *,
    complaint: str | None = None,
    owner_id: int | None = None,
    due: dt.date | None = None,
) -> FeedbackView:
    """Record one answer to the survey; a complaint text opens a case."""
    _may_record(actor)
    audit.bind_actor(session, actor)
    if channel not in FEEDBACK_CHANNELS:
        raise ValidationError("channel", msg("visitreports.feedback.channel_must_one",
                "channel must be one of {choices}",
                choices=', '.join(FEEDBACK_CHANNELS)))
    if satisfaction is not None and not 1 <= satisfaction <= 5:
        raise ValidationError("satisfaction", msg("visitreports.feedback.satisfaction_from",
                "satisfaction is from 1 to 5"))
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    require_branch(actor, visit.branch_id)
    if visit.status is not VisitStatus.COMPLETED:
        raise ValidationError(
            "visit", msg("visitreports.feedback.visit_visit_id",
                    "visit {visit_id} is {status}: feedback follows a completed visit",
                    visit_id=visit_id, status=visit.status.value)
        )
    complaint = (complaint or "").strip() or None
    comment = (comment or "").strip() or None
    if satisfaction is None and felt_respected is None and not complaint and not comment:
        raise ValidationError("satisfaction", msg("visitreports.feedback.answer_empty",
                "the answer is empty"))
    row = Feedback(
        visit_id=visit_id,
        channel=channel,
        satisfaction=satisfaction,
        felt_respected=felt_respected,
        comment=comment,
        is_complaint=complaint is not None,
        complaint_text=complaint,
        recorded_by_id=actor.user_id,
        received_at=utcnow(),
    )
    session.add(row)
    session.flush()
    case_id = None
    if complaint is not None:
        case_id = _open_case(session, actor, visit, row, complaint, owner_id, due)
    return _feedback_view(row, case_id)


def _open_case(
    session: Session,
    actor: Actor,
    visit: Visit,
    row: Feedback,
    text: str,
    owner_id: int | None,
    due: dt.date | None,
) -> int:
    owner_id = owner_id if owner_id is not None else actor.user_id
    if owner_id is None:
        raise ValidationError("owner_id", msg("visitreports.feedback.name_who_owns",
                "name who owns the complaint"))
    owner = session.get(User, owner_id)
    if owner is None or not owner.active:
        raise ValidationError("owner_id", msg("visitreports.feedback.complaint_owner_active",
                "the complaint owner is not an active user"))
    if owner.branch_id is not None and owner.branch_id != visit.branch_id:
        raise ValidationError("owner_id", msg("visitreports.feedback.complaint_owner_works",
                "the complaint owner works for another branch"))
    today = row.received_at.date()
    due = due or today + dt.timedelta(days=COMPLAINT_DAYS)
    if due < today:
        raise ValidationError("due", msg("visitreports.feedback.due_date_past",
                "the due date is in the past"))
    case = ComplaintCase(
        feedback_id=row.id,
        visit_id=visit.id,
        customer_id=visit.customer_id,
        text=text,
        owner_id=owner_id,
        due=due,
        status="open",
        opened_at=utcnow(),
        opened_by_id=actor.user_id,
    )
    session.add(case)
    session.flush()
    audit.record(session, actor, "complaint.open", "complaint_case", case.id, owner_id=owner_id)
    return case.id


def _feedback_view(row: Feedback, case_id: int | None) -> FeedbackView:
    return FeedbackView(
        id=row.id,
        visit_id=row.visit_id,
        channel=row.channel,
        satisfaction=row.satisfaction,
        felt_respected=row.felt_respected,
        comment=row.comment,
        received_at=row.received_at,
        complaint_id=case_id,
    )


def parse_sms_reply(text: str) -> tuple[int | None, bool | None, str | None]:
    """(satisfaction, felt_respected, comment) from a reply such as "5 是 很好".

    The survey SMS asks for a digit 1-5, then 是/否 (felt respected), then any
    comment; full-width digits and missing parts are accepted.
    """
    text = (text or "").strip().translate(str.maketrans("１２３４５，", "12345,"))
    score = None
    match = re.match(r"^\s*([1-5])(?!\d)\s*[,，、 ]*", text)
    if match:
        score = int(match.group(1))
        text = text[match.end() :]
    respected = None
    lowered = text.lower()
    for words, value in ((_NO, False), (_YES, True)):
        hit = next((w for w in words if lowered.startswith(w)), None)
        if hit:
            respected = value
            text = text[len(hit) :].lstrip(" ,，、")
            break
    return score, respected, text.strip() or None


def feedback_for_visit(session: Session, actor: Actor, visit_id: int) -> list[FeedbackView]:
    actor.require(Permission.CUSTOMER_VIEW)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    scope.require_visit(actor, visit)
    rows = session.scalars(
        select(Feedback).where(Feedback.visit_id == visit_id).order_by(Feedback.id)
    )
    cases = {
        fid: cid
        for fid, cid in session.execute(
            select(ComplaintCase.feedback_id, ComplaintCase.id).where(
                ComplaintCase.visit_id == visit_id
            )
        )
    }
    return [_feedback_view(r, cases.get(r.id)) for r in rows]


def _may_handle(actor: Actor, case: ComplaintCase | None = None) -> None:
    if actor.can(Permission.DASHBOARD_VIEW):
        return
    if case is not None and actor.user_id == case.owner_id:
        return
    raise PermissionDenied(
        msg("visitreports.feedback.login_role_may",
                "{login} ({role}) may not handle complaints: needs {permission} or to own the "
                "case",
                login=actor.login, role=actor.role.value,
                permission=Permission.DASHBOARD_VIEW.value)
    )


def complaint_cases(
    session: Session, actor: Actor, *, open_only: bool = True, today: dt.date | None = None
) -> list[ComplaintView]:
    """Complaints of the branch, earliest due first (managers, or the owner's own)."""
    today = today or clock.today(branch_timezone(session, actor.branch_id))
    stmt = (
        select(ComplaintCase, Customer, Visit.branch_id, User.display_name)
        .join(Customer, Customer.id == ComplaintCase.customer_id)
        .join(Visit, Visit.id == ComplaintCase.visit_id)
        .join(User, User.id == ComplaintCase.owner_id)
        .order_by(ComplaintCase.due, ComplaintCase.id)
    )
    if not actor.can(Permission.DASHBOARD_VIEW):
        stmt = stmt.where(ComplaintCase.owner_id == actor.user_id)
    stmt = stmt.where(scope.branch_filter(actor, Visit.branch_id))
    if open_only:
        stmt = stmt.where(ComplaintCase.status == "open")
    return [
        _case_view(c, exposure.label(actor, cust.name, cust.id_last4), owner, today)
        for c, cust, _b, owner in session.execute(stmt)
    ]


def _case_view(case: ComplaintCase, customer: str, owner: str, today: dt.date) -> ComplaintView:
    status: ComplaintStatus = (
        "upheld" if case.status == "upheld" else "rejected" if case.status == "rejected" else "open"
    )
    return ComplaintView(
        id=case.id,
        feedback_id=case.feedback_id,
        visit_id=case.visit_id,
        customer_id=case.customer_id,
        customer_name=customer,
        text=case.text,
        owner_id=case.owner_id,
        owner=owner,
        due=case.due,
        status=status,
        opened_at=case.opened_at,
        resolved_at=case.resolved_at,
        resolution_note=case.resolution_note,
        do_not_visit_set=case.do_not_visit_set,
        overdue=status == "open" and case.due < today,
        lock_version=case.version,
    )


def resolve_complaint(
    session: Session,
    actor: Actor,
    case_id: int,
    upheld: bool,
    note: str,
    set_do_not_visit: bool = False,
    *,
    expected_version: int | None = None,
) -> ComplaintView:
    """Close a case; an upheld one may mark the customer do-not-visit (managers only)."""
    audit.bind_actor(session, actor)
    case = session.get(ComplaintCase, case_id)
    if case is None:
        raise NotFound(msg("visitreports.feedback.complaint_case_id",
                "no complaint case with id {case_id}",
                case_id=case_id))
    visit = session.get(Visit, case.visit_id)
    assert visit is not None
    require_branch(actor, visit.branch_id)
    _may_handle(actor, case)
    if expected_version is not None and case.version != expected_version:
        raise StaleEdit(msg("visitreports.feedback.complaint_case_id2",
                "complaint {case_id} was changed on another desk; reload it",
                case_id=case_id))
    if case.status != "open":
        raise ValidationError("status", msg("visitreports.feedback.complaint_case_id3",
                "complaint {case_id} is already {status}",
                case_id=case_id, status=case.status))
    note = (note or "").strip()
    if not note:
        raise ValidationError("note", msg("visitreports.feedback.write_how_complaint",
                "write how the complaint was resolved"))
    if set_do_not_visit and not upheld:
        raise ValidationError("set_do_not_visit",
            msg("visitreports.feedback.upheld_complaint_stops",
                "only an upheld complaint stops visits"))
    if set_do_not_visit and not actor.can(Permission.DASHBOARD_VIEW):
        raise PermissionDenied(msg("visitreports.feedback.login_may_mark",
                "{login} may not mark customers do-not-visit",
                login=actor.login))
    case.status = "upheld" if upheld else "rejected"
    case.resolution_note = note
    case.resolved_at = utcnow()
    case.resolved_by_id = actor.user_id
    customer = session.get(Customer, case.customer_id)
    assert customer is not None
    if set_do_not_visit:
        case.do_not_visit_set = True
        customer.do_not_visit = True
        customer.do_not_visit_reason = f"投诉成立（案件 {case.id}）"
        customer.updated_by_id = actor.user_id
    try:
        session.flush()
    except StaleDataError:
        raise StaleEdit(msg("visitreports.feedback.complaint_case_id2",
                "complaint {case_id} was changed on another desk; reload it",
                case_id=case_id)) from None
    audit.record(
        session,
        actor,
        "complaint.resolve",
        "complaint_case",
        case.id,
        upheld=upheld,
        do_not_visit=set_do_not_visit,
    )
    owner = session.get(User, case.owner_id)
    today = clock.today(branch_timezone(session, visit.branch_id))
    return _case_view(case, customer.name, owner.display_name if owner else "", today)
