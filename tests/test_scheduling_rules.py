"""Each scheduling rule broken once, with the reason a user reads; overrides audited.

The rules are pure functions: most tests build a RuleContext by hand (no
database). The override tests go through the service on both backends.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from hvdesk.errors import PermissionDenied
from hvdesk.model import AuditEvent, Visit, VisitPurpose, VisitStatus
from hvdesk.scheduling import calendar_cn, rules, service
from hvdesk.scheduling.rules import (
    BookedVisit,
    BranchPolicy,
    CustomerInfo,
    Leave,
    Proposal,
    RuleContext,
    StaffInfo,
    evaluate,
)
from hvdesk.scheduling.violations import RULES, SchedulingRefused
from hvdesk.security import roles
from hvdesk.security.roles import Permission, Role
from tests.scheduling_helpers import NOW, TUESDAY, WEDNESDAY, at, make_world

BRANCH = BranchPolicy(
    id=1,
    code="CD01",
    timezone="Asia/Shanghai",
    visit_window_start=dt.time(8),
    visit_window_end=dt.time(20),
    max_visits_per_30_days=2,
    sms_lead_hours=24,
    latitude=30.62,
    longitude=104.07,
)
V1, V2, V3, COORD = 11, 12, 13, 20


def make_ctx(**changes) -> RuleContext:
    staff = {
        V1: StaffInfo(V1, "visitor1", "张伟", Role.VISITOR, True, 1),
        V2: StaffInfo(V2, "visitor2", "刘强", Role.VISITOR, True, 1),
        V3: StaffInfo(V3, "visitor3", "陈静", Role.VISITOR, True, 1),
        COORD: StaffInfo(COORD, "coord1", "王芳", Role.COORDINATOR, True, 1),
    }
    customers = {
        1: CustomerInfo(1, 1, "张*", latitude=30.640, longitude=104.050),
        2: CustomerInfo(2, 1, "李*", latitude=30.645, longitude=104.060),
        3: CustomerInfo(3, 1, "欧阳**", latitude=30.420, longitude=103.920),
        4: CustomerInfo(4, 1, "吴*"),
    }
    values = {"branch": BRANCH, "now": NOW, "customers": customers, "staff": staff}
    values.update(changes)
    return RuleContext(**values)


def propose(start=None, minutes=60, customer=1, members=(V1, V2), **kw) -> Proposal:
    start = start or at(TUESDAY, 10)
    return Proposal(
        customer_id=customer,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        member_ids=members,
        **kw,
    )


def messages(found, code):
    return [v.message for v in found if v.code == code]


def test_a_proposal_that_keeps_every_rule():
    assert evaluate(make_ctx(), propose()) == []


def test_end_before_start():
    found = evaluate(make_ctx(), propose(minutes=-30))
    assert [(v.code, v.hard) for v in found] == [("invalid_times", True)]
    assert found[0].message == (
        "The visit must end after it starts (2026-12-01 10:00–2026-12-01 09:30)."
    )


def test_quiet_hours_are_hard_unless_the_customer_agreed():
    found = evaluate(make_ctx(), propose(at(TUESDAY, 21, 30)))
    assert messages(found, "night_hours") == [
        "The visit 2026-12-01 21:30–22:30 falls in the quiet hours 22:00–08:00 local time; "
        "only the customer's recorded agreement allows a visit then."
    ]
    assert [v.hard for v in found if v.code == "night_hours"] == [True]
    agreed = evaluate(make_ctx(), propose(at(TUESDAY, 21, 30), customer_agreed_hours=True))
    assert [v.code for v in agreed] == ["outside_branch_hours"]


def test_quiet_hours_are_local_to_the_branch():
    # 09:00 in Shanghai is 07:00 in Urumqi: too early there.
    urumqi = dataclasses.replace(BRANCH, timezone="Asia/Urumqi")
    found = evaluate(make_ctx(branch=urumqi), propose(at(TUESDAY, 9)))
    assert messages(found, "night_hours") == [
        "The visit 2026-12-01 07:00–08:00 falls in the quiet hours 22:00–08:00 local time; "
        "only the customer's recorded agreement allows a visit then."
    ]


def test_branch_window_is_soft():
    found = evaluate(make_ctx(), propose(at(TUESDAY, 19, 30)))
    assert [(v.code, v.hard) for v in found] == [("outside_branch_hours", False)]
    assert found[0].message == (
        "The visit 2026-12-01 19:30–20:30 is outside the branch's visiting hours 08:00–20:00."
    )


def test_public_holiday_and_make_up_working_day():
    ctx = make_ctx(now=at(dt.date(2026, 9, 1), 9))
    found = evaluate(ctx, propose(at(dt.date(2026, 10, 2), 10)))
    assert [(v.code, v.hard) for v in found] == [("public_holiday", False)]
    assert found[0].message == (
        "2026-10-02 is a public holiday (National Day); no visits unless overridden."
    )
    # Saturday 10 October 2026 is a make-up working day: no rule against it.
    assert evaluate(ctx, propose(at(dt.date(2026, 10, 10), 10))) == []
    assert calendar_cn.day_info(dt.date(2026, 10, 10)).kind is calendar_cn.DayKind.MAKEUP_WORKDAY


def test_holiday_of_a_year_the_first_source_does_not_cover():
    info = calendar_cn.day_info(dt.date(2027, 1, 1))
    assert info.is_holiday
    assert info.source == "holidays"
    assert (info.name, info.name_zh) == ("New Year's Day", "元旦")
    found = evaluate(make_ctx(), propose(at(dt.date(2027, 1, 1), 10)))
    assert messages(found, "public_holiday") == [
        "2027-01-01 is a public holiday (New Year's Day); no visits unless overridden."
    ]


def test_holiday_names_do_not_follow_the_environment(monkeypatch: pytest.MonkeyPatch):
    """holidays translates with gettext: a Chinese locale must not change the names."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(var, "zh_CN.UTF-8")
    calendar_cn._cn_holidays.cache_clear()
    calendar_cn.day_info.cache_clear()
    try:
        info = calendar_cn.day_info(dt.date(2027, 2, 6))
        assert (info.name, info.name_zh) == ("Chinese New Year (Spring Festival)", "春节")
        assert calendar_cn.day_info(dt.date(2026, 10, 1)).name_zh == "国庆节"
    finally:
        calendar_cn._cn_holidays.cache_clear()
        calendar_cn.day_info.cache_clear()


def test_do_not_visit_is_hard():
    ctx = make_ctx()
    ctx.customers[1] = dataclasses.replace(
        ctx.customers[1], do_not_visit=True, do_not_visit_reason="客户投诉后要求不再上门"
    )
    found = evaluate(ctx, propose())
    assert [(v.code, v.hard) for v in found] == [("do_not_visit", True)]
    assert found[0].message == "The customer is marked 'do not visit': 客户投诉后要求不再上门."


def test_customer_of_another_branch():
    ctx = make_ctx()
    ctx.customers[1] = dataclasses.replace(ctx.customers[1], branch_id=2)
    assert messages(evaluate(ctx, propose()), "customer_other_branch") == [
        "The customer belongs to another branch."
    ]


def test_team_needs_two_active_visitors_of_the_branch():
    ctx = make_ctx()
    found = evaluate(ctx, propose(members=(V1,)))
    assert messages(found, "team_too_small") == [
        "A home visit needs at least 2 active visitors of the branch; this team has 1."
    ]
    found = evaluate(ctx, propose(members=(V1, COORD)))
    assert [v.code for v in found] == ["not_a_visitor", "team_too_small"]
    assert found[0].message == "王芳 (coord1) is not a field visitor."
    ctx.staff[V2] = dataclasses.replace(ctx.staff[V2], active=False)
    ctx.staff[V3] = dataclasses.replace(ctx.staff[V3], branch_id=2)
    found = evaluate(ctx, propose(members=(V1, V2, V3)))
    assert [v.message for v in found] == [
        "刘强 (visitor2)'s account is disabled.",
        "陈静 (visitor3) belongs to another branch.",
        "A home visit needs at least 2 active visitors of the branch; this team has 1.",
    ]
    assert all(v.hard for v in found)


def test_visitor_on_leave_is_hard():
    ctx = make_ctx(leaves=[Leave(V2, TUESDAY, WEDNESDAY)])
    found = evaluate(ctx, propose())
    assert [(v.code, v.hard) for v in found] == [("visitor_on_leave", True)]
    assert found[0].message == "刘强 (visitor2) is on leave from 2026-12-01 to 2026-12-02."
    assert evaluate(ctx, propose(members=(V1, V3))) == []


def booked(
    vid,
    start,
    minutes=60,
    customer=2,
    members=(V1, V2),
    status=VisitStatus.PLANNED,
    where=(30.645, 104.060),
):
    return BookedVisit(
        id=vid,
        customer_id=customer,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        member_ids=frozenset(members),
        status=status,
        latitude=where[0] if where else None,
        longitude=where[1] if where else None,
    )


def test_double_booking_is_hard_and_named_once_per_visit():
    ctx = make_ctx(visits=[booked(7, at(TUESDAY, 9, 30))])
    found = evaluate(ctx, propose())
    assert [(v.code, v.hard) for v in found] == [("visitor_busy", True)]
    assert found[0].message == (
        "张伟 (visitor1) and 刘强 (visitor2): already in visit 7 from 2026-12-01 09:30 to 10:30."
    )
    # The visit being moved does not clash with itself.
    assert evaluate(ctx, propose(visit_id=7, check_notice_lead=False)) == []


def test_travel_time_between_stops_is_soft():
    # From customer 2 (finished 10:00) to customer 3 ~28 km away, starting 10:15.
    ctx = make_ctx(visits=[booked(7, at(TUESDAY, 9))])
    found = evaluate(ctx, propose(at(TUESDAY, 10, 15), customer=3))
    assert [(v.code, v.hard) for v in found] == [("travel_time", False)]
    assert found[0].message == (
        "张伟 (visitor1) and 刘强 (visitor2): about 69 minutes are needed to travel 28.4 km "
        "between visit 7 and this one, but there are only 15 minutes."
    )
    # The next visit counts too, and the floor applies to neighbours.
    ctx = make_ctx(visits=[booked(8, at(TUESDAY, 11, 5), members=(V1,))])
    found = evaluate(ctx, propose(at(TUESDAY, 10)))
    assert messages(found, "travel_time") == [
        "张伟 (visitor1): about 10 minutes are needed to travel 1.1 km between visit 8 and "
        "this one, but there are only 5 minutes."
    ]
    # Without a location there is no estimate: only overlap counts.
    ctx = make_ctx(visits=[booked(7, at(TUESDAY, 9), where=None)])
    assert evaluate(ctx, propose(at(TUESDAY, 10), customer=3)) == []
    # Visits of another day do not need travel time.
    ctx = make_ctx(visits=[booked(7, at(dt.date(2026, 11, 30), 23))])
    assert evaluate(ctx, propose(at(TUESDAY, 8), check_notice_lead=False)) == []


def test_travel_speed_and_floor_are_configurable():
    slow = rules.RuleConfig(speed_kmh=5, travel_floor_minutes=30)
    ctx = make_ctx(visits=[booked(8, at(TUESDAY, 11, 20), members=(V1,))], config=slow)
    assert messages(evaluate(ctx, propose(at(TUESDAY, 10))), "travel_time") == [
        "张伟 (visitor1): about 30 minutes are needed to travel 1.1 km between visit 8 and "
        "this one, but there are only 20 minutes."
    ]


def test_visits_per_customer_in_30_days_is_soft_and_ignores_cancelled():
    history = [
        booked(1, at(dt.date(2026, 11, 10), 10), customer=1, members=(V3,)),
        booked(2, at(dt.date(2026, 11, 20), 10), customer=1, members=(V3,)),
    ]
    ctx = make_ctx(visits=history)
    found = evaluate(ctx, propose(at(dt.date(2026, 12, 3), 10)))
    assert [(v.code, v.hard) for v in found] == [("too_many_visits", False)]
    assert found[0].message == (
        "The customer would get 3 visits within 30 days (around 2026-12-03); the branch allows 2."
    )
    # 10 December: the 10 November visit is more than 30 days back.
    assert evaluate(ctx, propose(at(dt.date(2026, 12, 10), 10))) == []
    history[1] = dataclasses.replace(history[1], status=VisitStatus.CANCELLED)
    assert evaluate(make_ctx(visits=history), propose(at(dt.date(2026, 12, 3), 10))) == []


def test_sms_lead_time_is_soft():
    found = evaluate(make_ctx(), propose(NOW + dt.timedelta(hours=5)))
    assert [(v.code, v.hard) for v in found] == [("sms_lead_time", False)]
    assert found[0].message == (
        "The visit starts in 5 hours; the SMS notice must go out at "
        "least 24 hours before the visit."
    )
    # A resize that keeps the start does not need a new notice.
    assert evaluate(make_ctx(), propose(NOW + dt.timedelta(hours=5), check_notice_lead=False)) == []


def test_all_violations_are_reported_together():
    ctx = make_ctx(leaves=[Leave(V2, NOW.date(), NOW.date())])
    found = evaluate(ctx, propose(NOW + dt.timedelta(hours=13), members=(V2,)))
    assert [v.code for v in found] == [
        "night_hours",
        "outside_branch_hours",
        "team_too_small",
        "visitor_on_leave",
        "sms_lead_time",
    ]


def test_every_rule_has_a_message_without_open_placeholders():
    assert all("{" not in v.message for v in evaluate(make_ctx(), propose(minutes=-1)))
    assert {
        "night_hours",
        "do_not_visit",
        "team_too_small",
        "visitor_on_leave",
        "visitor_busy",
    } <= {code for code, (hard, _t) in RULES.items() if hard}
    assert {
        "outside_branch_hours",
        "public_holiday",
        "travel_time",
        "too_many_visits",
        "sms_lead_time",
    } <= {code for code, (hard, _t) in RULES.items() if not hard}


# --- overrides, through the service -------------------------------------------------


@pytest.fixture
def world(db):
    return make_world(db, do_not_visit=(2,))


def _late(world, s, actor, reason=None, customer=0):
    return service.create_visit(
        s,
        actor,
        customer_id=world.customers[customer],
        start=at(TUESDAY, 20),
        end=at(TUESDAY, 21),
        member_ids=world.team(),
        purpose=VisitPurpose.CARE,
        override_reason=reason,
        now=NOW,
    )


def test_soft_rule_needs_a_written_reason(world, db):
    for reason in (None, "   "):
        with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
            _late(world, s, world.admin, reason)
        assert exc.value.codes == ["outside_branch_hours"]


def test_override_is_stored_and_audited(world, db):
    with db.begin() as s:
        view = _late(world, s, world.admin, "  客户白天上班，本人同意晚上八点  ")
    assert view.override_reason == "客户白天上班，本人同意晚上八点"
    with db.session() as s:
        assert s.get(Visit, view.id).override_reason == view.override_reason
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "override"))
    assert event.entity == "visit"
    assert event.entity_id == str(view.id)
    assert event.actor_login == "admin"
    assert event.detail == {
        "operation": "create",
        "rules": ["outside_branch_hours"],
        "reason": "客户白天上班，本人同意晚上八点",
    }


def test_override_needs_the_permission(world, db, monkeypatch):
    coordinator = roles.ROLE_PERMISSIONS[Role.COORDINATOR]
    monkeypatch.setitem(
        roles.ROLE_PERMISSIONS, Role.COORDINATOR, coordinator - {Permission.OVERRIDE_RULE}
    )
    with (
        pytest.raises(PermissionDenied, match="may not override scheduling rules"),
        db.begin() as s,
    ):
        _late(world, s, world.coord, "客户要求")
    monkeypatch.setitem(
        roles.ROLE_PERMISSIONS, Role.COORDINATOR, coordinator | {Permission.OVERRIDE_RULE}
    )
    with db.begin() as s:
        assert _late(world, s, world.coord, "客户要求").override_reason == "客户要求"


def test_hard_rules_cannot_be_overridden(world, db):
    with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
        _late(world, s, world.admin, "领导同意", customer=2)
    assert exc.value.codes == ["do_not_visit", "outside_branch_hours"]
    with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
        service.create_visit(
            s,
            world.admin,
            customer_id=world.customers[0],
            start=at(TUESDAY, 22),
            end=at(TUESDAY, 23),
            member_ids=world.team(),
            purpose=VisitPurpose.CARE,
            override_reason="领导同意",
            now=NOW,
        )
    assert "night_hours" in exc.value.codes
    with db.session() as s:
        assert s.scalar(select(Visit.id)) is None
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "override")) is None


def test_move_onto_a_soft_violation_is_audited_as_a_move(world, db):
    with db.begin() as s:
        view = service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[0],
            start=at(WEDNESDAY, 10),
            end=at(WEDNESDAY, 11),
            member_ids=world.team(),
            purpose=VisitPurpose.CARE,
            now=NOW,
        )
    with db.begin() as s:
        moved = service.move_visit(
            s,
            world.admin,
            view.id,
            at(WEDNESDAY, 19, 30),
            override_reason="客户下班后才在家",
            now=NOW,
        )
    assert moved.override_reason == "客户下班后才在家"
    with db.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "override"))
    assert event.detail["operation"] == "move"
