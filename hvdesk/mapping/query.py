"""Reading what the map shows: the list's filter, visit states, the branch, a team's day.

The filter is the customer list's own :class:`CustomerQuery` and its SQL
(``hvdesk.services.customer_list``), so the map and the list always show the
same customers. Only located customers become points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound
from hvdesk.mapping.data import BranchPoint, MapData, MapPoint, MapState, Route, Stop
from hvdesk.model import Branch, Customer, LocationPrecision, User, Visit, VisitMember, VisitStatus
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission
from hvdesk.services import customer_list
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery

S = VisitStatus
_STATE_OF: dict[VisitStatus, MapState] = {
    S.PLANNED: MapState.PLANNED,
    S.NOTIFIED: MapState.NOTIFIED,
    S.CONFIRMED: MapState.NOTIFIED,
    S.IN_PROGRESS: MapState.NOTIFIED,
    S.COMPLETED: MapState.COMPLETED,
}
#: An open visit outranks a completed one: the map shows what is ahead.
_PRIORITY = {MapState.NOTIFIED: 3, MapState.PLANNED: 2, MapState.COMPLETED: 1, MapState.NONE: 0}
Progress = Callable[[int, int], None]


def labeller(actor: Actor) -> Callable[[str], str]:
    """Names as the actor may see them (the one rule)."""
    return exposure.namer(actor)


def _states(rows: Iterable[Any]) -> dict[int, MapState]:
    states: dict[int, MapState] = {}
    for customer_id, status in rows:
        state = _STATE_OF[VisitStatus(status)]
        old = states.get(customer_id, MapState.NONE)
        if _PRIORITY[state] > _PRIORITY[old]:
            states[customer_id] = state
    return states


def visit_states(session: Session, actor: Actor) -> dict[int, MapState]:
    """Customer id → the state of their most telling visit (open first, then completed)."""
    stmt = select(Visit.customer_id, Visit.status).where(Visit.status.in_(tuple(_STATE_OF)))
    stmt = stmt.where(scope.branch_filter(actor, Visit.branch_id))
    return _states(session.execute(stmt).all())


def state_of_visits(
    session: Session, actor: Actor, customer_ids: Sequence[int]
) -> dict[int, MapState]:
    """:func:`visit_states` of these customers only (a map area's few hundred)."""
    out: dict[int, MapState] = {}
    for start in range(0, len(customer_ids), 900):
        chunk = customer_ids[start : start + 900]
        stmt = select(Visit.customer_id, Visit.status).where(
            Visit.customer_id.in_(chunk), Visit.status.in_(tuple(_STATE_OF)),
            scope.branch_filter(actor, Visit.branch_id),
        )
        out.update(_states(session.execute(stmt).all()))
    return out


def map_points(
    session: Session,
    actor: Actor,
    query: CustomerQuery | None = None,
    *,
    progress: Progress | None = None,
    batch: int = 20_000,
) -> list[MapPoint]:
    """Located customers that the list would show with ``query``."""
    query = query or CustomerQuery()
    plan = customer_list.Plan(session, actor, query)  # the list's own WHERE
    label = labeller(actor)
    conditions = [*plan.where(), Customer.latitude.is_not(None), Customer.longitude.is_not(None)]
    total = customer_list.count(session, actor, query)
    out: list[MapPoint] = []
    last_id = 0
    dnv, none = MapState.DO_NOT_VISIT, MapState.NONE
    precisions = {p.value: p for p in LocationPrecision}
    while True:
        rows = (
            session.connection()
            .execute(
                select(
                    Customer.id,
                    Customer.latitude,
                    Customer.longitude,
                    Customer.do_not_visit,
                    Customer.days_past_due,
                    Customer.location_precision,
                    Customer.name,
                )
                .where(*conditions, Customer.id > last_id)
                .order_by(Customer.id)
                .limit(batch)
            )
            .all()
        )
        states = state_of_visits(session, actor, [r[0] for r in rows])
        for cid, lat, lon, do_not_visit, dpd, precision, name in rows:
            assert lat is not None and lon is not None  # the WHERE says so
            out.append(
                MapPoint(
                    cid,
                    lat,
                    lon,
                    dnv if do_not_visit else states.get(cid, none),
                    dpd,
                    precisions.get(precision) if isinstance(precision, str) else precision,
                    label(name),
                )
            )
        if progress is not None:
            progress(len(out), total)
        if len(rows) < batch:
            return out
        last_id = rows[-1][0]


def branch_point(
    session: Session, actor: Actor, branch_id: int | None = None
) -> BranchPoint | None:
    """The actor's branch office (for an admin, the given or the first branch)."""
    branch_id = branch_id if branch_id is not None else actor.branch_id
    if branch_id is not None:
        scope.require_branch(actor, branch_id, f"branch {branch_id}")
    stmt = select(Branch).order_by(Branch.id).limit(1)
    if branch_id is not None:
        stmt = select(Branch).where(Branch.id == branch_id)
    branch = session.scalar(stmt)
    if branch is None or branch.latitude is None or branch.longitude is None:
        return None
    return BranchPoint(branch.name, branch.latitude, branch.longitude, branch.address)


def _branch_zone(session: Session, actor: Actor) -> ZoneInfo:
    name = "Asia/Shanghai"
    if actor.branch_id is not None:
        name = session.scalar(select(Branch.timezone).where(Branch.id == actor.branch_id)) or name
    return ZoneInfo(name)


def day_routes(
    session: Session, actor: Actor, day: dt.date, team: str | None = None
) -> list[Route]:
    """Each team's stops on ``day`` in route order; ``team`` (a member's login) picks one.

    A team is named by its lead's login; visits cancelled or moved are left out.
    """
    actor.require(Permission.CUSTOMER_VIEW)
    zone = _branch_zone(session, actor)
    start = dt.datetime.combine(day, dt.time(0, 0), zone).astimezone(dt.UTC)
    end = start + dt.timedelta(days=1)
    live = (S.PLANNED, S.NOTIFIED, S.CONFIRMED, S.IN_PROGRESS, S.COMPLETED)
    stmt = (
        select(
            Visit.id,
            Visit.customer_id,
            Visit.planned_start,
            Visit.route_order,
            Customer.name,
            Customer.latitude,
            Customer.longitude,
        )
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.planned_start >= start, Visit.planned_start < end, Visit.status.in_(live))
    )
    visits = session.execute(stmt.where(scope.visit_filter(actor))).all()
    if not visits:
        if team is not None:
            _require_user(session, actor, team)
        return []
    members = session.execute(
        select(VisitMember.visit_id, VisitMember.is_lead, User.login)
        .join(User, User.id == VisitMember.user_id)
        .where(VisitMember.visit_id.in_([v.id for v in visits]))
    ).all()
    leads: dict[int, str] = {}
    logins: dict[int, set[str]] = {}
    for visit_id, is_lead, login in members:
        logins.setdefault(visit_id, set()).add(login)
        if is_lead:
            leads[visit_id] = login
    if team is not None:
        _require_user(session, actor, team)
    label = labeller(actor)
    grouped: dict[str, list[tuple[int, dt.datetime, Stop]]] = {}
    for v in visits:
        if v.latitude is None or v.longitude is None:
            continue
        if team is not None and team not in logins.get(v.id, set()):
            continue
        lead = leads.get(v.id) or min(logins.get(v.id, {"?"}))
        local = v.planned_start.astimezone(zone)
        stop = Stop(
            v.customer_id, v.latitude, v.longitude, 0, label(v.name), local.strftime("%H:%M")
        )
        grouped.setdefault(team or lead, []).append((v.route_order or 10_000, local, stop))
    routes = []
    for name in sorted(grouped):
        ordered = sorted(grouped[name], key=lambda item: (item[0], item[1]))
        stops = tuple(
            Stop(s.customer_id, s.lat, s.lon, n, s.label, s.time)
            for n, (_, _, s) in enumerate(ordered, start=1)
        )
        routes.append(Route(name, day.isoformat(), stops))
    return routes


def _require_user(session: Session, actor: Actor, login: str) -> None:
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        raise NotFound(f"no user named {login!r}")
    scope.require_user(actor, user)


def load_map_data(
    session: Session,
    actor: Actor,
    query: CustomerQuery | None = None,
    *,
    day: dt.date | None = None,
    team: str | None = None,
    progress: Progress | None = None,
) -> MapData:
    """Everything one map page shows, read in one session."""
    points = map_points(session, actor, query, progress=progress)
    return MapData(tuple(points), *_surroundings(session, actor, day, team))


def _surroundings(
    session: Session, actor: Actor, day: dt.date | None, team: str | None
) -> tuple[BranchPoint | None, tuple[Route, ...], frozenset[str]]:
    routes = day_routes(session, actor, day, team) if day is not None else []
    return branch_point(session, actor), tuple(routes), provinces(session)


def load_map_frame(
    session: Session, actor: Actor, *, day: dt.date | None = None, team: str | None = None
) -> MapData:
    """A page without customers: they come per viewport (:mod:`hvdesk.mapping.viewport`)."""
    actor.require(Permission.CUSTOMER_VIEW)
    return MapData((), *_surroundings(session, actor, day, team))


def provinces(session: Session) -> frozenset[str]:
    """Province codes (2 digits) customers are registered in: their city outlines are drawn.

    One index seek per province (at most 34) instead of a DISTINCT over every
    customer; other branches' provinces may come too, which only adds outlines.
    """
    found: set[str] = set()
    after = "00"
    column = Customer.registered_adcode
    while True:
        code = session.connection().scalar(select(func.min(column)).where(column >= after))
        if not code:
            return frozenset(found)
        found.add(code[:2])
        after = f"{int(code[:2]) + 1:02d}" if code[:2].isdigit() else code[:2] + "\uffff"
