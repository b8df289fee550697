"""Where a customer's registered address is: the geocoding chain and manual placement.

The chain, first answer wins, each step recording its precision and source:

1. the division code already stored with the address (``registered_adcode``,
   from the import) → that district's centroid in the offline gazetteer;
2. the address text parsed offline (:func:`hvdesk.address.parse_address`, the
   ID number's region as the hint between namesakes) → district or city centroid;
3. the ID number's region code (the household registration at issue) → its
   centroid, the fallback when the address names no known division.

A centroid is precision ``district`` (or ``city``): the map draws it hollow so
nobody takes it for the house. When the user configured an online geocoder,
an address the offline steps placed no finer than a district is then sent to
it (through the database cache), and its answer replaces the centroid if it
is finer and lies near the division the address names. Nothing is sent
anywhere by default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from hvdesk.address import parse_address
from hvdesk.errors import NotFound, ValidationError
from hvdesk.geo import gazetteer
from hvdesk.geo.coords import distance_m, in_china
from hvdesk.geo.online import GeocoderUnavailable, OnlineGeocoder, OnlineHit, cached_lookup
from hvdesk.messages import msg
from hvdesk.model import Customer, LocationPrecision
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

P = LocationPrecision
#: Finest first.
_RANK = {P.MANUAL: 0, P.EXACT: 1, P.STREET: 2, P.DISTRICT: 3, P.CITY: 4}
#: An online answer farther than this from the centroid of the division the
#: address names is a namesake elsewhere, and is not taken.
ONLINE_MAX_OFFSET_M = {P.DISTRICT: 80_000.0, P.CITY: 250_000.0}

SOURCE_ADCODE = "gazetteer:adcode"
SOURCE_ADDRESS = "gazetteer:address"
SOURCE_ID_REGION = "gazetteer:id_region"
SOURCE_MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Location:
    """A point in WGS-84 and how it was found."""

    lat: float
    lon: float
    precision: LocationPrecision
    #: ``gazetteer:adcode`` / ``gazetteer:address`` / ``gazetteer:id_region`` /
    #: ``online:<provider>`` / ``manual``.
    source: str
    #: The 6-digit division the point stands for (None for online and manual points).
    adcode: str | None = None


def finer(a: LocationPrecision, b: LocationPrecision) -> bool:
    """``a`` says more about where the house is than ``b``."""
    return _RANK[a] < _RANK[b]


def _division_point(code: str | None, source: str) -> Location | None:
    """The centroid of a division, falling back to its city when the gazetteer (a
    2016 snapshot) lacks a district created later."""
    if not code:
        return None
    code6 = code.strip()[:6]
    if len(code6) != 6 or not code6.isdigit():
        return None
    division = gazetteer.lookup(code6)
    if division is not None and not division.is_placeholder:
        precision = (
            P.DISTRICT
            if division.level is gazetteer.Level.DISTRICT
            else P.CITY
            if division.level is gazetteer.Level.CITY
            else None
        )
        if precision is None:
            return None  # a province is no place to visit
        return Location(division.lat, division.lon, precision, source, division.code6)
    if code6[4:] != "00":
        city = gazetteer.lookup(code6[:4] + "00")
        if city is not None:
            return Location(city.lat, city.lon, P.CITY, source, city.code6)
    return None


def locate_offline(
    address: str | None, *, adcode: str | None = None, id_region: str | None = None
) -> Location | None:
    """The offline chain alone (no database, no network)."""
    found = _division_point(adcode, SOURCE_ADCODE)
    if found is not None and found.precision is P.DISTRICT:
        return found
    if address:
        parsed = parse_address(address, hint_code=id_region)
        code = parsed.adcode
        if code is None and parsed.city and not parsed.is_ambiguous:
            code = _city_code(parsed.province, parsed.city)
        from_text = _division_point(code, SOURCE_ADDRESS)
        if from_text is not None and (found is None or finer(from_text.precision, found.precision)):
            found = from_text
    if found is not None and found.precision is P.DISTRICT:
        return found
    from_id = _division_point(id_region, SOURCE_ID_REGION)
    # Taken where the address said nothing usable, or where it agrees with what
    # the address said (same city) and is finer.
    if from_id is not None and (
        found is None
        or (
            finer(from_id.precision, found.precision)
            and (found.adcode or "")[:4] == (from_id.adcode or "")[:4]
        )
    ):
        found = from_id
    return found


def _city_code(province: str | None, city: str) -> str | None:
    for division in gazetteer.all_divisions():
        if (
            division.level is gazetteer.Level.CITY
            and division.name == city
            and (province is None or gazetteer.province_name(division.code6) == province)
        ):
            return division.code6
    return None


def geocode(
    address: str | None,
    *,
    adcode: str | None = None,
    id_region: str | None = None,
    session: Session | None = None,
    online: OnlineGeocoder | None = None,
) -> Location | None:
    """The whole chain: offline first, then the online geocoder if one is configured.

    ``online`` needs ``session`` (its answers are cached in the database). An
    unreachable provider is not an error: the offline answer stands.
    """
    found = locate_offline(address, adcode=adcode, id_region=id_region)
    if online is None or session is None or not address:
        return found
    if found is not None and finer(found.precision, P.DISTRICT):
        return found
    try:
        hit = cached_lookup(session, online, address)
    except GeocoderUnavailable:
        hit = None
    if hit is None or not _acceptable(hit, found):
        return found
    return Location(hit.lat, hit.lon, hit.precision, f"online:{online.name}"[:50], None)


def _acceptable(hit: OnlineHit, offline: Location | None) -> bool:
    """An online answer in China, finer than the offline one and near the division
    the address names (farther, it is a namesake elsewhere)."""
    if not in_china(hit.lat, hit.lon):
        return False
    if offline is None:
        return True
    limit = ONLINE_MAX_OFFSET_M.get(offline.precision, 80_000.0)
    return finer(hit.precision, offline.precision) and (
        distance_m(hit.lat, hit.lon, offline.lat, offline.lon) <= limit
    )


# --- writing locations -------------------------------------------------------------


def _apply(customer: Customer, location: Location) -> None:
    customer.latitude = round(location.lat, 6)
    customer.longitude = round(location.lon, 6)
    customer.location_precision = location.precision
    customer.location_source = location.source[:50]


def geocode_customer(
    session: Session, actor: Actor, customer_id: int, *, online: OnlineGeocoder | None = None
) -> Location | None:
    """Locate one customer from their registered address and save it (audited).

    A manually placed customer keeps their point: a person's placement beats
    any geocoder.
    """
    actor.require(Permission.CUSTOMER_EDIT)
    audit.bind_actor(session, actor)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    scope.require_branch(actor, customer.branch_id, scope.what_record("customer", customer_id))
    if customer.location_precision is P.MANUAL and customer.latitude is not None:
        return Location(
            customer.latitude,
            customer.longitude or 0.0,
            P.MANUAL,
            customer.location_source or SOURCE_MANUAL,
        )
    location = geocode(
        customer.registered_address,
        adcode=customer.registered_adcode,
        id_region=customer.id_region,
        session=session,
        online=online,
    )
    if location is not None:
        _apply(customer, location)
        session.flush()
    return location


def place_manually(
    session: Session, actor: Actor, customer_id: int, lat: float, lon: float
) -> Location:
    """Put the customer where the user dropped the marker: precision ``manual``, audited."""
    actor.require(Permission.CUSTOMER_EDIT)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValidationError("location", msg("geo.geocode.latitude_longitude_out",
                "latitude or longitude out of range"))
    if not in_china(lat, lon):
        raise ValidationError("location", msg("geo.geocode.point_outside_china",
                "the point is outside China"))
    audit.bind_actor(session, actor)
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    scope.require_branch(actor, customer.branch_id, scope.what_record("customer", customer_id))
    location = Location(lat, lon, P.MANUAL, SOURCE_MANUAL)
    _apply(customer, location)
    customer.updated_by_id = actor.user_id
    session.flush()
    return location


@dataclass(frozen=True, slots=True)
class GeocodeSummary:
    total: int
    located: int
    not_found: int
    cancelled: bool
    by_precision: dict[str, int] = field(default_factory=dict)


Progress = Callable[[int, int], None]


def _missing(actor: Actor) -> list[ColumnElement[bool]]:
    conditions = [or_(Customer.latitude.is_(None), Customer.longitude.is_(None))]
    conditions.append(scope.branch_filter(actor, Customer.branch_id))
    return conditions


def geocode_missing(
    session: Session,
    actor: Actor,
    *,
    online: OnlineGeocoder | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    chunk: int = 500,
) -> GeocodeSummary:
    """Locate every customer (of the actor's branch) who has no location yet.

    Runs on a worker: reads and writes in chunks of ``chunk`` customers,
    reports ``progress(done, total)`` after each, stops between chunks when
    ``should_stop()`` says so (what was written stays). One audit event
    records the run; the per-row writes are bookkeeping of a system step and
    go through Core, so a hundred thousand customers do not produce a hundred
    thousand audit rows.
    """
    actor.require(Permission.CUSTOMER_EDIT)
    conditions = _missing(actor)
    total = int(session.scalar(select(func.count()).select_from(Customer).where(*conditions)) or 0)
    table = Customer.__table__
    assert isinstance(table, Table)
    stmt = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            latitude=bindparam("b_lat"),
            longitude=bindparam("b_lon"),
            location_precision=bindparam("b_prec"),
            location_source=bindparam("b_src"),
        )
    )
    counts: Counter[str] = Counter()
    done = not_found = 0
    last_id = 0
    stopped = False
    if progress is not None:
        progress(0, total)
    while True:
        if should_stop is not None and should_stop():
            stopped = True
            break
        rows = session.execute(
            select(
                Customer.id,
                Customer.registered_address,
                Customer.registered_adcode,
                Customer.id_region,
            )
            .where(*conditions, Customer.id > last_id)
            .order_by(Customer.id)
            .limit(chunk)
        ).all()
        if not rows:
            break
        params = []
        for cid, address, adcode, id_region in rows:
            location = geocode(
                address, adcode=adcode, id_region=id_region, session=session, online=online
            )
            if location is None:
                not_found += 1
                continue
            counts[location.precision.value] += 1
            params.append(
                {
                    "b_id": cid,
                    "b_lat": round(location.lat, 6),
                    "b_lon": round(location.lon, 6),
                    "b_prec": location.precision.value,
                    "b_src": location.source[:50],
                }
            )
        if params:
            session.connection().execute(stmt, params)
        last_id = rows[-1][0]
        done += len(rows)
        if progress is not None:
            progress(min(done, total), total)
    summary = GeocodeSummary(total, sum(counts.values()), not_found, stopped, dict(counts))
    audit.record(
        session,
        actor,
        "geocode",
        "customer",
        None,
        located=summary.located,
        not_found=not_found,
        cancelled=stopped,
        by_precision=summary.by_precision,
        online=online.name if online else None,
    )
    session.flush()
    return summary


__all__ = [
    "GeocodeSummary",
    "Location",
    "finer",
    "geocode",
    "geocode_customer",
    "geocode_missing",
    "locate_offline",
    "place_manually",
]
