"""Auto-plan proposes rule-abiding, grouped, balanced visits; accept creates what is kept."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter

import pytest
from sqlalchemy import func, select

from hvdesk.model import User, Visit, VisitPurpose
from hvdesk.scheduling import autoplan, leave, service
from hvdesk.scheduling.routing import haversine_km, travel_minutes
from hvdesk.scheduling.rules import RuleConfig
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import CUSTOMERS, NOW, SHANGHAI, THURSDAY, TUESDAY, at, make_world

SATURDAY = dt.date(2026, 12, 5)


@pytest.fixture
def world(db):
    return make_world(db, do_not_visit=(7,))


def _plan(world, db, first=TUESDAY, last=THURSDAY, **kw):
    kw.setdefault("max_per_team_day", 3)
    with db.session() as s:
        return autoplan.propose_plan(s, world.coord, world.customers, first, last, now=NOW, **kw)


def test_proposal_covers_everyone_allowed_and_reports_the_rest(world, db):
    plan = _plan(world, db)
    assert plan.teams == (
        (world.visitors[0], world.visitors[1]),
        (world.visitors[2], world.visitors[3]),
    )
    planned = Counter(p.customer_id for p in plan.proposals)
    assert set(planned) == set(world.customers[:7])
    assert set(planned.values()) == {1}
    assert [(u.customer_id, u.reasons) for u in plan.unplanned] == [
        (world.customers[7], ("The customer is marked 'do not visit': 客户投诉后要求不再上门.",))
    ]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0  # nothing saved


def test_proposals_keep_every_rule_and_leave_travel_time(world, db):
    plan = _plan(world, db)
    config = RuleConfig()
    by_team_day: dict[tuple, list] = {}
    for p in plan.proposals:
        local = p.start.astimezone(SHANGHAI)
        assert dt.time(8) <= local.time() and p.end.astimezone(SHANGHAI).time() <= dt.time(20)
        assert local.date() in (TUESDAY, THURSDAY, dt.date(2026, 12, 2))
        by_team_day.setdefault((p.member_ids, local.date()), []).append(p)
    points = {world.customers[k]: (lat, lon) for k, (_n, lat, lon, _a) in enumerate(CUSTOMERS)}
    for visits in by_team_day.values():
        visits.sort(key=lambda p: p.start)
        assert [p.route_order for p in visits] == list(range(1, len(visits) + 1))
        for a, b in itertools.pairwise(visits):
            km = haversine_km(points[a.customer_id], points[b.customer_id])
            needed = travel_minutes(km, config.speed_kmh, config.travel_floor_minutes)
            assert (b.start - a.end) >= dt.timedelta(minutes=needed)
    with db.begin() as s:
        result = autoplan.accept(s, world.coord, plan.proposals, now=NOW)
    assert result.refused == ()
    assert len(result.created) == 7


def test_nearby_customers_share_a_day_and_work_is_balanced(world, db):
    plan = _plan(world, db)
    slot = {p.customer_id: (p.member_ids, p.start.date()) for p in plan.proposals}
    jinjiang = [world.customers[k] for k in (3, 4, 5)]  # three customers within 1.5 km
    assert len({slot[c] for c in jinjiang}) == 1
    per_team = Counter(p.member_ids for p in plan.proposals)
    assert max(per_team.values()) - min(per_team.values()) <= 3
    assert len(per_team) == 2


def test_existing_visits_leave_and_weekends_are_respected(world, db):
    with db.begin() as s:
        service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[0],
            start=at(TUESDAY, 9),
            end=at(TUESDAY, 12),
            member_ids=world.team(2, 3),
            purpose=VisitPurpose.CARE,
            now=NOW,
        )
        leave.add_leave(s, world.coord, world.visitors[0], TUESDAY, TUESDAY, "年假")
    plan = _plan(world, db, first=TUESDAY, last=SATURDAY, max_per_team_day=2)
    for p in plan.proposals:
        day = p.start.astimezone(SHANGHAI).date()
        assert day != SATURDAY
        if world.visitors[0] in p.member_ids:
            assert day != TUESDAY
        if world.visitors[2] in p.member_ids and day == TUESDAY:
            assert p.start >= at(TUESDAY, 12)
    assert world.customers[0] not in {p.customer_id for p in plan.proposals} or all(
        p.start.date() != TUESDAY for p in plan.proposals if p.customer_id == world.customers[0]
    )


def test_customer_visited_too_often_is_unplanned_with_the_reason(world, db):
    with db.begin() as s:
        for day in (TUESDAY, THURSDAY):
            service.create_visit(
                s,
                world.admin,
                customer_id=world.customers[1],
                start=at(day, 16),
                end=at(day, 17),
                member_ids=world.team(2, 3),
                purpose=VisitPurpose.CARE,
                now=NOW,
            )
    plan = _plan(world, db, first=TUESDAY, last=dt.date(2026, 12, 4))
    reasons = {u.customer_id: u.reasons for u in plan.unplanned}
    assert "The customer would get 3 visits within 30 days" in reasons[world.customers[1]][0]


def test_accept_part_of_the_plan_and_report_refusals(world, db):
    plan = _plan(world, db)
    chosen = plan.proposals[:2]
    with db.begin() as s:
        first = autoplan.accept(s, world.coord, chosen[:1], now=NOW)
    assert len(first.created) == 1
    assert first.created[0].start == chosen[0].start
    with db.session() as s:
        assert s.get(Visit, first.created[0].id).route_order == chosen[0].route_order
    with db.begin() as s:  # the first is now taken (by the visit just made)
        again = autoplan.accept(s, world.coord, chosen, now=NOW)
    assert len(again.created) == 1
    ((refused, violations),) = again.refused
    assert refused == chosen[0]
    assert "visitor_busy" in {v.code for v in violations}


def test_no_team_no_plan(world, db):
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        for user in s.scalars(select(User).where(User.id.in_(world.visitors[1:]))):
            user.active = False
    plan = _plan(world, db)
    assert plan.proposals == ()
    assert {u.reasons for u in plan.unplanned if u.customer_id != world.customers[7]} == {
        ("No team of two active visitors is available.",)
    }


def test_given_teams_and_bad_input(world, db):
    plan = _plan(world, db, teams=[world.team(0, 2)])
    assert {p.member_ids for p in plan.proposals} == {tuple(world.team(0, 2))}
    with pytest.raises(Exception, match="end date"), db.session() as s:
        autoplan.propose_plan(s, world.coord, world.customers, THURSDAY, TUESDAY, now=NOW)
    with db.session() as s:
        empty = autoplan.propose_plan(s, world.coord, [], TUESDAY, THURSDAY, now=NOW)
    assert empty == autoplan.AutoPlan((), (), ())
