"""Proof of visit: crafted photos and a copied report are flagged with their evidence."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from sqlalchemy import select

from hvdesk.model import (
    Customer,
    LocationPrecision,
    Visit,
    VisitFlag,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.rights import retention
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.visitreports import (
    add_attachment,
    dashboard,
    open_report,
    review_queue,
    save_draft,
    submit,
)
from hvdesk.visitreports.proof import flags_of, similarity
from tests.scheduling_helpers import CUSTOMERS, SHANGHAI, TUESDAY, make_world
from tests.visitreport_helpers import full_data, make_visit

LAT, LON = CUSTOMERS[0][1], CUSTOMERS[0][2]
TEXT = ("客户本人在家，说明近期因工作变动收入下降，愿意先归还部分欠款，"
        "并希望与公司协商分三期偿还剩余逾期金额，态度配合。")


def _dms(value: float) -> tuple[float, float, float]:
    deg = int(value)
    minutes = (value - deg) * 60
    return (float(deg), float(int(minutes)), round((minutes - int(minutes)) * 60, 4))


def photo(lat: float, lon: float, taken: dt.datetime, color: str = "red") -> bytes:
    img = Image.new("RGB", (16, 16), color)
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "N", 2: _dms(lat), 3: "E", 4: _dms(lon)})
    exif.get_ifd(0x8769).update({0x9003: taken.strftime("%Y:%m:%d %H:%M:%S")})
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


@pytest.fixture
def world(db):
    w = make_world(db)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        for cid in w.customers:
            customer = s.get(Customer, cid)
            assert customer is not None
            customer.location_precision = LocationPrecision.STREET
    return w


def _report(world, db, customer: int, hour: int, text: str, photos: list[bytes]) -> int:
    v1 = world.actors["visitor1"]
    vid = make_visit(world, customer=customer, hour=hour)
    with db.begin() as s:
        rid = open_report(s, v1, vid).id
        for k, content in enumerate(photos):
            add_attachment(s, v1, rid, f"IMG_{k}.jpg", content)
        arrived = dt.datetime.combine(TUESDAY, dt.time(hour, 5), SHANGHAI)
        save_draft(s, v1, rid, full_data(arrived_at=arrived,
                                         left_at=arrived + dt.timedelta(minutes=45),
                                         notes=text, recommendation="建议协商分期还款并按期跟进"))
        submit(s, v1, rid)
    return rid


def _flags(db, rid: int) -> dict[str, list[VisitFlag]]:
    with db.session() as s:
        out: dict[str, list[VisitFlag]] = {}
        for f in s.scalars(select(VisitFlag).where(VisitFlag.report_id == rid)):
            out.setdefault(f.kind, []).append(f)
        return out


def test_a_photo_at_the_address_during_the_visit_raises_no_flag(world, db):
    taken = dt.datetime.combine(TUESDAY, dt.time(9, 20))
    rid = _report(world, db, 0, 9, TEXT, [photo(LAT + 0.002, LON, taken)])
    assert _flags(db, rid) == {}


def test_far_photo_and_photo_of_the_day_before_are_flagged_with_evidence(world, db):
    during = dt.datetime.combine(TUESDAY, dt.time(9, 20))
    day_before = during - dt.timedelta(days=1)
    far = photo(LAT + 0.045, LON, during, "blue")  # 5 km north of the address
    early = photo(LAT, LON, day_before, "green")
    rid = _report(world, db, 0, 9, TEXT, [far, early])
    flags = _flags(db, rid)
    assert set(flags) == {"photo_far", "photo_time"}
    (f,) = flags["photo_far"]
    assert f.evidence["filename"] == "IMG_0.jpg"
    assert 4.8 < f.evidence["distance_km"] < 5.3
    assert f.evidence["tolerance_km"] == 1.5 and f.evidence["precision"] == "street"
    assert "5.0 公里" in f.message
    (t,) = flags["photo_time"]
    assert t.evidence["filename"] == "IMG_1.jpg"
    assert t.evidence["taken_at"].startswith((TUESDAY - dt.timedelta(days=1)).isoformat())
    assert "拍摄于" in t.message


def test_a_copied_report_is_flagged_and_the_queue_shows_the_flags(world, db):
    first = _report(world, db, 0, 9, TEXT, [])
    second = _report(world, db, 3, 14, TEXT, [])
    assert _flags(db, first) == {}
    (f,) = _flags(db, second)["copied_text"]
    assert f.evidence["other_report_id"] == first
    assert f.evidence["similarity"] >= 0.8
    with db.session() as s:
        report = s.get(VisitReport, first)
        assert report is not None
        assert f.evidence["other_visit_id"] == report.visit_id
        items = {i.report_id: i for i in review_queue(s, world.actors["reviewer1"])}
        assert [x.kind for x in items[second].flags] == ["copied_text"]
        assert items[first].flags == ()
        assert flags_of(s, [second])[second][0].kind == "copied_text"


def test_similarity_of_shingles() -> None:
    assert similarity(TEXT, TEXT) == 1.0
    assert similarity(TEXT, "完全不同的一段文字，讲的是别的事情，与原文没有关系。") < 0.1


def test_the_dashboard_counts_the_flags(world, db):
    _report(world, db, 0, 9, TEXT, [])
    _report(world, db, 3, 14, TEXT, [])

    with db.begin() as s:
        board = dashboard(s, world.actors["manager1"], start=TUESDAY, end=TUESDAY,
                          group="week")
    assert (board.proof_flags, board.flagged_reports) == (1, 1)


def test_anonymising_the_customer_empties_the_evidence(world, db):
    during = dt.datetime.combine(TUESDAY, dt.time(9, 20))
    rid = _report(world, db, 0, 9, TEXT, [photo(LAT + 0.045, LON, during)])
    assert _flags(db, rid)["photo_far"][0].evidence["photo"]
    with db.begin() as s:
        retention.anonymise(s, db.cipher, world.actors["admin"], world.customers[0])
    (f,) = _flags(db, rid)["photo_far"]
    assert f.evidence == {} and f.message == retention.MARKER


def test_arriving_sooner_than_the_road_allows_is_flagged(world, db):
    v1 = world.actors["visitor1"]
    _report(world, db, 0, 9, TEXT, [])  # 张三 in Qingyang, left 09:50
    far = make_visit(world, customer=6, hour=12)  # 欧阳娜娜 in Shuangliu, about 27 km away
    with db.begin() as s:
        rid = open_report(s, v1, far).id
        arrived = dt.datetime.combine(TUESDAY, dt.time(10, 30), SHANGHAI)
        save_draft(s, v1, rid, full_data(arrived_at=arrived,
                                         left_at=arrived + dt.timedelta(minutes=50),
                                         notes="客户不在家，与其母亲简单交谈，约定下周再访。"))
        submit(s, v1, rid)
    (f,) = _flags(db, rid)["travel_time"]
    assert f.evidence["had_minutes"] == 40  # left 09:50, arrived 10:30
    assert f.evidence["needed_minutes"] > 40 and f.evidence["distance_km"] > 20
    assert "arrival_time" in _flags(db, rid)  # and half an hour before the booked hour


def test_two_teams_reporting_the_same_address_at_once_are_flagged(world, db):
    first = _report(world, db, 0, 9, TEXT, [])
    start = dt.datetime.combine(TUESDAY, dt.time(9), SHANGHAI)
    with db.begin() as s:  # behind the scheduling rules' back, as a forged visit would be
        audit.bind_actor(s, SYSTEM)
        report = s.get(VisitReport, first)
        assert report is not None
        visit = Visit(branch_id=world.branch_id, customer_id=world.customers[0],
                      purpose=VisitPurpose.OVERDUE, address=report.visit.address,
                      planned_start=start, planned_end=start + dt.timedelta(hours=1),
                      status=VisitStatus.IN_PROGRESS)
        visit.members = [VisitMember(user_id=world.visitors[2], is_lead=True, position=0),
                         VisitMember(user_id=world.visitors[3], position=1)]
        s.add(visit)
        s.flush()
        other = visit.id
    v3 = world.actors["visitor3"]
    with db.begin() as s:
        rid = open_report(s, v3, other).id
        arrived = start + dt.timedelta(minutes=20)
        save_draft(s, v3, rid, full_data(arrived_at=arrived,
                                         left_at=arrived + dt.timedelta(minutes=30),
                                         notes="客户外出，家属在家，已留下联系电话并约定回电时间。"))
        submit(s, v3, rid)
    (f,) = _flags(db, rid)["same_address"]
    assert f.evidence["other_report_id"] == first
