"""The scheduling service on SQLite and PostgreSQL: writes, life cycle, bookings, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hvdesk.errors import NotFound, PermissionDenied, StaleEdit, ValidationError
from hvdesk.model import (
    AuditEvent,
    ReportStatus,
    Visit,
    VisitBooking,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.scheduling import bookings, dayroute, leave, service
from hvdesk.scheduling.context import load_context
from hvdesk.scheduling.violations import SchedulingRefused
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import NOW, THURSDAY, TUESDAY, WEDNESDAY, at, make_world

S = VisitStatus


@pytest.fixture
def world(db):
    return make_world(db)


def _create(world, s, customer=0, day=TUESDAY, hour=9, team=(0, 1), minutes=60, **kw):
    start = at(day, hour)
    return service.create_visit(
        s,
        world.coord,
        customer_id=world.customers[customer],
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        member_ids=world.team(*team),
        purpose=VisitPurpose.OVERDUE,
        now=NOW,
        **kw,
    )


def _bookings(db, visit_id):
    with db.session() as s:
        return s.execute(
            select(VisitBooking.user_id, VisitBooking.active)
            .where(VisitBooking.visit_id == visit_id)
            .order_by(VisitBooking.user_id)
        ).all()


def test_create_saves_visit_team_and_bookings(world, db):
    with db.begin() as s:
        view = _create(world, s)
    assert view.status is S.PLANNED
    assert view.member_ids == tuple(world.team())
    assert view.lead_id == world.visitors[0]
    with db.session() as s:
        visit = s.get(Visit, view.id)
        assert visit.address == "四川省成都市测试路1号"  # the registered address by default
        assert visit.created_by_id == world.coord.user_id
        lead = s.scalar(
            select(VisitMember.user_id).where(VisitMember.visit_id == view.id, VisitMember.is_lead)
        )
        assert lead == world.visitors[0]
        actions = s.execute(
            select(AuditEvent.action, AuditEvent.entity).where(AuditEvent.actor_login == "coord1")
        ).all()
    assert ("create", "visit") in actions
    assert actions.count(("create", "visit_member")) == 2
    assert _bookings(db, view.id) == [(world.visitors[0], True), (world.visitors[1], True)]


def test_refusal_lists_every_violation_and_saves_nothing(world, db):
    with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
        service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[0],
            start=at(TUESDAY, 21, 30),
            end=at(TUESDAY, 22, 30),
            member_ids=[world.visitors[0]],
            purpose=VisitPurpose.CARE,
            now=NOW,
        )
    assert set(exc.value.codes) == {"night_hours", "outside_branch_hours", "team_too_small"}
    with db.session() as s:
        assert s.scalar(select(Visit.id)) is None


def test_move_keeps_length_and_updates_bookings(world, db):
    with db.begin() as s:
        view = _create(world, s)
    with db.begin() as s:
        moved = service.move_visit(
            s, world.coord, view.id, at(WEDNESDAY, 14), expected_version=view.version, now=NOW
        )
    assert moved.start == at(WEDNESDAY, 14)
    assert moved.end == at(WEDNESDAY, 15)
    assert moved.version == view.version + 1
    with db.session() as s:
        row = s.execute(
            select(VisitBooking.starts_at, VisitBooking.ends_at).where(
                VisitBooking.visit_id == view.id
            )
        ).first()
    assert row == (at(WEDNESDAY, 14), at(WEDNESDAY, 15))


def test_moving_a_notified_visit_needs_a_new_notice(world, db):
    with db.begin() as s:
        view = _create(world, s)
        service.set_status(s, world.coord, view.id, S.NOTIFIED)
    with db.begin() as s:
        moved = service.move_visit(s, world.coord, view.id, at(WEDNESDAY, 10), now=NOW)
    assert moved.status is S.PLANNED
    assert moved.renotify


def test_resize_and_reassign(world, db):
    with db.begin() as s:
        view = _create(world, s)
    with db.begin() as s:
        resized = service.resize_visit(s, world.coord, view.id, end=at(TUESDAY, 11), now=NOW)
    assert (resized.start, resized.end) == (at(TUESDAY, 9), at(TUESDAY, 11))
    with db.begin() as s:
        team = [world.visitors[1], world.visitors[2]]
        reassigned = service.reassign_visit(s, world.coord, view.id, team, now=NOW)
    assert reassigned.member_ids == tuple(team)
    assert reassigned.version > resized.version
    assert _bookings(db, view.id) == [(world.visitors[1], True), (world.visitors[2], True)]


def test_stale_version_is_refused(world, db):
    with db.begin() as s:
        view = _create(world, s)
    with db.begin() as s:
        service.move_visit(s, world.coord, view.id, at(WEDNESDAY, 10), now=NOW)
    with pytest.raises(StaleEdit, match="another desk"), db.begin() as s:
        service.move_visit(
            s, world.coord, view.id, at(THURSDAY, 10), expected_version=view.version, now=NOW
        )


def test_cancel_needs_a_reason_frees_the_slot_and_counts_no_more(world, db):
    with db.begin() as s:
        view = _create(world, s)
    with pytest.raises(ValidationError, match="why"), db.begin() as s:
        service.cancel_visit(s, world.coord, view.id, "  ")
    with db.begin() as s:
        cancelled = service.cancel_visit(s, world.coord, view.id, "客户来电改约")
    assert cancelled.status is S.CANCELLED
    assert _bookings(db, view.id) == [(world.visitors[0], False), (world.visitors[1], False)]
    with db.begin() as s:
        again = _create(world, s)  # the same team, the same slot: free again
    assert again.id != view.id
    with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
        service.move_visit(s, world.coord, view.id, at(THURSDAY, 10), now=NOW)
    assert exc.value.violations[0].message == "A cancelled visit cannot be moved."


def test_status_transitions(world, db):
    with db.begin() as s:
        view = _create(world, s)
    with (
        pytest.raises(SchedulingRefused, match="A planned visit cannot be marked in progress"),
        db.begin() as s,
    ):
        service.set_status(s, world.coord, view.id, S.IN_PROGRESS)
    with db.begin() as s:
        for status in (S.NOTIFIED, S.CONFIRMED, S.IN_PROGRESS):
            assert service.set_status(s, world.coord, view.id, status).status is status
    with pytest.raises(ValidationError), db.begin() as s:
        service.set_status(s, world.coord, view.id, S.COMPLETED)


def test_completion_needs_a_submitted_report(world, db):
    with db.begin() as s:
        view = _create(world, s)
    with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
        service.complete_visit(s, world.coord, view.id)
    assert exc.value.codes == ["invalid_transition", "report_missing"]
    assert "report: none" in str(exc.value)
    with db.begin() as s:
        for status in (S.NOTIFIED, S.IN_PROGRESS):
            service.set_status(s, world.coord, view.id, status)
        audit.bind_actor(s, SYSTEM)
        s.add(VisitReport(visit_id=view.id, author_id=world.visitors[0], status=ReportStatus.DRAFT))
    visitor = world.actors["visitor1"]
    with pytest.raises(SchedulingRefused, match=r"report: draft"), db.begin() as s:
        service.complete_visit(s, visitor, view.id)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        report = s.scalar(select(VisitReport).where(VisitReport.visit_id == view.id))
        report.status = ReportStatus.SUBMITTED
    with db.begin() as s:
        done = service.complete_visit(s, visitor, view.id)  # a team member may close it
    assert done.status is S.COMPLETED
    with pytest.raises(PermissionDenied), db.begin() as s:
        service.complete_visit(s, world.actors["visitor3"], view.id)


def test_permissions_and_branch(world, db):
    with pytest.raises(PermissionDenied), db.begin() as s:
        service.create_visit(
            s,
            world.actors["visitor1"],
            customer_id=world.customers[0],
            start=at(TUESDAY, 9),
            end=at(TUESDAY, 10),
            member_ids=world.team(),
            purpose=VisitPurpose.CARE,
            now=NOW,
        )
    with pytest.raises(NotFound), db.begin() as s:
        service.create_visit(
            s,
            world.coord,
            customer_id=99999,
            start=at(TUESDAY, 9),
            end=at(TUESDAY, 10),
            member_ids=world.team(),
            purpose=VisitPurpose.CARE,
            now=NOW,
        )
    with pytest.raises(ValidationError, match="time zone"), db.begin() as s:
        service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[0],
            start=dt.datetime(2026, 12, 1, 9),
            end=dt.datetime(2026, 12, 1, 10),
            member_ids=world.team(),
            purpose=VisitPurpose.CARE,
            now=NOW,
        )


def test_check_visit_with_a_preloaded_context_runs_no_query(world, db):
    with db.begin() as s:
        booked = _create(world, s)
    with db.session() as s:
        ctx = load_context(
            s,
            world.branch_id,
            at(TUESDAY, 0),
            at(THURSDAY, 23),
            customer_ids=world.customers,
            now=NOW,
        )
    statements = []

    def count(*_args):
        statements.append(1)

    from sqlalchemy import event  # noqa: PLC0415

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.session() as s:
            found = service.check_visit(
                s,
                world.coord,
                customer_id=world.customers[1],
                start=at(TUESDAY, 9, 30),
                end=at(TUESDAY, 10, 30),
                member_ids=world.team(),
                context=ctx,
            )
            free = service.check_visit(
                s,
                world.coord,
                customer_id=world.customers[0],
                start=at(TUESDAY, 9, 30),
                end=at(TUESDAY, 10, 30),
                member_ids=world.team(),
                visit_id=booked.id,
                notice_lead=False,
                context=ctx,
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert statements == []
    assert [v.code for v in found] == ["visitor_busy"]
    assert free == []


def test_booking_table_refuses_overlap_itself(world, db):
    """The database's own guard, below the Python check (trigger / exclusion constraint)."""
    with db.begin() as s:
        first = _create(world, s)
        second = _create(world, s, day=WEDNESDAY, team=(2, 3))
    row = {
        "visit_id": second.id,
        "user_id": world.visitors[0],
        "starts_at": at(TUESDAY, 9, 30),
        "ends_at": at(TUESDAY, 10, 30),
    }
    with pytest.raises(IntegrityError) as exc, db.begin() as s:
        s.execute(bookings.TABLE.insert().values(**row, active=True))
    assert bookings.is_overlap_error(exc.value)
    with db.begin() as s:  # an inactive row may overlap
        s.execute(bookings.TABLE.insert().values(**row, active=False))
    with pytest.raises(IntegrityError) as exc, db.begin() as s:
        s.execute(
            bookings.TABLE.update()
            .where(
                bookings.TABLE.c.visit_id == second.id,
                bookings.TABLE.c.user_id == world.visitors[0],
            )
            .values(active=True)
        )
    assert bookings.is_overlap_error(exc.value)
    # Touching end to start is not an overlap.
    with db.begin() as s:
        s.execute(
            bookings.TABLE.update()
            .where(
                bookings.TABLE.c.visit_id == second.id,
                bookings.TABLE.c.user_id == world.visitors[0],
            )
            .values(starts_at=at(TUESDAY, 10), ends_at=at(TUESDAY, 11), active=True)
        )
    assert first.end == at(TUESDAY, 10)


def test_database_refusal_becomes_a_violation(world, db, monkeypatch):
    """When the Python check misses a clash (another desk), the database's refusal reads well."""
    with db.begin() as s:
        _create(world, s)
    monkeypatch.setattr(service, "evaluate", lambda _ctx, _p: [])
    with pytest.raises(SchedulingRefused) as exc, db.begin() as s:
        _create(world, s, customer=1, hour=9)
    assert exc.value.codes == ["booked_elsewhere"]
    assert "张伟 (visitor1) and 刘强 (visitor2): booked for the same time" in str(exc.value)


def test_rebuild_all_bookings(world, db):
    with db.begin() as s:
        a = _create(world, s)
        _create(world, s, customer=1, day=WEDNESDAY)
        service.cancel_visit(s, world.coord, a.id, "不需要了")
    with db.begin() as s:
        assert bookings.rebuild_all(s) == 4
    assert _bookings(db, a.id) == [(world.visitors[0], False), (world.visitors[1], False)]


def test_day_route_suggested_order_and_saving_it(world, db):
    # Customers 6 (far out), 0 and 1 (near the branch), booked in a wasteful order.
    with db.begin() as s:
        views = [
            _create(world, s, customer=0, hour=9),
            _create(world, s, customer=6, hour=12),
            _create(world, s, customer=1, hour=15),
        ]
        for fixed in (views[0], views[2]):  # these customers were told their time
            service.set_status(s, world.coord, fixed.id, S.NOTIFIED)
    visitor = world.visitors[0]
    with db.session() as s:
        planned = dayroute.day_route(s, world.coord, visitor, TUESDAY)
        better = dayroute.suggest_order(s, world.coord, visitor, TUESDAY)
    assert [st.visit_id for st in planned.stops] == [v.id for v in views]
    assert len(planned.leg_km) == len(planned.leg_minutes) == 4
    assert planned.stops[1].customer_masked == "欧阳**"
    assert planned.stops[0].fixed and not planned.stops[1].fixed
    assert better.total_km < planned.total_km
    order = [st.visit_id for st in better.stops]
    assert order.index(views[0].id) < order.index(views[2].id)  # told 09:00, then 15:00
    with db.begin() as s:
        dayroute.apply_order(s, world.coord, [st.visit_id for st in better.stops])
    with db.session() as s:
        orders = dict(s.execute(select(Visit.id, Visit.route_order)).all())
    assert [orders[st.visit_id] for st in better.stops] == [1, 2, 3]


def test_leave_is_recorded_and_blocks_booking(world, db):
    with pytest.raises(ValidationError, match="reason"), db.begin() as s:
        leave.add_leave(s, world.coord, world.visitors[1], TUESDAY, TUESDAY, " ")
    with pytest.raises(ValidationError, match="ends before"), db.begin() as s:
        leave.add_leave(s, world.coord, world.visitors[1], WEDNESDAY, TUESDAY, "病假")
    with db.begin() as s:
        row = leave.add_leave(s, world.coord, world.visitors[1], TUESDAY, WEDNESDAY, "病假")
    with pytest.raises(SchedulingRefused, match=r"刘强 \(visitor2\) is on leave"), db.begin() as s:
        _create(world, s)
    with db.session() as s:
        assert leave.list_leaves(s, world.coord, TUESDAY, TUESDAY) == [row]
    with db.begin() as s:
        leave.remove_leave(s, world.coord, row.id)
    with db.begin() as s:
        assert _create(world, s).status is S.PLANNED
