"""The report workflow on SQLite and PostgreSQL: every transition and every refusal."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from hvdesk.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from hvdesk.model import AuditEvent, ReportOutcome, ReportStatus, VisitStatus
from hvdesk.scheduling import service as scheduling
from hvdesk.scheduling.violations import SchedulingRefused
from hvdesk.security.roles import Role
from hvdesk.visitreports import (
    ReportData,
    ReportInvalid,
    ReportRefused,
    amend,
    approve,
    field_errors,
    get_report,
    history,
    open_report,
    report_for_visit,
    report_states,
    required_fields,
    return_report,
    review_queue,
    save_draft,
    submit,
)
from tests.scheduling_helpers import make_world
from tests.visitreport_helpers import add_member, full_data, make_user, make_visit

R = ReportStatus


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.fixture
def visit(world):
    return make_visit(world)


def _a(world, login):
    return world.actors[login]


def _submitted(world, visit, data=None):
    db = world.db
    with db.begin() as s:
        rid = open_report(s, _a(world, "visitor1"), visit).id
        save_draft(s, _a(world, "visitor1"), rid, data or full_data())
        submit(s, _a(world, "visitor1"), rid)
    return rid


def test_open_creates_one_draft_per_visit(world, db, visit):
    with db.begin() as s:
        first = open_report(s, _a(world, "visitor1"), visit)
    assert first.status is R.DRAFT
    assert first.revision == 1
    assert first.author == "张伟"
    assert first.team == ("张伟", "刘强")
    assert first.editable
    assert first.data == ReportData()
    with db.begin() as s:
        again = open_report(s, _a(world, "visitor2"), visit)
        assert again.id == first.id
        found = report_for_visit(s, _a(world, "reviewer1"), visit)
        assert found is not None
        assert found.id == first.id


def test_who_may_open_a_report(world, db, visit):
    with pytest.raises(PermissionDenied, match="not in the team"), db.begin() as s:
        open_report(s, _a(world, "visitor3"), visit)
    with pytest.raises(PermissionDenied, match=r"report\.write"), db.begin() as s:
        open_report(s, _a(world, "reviewer1"), visit)
    with pytest.raises(NotFound), db.begin() as s:
        open_report(s, _a(world, "visitor1"), 99999)
    with db.begin() as s:
        typed = open_report(s, world.coord, visit)  # typing up the paper sheet
    # In the team's name (the lead's), not the coordinator's (issue 16).
    assert typed.author == "张伟"
    with db.begin() as s:
        assert get_report(s, _a(world, "manager1"), typed.id).id == typed.id
        with pytest.raises(PermissionDenied):
            get_report(s, _a(world, "visitor3"), typed.id)


def test_report_states_in_one_call_leave_out_what_the_actor_may_not_read(world, db, visit):
    with db.begin() as s:
        assert report_states(s, _a(world, "visitor1"), [visit]) == {}
        draft = open_report(s, _a(world, "visitor1"), visit)
    with db.begin() as s:
        states = report_states(s, _a(world, "visitor1"), [visit, 99999])
        assert list(states) == [visit]
        assert states[visit].report_id == draft.id
        assert states[visit].status is R.DRAFT
        assert report_states(s, _a(world, "visitor3"), [visit]) == {}  # not in the team


def test_a_cancelled_visit_gets_no_report(world, db):
    vid = make_visit(world, started=False)
    with db.begin() as s:
        scheduling.cancel_visit(s, world.coord, vid, "客户要求")
    with pytest.raises(ReportRefused, match="cancelled"), db.begin() as s:
        open_report(s, _a(world, "visitor1"), vid)


def test_draft_saves_without_checking_required_fields(world, db, visit):
    v1 = _a(world, "visitor1")
    with db.begin() as s:
        rid = open_report(s, v1, visit).id
        view = save_draft(s, v1, rid, ReportData(outcome=ReportOutcome.MET_CUSTOMER, notes="a"))
    assert view.status is R.DRAFT
    assert view.required == required_fields(ReportOutcome.MET_CUSTOMER)
    with db.begin() as s:
        again = get_report(s, v1, rid)
    assert again.data == ReportData(outcome=ReportOutcome.MET_CUSTOMER, notes="a")
    data = full_data()
    assert data.arrived_at is not None
    with db.begin() as s:
        stored = save_draft(s, v1, rid, data)
    assert stored.data == data  # every field survives the round trip
    for bad in ({"ability_to_repay": 7}, {"household_size": -1},
                {"arrived_at": data.arrived_at.replace(tzinfo=None)},
                {"conduct": {"smiled": True}}):
        with pytest.raises(ValidationError), db.begin() as s:
            save_draft(s, v1, rid, dataclasses.replace(data, **bad))


def test_stale_draft_is_refused(world, db, visit):
    v1, v2 = _a(world, "visitor1"), _a(world, "visitor2")
    with db.begin() as s:
        opened = open_report(s, v1, visit)
    with db.begin() as s:
        save_draft(s, v2, opened.id, full_data(), expected_version=opened.lock_version)
    with pytest.raises(StaleEdit), db.begin() as s:
        save_draft(s, v1, opened.id, ReportData(), expected_version=opened.lock_version)


def test_required_fields_depend_on_the_outcome():
    met = required_fields(ReportOutcome.MET_CUSTOMER)
    nobody = required_fields(ReportOutcome.NOBODY_HOME)
    assert nobody == {"outcome", "arrived_at", "left_at"}
    assert nobody < met
    assert {"income_sources", "ability_to_repay", "conduct"} <= met
    assert field_errors(full_data()) == {}
    errors = field_errors(full_data(promise_date=None, conduct={"badge_shown": True}))
    assert set(errors) == {"promise_date", "conduct"}


def test_submit_refuses_an_incomplete_report_with_every_field(world, db, visit):
    v1 = _a(world, "visitor1")
    with db.begin() as s:
        rid = open_report(s, v1, visit).id
        save_draft(s, v1, rid, ReportData(outcome=ReportOutcome.MET_CUSTOMER))
    with pytest.raises(ReportInvalid) as exc, db.begin() as s:
        submit(s, v1, rid)
    assert set(exc.value.field_errors) == required_fields(ReportOutcome.MET_CUSTOMER) - {"outcome"}
    with db.begin() as s:
        save_draft(s, v1, rid, ReportData(outcome=ReportOutcome.NOBODY_HOME,
                                          arrived_at=full_data().arrived_at,
                                          left_at=full_data().left_at))
        done = submit(s, v1, rid)  # nobody home needs far less
    assert done.status is R.SUBMITTED
    assert done.submitted_at is not None


def test_submit_needs_the_visit_to_have_started(world, db):
    vid = make_visit(world, started=False)
    v1 = _a(world, "visitor1")
    with db.begin() as s:
        rid = open_report(s, v1, vid).id
        save_draft(s, v1, rid, full_data())
    with pytest.raises(ReportRefused, match="in progress"), db.begin() as s:
        submit(s, v1, rid)


def test_submitted_report_cannot_be_edited_or_submitted_again(world, db, visit):
    rid = _submitted(world, visit)
    v1 = _a(world, "visitor1")
    with pytest.raises(ReportRefused, match="submitted"), db.begin() as s:
        save_draft(s, v1, rid, full_data(notes="changed"))
    with pytest.raises(ReportRefused), db.begin() as s:
        submit(s, v1, rid)
    with pytest.raises(ReportRefused, match="only an approved"), db.begin() as s:
        amend(s, v1, rid, "typo")


def test_return_then_resubmit(world, db, visit):
    rid = _submitted(world, visit)
    rev = _a(world, "reviewer1")
    with pytest.raises(ValidationError), db.begin() as s:
        return_report(s, rev, rid, "  ")
    with pytest.raises(PermissionDenied), db.begin() as s:
        return_report(s, _a(world, "visitor2"), rid, "x")
    with pytest.raises(PermissionDenied), db.begin() as s:
        approve(s, _a(world, "manager1"), rid)
    with db.begin() as s:
        returned = return_report(s, rev, rid, "请补充收入证明")
    assert returned.status is R.RETURNED
    assert returned.review_comment == "请补充收入证明"
    assert returned.reviewer == "刘洋"
    assert not returned.editable  # for the reviewer
    with db.session() as s:
        assert get_report(s, _a(world, "visitor1"), rid).editable
        # Returned to the team: the coordinator does not rewrite it (issue 16).
        assert not get_report(s, world.coord, rid).editable
    with pytest.raises(PermissionDenied, match="returned to its team"), db.begin() as s:
        save_draft(s, world.coord, rid, full_data(notes="改写"))
    with pytest.raises(ReportRefused), db.begin() as s:
        approve(s, rev, rid)  # only a submitted report is reviewed
    with pytest.raises(ReportRefused), db.begin() as s:
        return_report(s, rev, rid, "again")
    v1 = _a(world, "visitor1")
    with db.begin() as s:
        save_draft(s, v1, rid, full_data(notes="已补充"))
        again = submit(s, v1, rid)
    assert again.status is R.SUBMITTED
    assert again.reviewer is None
    with db.begin() as s:
        queue = review_queue(s, rev)
    assert [q.report_id for q in queue] == [rid]
    assert queue[0].resubmitted
    with db.begin() as s:
        approved = approve(s, rev, rid)
    assert approved.status is R.APPROVED
    actions = [e.action for e in history_events(db, world, rid)]
    assert actions == ["created", "submitted", "returned", "resubmitted", "approved"]


def history_events(db, world, rid):
    with db.session() as s:
        return history(s, world.actors["manager1"], rid)[-1].events


def test_four_eyes_team_member_cannot_review(world, db, visit):
    rev2 = make_user(db, "reviewer2", Role.REVIEWER, world.branch_id, "赵敏")
    assert rev2.user_id is not None
    add_member(db, visit, rev2.user_id)
    rid = _submitted(world, visit)
    with pytest.raises(PermissionDenied, match="four eyes"), db.begin() as s:
        approve(s, rev2, rid)
    with pytest.raises(PermissionDenied, match="four eyes"), db.begin() as s:
        return_report(s, rev2, rid, "fix")
    with db.begin() as s:
        queue = {q.report_id: q for q in review_queue(s, rev2)}
    assert not queue[rid].can_review
    with db.begin() as s:
        assert review_queue(s, _a(world, "reviewer1"))[0].can_review
        assert approve(s, _a(world, "reviewer1"), rid).status is R.APPROVED


def test_four_eyes_author_cannot_approve(world, db, visit):
    admin = world.admin  # may write and review, but not both on one report
    with db.begin() as s:
        rid = open_report(s, admin, visit).id
        save_draft(s, admin, rid, full_data())
        submit(s, admin, rid)
    with pytest.raises(PermissionDenied, match="wrote report"), db.begin() as s:
        approve(s, admin, rid)


def test_reviewer_of_another_branch_is_refused(world, db, visit):
    other = make_user(db, "reviewer_x", Role.REVIEWER, None, "外审")
    rid = _submitted(world, visit)
    outsider = dataclasses.replace(other, branch_id=world.branch_id + 1000)
    with pytest.raises(PermissionDenied, match="another branch"), db.begin() as s:
        approve(s, outsider, rid)


def test_approved_report_is_locked_and_amended_by_a_new_revision(world, db, visit):
    rid = _submitted(world, visit)
    rev, v1 = _a(world, "reviewer1"), _a(world, "visitor1")
    with db.begin() as s:
        approve(s, rev, rid, comment="同意")
    with pytest.raises(ReportRefused, match="amend"), db.begin() as s:
        save_draft(s, v1, rid, full_data(notes="later change"))
    with pytest.raises(ReportRefused), db.begin() as s:
        submit(s, v1, rid)
    with pytest.raises(ReportRefused), db.begin() as s:
        approve(s, rev, rid)
    with pytest.raises(ValidationError), db.begin() as s:
        amend(s, v1, rid, "")
    with pytest.raises(PermissionDenied), db.begin() as s:
        amend(s, _a(world, "visitor3"), rid, "not mine")
    with db.begin() as s:
        amended = amend(s, v1, rid, "承诺金额记错")
    assert amended.status is R.DRAFT
    assert amended.revision == 2
    assert amended.amend_reason == "承诺金额记错"
    assert amended.reviewer is None
    with db.begin() as s:
        save_draft(s, v1, rid, full_data(notes="金额更正"))
        submit(s, v1, rid)
        approve(s, rev, rid)
    with db.session() as s:
        revisions = history(s, _a(world, "manager1"), rid)
    assert [(r.revision, r.status, r.current) for r in revisions] == [
        (1, R.APPROVED, False),
        (2, R.APPROVED, True),
    ]
    assert revisions[0].data == full_data()  # the first approval is kept as it was
    assert revisions[0].superseded_reason == "承诺金额记错"
    assert revisions[0].review_comment == "同意"
    assert revisions[1].data.notes == "金额更正"
    assert [e.action for e in revisions[1].events] == ["amended", "submitted", "approved"]


def test_completing_the_visit_needs_the_submitted_report(world, db, visit):
    v1 = _a(world, "visitor1")
    with db.begin() as s:
        rid = open_report(s, v1, visit).id
    with pytest.raises(SchedulingRefused, match="report: draft"), db.begin() as s:
        scheduling.complete_visit(s, v1, visit)
    with db.begin() as s:
        save_draft(s, v1, rid, full_data())
        submit(s, v1, rid)
    with db.begin() as s:
        assert scheduling.complete_visit(s, v1, visit).status is VisitStatus.COMPLETED


def test_review_queue_is_oldest_first_and_for_reviewers(world, db):
    first = make_visit(world, customer=0)
    second = make_visit(world, customer=1, hour=14)
    rid2 = _submitted(world, second)
    rid1 = _submitted(world, first)
    with db.begin() as s:
        queue = review_queue(s, _a(world, "reviewer1"))
        with pytest.raises(PermissionDenied):
            review_queue(s, _a(world, "visitor1"))
    assert [q.report_id for q in queue] == [rid2, rid1]
    assert queue[0].submitted_at <= queue[1].submitted_at
    # The one rule: a reviewer sees the masked name with the ID number's last four.
    assert queue[0].customer_name == "李四"  # named in full (domain.md "Who sees what")
    assert queue[0].age.total_seconds() >= 0
    assert not queue[0].resubmitted


def test_workflow_is_audited_without_figures(world, db, visit):
    rid = _submitted(world, visit)
    with db.begin() as s:
        approve(s, _a(world, "reviewer1"), rid)
    with db.session() as s:
        events = s.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    steps = [(e.action, e.actor_login) for e in events if e.action.startswith("report.")]
    assert steps == [("report.created", "visitor1"), ("report.submitted", "visitor1"),
                     ("report.approved", "reviewer1")]
    trail = " ".join(str(e.detail) for e in events)
    for secret in ("1500", "5200", "12000", "信用卡", "王丽"):
        assert secret not in trail
