"""The one way visits are created, moved, resized, reassigned, cancelled, completed.

Every function takes a ``Session`` (the caller's unit of work), the acting
:class:`~hvdesk.services.context.Actor` and plain values; it checks the
permission and every rule of :mod:`hvdesk.scheduling.rules`, writes through
the ORM (so the audit listeners record each change), keeps ``visit_booking``
in step, and returns a frozen :class:`VisitView`. A refusal raises
:class:`SchedulingRefused` carrying *all* violations.

Soft rules give way to ``override_reason``: a non-empty written reason from
a user with ``Permission.OVERRIDE_RULE``; the reason is stored in
``Visit.override_reason`` and an ``override`` audit event names the rules.
Hard rules give way to nobody.

Concurrency: the check runs inside the caller's transaction, and the
database has the last word. The write is wrapped in a savepoint so that when
the database refuses the booking (PostgreSQL's exclusion constraint: another
desk booked the same visitor a moment ago) the session stays usable and the
caller gets a ``booked_elsewhere`` violation. On SQLite the first statement
of a change is a write, which takes SQLite's write lock before the rules read
anything (two desks on one file then check and save one after the other) and
opens the transaction the savepoint needs (pysqlite would otherwise make the
savepoint the outermost transaction).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.model import (
    Customer,
    ReportStatus,
    Visit,
    VisitConsent,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.notices import followups
from hvdesk.scheduling import bookings, states
from hvdesk.scheduling import consent as consents
from hvdesk.scheduling.consent import ConsentInput
from hvdesk.scheduling.context import load_context
from hvdesk.scheduling.guards import (
    VisitView,
    begin_write,
    customer_branch,
    decide,
    flush,
    guarded,
    load,
    load_for_change,
    lock_customer,
    record_override,
    require_aware,
    require_branch,
    unique,
    view,
)
from hvdesk.scheduling.rules import (
    FREED_STATUSES,
    Proposal,
    RuleConfig,
    RuleContext,
    evaluate,
)
from hvdesk.scheduling.violations import SchedulingRefused, Violation, violation
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

S = VisitStatus
_DONE_REPORTS = frozenset({ReportStatus.SUBMITTED, ReportStatus.APPROVED})


# --- checking -----------------------------------------------------------------


def check_visit(
    session: Session,
    actor: Actor,
    *,
    customer_id: int,
    start: dt.datetime,
    end: dt.datetime,
    member_ids: Sequence[int],
    customer_agreed_hours: bool = False,
    visit_id: int | None = None,
    notice_lead: bool = True,
    context: RuleContext | None = None,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> list[Violation]:
    """Every rule the proposal breaks, without saving anything.

    For a drag, pass a ``context`` from :func:`hvdesk.scheduling.context.load_context`
    loaded once for the visible week: a proposal it covers costs no query.
    ``visit_id`` names the visit being changed (it does not clash with
    itself); ``notice_lead=False`` when the start stays where it was.
    """
    actor.require(Permission.VISIT_SCHEDULE)
    require_aware(start, end)
    proposal = Proposal(
        customer_id=customer_id,
        start=start,
        end=end,
        member_ids=tuple(member_ids),
        customer_agreed_hours=customer_agreed_hours,
        visit_id=visit_id,
        check_notice_lead=notice_lead,
    )
    if context is None or not context.covers(proposal):
        branch_id = (
            context.branch.id
            if context is not None
            else customer_branch(session, actor, customer_id)
        )
        context = load_context(
            session,
            branch_id,
            start,
            end,
            customer_ids=[customer_id],
            member_ids=member_ids,
            now=now,
            config=config or (context.config if context else None),
        )
    require_branch(actor, context.branch.id)
    return evaluate(context, proposal)


# --- creating and changing ---------------------------------------------------------


def create_visit(
    session: Session,
    actor: Actor,
    *,
    customer_id: int,
    start: dt.datetime,
    end: dt.datetime,
    member_ids: Sequence[int],
    purpose: VisitPurpose,
    address: str | None = None,
    customer_agreed_hours: bool = False,
    override_reason: str | None = None,
    talking_points: str | None = None,
    route_order: int | None = None,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
    consent: ConsentInput | None = None,
) -> VisitView:
    """Plan a visit; the first of ``member_ids`` leads the team.

    A visit in the quiet hours needs ``consent`` (how, when and by whom the
    customer agreed); ``customer_agreed_hours`` alone no longer lifts the rule.
    """
    actor.require(Permission.VISIT_SCHEDULE)
    audit.bind_actor(session, actor)
    require_aware(start, end)
    members = unique(member_ids)
    begin_write(session)
    branch_id = customer_branch(session, actor, customer_id)
    lock_customer(session, customer_id)
    ctx = load_context(
        session,
        branch_id,
        start,
        end,
        customer_ids=[customer_id],
        member_ids=members,
        now=now,
        config=config,
    )
    proposal = Proposal(customer_id=customer_id, start=start, end=end, member_ids=members)
    lifted, found = _lift_quiet(actor, evaluate(ctx, proposal), consent, customer_agreed_hours)
    overridden, reason = decide(actor, found, override_reason)
    customer = session.get(Customer, customer_id)
    assert customer is not None  # load_context found it
    evidence = (
        consents.record(session, actor, customer_id, branch_id, consent, start, end, now)
        if lifted and consent is not None
        else None
    )
    with guarded(session, proposal, ctx):
        visit = Visit(
            branch_id=branch_id,
            customer_id=customer_id,
            purpose=purpose,
            address=(address or "").strip() or customer.registered_address,
            planned_start=start,
            planned_end=end,
            status=S.PLANNED,
            customer_agreed_hours=evidence is not None,
            consent_id=evidence.id if evidence is not None else None,
            override_reason=reason,
            created_by_id=actor.user_id,
            talking_points=talking_points,
            route_order=route_order,
        )
        visit.members = [
            VisitMember(user_id=m, is_lead=k == 0, position=k) for k, m in enumerate(members)
        ]
        session.add(visit)
        session.flush()
        bookings.sync(session, visit.id, start, end, members, active=True)
    record_override(
        session,
        actor,
        visit.id,
        "create",
        lifted + overridden,
        reason,
        consent=consents.audit_detail(evidence) if evidence is not None else None,
    )
    return view(visit)


def move_visit(
    session: Session,
    actor: Actor,
    visit_id: int,
    start: dt.datetime,
    *,
    end: dt.datetime | None = None,
    expected_version: int | None = None,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
    consent: ConsentInput | None = None,
) -> VisitView:
    """Move to a new start, keeping the length unless ``end`` is given.

    Into the quiet hours only with ``consent`` covering the new time (a consent
    recorded for the old time covers only that).
    """
    visit = load_for_change(session, actor, visit_id, expected_version, "moved")
    new_end = end if end is not None else start + (visit.planned_end - visit.planned_start)
    return _change(
        session, actor, visit, start, new_end, None, override_reason, now, config, "move",
        consent,
    )


def resize_visit(
    session: Session,
    actor: Actor,
    visit_id: int,
    *,
    end: dt.datetime,
    start: dt.datetime | None = None,
    expected_version: int | None = None,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
    consent: ConsentInput | None = None,
) -> VisitView:
    """Change the length (dragging the bottom edge; ``start`` for the top edge)."""
    visit = load_for_change(session, actor, visit_id, expected_version, "resized")
    return _change(
        session,
        actor,
        visit,
        start or visit.planned_start,
        end,
        None,
        override_reason,
        now,
        config,
        "resize",
        consent,
    )


def reassign_visit(
    session: Session,
    actor: Actor,
    visit_id: int,
    member_ids: Sequence[int],
    *,
    expected_version: int | None = None,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> VisitView:
    """Give the visit another team; the first of ``member_ids`` leads."""
    visit = load_for_change(session, actor, visit_id, expected_version, "reassigned")
    return _change(
        session,
        actor,
        visit,
        visit.planned_start,
        visit.planned_end,
        unique(member_ids),
        override_reason,
        now,
        config,
        "reassign",
    )


def cancel_visit(
    session: Session,
    actor: Actor,
    visit_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> VisitView:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("reason", msg("scheduling.service.say_why_visit",
                "say why the visit is cancelled"))
    actor.require(Permission.VISIT_SCHEDULE)
    visit = load(session, actor, visit_id, expected_version)
    states.require_transition(visit.status, S.CANCELLED, "cancelled")
    renotify = visit.status in states.NOTICE_SENT
    visit.status = S.CANCELLED
    visit.cancel_reason = reason[:500]
    flush(session, visit)
    bookings.sync(
        session,
        visit.id,
        visit.planned_start,
        visit.planned_end,
        [m.user_id for m in visit.members],
        active=False,
    )
    if renotify:
        followups.on_visit_changed(session, actor, visit)
    return view(visit, renotify=renotify)


def complete_visit(
    session: Session, actor: Actor, visit_id: int, *, expected_version: int | None = None
) -> VisitView:
    """Close a visit that is under way and whose report has been submitted."""
    visit = load(session, actor, visit_id, expected_version, allow_member=True)
    found: list[Violation] = []
    if not states.can_move(visit.status, S.COMPLETED):
        found.append(
            violation(
                "invalid_transition",
                status=visit.status.value.replace("_", " "),
                action="completed",
            )
        )
    report_status = session.scalar(
        select(VisitReport.status).where(VisitReport.visit_id == visit.id)
    )
    if report_status not in _DONE_REPORTS:
        found.append(
            violation("report_missing", report=report_status.value if report_status else "none")
        )
    if found:
        raise SchedulingRefused(found)
    visit.status = S.COMPLETED
    flush(session, visit)
    return view(visit)


def set_status(
    session: Session,
    actor: Actor,
    visit_id: int,
    status: VisitStatus,
    *,
    expected_version: int | None = None,
) -> VisitView:
    """The other steps of the life cycle: notified, confirmed, in progress, no-show.

    Cancelling (needs a reason) and completing (needs a report) have their own
    functions; moving a visit happens through :func:`move_visit`.
    """
    if status in (S.CANCELLED, S.COMPLETED, S.PLANNED):
        raise ValidationError("status", msg("scheduling.service.use_status_action",
                "use the {status} action, not set_status",
                status=status.value))
    visit = load(
        session,
        actor,
        visit_id,
        expected_version,
        allow_member=status in (S.IN_PROGRESS, S.NO_SHOW),
    )
    states.require_transition(visit.status, status, f"marked {status.value.replace('_', ' ')}")
    visit.status = status
    flush(session, visit)
    if status in FREED_STATUSES:
        bookings.sync(
            session,
            visit.id,
            visit.planned_start,
            visit.planned_end,
            [m.user_id for m in visit.members],
            active=False,
        )
    return view(visit)


def get_visit(session: Session, actor: Actor, visit_id: int) -> VisitView:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    scope.require_visit(actor, visit)
    return view(visit)


# --- internals ------------------------------------------------------------------


def _change(
    session: Session,
    actor: Actor,
    visit: Visit,
    start: dt.datetime,
    end: dt.datetime,
    members: tuple[int, ...] | None,
    override_reason: str | None,
    now: dt.datetime | None,
    config: RuleConfig | None,
    action: str,
    consent: ConsentInput | None = None,
) -> VisitView:
    require_aware(start, end)
    current = tuple(m.user_id for m in visit.members)
    team = members if members is not None else current
    lock_customer(session, visit.customer_id)
    ctx = load_context(
        session,
        visit.branch_id,
        start,
        end,
        customer_ids=[visit.customer_id],
        member_ids=team,
        now=now,
        config=config,
    )
    moved = start != visit.planned_start
    held = session.get(VisitConsent, visit.consent_id) if visit.consent_id else None
    proposal = Proposal(
        customer_id=visit.customer_id,
        start=start,
        end=end,
        member_ids=team,
        customer_agreed_hours=consents.covers(held, visit.customer_id, start, end),
        visit_id=visit.id,
        check_notice_lead=moved,
    )
    lifted, found = _lift_quiet(actor, evaluate(ctx, proposal), consent, False)
    overridden, reason = decide(actor, found, override_reason)
    renotify = moved and visit.status in states.NOTICE_SENT
    evidence = (
        consents.record(session, actor, visit.customer_id, visit.branch_id, consent, start, end,
                        now)
        if lifted and consent is not None
        else None
    )
    with guarded(session, proposal, ctx):
        if evidence is not None:
            visit.consent_id, visit.customer_agreed_hours = evidence.id, True
        visit.planned_start, visit.planned_end = start, end
        if renotify:
            visit.status = S.PLANNED  # the customer must be told the new time
        if moved:
            followups.settle_time_requests(visit)  # a "2" reply asked for this move
        if members is not None and members != current:
            _set_members(visit, members)
        visit.override_reason = reason
        flag_modified(visit, "override_reason")  # a new version even when only the team changed
        session.flush()
        bookings.sync(session, visit.id, start, end, team, active=True)
    record_override(
        session,
        actor,
        visit.id,
        action,
        lifted + overridden,
        reason,
        consent=consents.audit_detail(evidence) if evidence is not None else None,
    )
    if renotify:
        followups.on_visit_changed(session, actor, visit)
    return view(visit, renotify=renotify)


def _lift_quiet(
    actor: Actor, found: list[Violation], consent: ConsentInput | None, ticked: bool
) -> tuple[list[Violation], list[Violation]]:
    """(the quiet-hours violation the consent lifts, what is left to decide).

    Without a quiet-hours violation a consent is not needed and is not stored
    (nothing is kept about the customer that the visit does not need).
    """
    quiet, others = consents.split(found)
    if not quiet:
        return [], found
    if consent is None:
        if ticked:
            raise ValidationError(
                "consent",
                msg("scheduling.service.visit_quiet_hours",
                        "a visit in the quiet hours needs the customer's consent recorded: how "
                        "(SMS reply, call recording, in person), when, and who took it"),
            )
        return [], found
    if not actor.can(Permission.OVERRIDE_RULE):
        raise PermissionDenied(
            msg("scheduling.service.login_role_may",
                    "{login} ({role}) may not plan a visit in the quiet hours: needs "
                    "{permission}",
                    login=actor.login, role=actor.role.value,
                    permission=Permission.OVERRIDE_RULE.value)
        )
    return quiet, others


def _set_members(visit: Visit, members: tuple[int, ...]) -> None:
    # Keep the rows of people who stay (same primary key), drop the others.
    existing = {m.user_id: m for m in visit.members}
    rows = []
    for k, user_id in enumerate(members):
        row = existing.get(user_id) or VisitMember(user_id=user_id)
        row.is_lead, row.position = k == 0, k
        rows.append(row)
    visit.members = rows


__all__ = [
    "ConsentInput",
    "SchedulingRefused",
    "VisitView",
    "cancel_visit",
    "check_visit",
    "complete_visit",
    "create_visit",
    "get_visit",
    "move_visit",
    "reassign_visit",
    "resize_visit",
    "set_status",
]
