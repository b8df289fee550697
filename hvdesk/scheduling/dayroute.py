"""A visitor's day as a route: travel between stops for the day view, map and briefing.

:func:`day_route` gives the day as planned (by start time) with the legs from
the branch through every stop and back; :func:`suggest_order` proposes a
shorter order, keeping visits whose time the customer was already told
(notified, confirmed, under way) in their time order; :func:`apply_order`
saves an order as ``Visit.route_order``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import Customer, Visit, VisitMember, VisitStatus
from hvdesk.scheduling.context import branch_policy
from hvdesk.scheduling.guards import require_branch
from hvdesk.scheduling.routing import haversine_km, plan_route, travel_minutes
from hvdesk.scheduling.rules import FREED_STATUSES, RuleConfig
from hvdesk.security import exposure, scope
from hvdesk.security.exposure import Medium
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

LatLon = tuple[float, float]
#: The customer has been told the time: the route must keep it.
FIXED_STATUSES = frozenset({VisitStatus.NOTIFIED, VisitStatus.CONFIRMED, VisitStatus.IN_PROGRESS})


@dataclass(frozen=True, slots=True)
class DayStop:
    visit_id: int
    customer_id: int
    customer_masked: str
    start: dt.datetime
    end: dt.datetime
    location: LatLon
    #: False when the place is a district centre or the branch (no coordinates).
    exact: bool
    fixed: bool


@dataclass(frozen=True, slots=True)
class DayRoute:
    user_id: int
    day: dt.date
    branch: LatLon
    stops: tuple[DayStop, ...]
    #: Branch → first stop, …, last stop → branch.
    leg_km: tuple[float, ...]
    leg_minutes: tuple[int, ...]

    @property
    def total_km(self) -> float:
        return sum(self.leg_km)


def _stops(
    session: Session, actor: Actor, user_id: int, day: dt.date
) -> tuple[list[DayStop], LatLon, int]:
    actor.require(Permission.CUSTOMER_VIEW)
    if scope.team_only(actor) and user_id != actor.user_id:
        raise PermissionDenied(msg("scheduling.dayroute.login_may_open",
                "{login} may open his own day's route only",
                login=actor.login))
    branch_id = session.scalar(
        select(Visit.branch_id).join(VisitMember).where(VisitMember.user_id == user_id).limit(1)
    )
    if branch_id is None:
        raise NotFound(msg("scheduling.dayroute.visits_user_user",
                "no visits for user {user_id}",
                user_id=user_id))
    require_branch(actor, branch_id)
    policy = branch_policy(session, branch_id)
    tz = policy.tz
    home = (policy.latitude or 0.0, policy.longitude or 0.0)
    lo = dt.datetime.combine(day, dt.time(), tzinfo=tz)
    rows = session.execute(
        select(
            Visit.id,
            Visit.customer_id,
            Visit.planned_start,
            Visit.planned_end,
            Visit.status,
            Customer.name,
            Customer.latitude,
            Customer.longitude,
            Customer.registered_adcode,
        )
        .join(VisitMember, VisitMember.visit_id == Visit.id)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(
            VisitMember.user_id == user_id,
            Visit.planned_start >= lo,
            Visit.planned_start < lo + dt.timedelta(days=1),
            Visit.status.not_in(list(FREED_STATUSES)),
        )
        .order_by(Visit.planned_start, Visit.id)
    )
    stops = []
    for r in rows:
        exact = r.latitude is not None and r.longitude is not None
        division = gazetteer.lookup(r.registered_adcode) if r.registered_adcode else None
        place = (
            (r.latitude, r.longitude)
            if exact
            else (division.lat, division.lon)
            if division
            else home
        )
        stops.append(
            DayStop(
                r.id,
                r.customer_id,
                exposure.name(actor, r.name, Medium.POSTED),
                r.planned_start,
                r.planned_end,
                place,
                exact,
                r.status in FIXED_STATUSES,
            )
        )
    return stops, home, branch_id


def _legs(
    home: LatLon, stops: Sequence[DayStop], config: RuleConfig
) -> tuple[tuple[float, ...], tuple[int, ...]]:
    path = [home, *(s.location for s in stops), home]
    km = [haversine_km(a, b) for a, b in itertools.pairwise(path)]
    return (
        tuple(round(k, 3) for k in km),
        tuple(travel_minutes(k, config.speed_kmh, config.travel_floor_minutes) for k in km),
    )


def day_route(
    session: Session, actor: Actor, user_id: int, day: dt.date, *, config: RuleConfig | None = None
) -> DayRoute:
    """The day in planned (time) order with its legs; an empty day has one 0 km leg."""
    config = config or RuleConfig()
    stops, home, _branch = _stops(session, actor, user_id, day)
    km, minutes = _legs(home, stops, config)
    return DayRoute(user_id, day, home, tuple(stops), km, minutes)


def suggest_order(
    session: Session, actor: Actor, user_id: int, day: dt.date, *, config: RuleConfig | None = None
) -> DayRoute:
    """A shorter visiting order; visits with a time told to the customer keep their order."""
    config = config or RuleConfig()
    stops, home, _branch = _stops(session, actor, user_id, day)
    route = plan_route(
        home,
        [s.location for s in stops],
        fixed_times=[s.start if s.fixed else None for s in stops],
        speed_kmh=config.speed_kmh,
        floor_minutes=config.travel_floor_minutes,
    )
    ordered = tuple(stops[i] for i in route.order)
    return DayRoute(user_id, day, home, ordered, route.leg_km, route.leg_minutes)


def apply_order(session: Session, actor: Actor, visit_ids: Sequence[int]) -> None:
    """Store ``visit_ids``' positions (1, 2, …) as their route order (audited)."""
    actor.require(Permission.VISIT_SCHEDULE)
    audit.bind_actor(session, actor)
    visits = {v.id: v for v in session.scalars(select(Visit).where(Visit.id.in_(visit_ids)))}
    for position, vid in enumerate(visit_ids, start=1):
        visit = visits.get(vid)
        if visit is None:
            raise NotFound(msg("notices.service.visit_id_vid", "no visit with id {vid}", vid=vid))
        require_branch(actor, visit.branch_id)
        if visit.status in FREED_STATUSES:
            raise ValidationError("visit_ids", msg("scheduling.dayroute.visit_vid_status",
                    "visit {vid} is {status}",
                    vid=vid, status=visit.status.value))
        visit.route_order = position
    session.flush()
