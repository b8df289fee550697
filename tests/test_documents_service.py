"""hvdesk.documents: what a printed document is made of, who may print it, the audit."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from hvdesk.documents import briefing, common, schedules, visit_report
from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.model import AuditEvent
from hvdesk.security import roles
from hvdesk.security.roles import Role
from tests.documents_helpers import full_ids, make_pack_world
from tests.scheduling_helpers import CUSTOMERS, TUESDAY


@pytest.fixture
def pack(db):
    return make_pack_world(db)


def test_teams_of_the_day_by_lead(db, pack):
    with db.session() as s:
        teams = briefing.teams_for_day(s, pack.world.coord, TUESDAY)
    by_lead = {t.lead.user_id: t.visits for t in teams}
    assert by_lead == {pack.lead_a: 3, pack.lead_b: 1}


def test_visitor_sees_and_prints_only_own_team(db, pack):
    visitor3 = pack.world.actors["visitor3"]
    with db.session() as s:
        assert [t.lead.user_id for t in briefing.teams_for_day(s, visitor3, TUESDAY)] == [
            pack.lead_b
        ]
        briefing.gather(s, visitor3, TUESDAY, team_lead_id=pack.lead_b)
        with pytest.raises(PermissionDenied, match="own visits"):
            briefing.gather(s, visitor3, TUESDAY, team_lead_id=pack.lead_a)


def test_other_branch_refused(db, pack):
    stranger = dataclasses.replace(pack.world.coord, branch_id=pack.world.branch_id + 99)
    with db.session() as s, pytest.raises(NotFound):
        # The query keeps to the actor's branch: nothing of this branch is visible.
        briefing.gather(s, stranger, TUESDAY, team_lead_id=pack.lead_a)


def test_briefing_follows_route_order_and_masks_ids(db, pack):
    with db.session() as s:
        data = briefing.gather(s, pack.world.coord, TUESDAY, team_lead_id=pack.lead_a)
    (team,) = data.teams
    assert [v.visit_id for v in team.visits] == pack.team_a
    assert [v.stop_no for v in team.visits] == [1, 2, 3]
    assert team.members[0].user_id == pack.lead_a
    assert len(team.members) == 2
    text = repr(data)
    assert not any(number in text for number in full_ids())
    first_customer = team.visits[2]  # customer 0, visited last
    assert first_customer.customer_name == CUSTOMERS[0][0]
    assert first_customer.id_masked.endswith(full_ids()[0][-4:])
    assert "*" in first_customer.phone  # no cipher given: masked
    assert first_customer.qr_payload == f"hvdesk:visit:{first_customer.visit_id}"
    assert briefing.parse_qr_payload(first_customer.qr_payload) == first_customer.visit_id
    assert briefing.parse_qr_payload("hvdesk:visit:x") is None


def test_briefing_history_promise_complaint_notice_household(db, pack):
    with db.session() as s:
        data = briefing.gather(s, pack.world.coord, TUESDAY, team_lead_id=pack.lead_a,
                               cipher=db.cipher)
    visit = data.teams[0].visits[2]
    assert visit.phone == "13912340000"
    assert [p.outcome for p in visit.previous_visits] == ["met_family"]
    assert visit.promises[0].amount is not None
    assert visit.complaints[0].text == "来访时间太早，影响家人休息"
    assert visit.notice_status == "delivered"
    assert "客户母亲（未透露借款信息）" in visit.household
    assert visit.days_past_due == 0 or visit.loans  # the customer row keeps the aggregate
    assert visit.loans[0].days_past_due == 35
    assert data.teams[0].visits[0].previous_visits == ()


def test_full_phones_only_for_those_who_may_see_them(db, pack):
    with db.session() as s:
        reviewer = briefing.gather(s, pack.world.actors["reviewer1"], TUESDAY,
                                   team_lead_id=pack.lead_a, cipher=db.cipher)
        visitor = briefing.gather(s, pack.world.actors["visitor1"], TUESDAY,
                                  team_lead_id=pack.lead_a, cipher=db.cipher)
    assert not reviewer.full_phones
    assert "*" in reviewer.teams[0].visits[2].phone
    assert visitor.full_phones
    assert visitor.teams[0].visits[2].phone == "13912340000"


def test_no_visits_is_a_clear_error(db, pack):
    with db.session() as s, pytest.raises(NotFound, match="no visits on 2026-12-03"):
        briefing.gather(s, pack.world.coord, TUESDAY.replace(day=3))


def test_report_must_be_approved(db, pack):
    with db.session() as s:
        with pytest.raises(visit_report.ReportNotApproved, match="submitted, not approved"):
            visit_report.gather(s, pack.world.coord, pack.team_b[0])
        with pytest.raises(NotFound, match="has no report"):
            visit_report.gather(s, pack.world.coord, pack.team_a[0])
        data = visit_report.gather(s, pack.world.coord, pack.past_visit)
    assert data.version == 1
    assert data.reviewer is not None and data.reviewer.name == "刘洋"
    assert data.approved_at is not None and data.approved_at.utcoffset() is not None


def test_schedules(db, pack):
    with db.session() as s:
        day = schedules.branch_day(s, pack.world.coord, TUESDAY)
        week = schedules.team_week(s, pack.world.coord, TUESDAY, pack.lead_a)
    assert [[r.visit_id for r in b.rows] for b in day.blocks] == [pack.team_a, pack.team_b] or [
        [r.visit_id for r in b.rows] for b in day.blocks
    ] == [pack.team_b, pack.team_a]
    assert all("*" in r.customer_masked for b in day.blocks for r in b.rows)
    assert [r.visit_id for b in week.blocks for r in b.rows] == pack.team_a
    assert week.last_day.toordinal() - week.title_day.toordinal() == 6


def test_record_output_audits_without_personal_data(db, pack):
    with db.begin() as s:
        common.record_output(s, pack.world.coord, "briefing_pack", "2026-12-01/lead=4", "print", 7)
        with pytest.raises(ValidationError):
            common.record_output(s, pack.world.coord, "poster", "x", "print", 1)
    with db.session() as s:
        row = s.scalars(select(AuditEvent).where(AuditEvent.entity == "document")).one()
    assert row.action == "print"
    assert row.detail == {"kind": "briefing_pack", "reference": "2026-12-01/lead=4",
                          "pages": 7, "output": "print"}


def test_print_needs_permission(db, pack, monkeypatch):
    # Every role prints today; a role without the permission must be refused.
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, Role.COORDINATOR, frozenset())
    with db.session() as s, pytest.raises(PermissionDenied, match="needs print"):
        briefing.teams_for_day(s, pack.world.coord, TUESDAY)
