"""Auto-plan by expected value: a team-day worth at least the greedy plan, within every rule."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from hvdesk.model import Visit, VisitMember, VisitPurpose, VisitStatus
from hvdesk.scheduling import autoplan, autoplan_value
from hvdesk.scheduling.routing import haversine_km, travel_minutes
from hvdesk.scheduling.rules import RuleConfig
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import CUSTOMERS, NOW, SHANGHAI, TUESDAY, make_world


@pytest.fixture
def world(db):
    return make_world(db, do_not_visit=(7,))


def _values(world) -> dict[int, float]:
    # Fixed data: the far customer (欧阳娜娜, Shuangliu) is worth most, two near ones little.
    worth = [120.0, -50.0, 300.0, 80.0, 900.0, 40.0, 2500.0, 5000.0]
    return dict(zip(world.customers, worth, strict=True))


def test_value_plan_is_worth_at_least_the_greedy_plan_and_keeps_the_rules(world, db):
    values = _values(world)
    team = (world.visitors[0], world.visitors[1])
    with db.session() as s:
        greedy = autoplan.propose_plan(s, world.coord, world.customers, TUESDAY, TUESDAY,
                                       teams=[team], max_per_team_day=3, now=NOW)
        result = autoplan_value.fill_team_day(s, world.coord, world.customers, TUESDAY, team,
                                              values=values, max_visits=3, now=NOW)
    greedy_value = autoplan_value.plan_value(greedy, values)
    assert result.greedy_value == pytest.approx(greedy_value)
    assert result.value >= greedy_value
    assert result.by_value and result.value > greedy_value
    placed = {p.customer_id for p in result.plan.proposals}
    assert world.customers[4] in placed  # see the contact-cap test below
    assert world.customers[7] not in placed  # do not visit, however much it is worth
    assert world.customers[1] not in placed  # worth less than it costs
    assert len(placed) <= 3
    config = RuleConfig()
    points = {world.customers[k]: (lat, lon) for k, (_n, lat, lon, _a) in enumerate(CUSTOMERS)}
    visits = sorted(result.plan.proposals, key=lambda p: p.start)
    for p in visits:
        local = p.start.astimezone(SHANGHAI)
        assert local.date() == TUESDAY and dt.time(8) <= local.time()
        assert p.end.astimezone(SHANGHAI).time() <= dt.time(20)
    for a, b in itertools.pairwise(visits):
        km = haversine_km(points[a.customer_id], points[b.customer_id])
        assert b.start - a.end >= dt.timedelta(
            minutes=travel_minutes(km, config.speed_kmh, config.travel_floor_minutes))
    with db.begin() as s:
        accepted = autoplan.accept(s, world.coord, result.plan.proposals, now=NOW)
    assert accepted.refused == ()


def test_a_customer_at_the_contact_cap_is_not_planned_however_valuable(world, db):
    values = _values(world)
    star = world.customers[4]  # worth 900, near the others
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        for days in (5, 12):  # two visits in the last 30 days: the default cap
            start = dt.datetime.combine(TUESDAY - dt.timedelta(days=days), dt.time(10),
                                        SHANGHAI)
            visit = Visit(branch_id=world.branch_id, customer_id=star,
                          purpose=VisitPurpose.OVERDUE, address="成都", planned_start=start,
                          planned_end=start + dt.timedelta(hours=1),
                          status=VisitStatus.COMPLETED)
            visit.members = [VisitMember(user_id=world.visitors[2], is_lead=True, position=0),
                             VisitMember(user_id=world.visitors[3], position=1)]
            s.add(visit)
    team = (world.visitors[0], world.visitors[1])
    with db.session() as s:
        result = autoplan_value.fill_team_day(s, world.coord, world.customers, TUESDAY, team,
                                              values=values, max_visits=3, now=NOW)
    assert star not in {p.customer_id for p in result.plan.proposals}
    assert result.plan.proposals


def test_a_range_is_filled_day_by_day_and_every_proposal_is_accepted(world, db):
    values = _values(world)
    with db.session() as s:
        plan = autoplan_value.propose_by_value(s, world.coord, world.customers, TUESDAY,
                                               TUESDAY + dt.timedelta(days=2), values=values,
                                               max_per_team_day=2, now=NOW)
    placed = [p.customer_id for p in plan.proposals]
    assert len(placed) == len(set(placed))
    worth_it = {c for c, v in values.items() if v > 0} - {world.customers[7]}
    assert set(placed) == worth_it
    assert {u.customer_id for u in plan.unplanned} == {world.customers[1], world.customers[7]}
    with db.begin() as s:
        accepted = autoplan.accept(s, world.coord, plan.proposals, now=NOW)
    assert accepted.refused == ()
