"""The .ics export: parses with icalendar, stable UIDs, sequences, zones, masked summaries."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from sqlalchemy import select

from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.model import AuditEvent, VisitPurpose
from hvdesk.scheduling import ics, service
from tests.scheduling_helpers import (
    CUSTOMERS,
    NOW,
    TUESDAY,
    WEDNESDAY,
    at,
    id_number,
    make_world,
)


@pytest.fixture
def planned(db):
    world = make_world(db)
    views = []
    with db.begin() as s:
        for k, (customer, day, hour, team) in enumerate(
            [
                (0, TUESDAY, 9, (0, 1)),
                (6, TUESDAY, 14, (0, 1)),
                (3, WEDNESDAY, 10, (2, 3)),
                (1, WEDNESDAY, 15, (0, 2)),
            ]
        ):
            views.append(
                service.create_visit(
                    s,
                    world.coord,
                    customer_id=world.customers[customer],
                    start=at(day, hour),
                    end=at(day, hour, 50),
                    member_ids=world.team(*team),
                    purpose=(VisitPurpose.OVERDUE, VisitPurpose.PRE_LOAN)[k % 2],
                    now=NOW,
                )
            )
    return world, views


def _export(db, actor, team=(), first=TUESDAY, last=WEDNESDAY):
    with db.begin() as s:
        data, count = ics.export_ics(s, actor, first, last, team_logins=team)
    cal = icalendar.Calendar.from_ical(data)
    return data, count, {str(e["uid"]): e for e in cal.walk("VEVENT")}, cal


def test_file_parses_with_stable_uids_zones_and_masked_summaries(db, planned):
    world, views = planned
    data, count, events, cal = _export(db, world.coord)
    assert count == 4
    assert set(events) == {f"visit-{v.id}@cd01.hvdesk" for v in views}
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    first = events[f"visit-{views[0].id}@cd01.hvdesk"]
    start = first.decoded("dtstart")
    assert start == at(TUESDAY, 9)
    assert start.tzinfo is not None and start.utcoffset() == dt.timedelta(hours=8)
    assert first["dtstart"].params["TZID"] == "Asia/Shanghai"
    assert first.decoded("dtend") == at(TUESDAY, 9, 50)
    assert str(first["summary"]) == "张* · 武侯区 · 还款沟通"
    far = events[f"visit-{views[1].id}@cd01.hvdesk"]
    assert str(far["summary"]) == "欧阳** · 双流区 · 贷前核实"
    assert str(first["location"]) == "四川省成都市武侯区"
    assert "张伟(V0001, 组长)、刘强(V0002)" in str(first["description"])
    assert int(first["sequence"]) == views[0].version
    assert str(first["status"]) == "TENTATIVE"
    assert b"DTSTART;TZID=Asia/Shanghai:20261201T090000" in data


def test_no_full_id_or_phone_number_in_the_file(db, planned):
    world, _views = planned
    data, *_ = _export(db, world.coord)
    text = data.decode()
    for k, (name, *_rest) in enumerate(CUSTOMERS):
        assert id_number(k + 1) not in text
        assert f"1391234{k:04d}" not in text
        assert name not in text or len(name) == 1
    assert "测试路" not in text  # no street address either
    assert "逾期" not in text and "overdue" not in text.lower()


def test_re_export_updates_the_same_events(db, planned):
    world, views = planned
    _data, _n, before, _cal = _export(db, world.coord)
    with db.begin() as s:
        service.move_visit(s, world.coord, views[0].id, at(WEDNESDAY, 8), now=NOW)
        service.cancel_visit(s, world.coord, views[2].id, "客户出差")
    _data, _n, after, _cal = _export(db, world.coord)
    assert set(after) == set(before)
    moved, cancelled = (f"visit-{views[k].id}@cd01.hvdesk" for k in (0, 2))
    assert int(after[moved]["sequence"]) > int(before[moved]["sequence"])
    assert after[moved].decoded("dtstart") == at(WEDNESDAY, 8)
    assert str(after[cancelled]["status"]) == "CANCELLED"
    assert int(after[cancelled]["sequence"]) > int(before[cancelled]["sequence"])
    untouched = f"visit-{views[3].id}@cd01.hvdesk"
    assert after[untouched]["sequence"] == before[untouched]["sequence"]


def test_round_trip_keeps_uids_times_and_summaries(db, planned):
    world, _views = planned
    _data, _n, events, cal = _export(db, world.coord)
    again = icalendar.Calendar.from_ical(cal.to_ical())
    twice = {str(e["uid"]): (e.decoded("dtstart"), str(e["summary"])) for e in again.walk("VEVENT")}
    assert twice == {u: (e.decoded("dtstart"), str(e["summary"])) for u, e in events.items()}


def test_team_and_range_filters(db, planned):
    world, views = planned
    _d, count, events, _c = _export(db, world.coord, team=("visitor1",))
    assert count == 3
    _d, count, events, _c = _export(db, world.coord, team=("visitor1", "visitor3"))
    assert set(events) == {f"visit-{views[3].id}@cd01.hvdesk"}
    _d, count, _e, _c = _export(db, world.coord, first=WEDNESDAY, last=WEDNESDAY)
    assert count == 2
    with pytest.raises(NotFound, match="nobody"), db.begin() as s:
        ics.export_ics(s, world.coord, TUESDAY, WEDNESDAY, team_logins=["nobody"])


def test_a_visitor_exports_only_their_own_calendar(db, planned):
    world, _views = planned
    visitor = world.actors["visitor3"]
    _d, count, _events, _c = _export(db, visitor, team=("visitor3",))
    assert count == 2
    with pytest.raises(PermissionDenied, match="own visits"), db.begin() as s:
        ics.export_ics(s, visitor, TUESDAY, WEDNESDAY)


def test_export_is_audited(db, planned):
    world, _views = planned
    _export(db, world.coord, team=("visitor1",))
    with db.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
    assert event.entity == "visit"
    assert event.detail["format"] == "ics"
    assert event.detail["rows"] == 3
    assert event.detail["team"] == "visitor1"
