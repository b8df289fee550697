"""Issue 16.7: an approval taken back for a short while, and the last approved revision
printable while an amendment is under way (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hvdesk import clock
from hvdesk.documents import lookup, visit_report
from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.model import AuditEvent, ReportStatus
from hvdesk.security.roles import Role
from hvdesk.visitreports import (
    ReportRefused,
    amend,
    approve,
    history,
    open_report,
    save_draft,
    submit,
    undo_approval,
)
from hvdesk.visitreports.service import UNDO_APPROVAL
from tests.scheduling_helpers import make_world
from tests.visitreport_helpers import full_data, make_user, make_visit

R = ReportStatus


@pytest.fixture
def world(db):
    return make_world(db)


@pytest.fixture
def visit(world):
    return make_visit(world)


def _submitted(world, visit, notes: str = "") -> int:
    v1 = world.actors["visitor1"]
    with world.db.begin() as s:
        rid = open_report(s, v1, visit).id
        save_draft(s, v1, rid, full_data(notes=notes))
        submit(s, v1, rid)
    return rid


def test_the_reviewer_takes_an_approval_back_for_a_short_while(world, db, visit):
    rid = _submitted(world, visit)
    rev = world.actors["reviewer1"]
    other = make_user(db, "reviewer_b", Role.REVIEWER, world.branch_id, "王审")
    start = clock.now()
    with clock.pinned(start), db.begin() as s:
        approve(s, rev, rid, comment="同意")
    with clock.pinned(start + dt.timedelta(seconds=5)):
        with pytest.raises(PermissionDenied, match="only its reviewer"), db.begin() as s:
            undo_approval(s, other, rid)
        with pytest.raises(PermissionDenied), db.begin() as s:
            undo_approval(s, world.actors["visitor1"], rid)
        with db.begin() as s:
            back = undo_approval(s, rev, rid)
    assert back.status is R.SUBMITTED
    assert back.reviewer is None and back.review_comment is None
    with pytest.raises(ReportRefused, match="only an approval"), db.begin() as s:
        undo_approval(s, rev, rid)
    with db.session() as s:
        steps = [e.action for e in history(s, rev, rid)[-1].events]
        audited = s.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "visit_report", AuditEvent.entity_id == str(rid))).all()
    assert steps[-2:] == ["approved", "approval_undone"]
    assert "report.approval_undone" in audited
    # Approved again, the undo is refused once the window has passed: amend instead.
    with clock.pinned(start), db.begin() as s:
        approve(s, other, rid)
    with clock.pinned(start + UNDO_APPROVAL + dt.timedelta(seconds=1)), \
            pytest.raises(ReportRefused, match="amend it instead"), db.begin() as s:
        undo_approval(s, other, rid)


def test_last_approved_revision_prints_while_amended(world, db, visit):
    rid = _submitted(world, visit, notes="第一版")
    rev, v1, coord = world.actors["reviewer1"], world.actors["visitor1"], world.coord
    with db.session() as s, pytest.raises(visit_report.ReportNotApproved):
        visit_report.gather(s, coord, visit)
    with db.begin() as s:
        approve(s, rev, rid, comment="同意")
    with db.begin() as s:
        amend(s, v1, rid, "承诺金额记错")
        save_draft(s, v1, rid, full_data(notes="第二版草稿"))
    with db.session() as s:
        assert lookup.report_status(s, coord, visit) is R.APPROVED  # "Visit report PDF" on
        printed = visit_report.gather(s, coord, visit)
        by_number = visit_report.gather(s, coord, visit, revision=1)
        with pytest.raises(visit_report.ReportNotApproved):
            visit_report.gather(s, coord, visit, revision=2)
        with pytest.raises(NotFound, match="no approved revision 7"):
            visit_report.gather(s, coord, visit, revision=7)
    assert printed == by_number
    assert printed.version == 1
    assert printed.findings == "第一版"
    assert printed.review_comment == "同意"
    assert printed.reviewer is not None and printed.reviewer.name == "刘洋"
    assert printed.author.name == "张伟"
    with db.begin() as s:
        submit(s, v1, rid)
        approve(s, rev, rid)
    with db.session() as s:
        assert visit_report.gather(s, coord, visit).findings == "第二版草稿"
        assert visit_report.gather(s, coord, visit).version == 2
        assert visit_report.gather(s, coord, visit, revision=1).findings == "第一版"
