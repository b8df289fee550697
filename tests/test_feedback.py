"""Customer feedback after a visit and complaint cases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.model import AuditEvent, Customer
from hvdesk.scheduling import service as scheduling
from hvdesk.visitreports import (
    complaint_cases,
    feedback_for_visit,
    open_report,
    parse_sms_reply,
    record_feedback,
    resolve_complaint,
    save_draft,
    submit,
)
from tests.scheduling_helpers import make_world
from tests.visitreport_helpers import full_data, make_visit


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.fixture
def done(world, db):
    vid = make_visit(world)
    v1 = world.actors["visitor1"]
    with db.begin() as s:
        rid = open_report(s, v1, vid).id
        save_draft(s, v1, rid, full_data())
        submit(s, v1, rid)
        scheduling.complete_visit(s, v1, vid)
    return vid


def test_survey_answer_is_recorded(world, db, done):
    with db.begin() as s:
        fb = record_feedback(s, world.coord, done, 5, True, "很有礼貌", "call")
    assert (fb.satisfaction, fb.felt_respected, fb.comment, fb.complaint_id) == (
        5, True, "很有礼貌", None)
    with db.session() as s:
        assert [f.id for f in feedback_for_visit(s, world.actors["manager1"], done)] == [fb.id]


def test_feedback_refusals(world, db, done):
    open_visit = make_visit(world, customer=1, hour=14)
    cases = [
        (world.actors["visitor1"], done, 5, "call", PermissionDenied),
        (world.coord, done, 6, "call", ValidationError),
        (world.coord, done, 4, "letter", ValidationError),
        (world.coord, open_visit, 4, "call", ValidationError),  # not completed yet
    ]
    for actor, vid, score, channel, error in cases:
        with pytest.raises(error), db.begin() as s:
            record_feedback(s, actor, vid, score, True, None, channel)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="empty"), db.begin() as s:
        record_feedback(s, world.coord, done, None, None, " ", "sms")


@pytest.mark.parametrize(
    ("reply", "parsed"),
    [
        ("5 是 很好", (5, True, "很好")),
        ("４，否，态度不好", (4, False, "态度不好")),
        ("2", (2, None, None)),
        ("谢谢", (None, None, "谢谢")),
        ("10 yes", (None, None, "10 yes")),
    ],
)
def test_sms_replies_are_parsed(reply, parsed):
    assert parse_sms_reply(reply) == parsed


def test_complaint_opens_a_case_and_upheld_sets_do_not_visit(world, db, done):
    manager = world.actors["manager1"]
    with db.begin() as s:
        fb = record_feedback(s, world.coord, done, 1, False, None, "sms",
                             complaint="上门人员在邻居面前提到欠款", owner_id=manager.user_id)
    assert fb.complaint_id is not None
    with db.begin() as s:
        cases = complaint_cases(s, manager)
    assert len(cases) == 1
    case = cases[0]
    assert (case.owner, case.status, case.customer_name) == ("陈刚", "open", "张三")
    assert case.due == fb.received_at.date() + dt.timedelta(days=7)
    with db.begin() as s:
        assert complaint_cases(s, world.actors["visitor1"]) == []  # sees own cases only
    with pytest.raises(ValidationError), db.begin() as s:
        resolve_complaint(s, manager, case.id, False, "查无此事", set_do_not_visit=True)
    with pytest.raises(ValidationError), db.begin() as s:
        resolve_complaint(s, manager, case.id, True, "")
    with db.begin() as s:
        closed = resolve_complaint(s, manager, case.id, True, "属实，已致歉", set_do_not_visit=True)
    assert (closed.status, closed.do_not_visit_set) == ("upheld", True)
    with db.session() as s:
        customer = s.get(Customer, world.customers[0])
        assert customer.do_not_visit
        assert complaint_cases(s, manager) == []
        assert [c.id for c in complaint_cases(s, manager, open_only=False)] == [case.id]
        trail = s.scalars(select(AuditEvent).where(AuditEvent.entity == "customer")).all()
    assert any(e.detail.get("do_not_visit") == {"from": False, "to": True} for e in trail)
    with pytest.raises(ValidationError, match="already"), db.begin() as s:
        resolve_complaint(s, manager, case.id, False, "again")


def test_owner_may_resolve_their_case_but_not_stop_visits(world, db, done):
    coord = world.coord
    with db.begin() as s:
        fb = record_feedback(s, coord, done, 2, False, None, "call", complaint="来得太早",
                             due=dt.date(2026, 12, 31))
    case_id = fb.complaint_id
    assert case_id is not None
    with db.begin() as s:
        mine = complaint_cases(s, world.actors["coord2"])
    assert mine == []
    with pytest.raises(PermissionDenied), db.begin() as s:
        resolve_complaint(s, world.actors["coord2"], case_id, False, "x")
    with pytest.raises(PermissionDenied), db.begin() as s:
        resolve_complaint(s, coord, case_id, True, "属实", set_do_not_visit=True)
    with db.begin() as s:
        assert resolve_complaint(s, coord, case_id, False, "按约定时间").status == "rejected"
