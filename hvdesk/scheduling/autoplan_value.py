"""Auto-plan by expected value: fill one team-day with the visits worth most per hour.

The day is built stop by stop from the branch (or the team's last booked
visit): each step takes the customer whose expected value of a visit
(:mod:`hvdesk.priorities`) per hour of the team's day — the travel to the
customer plus the visit itself — is highest, among those that pass every
conduct rule and the contact cap (:func:`~hvdesk.scheduling.rules.evaluate`)
and still end inside the branch's window. Customers worth nothing or less
are left out. Value per hour can miss a day that a few big visits fill
better, so the day is also built by value alone; and the plain auto-plan for
the same team-day (nearest clusters) is made too. The plan with the largest
summed value is returned, so planning by value never does worse than the
greedy plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import VisitPurpose
from hvdesk.scheduling import autoplan, calendar_cn
from hvdesk.scheduling.autoplan import AutoPlan, Unplanned, _Planner, _require_scope, _round_up
from hvdesk.scheduling.context import load_context
from hvdesk.scheduling.guards import customer_branch
from hvdesk.scheduling.routing import haversine_km, travel_minutes
from hvdesk.scheduling.rules import Proposal, RuleConfig, evaluate
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor


@dataclass(frozen=True, slots=True)
class ValuePlan:
    plan: AutoPlan
    #: Summed expected value of the proposals, and of the plain auto-plan's.
    value: float
    greedy_value: float
    by_value: bool


def plan_value(plan: AutoPlan, values: Mapping[int, float]) -> float:
    return sum(values.get(p.customer_id, 0.0) for p in plan.proposals)


def fill_team_day(
    session: Session,
    actor: Actor,
    customer_ids: Iterable[int],
    day: dt.date,
    team: Sequence[int],
    *,
    values: Mapping[int, float] | None = None,
    purpose: VisitPurpose = VisitPurpose.OVERDUE,
    visit_minutes: int = 60,
    max_visits: int = 6,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> ValuePlan:
    """Proposals for ``team`` on ``day`` from ``customer_ids``, best value per hour first.

    ``values`` defaults to the ranking's expected value of each customer.
    """
    actor.require(Permission.VISIT_SCHEDULE)
    if visit_minutes <= 0 or max_visits <= 0:
        raise ValidationError("visit_minutes", msg("scheduling.autoplan.visits_days_need",
                "visits and days need a positive size"))
    wanted = sorted(set(customer_ids))
    members = tuple(dict.fromkeys(team))
    if not wanted or not members:
        return ValuePlan(AutoPlan((), (), ()), 0.0, 0.0, True)
    branch_id = actor.branch_id or customer_branch(session, actor, wanted[0])
    _require_scope(session, actor, wanted, set(members))
    if values is None:
        # Imported here: scheduling must not need the ranking (numpy) to load.
        from hvdesk.priorities.service import rank  # noqa: PLC0415

        values = {p.score.customer_id: p.score.value
                  for p in rank(session, actor, branch_id=branch_id, customer_ids=wanted)}
    greedy = autoplan.propose_plan(
        session, actor, wanted, day, day, teams=[members], purpose=purpose,
        visit_minutes=visit_minutes, max_per_team_day=max_visits, now=now, config=config)
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = start + dt.timedelta(days=3)
    plans = []
    for per_hour in (True, False):
        # A fresh context each time: a planner books its proposals into the one it is given.
        ctx = load_context(session, branch_id, start, end, customer_ids=wanted,
                           member_ids=set(members), now=now, config=config)
        planner = _Planner(ctx, [members], day, day, purpose, visit_minutes, max_visits)
        plans.append(_by_value(planner, wanted, values, per_hour=per_hour))
    mine = max(plans, key=lambda p: plan_value(p, values))
    mine_value, greedy_value = plan_value(mine, values), plan_value(greedy, values)
    if mine_value >= greedy_value:
        return ValuePlan(mine, mine_value, greedy_value, True)
    return ValuePlan(greedy, greedy_value, greedy_value, False)


def _by_value(planner: _Planner, wanted: list[int], values: Mapping[int, float], *,
              per_hour: bool) -> AutoPlan:
    ctx = planner.ctx
    reasons: dict[int, tuple[str, ...]] = {}
    pool = []
    for cid in wanted:
        customer = ctx.customers[cid]
        if customer.branch_id != ctx.branch.id or customer.do_not_visit:
            reasons[cid] = ("Not to be visited from this branch.",)
        elif values.get(cid, 0.0) <= 0:
            reasons[cid] = ("A visit is expected to be worth less than it costs.",)
        else:
            pool.append(cid)
    if planner.slots:
        slot = planner.slots[0]
        team = planner.teams[slot.team]
        window_end = planner._local(slot.day, ctx.branch.visit_window_end)
        while pool and slot.placed < slot.room:
            best: tuple[float, int, dt.datetime, dt.datetime, int, float] | None = None
            for cid in pool:
                km = haversine_km(slot.origin, planner._point(cid))
                minutes = travel_minutes(km, ctx.config.speed_kmh, ctx.config.travel_floor_minutes)
                begin = _round_up(slot.free_from + dt.timedelta(minutes=minutes))
                finish = begin + planner.length
                if finish > window_end:
                    continue
                hours = (finish - slot.free_from).total_seconds() / 3600
                rate = values[cid] / hours if per_hour else values[cid]
                if best is None or (rate, -cid) > (best[0], -best[1]):
                    found = evaluate(ctx, Proposal(cid, begin, finish, team))
                    if found:
                        reasons[cid] = tuple(v.message for v in found)
                        continue
                    best = (rate, cid, begin, finish, minutes, km)
            if best is None:
                break
            _rate, cid, begin, finish, minutes, km = best
            pool.remove(cid)
            planner._keep(slot, cid, begin, finish, team, minutes, km)
    placed = {p.customer_id for p in planner.proposals}
    for cid in pool:
        reasons.setdefault(cid, ("No room left in the team's day.",))
    unplanned = tuple(Unplanned(c, reasons[c]) for c in wanted if c not in placed and c in reasons)
    return AutoPlan(tuple(planner.proposals), unplanned, tuple(planner.teams))


def propose_by_value(
    session: Session,
    actor: Actor,
    customer_ids: Iterable[int],
    date_from: dt.date,
    date_to: dt.date,
    *,
    teams: Sequence[Sequence[int]] | None = None,
    values: Mapping[int, float] | None = None,
    max_per_team_day: int = 6,
    now: dt.datetime | None = None,
    config: RuleConfig | None = None,
) -> AutoPlan:
    """Like :func:`autoplan.propose_plan`, filling each team-day in turn by expected value.

    The best customers go to the earliest days; what no day takes is reported
    unplanned with its last reason.
    """
    actor.require(Permission.VISIT_SCHEDULE)
    if date_to < date_from:
        raise ValidationError("date_to", msg("priorities.backtest.end_date_before",
                "the end date is before the start date"))
    wanted = sorted(set(customer_ids))
    if not wanted:
        return AutoPlan((), (), ())
    branch_id = actor.branch_id or customer_branch(session, actor, wanted[0])
    _require_scope(session, actor, wanted, {m for t in teams or () for m in t})
    if values is None:
        from hvdesk.priorities.service import rank  # noqa: PLC0415  (see fill_team_day)

        values = {p.score.customer_id: p.score.value
                  for p in rank(session, actor, branch_id=branch_id, customer_ids=wanted)}
    start = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    end = dt.datetime.combine(date_to, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=2)
    ctx = load_context(session, branch_id, start, end, customer_ids=wanted, now=now,
                       config=config)
    plan_teams = [tuple(dict.fromkeys(t)) for t in teams] if teams else autoplan.derive_teams(ctx)
    left = list(wanted)
    proposals: list[autoplan.ProposedVisit] = []
    reasons: dict[int, tuple[str, ...]] = {}
    for day in calendar_cn.working_days(date_from, date_to):
        for team in plan_teams:
            if not left:
                break
            filled = fill_team_day(session, actor, left, day, team, values=values,
                                   max_visits=max_per_team_day, now=now, config=config)
            proposals.extend(filled.plan.proposals)
            placed = {p.customer_id for p in filled.plan.proposals}
            left = [c for c in left if c not in placed]
            reasons.update({u.customer_id: u.reasons for u in filled.plan.unplanned})
    unplanned = tuple(Unplanned(c, reasons.get(c, ("No free slot for a team in the date range.",)))
                      for c in left)
    return AutoPlan(tuple(sorted(proposals, key=lambda p: (p.start, p.member_ids))), unplanned,
                    tuple(plan_teams))
