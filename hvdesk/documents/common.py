"""What every document shares: permission, branch scope, the day's window, the audit."""

from __future__ import annotations

import datetime as dt
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from hvdesk.documents.model import Person, Stamp
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.model import Branch, User, Visit, VisitMember
from hvdesk.scheduling.rules import FREED_STATUSES
from hvdesk.security import scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services import audit
from hvdesk.services.context import Actor

DEFAULT_TIMEZONE = "Asia/Shanghai"
#: Printed instead of the real time in reproducible (``invariant``) output.
INVARIANT_TIME = dt.datetime(2000, 1, 1, 0, 0, tzinfo=ZoneInfo(DEFAULT_TIMEZONE))
KINDS = frozenset({"briefing_pack", "visit_report", "branch_day", "team_week"})
Action = Literal["print", "save"]


def require_print(actor: Actor) -> None:
    actor.require(Permission.PRINT)


def require_branch(actor: Actor, branch_id: int) -> None:
    scope.require_branch(actor, branch_id)


def require_member(actor: Actor, visit: Visit) -> None:
    """Field staff print the briefings of their own visits only (domain.md, roles)."""
    if actor.role is Role.VISITOR and all(m.user_id != actor.user_id for m in visit.members):
        raise PermissionDenied(
            msg("documents.common.login_may_print",
                    "{login} may print briefings of own visits only; visit {id} is another "
                    "team's",
                    login=actor.login, id=visit.id)
        )


def branch_of(session: Session, actor: Actor) -> Branch | None:
    return session.get(Branch, actor.branch_id) if actor.branch_id is not None else None


def zone_of(branch: Branch | None) -> ZoneInfo:
    return ZoneInfo(branch.timezone if branch is not None else DEFAULT_TIMEZONE)


def day_window(day: dt.date, zone: ZoneInfo, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    return start, dt.datetime.combine(day + dt.timedelta(days=days), dt.time(), tzinfo=zone)


def person(user: User) -> Person:
    return Person(user.id, user.display_name, user.employee_no)


def stamp(branch: Branch | None, actor: Actor, *, invariant: bool) -> Stamp:
    zone = zone_of(branch)
    printed_at = INVARIANT_TIME if invariant else dt.datetime.now(zone).replace(microsecond=0)
    who = actor.display_name or actor.login
    if actor.employee_no:
        who = f"{who} ({actor.employee_no})"
    return Stamp(
        branch_name=branch.name if branch else actor.branch_name,
        branch_hotline=branch.hotline if branch else "",
        printed_by=who,
        printed_at=printed_at,
    )


def led_visits(
    actor: Actor, start: dt.datetime, end: dt.datetime, lead_id: int | None = None
) -> Select[Visit, int]:
    """(visit, lead user id) of every live visit in the window led by ``lead_id`` (or anyone)."""
    query = (
        select(Visit, VisitMember.user_id)
        .join(VisitMember, (VisitMember.visit_id == Visit.id) & VisitMember.is_lead)
        .where(
            Visit.planned_start >= start,
            Visit.planned_start < end,
            Visit.status.not_in(list(FREED_STATUSES)),
        )
    )
    query = query.where(scope.branch_filter(actor, Visit.branch_id))
    if lead_id is not None:
        query = query.where(VisitMember.user_id == lead_id)
    return query


def route_key(visit: Visit) -> tuple[bool, int, dt.datetime, int]:
    """Route order first (hvdesk.scheduling.dayroute.apply_order), then planned time."""
    return (visit.route_order is None, visit.route_order or 0, visit.planned_start, visit.id)


def pack_reference(day: dt.date, lead_id: int | None) -> str:
    return day.isoformat() + (f"/lead={lead_id}" if lead_id is not None else "")


def report_reference(visit_id: int) -> str:
    return f"visit={visit_id}"


def record_generated(
    session: Session, actor: Actor, kind: str, reference: str, pages: int, **detail: object
) -> None:
    """Audit that a document was produced (shown in a preview or about to be written).

    Its personal data has been read out (the pack shows full phone numbers), so
    the generation itself is traced; printing or saving it adds its own row
    (:func:`record_output`).
    """
    audit.record(session, actor, "generate", "document", f"{kind}:{reference}",
                 kind=kind, reference=reference, pages=pages, **detail)
    session.flush()


def record_output(
    session: Session, actor: Actor, kind: str, reference: str, action: Action, pages: int
) -> None:
    """Audit one printed or saved document; details hold no personal data."""
    require_print(actor)
    if kind not in KINDS:
        raise ValidationError("kind", msg("documents.common.unknown_document_kind",
                "unknown document kind {kind!r}",
                kind=kind))
    if action not in ("print", "save"):
        raise ValidationError("action", msg("documents.common.unknown_output_action",
                "unknown output action {action!r}",
                action=action))
    audit.record(
        session,
        actor,
        "print" if action == "print" else "export",
        "document",
        f"{kind}:{reference}",
        kind=kind,
        reference=reference,
        pages=pages,
        output=action,
    )
    session.flush()
