"""Issue 18 part 2: the quiet-hours rule lifted only by recorded consent, and the database's
own checks (quiet hours, two visitors at commit) on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.model import AuditEvent, ConsentMethod, Visit, VisitConsent, VisitMember
from hvdesk.scheduling import service
from hvdesk.scheduling.consent import ConsentInput
from hvdesk.scheduling.violations import SchedulingRefused
from tests.scheduling_helpers import NOW, TUESDAY, WEDNESDAY, at, make_world

REASON = "the customer works late shifts (call of 30 Nov)"


@pytest.fixture
def world(db):
    return make_world(db)


def _consent(world, method=ConsentMethod.CALL_RECORDING, reference="REC-2026-1130-0042",
             given=NOW - dt.timedelta(hours=2), taken_by=None):
    return ConsentInput(method=method, given_at=given, reference=reference,
                        taken_by_id=taken_by or world.coord.user_id)


def _create(world, s, hour=23, minute=0, minutes=45, day=TUESDAY, **kw):
    start = at(day, hour, minute)
    return service.create_visit(
        s, world.coord, customer_id=world.customers[0], start=start,
        end=start + dt.timedelta(minutes=minutes), member_ids=world.team(0, 1),
        purpose="overdue", now=NOW, **kw,
    )


# --- the service ----------------------------------------------------------------------


def test_quiet_hours_refused_without_consent_and_the_tick_alone_is_not_enough(db, world):
    with pytest.raises(SchedulingRefused) as refused, db.begin() as s:
        _create(world, s, override_reason=REASON)
    assert "night_hours" in refused.value.codes
    with pytest.raises(ValidationError, match="consent recorded"), db.begin() as s:
        _create(world, s, customer_agreed_hours=True, override_reason="x")


def test_recorded_consent_lifts_quiet_hours_and_the_audit_names_the_rules(db, world):
    with db.begin() as s:
        view = _create(world, s, consent=_consent(world), override_reason=REASON)
    assert view.customer_agreed_hours
    with db.session() as s:
        visit = s.get(Visit, view.id)
        row = s.get(VisitConsent, visit.consent_id)
        assert row.method is ConsentMethod.CALL_RECORDING
        assert row.taken_by_id == world.coord.user_id
        assert (row.agreed_start, row.agreed_end) == (visit.planned_start, visit.planned_end)
        event = s.scalars(select(AuditEvent).where(AuditEvent.action == "override")).one()
    assert event.entity_id == str(view.id)
    assert event.detail["rules"] == ["night_hours", "outside_branch_hours"]
    assert event.detail["consent"]["method"] == "call_recording"
    assert event.detail["consent"]["taken_by"] == world.coord.user_id
    assert event.detail["reason"] == REASON


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reference": None}, "consent_reference"),
        ({"reference": "  "}, "consent_reference"),
        ({"method": ConsentMethod.SMS_REPLY, "reference": ""}, "consent_reference"),
        ({"method": "by pigeon"}, "consent_method"),
        ({"given": dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)}, "consent_given_at"),
        ({"given": NOW - dt.timedelta(days=120)}, "consent_given_at"),
        ({"taken_by": 999_999}, "consent_taken_by"),
    ],
)
def test_consent_is_validated(db, world, changes, field):
    with pytest.raises(ValidationError) as error, db.begin() as s:
        _create(world, s, consent=_consent(world, **changes), override_reason=REASON)
    assert error.value.field == field
    with db.session() as s:
        assert s.scalar(select(VisitConsent.id)) is None


def test_in_person_consent_needs_no_reference(db, world):
    consent = _consent(world, method=ConsentMethod.IN_PERSON, reference=None)
    with db.begin() as s:
        view = _create(world, s, hour=7, minute=0, consent=consent, override_reason=REASON)
    assert view.customer_agreed_hours


def test_a_visitor_may_not_lift_quiet_hours(db, world):
    visitor = world.actors["visitor1"]
    start = at(TUESDAY, 23)
    with pytest.raises(PermissionDenied), db.begin() as s:
        service.create_visit(
            s, visitor, customer_id=world.customers[0], start=start,
            end=start + dt.timedelta(minutes=30), member_ids=world.team(0, 1),
            purpose="overdue", now=NOW, consent=_consent(world), override_reason=REASON,
        )


def test_daytime_visit_stores_no_consent(db, world):
    with db.begin() as s:
        view = _create(world, s, hour=10, consent=_consent(world))
    assert not view.customer_agreed_hours
    with db.session() as s:
        assert s.scalar(select(VisitConsent.id)) is None


def test_moving_out_of_the_consented_time_needs_new_consent(db, world):
    with db.begin() as s:
        view = _create(world, s, consent=_consent(world), override_reason=REASON)
    with pytest.raises(SchedulingRefused) as refused, db.begin() as s:
        service.move_visit(s, world.coord, view.id, at(WEDNESDAY, 23), now=NOW,
                           override_reason=REASON)
    assert "night_hours" in refused.value.codes
    with db.begin() as s:
        moved = service.move_visit(s, world.coord, view.id, at(WEDNESDAY, 23), now=NOW,
                                   override_reason=REASON, consent=_consent(world))
    with db.session() as s:
        assert s.scalar(select(Visit.consent_id).where(Visit.id == moved.id)) != s.scalar(
            select(VisitConsent.id).order_by(VisitConsent.id).limit(1))


# --- the database ---------------------------------------------------------------------


def _lit(db, moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.UTC)
    if db.is_sqlite:
        return utc.strftime("%Y-%m-%d %H:%M:%S.%f")
    return utc.strftime("%Y-%m-%d %H:%M:%S+00")


def _raw_visit(db, conn, world, start, *, consent_id=None, members=(0, 1), status="planned"):
    end = start + dt.timedelta(minutes=45)
    false = "0" if db.is_sqlite else "false"
    consent = "NULL" if consent_id is None else str(consent_id)
    conn.execute(text(
        "INSERT INTO visit (branch_id, customer_id, purpose, address, planned_start, planned_end, "
        "status, customer_agreed_hours, consent_id, created_at, version) VALUES "
        f"({world.branch_id}, {world.customers[0]}, 'overdue', 'x', '{_lit(db, start)}', "
        f"'{_lit(db, end)}', '{status}', {false}, {consent}, '{_lit(db, NOW)}', 1)"
    ))
    vid = conn.execute(text("SELECT max(id) FROM visit")).scalar()
    for pos, k in enumerate(members):
        conn.execute(text(
            "INSERT INTO visit_member (visit_id, user_id, is_lead, position) VALUES "
            f"({vid}, {world.visitors[k]}, {false if pos else ('1' if db.is_sqlite else 'true')}, "
            f"{pos})"
        ))
    return vid


def _raw_consent(db, conn, world, start, minutes=45):
    conn.execute(text(
        "INSERT INTO visit_consent (customer_id, method, reference, given_at, taken_by_id, "
        "agreed_start, agreed_end, recorded_at) VALUES "
        f"({world.customers[0]}, 'call_recording', 'REC-1', '{_lit(db, NOW)}', "
        f"{world.coord.user_id}, '{_lit(db, start)}', "
        f"'{_lit(db, start + dt.timedelta(minutes=minutes))}', '{_lit(db, NOW)}')"
    ))
    return conn.execute(text("SELECT max(id) FROM visit_consent")).scalar()


def _visits(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM visit")).scalar()


@pytest.mark.parametrize(("hour", "minute"), [(23, 0), (7, 30), (21, 30), (0, 10)])
def test_raw_insert_in_quiet_hours_without_consent_is_refused(db, world, hour, minute):
    with pytest.raises(DBAPIError, match="quiet hours"), db.engine.begin() as conn:
        _raw_visit(db, conn, world, at(TUESDAY, hour, minute))
    assert _visits(db) == 0


def test_raw_insert_in_daytime_is_accepted(db, world):
    with db.engine.begin() as conn:
        _raw_visit(db, conn, world, at(TUESDAY, 14))
    assert _visits(db) == 1


def test_raw_insert_with_covering_consent_is_accepted_and_other_consents_are_not(db, world):
    start = at(TUESDAY, 23)
    with db.engine.begin() as conn:
        consent = _raw_consent(db, conn, world, start)
        _raw_visit(db, conn, world, start, consent_id=consent)
    assert _visits(db) == 1
    with pytest.raises(DBAPIError, match="quiet hours"), db.engine.begin() as conn:
        # The consent covers Tuesday 23:00, not Wednesday.
        _raw_visit(db, conn, world, at(WEDNESDAY, 23), consent_id=consent)
    with pytest.raises(DBAPIError, match="quiet hours"), db.engine.begin() as conn:
        conn.execute(text(f"UPDATE visit SET planned_end = '{_lit(db, at(WEDNESDAY, 0, 30))}'"))
    assert _visits(db) == 1


def test_consent_is_evidence_the_database_keeps(db, world):
    with db.engine.begin() as conn:
        consent = _raw_consent(db, conn, world, at(TUESDAY, 23))
    for statement in (f"DELETE FROM visit_consent WHERE id = {consent}",
                      f"UPDATE visit_consent SET given_at = '{_lit(db, NOW)}'"):
        with pytest.raises(DBAPIError, match="evidence"), db.engine.begin() as conn:
            conn.execute(text(statement))


def test_raw_insert_with_one_visitor_is_refused_at_commit(db, world):
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        _raw_visit(db, conn, world, at(TUESDAY, 14), members=(0,))
    assert _visits(db) == 0
    # A cancelled visit keeps whatever team it had.
    with db.engine.begin() as conn:
        _raw_visit(db, conn, world, at(TUESDAY, 14), members=(0,), status="cancelled")
    assert _visits(db) == 1


def test_removing_the_second_visitor_of_a_planned_visit_is_refused_at_commit(db, world):
    with db.begin() as s:
        view = _create(world, s, hour=10)
    with pytest.raises(DBAPIError), db.engine.begin() as conn:
        conn.execute(text(
            f"DELETE FROM visit_member WHERE visit_id = {view.id} "
            f"AND user_id = {world.visitors[1]}"))
    # Swapping a member (add one, then remove one) in one transaction is fine.
    with db.engine.begin() as conn:
        false = "0" if db.is_sqlite else "false"
        conn.execute(text(
            "INSERT INTO visit_member (visit_id, user_id, is_lead, position) VALUES "
            f"({view.id}, {world.visitors[2]}, {false}, 2)"))
        conn.execute(text(
            f"DELETE FROM visit_member WHERE visit_id = {view.id} "
            f"AND user_id = {world.visitors[1]}"))
    with db.session() as s:
        members = s.scalars(select(VisitMember.user_id).where(VisitMember.visit_id == view.id))
        assert sorted(members) == sorted([world.visitors[0], world.visitors[2]])


def test_reassigning_through_the_service_passes_the_commit_check(db, world):
    with db.begin() as s:
        view = _create(world, s, hour=10)
    with db.begin() as s:
        service.reassign_visit(s, world.coord, view.id, world.team(2, 3), now=NOW)
    with db.begin() as s:
        service.cancel_visit(s, world.coord, view.id, "customer moved")
