"""The geocoding chain, its online cache, batch geocoding and manual placement."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.geo import gazetteer
from hvdesk.geo.coords import distance_m
from hvdesk.geo.geocode import (
    SOURCE_ADCODE,
    SOURCE_ADDRESS,
    SOURCE_ID_REGION,
    geocode,
    geocode_customer,
    geocode_missing,
    locate_offline,
    place_manually,
)
from hvdesk.geo.online import OnlineHit, make_geocoder
from hvdesk.idcard import check_character
from hvdesk.model import AuditEvent, Customer, GeocodeCache, LocationPrecision
from hvdesk.services.context import SYSTEM
from hvdesk.services.customers import CustomerInput, create_customer
from tests.factories import Org, make_org

P = LocationPrecision
TODAY = dt.date(2026, 11, 25)


class FakeGeocoder:
    """Stands in for a provider: answers from a dict and counts the calls."""

    name = "fake"

    def __init__(self, answers: dict[str, OnlineHit | None]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def lookup(self, address: str) -> OnlineHit | None:
        self.calls.append(address)
        return self.answers.get(address)


def _near(lat: float | None, lon: float | None, code: str | None, metres: float = 1.0) -> bool:
    assert lat is not None and lon is not None and code is not None
    division = gazetteer.lookup(code)
    assert division is not None
    return distance_m(lat, lon, division.lat, division.lon) < metres


# --- the offline chain ---------------------------------------------------------------


def test_address_text_gives_the_district_centroid() -> None:
    found = locate_offline("四川省成都市武侯区人民南路四段1号")
    assert found is not None
    assert (found.precision, found.source, found.adcode) == (P.DISTRICT, SOURCE_ADDRESS, "510107")
    assert _near(found.lat, found.lon, "510107")


def test_stored_adcode_comes_first() -> None:
    found = locate_offline("朝阳区某街1号", adcode="110105000000")
    assert found is not None and found.source == SOURCE_ADCODE and found.adcode == "110105"


def test_id_region_settles_an_ambiguous_address() -> None:
    beijing = locate_offline("朝阳区建国路88号", id_region="110101")
    changchun = locate_offline("朝阳区建国路88号", id_region="220102")
    assert beijing is not None and beijing.adcode == "110105"
    assert changchun is not None and changchun.adcode == "220104"


def test_id_region_is_the_fallback() -> None:
    found = locate_offline("某某村3组", id_region="510107")
    assert found is not None
    assert (found.precision, found.source, found.adcode) == (P.DISTRICT, SOURCE_ID_REGION, "510107")


def test_city_only_address_is_city_precision() -> None:
    found = locate_offline("四川省成都市")
    assert found is not None and found.precision is P.CITY and found.adcode == "510100"


def test_nothing_known_is_none() -> None:
    assert locate_offline("somewhere") is None
    assert locate_offline("", id_region="999999") is None


def test_default_is_no_online_geocoder() -> None:
    assert make_geocoder("none") is None


# --- online adapter through the cache ------------------------------------------------


def test_online_answer_is_cached_and_sanity_checked(db: Database) -> None:
    address = "四川省成都市武侯区人民南路四段1号"
    near = OnlineHit(30.6268, 104.0741, P.EXACT)
    fake = FakeGeocoder(
        {address: near, "四川省成都市武侯区远处1号": OnlineHit(39.9, 116.4, P.EXACT)}
    )
    with db.begin() as s:
        first = geocode(address, session=s, online=fake)
        again = geocode(address, session=s, online=fake)
        # An answer far from the district the address names is a namesake: refused.
        far = geocode("四川省成都市武侯区远处1号", session=s, online=fake)
        missing = geocode("四川省成都市武侯区无此路1号", session=s, online=fake)
        geocode("四川省成都市武侯区无此路1号", session=s, online=fake)
    assert first == again
    assert first is not None and first.precision is P.EXACT and first.source == "online:fake"
    assert far is not None and far.precision is P.DISTRICT
    assert missing is not None and missing.source == SOURCE_ADDRESS
    assert fake.calls.count(address) == 1
    assert fake.calls.count("四川省成都市武侯区无此路1号") == 1  # "not found" is cached too
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(GeocodeCache)) == 3
        assert s.scalar(select(func.count()).select_from(AuditEvent)) == 0


# --- demo customers ------------------------------------------------------------------


@pytest.fixture
def demo_db(sqlite_db: Database) -> Database:
    demo.generate(sqlite_db, customers=150, seed=5, today=TODAY)
    with sqlite_db.begin() as s:
        s.execute(
            update(Customer).values(
                latitude=None, longitude=None, location_precision=None, location_source=None
            )
        )
    return sqlite_db


def test_batch_places_every_demo_customer_in_their_district(demo_db: Database) -> None:
    seen: list[tuple[int, int]] = []
    with demo_db.begin() as s:
        summary = geocode_missing(s, SYSTEM, progress=lambda d, t: seen.append((d, t)), chunk=40)
    assert summary.total == summary.located == 150 and summary.not_found == 0
    assert seen[0] == (0, 150) and seen[-1] == (150, 150) and len(seen) == 5
    with demo_db.session() as s:
        rows = s.execute(
            select(
                Customer.latitude,
                Customer.longitude,
                Customer.registered_adcode,
                Customer.location_precision,
                Customer.location_source,
            )
        ).all()
        events = s.scalars(select(AuditEvent).where(AuditEvent.action == "geocode")).all()
    for lat, lon, code, precision, source in rows:
        assert precision is P.DISTRICT and source == SOURCE_ADCODE
        assert _near(lat, lon, code)
    assert len(events) == 1 and events[0].detail["located"] == 150


def test_demo_addresses_alone_resolve_to_their_district(demo_db: Database) -> None:
    """Without the stored code, the text (and the ID region as hint) still finds it."""
    with demo_db.session() as s:
        rows = s.execute(
            select(Customer.registered_address, Customer.registered_adcode, Customer.id_region)
        ).all()
    for address, code, id_region in rows:
        found = locate_offline(address, id_region=id_region)
        assert found is not None and found.adcode == (code or "")[:6], address
        assert found.precision is P.DISTRICT
        assert _near(found.lat, found.lon, code)


def test_batch_can_be_stopped_between_chunks(demo_db: Database) -> None:
    calls = iter([False, False, True])
    with demo_db.begin() as s:
        summary = geocode_missing(s, SYSTEM, should_stop=lambda: next(calls), chunk=50)
    assert summary.cancelled and summary.located == 100
    with demo_db.session() as s:
        left = s.scalar(
            select(func.count()).select_from(Customer).where(Customer.latitude.is_(None))
        )
    assert left == 50


# --- manual placement ----------------------------------------------------------------


def _valid_id() -> str:
    first17 = "51010719900101123"
    return first17 + check_character(first17)


@pytest.fixture
def placed_org(db: Database) -> tuple[Database, Org, int]:
    org = make_org(db)
    with db.begin() as s:
        view = create_customer(
            s,
            db.cipher,
            org.actors["coord1"],
            org.branch_id,
            CustomerInput(
                name="张三",
                id_number=_valid_id(),
                phone="13800001234",
                registered_address="四川省成都市武侯区人民南路1号",
            ),
        )
    return db, org, view.id


def test_geocode_one_customer_is_audited(placed_org: tuple[Database, Org, int]) -> None:
    db, org, cid = placed_org
    with db.begin() as s:
        found = geocode_customer(s, org.actors["coord1"], cid)
    assert found is not None and found.adcode == "510107"
    with db.session() as s:
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "customer", AuditEvent.action == "update")
        ).one()
    assert {"latitude", "longitude", "location_precision"} <= set(event.detail["fields"])


def test_manual_placement_is_saved_as_manual_and_audited(
    placed_org: tuple[Database, Org, int],
) -> None:
    db, org, cid = placed_org
    coord = org.actors["coord1"]
    with db.begin() as s:
        place_manually(s, coord, cid, 30.6301, 104.0702)
    with db.session() as s:
        c = s.get(Customer, cid)
        assert c is not None
        assert (c.latitude, c.longitude) == (30.6301, 104.0702)
        assert c.location_precision is P.MANUAL and c.location_source == "manual"
        event = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "customer", AuditEvent.action == "update")
        ).one()
    assert event.actor_login == "coord1" and event.entity_id == str(cid)
    assert {"latitude", "longitude", "location_precision"} <= set(event.detail["fields"])
    # A geocoder never moves a customer a person placed.
    with db.begin() as s:
        kept = geocode_customer(s, coord, cid)
        assert kept is not None and kept.precision is P.MANUAL
    with db.session() as s:
        c = s.get(Customer, cid)
        assert c is not None and c.latitude == 30.6301


def test_manual_placement_is_checked(placed_org: tuple[Database, Org, int]) -> None:
    db, org, cid = placed_org
    with pytest.raises(PermissionDenied), db.begin() as s:
        place_manually(s, org.actors["visitor1"], cid, 30.63, 104.07)
    with pytest.raises(ValidationError), db.begin() as s:
        place_manually(s, org.actors["coord1"], cid, 48.85, 2.35)  # Paris
    with pytest.raises(ValidationError), db.begin() as s:
        place_manually(s, org.actors["coord1"], cid, 95.0, 104.07)
