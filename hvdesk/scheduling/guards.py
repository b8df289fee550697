"""What every scheduling write shares: permission, branch and version checks,
the override decision, the guarded write, and the view returned.

Split from :mod:`hvdesk.scheduling.service` to keep both readable; the
service module is the public entry point and re-exports :class:`VisitView`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hvdesk.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from hvdesk.messages import msg
from hvdesk.model import Customer, Visit, VisitPurpose, VisitStatus
from hvdesk.scheduling import bookings, states
from hvdesk.scheduling.rules import Proposal, RuleContext
from hvdesk.scheduling.violations import SchedulingRefused, Violation, violation
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor


@dataclass(frozen=True, slots=True)
class VisitView:
    id: int
    branch_id: int
    customer_id: int
    purpose: VisitPurpose
    start: dt.datetime
    end: dt.datetime
    status: VisitStatus
    #: The lead first, then the others in team order.
    member_ids: tuple[int, ...]
    version: int
    customer_agreed_hours: bool
    override_reason: str | None
    #: The change made a notice already sent wrong (moved or cancelled after
    #: notifying): the notices service sends a new one.
    renotify: bool = False

    @property
    def lead_id(self) -> int | None:
        return self.member_ids[0] if self.member_ids else None


def decide(
    actor: Actor, found: list[Violation], override_reason: str | None
) -> tuple[list[Violation], str | None]:
    """Raise unless allowed; return the soft violations overridden and the reason."""
    if any(v.hard for v in found):
        raise SchedulingRefused(found)
    if not found:
        return [], None
    reason = (override_reason or "").strip()
    if not reason:
        raise SchedulingRefused(found)
    if not actor.can(Permission.OVERRIDE_RULE):
        raise PermissionDenied(
            msg("scheduling.guards.login_role_may",
                    "{login} ({role}) may not override scheduling rules ({choices}): needs "
                    "{permission}",
                    login=actor.login, role=actor.role.value,
                    choices=', '.join(v.code for v in found),
                    permission=Permission.OVERRIDE_RULE.value)
        )
    return found, reason[:500]


def record_override(
    session: Session,
    actor: Actor,
    visit_id: int,
    action: str,
    overridden: list[Violation],
    reason: str | None,
    *,
    consent: dict[str, object] | None = None,
) -> None:
    """One ``override`` event naming every rule lifted: soft ones by the reason, the
    quiet-hours rule by the customer's recorded consent (``consent`` describes it)."""
    if overridden:
        extra: dict[str, object] = {"consent": consent} if consent is not None else {}
        audit.record(
            session,
            actor,
            "override",
            "visit",
            visit_id,
            operation=action,
            rules=list(dict.fromkeys(v.code for v in overridden)),
            reason=reason,
            **extra,
        )


def lock_customer(session: Session, customer_id: int) -> None:
    """Serialise the per-customer caps across desks (issue 18).

    On PostgreSQL two desks counting a customer's visits at once would both see
    room under the cap; the row lock (``FOR NO KEY UPDATE``: it does not block
    rows that merely reference the customer) makes the second wait until the
    first commits, and its count (a new snapshot per statement under READ
    COMMITTED) then includes the first one's visit. SQLite already serialises
    writers (see begin_write).
    """
    if dialect(session) == "postgresql":
        session.execute(
            select(Customer.id).where(Customer.id == customer_id).with_for_update(key_share=True)
        )


@contextmanager
def guarded(session: Session, proposal: Proposal, ctx: RuleContext) -> Iterator[None]:
    """Run the write; turn the database's overlap refusal into a violation."""
    # The transaction is already open (see begin_write), so the savepoint nests
    # properly on SQLite as well.
    savepoint = session.begin_nested()
    try:
        yield
    except bookings.BookingConflict:
        savepoint.rollback()
        taken = bookings.conflicting_members(
            session, proposal.visit_id, proposal.start, proposal.end, proposal.member_ids
        )
        names = [ctx.staff[u].label for u in taken or proposal.member_ids if u in ctx.staff]
        raise SchedulingRefused(
            [violation("booked_elsewhere", visitor=" and ".join(names))]
        ) from None
    except StaleDataError:
        savepoint.rollback()
        raise StaleEdit(msg("scheduling.guards.visit_changed_another",
                "the visit was changed on another desk; reload the calendar")) from None
    savepoint.commit()


def begin_write(session: Session) -> None:
    """On SQLite, start the write transaction now (see the module docstring)."""
    if dialect(session) == "sqlite":
        session.execute(text("UPDATE visit_booking SET active = active WHERE 0"))


def dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def load(
    session: Session,
    actor: Actor,
    visit_id: int,
    expected_version: int | None,
    *,
    allow_member: bool = False,
) -> Visit:
    audit.bind_actor(session, actor)
    if not (allow_member and actor.can(Permission.REPORT_WRITE)):
        actor.require(Permission.VISIT_SCHEDULE)
    begin_write(session)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    require_branch(actor, visit.branch_id)
    if not actor.can(Permission.VISIT_SCHEDULE) and actor.user_id not in {
        m.user_id for m in visit.members
    }:
        raise PermissionDenied(msg("scheduling.guards.login_team_visit",
                "{login} is not in the team of visit {visit_id}",
                login=actor.login, visit_id=visit_id))
    if expected_version is not None and visit.version != expected_version:
        raise StaleEdit(
            msg("scheduling.guards.visit_visit_id",
                    "visit {visit_id} was changed on another desk since you loaded it; reload "
                    "the calendar",
                    visit_id=visit_id)
        )
    return visit


def load_for_change(
    session: Session, actor: Actor, visit_id: int, expected_version: int | None, action: str
) -> Visit:
    actor.require(Permission.VISIT_SCHEDULE)
    visit = load(session, actor, visit_id, expected_version)
    states.require_changeable(visit.status, action)
    return visit


def flush(session: Session, visit: Visit) -> None:
    # The id is read first: a failed flush rolls the transaction back and
    # expires the object, and loading it again would fail instead of refusing.
    visit_id = visit.id
    try:
        session.flush()
    except StaleDataError:
        raise StaleEdit(
            msg("scheduling.guards.visit_visit_id2",
                    "visit {visit_id} was changed on another desk; reload the calendar",
                    visit_id=visit_id)
        ) from None


def customer_branch(session: Session, actor: Actor, customer_id: int) -> int:
    branch_id = session.scalar(select(Customer.branch_id).where(Customer.id == customer_id))
    if branch_id is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    require_branch(actor, branch_id)
    return branch_id


def require_branch(actor: Actor, branch_id: int) -> None:
    scope.require_branch(actor, branch_id)


def require_aware(start: dt.datetime, end: dt.datetime) -> None:
    if start.tzinfo is None or end.tzinfo is None:
        raise ValidationError("start", msg("scheduling.guards.give_times_time",
                "give times with a time zone"))


def unique(member_ids: Sequence[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(member_ids))


def view(visit: Visit, *, renotify: bool = False) -> VisitView:
    members = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    return VisitView(
        id=visit.id,
        branch_id=visit.branch_id,
        customer_id=visit.customer_id,
        purpose=visit.purpose,
        start=visit.planned_start,
        end=visit.planned_end,
        status=visit.status,
        member_ids=tuple(m.user_id for m in members),
        version=visit.version,
        customer_agreed_hours=visit.customer_agreed_hours,
        override_reason=visit.override_reason,
        renotify=renotify,
    )
