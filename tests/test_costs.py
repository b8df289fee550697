"""Visit costs: defaults from settings and the route, stored values, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.scheduling.routing import haversine_km, travel_minutes
from hvdesk.scheduling.rules import RuleConfig
from hvdesk.visitreports import (
    cost_defaults,
    get_cost,
    open_report,
    save_cost,
    save_cost_defaults,
    save_draft,
)
from hvdesk.visitreports.costs import BUILTIN
from tests.scheduling_helpers import CUSTOMERS, make_world
from tests.visitreport_helpers import full_data, make_visit

BRANCH = (30.62, 104.07)
CENT = Decimal("0.01")


@pytest.fixture
def world(db):
    return make_world(db)


def _leg() -> tuple[float, int]:
    km = haversine_km(BRANCH, (CUSTOMERS[0][1], CUSTOMERS[0][2]))
    cfg = RuleConfig()
    return km, travel_minutes(km, cfg.speed_kmh, cfg.travel_floor_minutes)


def test_defaults_come_from_the_route_and_settings(world, db):
    vid = make_visit(world)
    manager = world.actors["manager1"]
    with db.begin() as s:
        assert cost_defaults(s, world.branch_id) == BUILTIN
        save_cost_defaults(s, manager, per_km=Decimal("2.00"), hourly_rate=Decimal("40"),
                           other_expenses=Decimal("5"), overhead_hours=Decimal("0.5"))
        cost = get_cost(s, manager, vid)
    km, minutes = _leg()
    # The day's only stop: the leg out and the leg home are both this visit's.
    assert not cost.stored
    assert cost.distance_km == Decimal(str(round(2 * km, 1)))
    assert cost.transport == (cost.distance_km * 2).quantize(CENT)
    hours = (Decimal(1) + Decimal(2 * minutes) / 60 + Decimal("0.5")) * 2
    assert cost.staff_hours == hours.quantize(CENT)
    assert cost.staff_cost == (cost.staff_hours * 40).quantize(CENT)
    assert cost.other_expenses == Decimal("5.00")
    assert cost.total == cost.transport + cost.staff_cost + Decimal(5)


def test_report_times_replace_the_planned_length(world, db):
    vid = make_visit(world)
    v1 = world.actors["visitor1"]
    with db.begin() as s:
        rid = open_report(s, v1, vid).id
        save_draft(s, v1, rid, full_data())  # 09:05-09:50: 45 minutes on site
        cost = get_cost(s, world.coord, vid)
    _km, minutes = _leg()
    expected = (Decimal("0.75") + Decimal(2 * minutes) / 60 + BUILTIN.overhead_hours) * 2
    assert cost.staff_hours == expected.quantize(CENT)


def test_saved_cost_keeps_its_rate(world, db):
    vid = make_visit(world)
    coord, manager = world.coord, world.actors["manager1"]
    with db.begin() as s:
        saved = save_cost(s, coord, vid, distance_km=Decimal("12.34"), staff_hours=Decimal(3),
                          other_expenses=Decimal("18.5"), note="停车费")
    assert saved.stored
    assert saved.distance_km == Decimal("12.3")
    assert saved.transport == (Decimal("12.3") * BUILTIN.per_km).quantize(CENT)
    assert saved.staff_cost == (3 * BUILTIN.hourly_rate).quantize(CENT)
    with db.begin() as s:
        save_cost_defaults(s, manager, per_km=Decimal(9), hourly_rate=Decimal(99),
                           other_expenses=Decimal(0))
        again = get_cost(s, manager, vid)
    assert again == saved  # a later rate change does not rewrite the stored cost
    with db.begin() as s:
        taxi = save_cost(s, coord, vid, transport=Decimal("35.00"))
    assert taxi.transport == Decimal("35.00")
    assert taxi.staff_cost > again.staff_cost  # defaults now at 99/h


def test_cost_refusals(world, db):
    vid = make_visit(world)
    with pytest.raises(PermissionDenied), db.begin() as s:
        get_cost(s, world.actors["visitor1"], vid)
    with pytest.raises(PermissionDenied), db.begin() as s:
        save_cost_defaults(s, world.coord, per_km=Decimal(1), hourly_rate=Decimal(1),
                           other_expenses=Decimal(0))
    with pytest.raises(ValidationError), db.begin() as s:
        save_cost(s, world.coord, vid, transport=Decimal(-1))
    with db.begin() as s:  # an admin sets the all-branch defaults
        save_cost_defaults(s, world.admin, per_km=Decimal(3), hourly_rate=Decimal(30),
                           other_expenses=Decimal(0))
        assert cost_defaults(s, world.branch_id).per_km == Decimal("3.00")
