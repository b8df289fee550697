"""Visit costs (seed 5.2: "cost per visit tracked"): stored, or defaulted.

Defaults come from the branch's cost settings (or the all-branch row, or
:data:`BUILTIN`) and the lead visitor's day route: the visit's distance is the
leg into its stop, plus the leg home when it is the day's last; staff hours
are the team's time on the visit (report times if written, else planned) and
on those legs, plus a per-person overhead. ``staff_cost`` is stored with the
rate in force when saved, so a later rate change does not rewrite the past.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.model import CostSetting, Visit, VisitCost, VisitReport
from hvdesk.scheduling import dayroute
from hvdesk.scheduling.context import branch_policy
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.visitreports.access import require_branch, team_ids
from hvdesk.visitreports.data import CostDefaults, CostView

CENT = Decimal("0.01")
BUILTIN = CostDefaults(
    branch_id=None,
    per_km=Decimal("1.00"),
    hourly_rate=Decimal("50.00"),
    other_expenses=Decimal("0.00"),
    overhead_hours=Decimal("0.25"),
)


def _may(actor: Actor) -> None:
    if not (actor.can(Permission.DASHBOARD_VIEW) or actor.can(Permission.VISIT_SCHEDULE)):
        raise PermissionDenied(msg("visitreports.costs.login_role_may",
                "{login} ({role}) may not see visit costs",
                login=actor.login, role=actor.role.value))


def _defaults_row(session: Session, branch_id: int | None) -> CostSetting | None:
    row = None
    if branch_id is not None:
        row = session.scalar(select(CostSetting).where(CostSetting.branch_id == branch_id))
    return row or session.scalar(select(CostSetting).where(CostSetting.branch_id.is_(None)))


def cost_defaults(session: Session, branch_id: int | None = None) -> CostDefaults:
    """The branch's cost settings, else the all-branch ones, else the built-in ones."""
    row = _defaults_row(session, branch_id)
    if row is None:
        return BUILTIN
    return CostDefaults(
        row.branch_id, row.per_km, row.hourly_rate, row.other_expenses, row.overhead_hours
    )


def _non_negative(value: Decimal, field: str, places: Decimal = CENT) -> Decimal:
    try:
        amount = Decimal(value).quantize(places)
    except (ArithmeticError, TypeError, ValueError):
        raise ValidationError(field, msg("visitreports.costs.give_number",
                "give a number")) from None
    if amount < 0:
        raise ValidationError(field, msg("visitreports.costs.may_negative", "may not be negative"))
    return amount


def save_cost_defaults(
    session: Session,
    actor: Actor,
    *,
    per_km: Decimal,
    hourly_rate: Decimal,
    other_expenses: Decimal,
    overhead_hours: Decimal = Decimal(0),
    branch_id: int | None = None,
) -> CostDefaults:
    """Set a branch's defaults (managers, for their branch) or everyone's (admins)."""
    audit.bind_actor(session, actor)
    if branch_id is None and actor.branch_id is not None:
        branch_id = actor.branch_id
    if not actor.can(Permission.SETTINGS_MANAGE):
        actor.require(Permission.DASHBOARD_VIEW)
        if branch_id is None:
            raise PermissionDenied(msg("visitreports.costs.login_may_set",
                    "{login} may set the defaults of a branch only",
                    login=actor.login))
    if branch_id is not None:
        require_branch(actor, branch_id)
    if branch_id is None:
        row = session.scalar(select(CostSetting).where(CostSetting.branch_id.is_(None)))
    else:
        row = session.scalar(select(CostSetting).where(CostSetting.branch_id == branch_id))
    if row is None:
        row = CostSetting(branch_id=branch_id)
        session.add(row)
    row.per_km = _non_negative(per_km, "per_km")
    row.hourly_rate = _non_negative(hourly_rate, "hourly_rate")
    row.other_expenses = _non_negative(other_expenses, "other_expenses")
    row.overhead_hours = _non_negative(overhead_hours, "overhead_hours")
    session.flush()
    return cost_defaults(session, branch_id)


def _visit(session: Session, actor: Actor, visit_id: int) -> Visit:
    _may(actor)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    require_branch(actor, visit.branch_id)
    return visit


def _route_share(session: Session, actor: Actor, visit: Visit) -> tuple[Decimal, Decimal]:
    """(km, travel hours) of the lead's route legs belonging to this visit."""
    team = team_ids(visit)
    if not team:
        return Decimal(0), Decimal(0)
    day = visit.planned_start.astimezone(branch_policy(session, visit.branch_id).tz).date()
    route = dayroute.day_route(session, actor, team[0], day)
    ids = [s.visit_id for s in route.stops]
    if visit.id not in ids:
        return Decimal(0), Decimal(0)
    k = ids.index(visit.id)
    legs = [k] + ([k + 1] if k == len(ids) - 1 else [])
    km = sum(route.leg_km[i] for i in legs)
    minutes = sum(route.leg_minutes[i] for i in legs)
    return Decimal(str(km)).quantize(Decimal("0.1")), Decimal(minutes) / 60


def _defaulted(session: Session, actor: Actor, visit: Visit) -> CostView:
    d = cost_defaults(session, visit.branch_id)
    km, travel_hours = _route_share(session, actor, visit)
    times = session.execute(
        select(VisitReport.arrived_at, VisitReport.left_at).where(VisitReport.visit_id == visit.id)
    ).first()
    if times is not None and times[0] and times[1] and times[1] > times[0]:
        on_site = times[1] - times[0]
    else:
        on_site = visit.planned_end - visit.planned_start
    hours_each = Decimal(on_site.total_seconds()) / 3600 + travel_hours + d.overhead_hours
    staff_hours = (hours_each * max(len(team_ids(visit)), 1)).quantize(CENT)
    return CostView(
        visit_id=visit.id,
        distance_km=km,
        transport=(km * d.per_km).quantize(CENT),
        staff_hours=staff_hours,
        staff_cost=(staff_hours * d.hourly_rate).quantize(CENT),
        other_expenses=d.other_expenses,
        note=None,
        stored=False,
    )


def _view(row: VisitCost) -> CostView:
    return CostView(
        visit_id=row.visit_id,
        distance_km=row.distance_km,
        transport=row.transport,
        staff_hours=row.staff_hours,
        staff_cost=row.staff_cost,
        other_expenses=row.other_expenses,
        note=row.note,
        stored=True,
    )


def get_cost(session: Session, actor: Actor, visit_id: int) -> CostView:
    """The stored cost, or the defaults (``stored=False``) when none is stored."""
    visit = _visit(session, actor, visit_id)
    row = session.scalar(select(VisitCost).where(VisitCost.visit_id == visit_id))
    return _view(row) if row is not None else _defaulted(session, actor, visit)


def save_cost(
    session: Session,
    actor: Actor,
    visit_id: int,
    *,
    distance_km: Decimal | None = None,
    transport: Decimal | None = None,
    staff_hours: Decimal | None = None,
    other_expenses: Decimal | None = None,
    note: str | None = None,
) -> CostView:
    """Store the visit's cost; a value left None takes its default.

    Transport left None follows the distance at the per-km rate.
    """
    audit.bind_actor(session, actor)
    visit = _visit(session, actor, visit_id)
    base = _defaulted(session, actor, visit)
    d = cost_defaults(session, visit.branch_id)
    km = (
        _non_negative(distance_km, "distance_km", Decimal("0.1"))
        if distance_km is not None
        else base.distance_km
    )
    hours = (
        _non_negative(staff_hours, "staff_hours") if staff_hours is not None else base.staff_hours
    )
    row = session.scalar(select(VisitCost).where(VisitCost.visit_id == visit_id))
    if row is None:
        row = VisitCost(visit_id=visit_id)
        session.add(row)
    row.distance_km = km
    row.transport = (
        _non_negative(transport, "transport")
        if transport is not None
        else (km * d.per_km).quantize(CENT)
    )
    row.staff_hours = hours
    row.staff_cost = (hours * d.hourly_rate).quantize(CENT)
    row.other_expenses = (
        _non_negative(other_expenses, "other_expenses")
        if other_expenses is not None
        else base.other_expenses
    )
    row.note = (note or "").strip()[:300] or None
    session.flush()
    return _view(row)
