"""Auto-plan: a proposal of visits for chosen customers over a date range, never saved.

The coordinator selects customers and a range; :func:`propose_plan` returns
proposed visits per team and the customers it could not place (with the
reason), and :func:`accept` creates the ones the coordinator keeps through
the scheduling service, which checks every rule again.

How it plans:

1. Teams are given, or pairs of the branch's active visitors (by id; an odd
   one out joins the last pair, making a team of three).
2. Days are the working days of the range (make-up Saturdays included,
   public holidays and ordinary weekends left out).
3. Customers are grouped into day-sized clusters: the customer farthest
   from the branch seeds a cluster, which takes its nearest unplaced
   neighbours (same district counted nearer) until it holds a day's work.
   Customers without coordinates stand at their district's centre.
4. Clusters go to the least loaded team (existing visits in the range
   included), on its earliest day with room, so work is balanced.
5. Each day is routed from the branch (:func:`plan_route`) and timed from
   the start of the branch window with the travel minutes between stops.
   Every proposal is checked with :func:`evaluate` against the calendar plus
   the proposals made so far; a customer that breaks any rule, hard or soft,
   is tried again in a later slot or reported as unplanned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import Customer, User, VisitPurpose
from hvdesk.scheduling import calendar_cn, service
from hvdesk.scheduling.context import load_context
from hvdesk.scheduling.guards import customer_branch
from hvdesk.scheduling.routing import haversine_km, plan_route, travel_minutes
from hvdesk.scheduling.rules import BookedVisit, Proposal, RuleConfig, RuleContext, evaluate
from hvdesk.scheduling.violations import SchedulingRefused, Violation, violation
from hvdesk.security import scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor

#: Same-district neighbours count as this much nearer when clusters form.
SAME_DISTRICT_FACTOR = 0.7
_ROUND_MINUTES = 5


@dataclass(frozen=True, slots=True)
class ProposedVisit:
    customer_id: int
    start: dt.datetime
    end: dt.datetime
    #: The lead first.
    member_ids: tuple[int, ...]
    purpose: VisitPurpose
    #: Position in the team's route of the day (1 = first from the branch).
    route_order: int
    travel_minutes_before: int
    travel_km_before: float


@dataclass(frozen=True, slots=True)
class Unplanned:
    customer_id: int
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AutoPlan:
    proposals: tuple[ProposedVisit, ...]
    unplanned: tuple[Unplanned, ...]
    teams: tuple[tuple[int, ...], ...]


@dataclass(frozen=True, slots=True)
class Accepted:
    created: tuple[service.VisitView, ...]
    refused: tuple[tuple[ProposedVisit, tuple[Violation, ...]], ...]


@dataclass
class _Slot:
    team: int
    day: dt.date
    room: int
    #: Local time from which the day's new visits may start, and from where.
    free_from: dt.datetime
    origin: tuple[float, float]
    placed: int = 0


def derive_teams(ctx: RuleContext) -> list[tuple[int, ...]]:
    """Pairs of the branch's active visitors by id; an odd one out joins the last pair."""
    people = sorted(
        s.id
        for s in ctx.staff.values()
        if s.role is Role.VISITOR and s.active and s.branch_id == ctx.branch.id
    )
    teams = [tuple(people[k : k + 2]) for k in range(0, len(people) - 1, 2)]
    if len(people) % 2 and teams:
        teams[-1] = (*teams[-1], people[-1])
    return teams


def _require_scope(
    session: Session, actor: Actor, customer_ids: list[int], member_ids: set[int]
) -> None:
    """Plans only for the actor's own branch: customers and team members alike."""
    mine = session.scalar(select(func.count()).select_from(Customer).where(
        Customer.id.in_(customer_ids), scope.branch_filter(actor, Customer.branch_id)))
    if (mine or 0) < len(customer_ids):
        raise PermissionDenied(
            msg("scheduling.autoplan.login_works_another",
                    "{login} works for another branch: {value} of the chosen customers are not "
                    "yours to plan; choose them from your own list",
                    login=actor.login, value=len(customer_ids) - (mine or 0))
        )
    for user in session.scalars(select(User).where(User.id.in_(member_ids))):
        scope.require_user(actor, user)


def propose_plan(
    session: Session,
    actor: Actor,
    customer_ids: Iterable[int],
    date_from: dt.date,
    date_to: dt.date,
    *,
    teams: Sequence[Sequence[int]] | None = None,
    purpose: VisitPurpose = VisitPurpose.OVERDUE,
    visit_minutes: int = 60,
    max_per_team_day: int = 6,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> AutoPlan:
    actor.require(Permission.VISIT_SCHEDULE)
    if date_to < date_from:
        raise ValidationError("date_to", msg("priorities.backtest.end_date_before",
                "the end date is before the start date"))
    if visit_minutes <= 0 or max_per_team_day <= 0:
        raise ValidationError("visit_minutes", msg("scheduling.autoplan.visits_days_need",
                "visits and days need a positive size"))
    wanted = sorted(set(customer_ids))
    if not wanted:
        return AutoPlan((), (), ())
    branch_id = actor.branch_id or customer_branch(session, actor, wanted[0])
    members = {m for team in teams or () for m in team}
    _require_scope(session, actor, wanted, members)
    start = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime.combine(date_to, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=2)
    ctx = load_context(
        session,
        branch_id,
        start,
        end,
        customer_ids=wanted,
        member_ids=members,
        now=now,
        config=config,
    )
    plan_teams = [tuple(dict.fromkeys(t)) for t in teams] if teams else derive_teams(ctx)
    planner = _Planner(
        ctx, plan_teams, date_from, date_to, purpose, visit_minutes, max_per_team_day
    )
    return planner.run(wanted)


def accept(
    session: Session,
    actor: Actor,
    proposals: Iterable[ProposedVisit],
    *,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> Accepted:
    """Create the chosen proposals; those refused meanwhile are reported, not raised."""
    created, refused = [], []
    for p in proposals:
        try:
            created.append(
                service.create_visit(
                    session,
                    actor,
                    customer_id=p.customer_id,
                    start=p.start,
                    end=p.end,
                    member_ids=p.member_ids,
                    purpose=p.purpose,
                    route_order=p.route_order,
                    now=now,
                    config=config,
                )
            )
        except SchedulingRefused as exc:
            refused.append((p, exc.violations))
    return Accepted(tuple(created), tuple(refused))


class _Planner:
    def __init__(
        self,
        ctx: RuleContext,
        teams: list[tuple[int, ...]],
        date_from: dt.date,
        date_to: dt.date,
        purpose: VisitPurpose,
        visit_minutes: int,
        per_day: int,
    ) -> None:
        self.ctx, self.teams, self.purpose = ctx, teams, purpose
        self.length = dt.timedelta(minutes=visit_minutes)
        self.per_day = per_day
        branch = ctx.branch
        self.home = (
            (branch.latitude, branch.longitude)
            if branch.latitude is not None and branch.longitude is not None
            else None
        )
        self.days = calendar_cn.working_days(date_from, date_to)
        self.load = [self._existing_load(t, date_from, date_to) for t in range(len(teams))]
        self.slots = [
            s for t in range(len(teams)) for d in self.days if (s := self._slot(t, d)) is not None
        ]
        self.proposals: list[ProposedVisit] = []
        self.reasons: dict[int, tuple[str, ...]] = {}
        self._next_id = -1

    # --- slots and load --------------------------------------------------------
    def _local(self, day: dt.date, at: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, at, tzinfo=self.ctx.branch.tz)

    def _existing_load(self, team: int, first: dt.date, last: dt.date) -> int:
        seen = {
            v.id
            for m in self.teams[team]
            for v in self.ctx.visits_of_member(m)
            if first <= self.ctx.local(v.start).date() <= last
        }
        return len(seen)

    def _slot(self, team: int, day: dt.date) -> _Slot | None:
        """The team's room that day, after any visit it already has."""
        taken = [
            v
            for m in self.teams[team]
            for v in self.ctx.visits_of_member(m)
            if self.ctx.local(v.start).date() == day
        ]
        room = self.per_day - len({v.id for v in taken})
        if room <= 0:
            return None
        free_from = self._local(day, self.ctx.branch.visit_window_start)
        # Not before the SMS notice can go out in time.
        notice = self.ctx.now + dt.timedelta(hours=self.ctx.branch.sms_lead_hours)
        free_from = max(free_from, notice.astimezone(self.ctx.branch.tz))
        if free_from >= self._local(day, self.ctx.branch.visit_window_end):
            return None
        origin = self.home or (0.0, 0.0)
        if taken:
            last = max(taken, key=lambda v: v.end)
            free_from = max(free_from, last.end.astimezone(self.ctx.branch.tz))
            if last.latitude is not None and last.longitude is not None:
                origin = (last.latitude, last.longitude)
        return _Slot(team, day, room, free_from, origin)

    # --- the plan ---------------------------------------------------------------
    def run(self, customer_ids: list[int]) -> AutoPlan:
        pool = []
        for cid in customer_ids:
            customer = self.ctx.customers[cid]
            if customer.branch_id != self.ctx.branch.id:
                self.reasons[cid] = (violation("customer_other_branch").message,)
            elif customer.do_not_visit:
                self.reasons[cid] = (
                    violation("do_not_visit", reason=customer.do_not_visit_reason or "-").message,
                )
            else:
                pool.append(cid)
        if not self.teams:
            for cid in pool:
                self.reasons[cid] = ("No team of two active visitors is available.",)
            pool = []
        for cluster in self._clusters(pool):
            self._place_cluster(cluster)
        leftovers = [c for c in pool if c not in {p.customer_id for p in self.proposals}]
        for cid in leftovers:
            if not self._place_single(cid):
                self.reasons.setdefault(cid, ("No free slot for a team in the date range.",))
        unplanned = tuple(
            Unplanned(cid, self.reasons[cid])
            for cid in customer_ids
            if cid in self.reasons and cid not in {p.customer_id for p in self.proposals}
        )
        ordered = sorted(self.proposals, key=lambda p: (p.start, p.member_ids))
        return AutoPlan(tuple(ordered), unplanned, tuple(self.teams))

    def _point(self, cid: int) -> tuple[float, float]:
        customer = self.ctx.customers[cid]
        if customer.location is not None:
            return customer.location
        division = gazetteer.lookup(customer.adcode) if customer.adcode else None
        if division is not None:
            return (division.lat, division.lon)
        return self.home or (0.0, 0.0)

    def _clusters(self, pool: list[int]) -> list[list[int]]:
        """Day-sized groups of nearby customers (see the module docstring)."""
        if not pool:
            return []
        count = math.ceil(len(pool) / self.per_day)
        size = math.ceil(len(pool) / count)
        points = {cid: self._point(cid) for cid in pool}
        home = self.home or points[pool[0]]
        left = set(pool)
        clusters = []
        while left:
            seed = max(sorted(left), key=lambda c: haversine_km(home, points[c]))
            left.remove(seed)
            district = self.ctx.customers[seed].adcode

            def nearness(c: int, seed: int = seed, district: str | None = district) -> float:
                km = haversine_km(points[seed], points[c])
                same = district is not None and self.ctx.customers[c].adcode == district
                return km * SAME_DISTRICT_FACTOR if same else km

            near = sorted(sorted(left), key=nearness)[: size - 1]
            left.difference_update(near)
            clusters.append([seed, *near])
        return sorted(clusters, key=len, reverse=True)

    def _slot_order(self, need: int) -> list[_Slot]:
        usable = [s for s in self.slots if s.room - s.placed >= need]
        return sorted(usable, key=lambda s: (self.load[s.team], s.placed, s.day, s.team))

    def _place_cluster(self, cluster: list[int]) -> None:
        remaining = cluster
        for slot in self._slot_order(len(cluster)):
            remaining = self._route_into(slot, remaining)
            if not remaining:
                return
        # What no slot took is tried customer by customer afterwards.

    def _place_single(self, cid: int) -> bool:
        return any(not self._route_into(slot, [cid]) for slot in self._slot_order(1))

    def _route_into(self, slot: _Slot, cluster: list[int]) -> list[int]:
        """Route and time the cluster in the slot; return the customers not placed.

        The route gives the order; each visit then starts after the travel from
        the previous kept visit, and is kept only if it passes every rule.
        """
        route = plan_route(
            slot.origin,
            [self._point(c) for c in cluster],
            speed_kmh=self.ctx.config.speed_kmh,
            floor_minutes=self.ctx.config.travel_floor_minutes,
        )
        window_end = self._local(slot.day, self.ctx.branch.visit_window_end)
        team = self.teams[slot.team]
        left = []
        for index in route.order:
            cid = cluster[index]
            here = self._point(cid)
            km = haversine_km(slot.origin, here)
            minutes = travel_minutes(
                km, self.ctx.config.speed_kmh, self.ctx.config.travel_floor_minutes
            )
            start = _round_up(slot.free_from + dt.timedelta(minutes=minutes))
            end = start + self.length
            if slot.placed >= slot.room or end > window_end:
                left.append(cid)
                continue
            found = evaluate(self.ctx, Proposal(cid, start, end, team))
            if found:
                self.reasons[cid] = tuple(v.message for v in found)
                left.append(cid)
                continue
            self._keep(slot, cid, start, end, team, minutes, km)
        return left

    def _keep(
        self,
        slot: _Slot,
        cid: int,
        start: dt.datetime,
        end: dt.datetime,
        team: tuple[int, ...],
        minutes: int,
        km: float,
    ) -> None:
        slot.placed += 1
        self.load[slot.team] += 1
        customer = self.ctx.customers[cid]
        here = self._point(cid)
        # Later visits of this team that day start after this one, from here.
        slot.free_from, slot.origin = end, here
        self.ctx.add(
            BookedVisit(
                id=self._next_id,
                customer_id=cid,
                start=start,
                end=end,
                member_ids=frozenset(team),
                latitude=customer.latitude,
                longitude=customer.longitude,
            )
        )
        self._next_id -= 1
        self.proposals.append(
            ProposedVisit(
                customer_id=cid,
                start=start,
                end=end,
                member_ids=team,
                purpose=self.purpose,
                route_order=slot.placed,
                travel_minutes_before=minutes,
                travel_km_before=km,
            )
        )


def _round_up(moment: dt.datetime) -> dt.datetime:
    """To the next multiple of five minutes: appointments people can remember."""
    extra = (-moment.minute) % _ROUND_MINUTES
    moment = moment.replace(second=0, microsecond=0)
    return moment + dt.timedelta(minutes=extra)
