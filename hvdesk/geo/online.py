"""Optional online geocoders, behind one small interface, and their database cache.

None is used unless the user chose one in the settings (``none`` is the
default): registered addresses are personal data and leave the desk only by
that choice. Every answer, "not found" included, is cached in the
``geocode_cache`` table, so an address is sent at most once per provider.
Tests never reach these adapters' network code: they use a fake geocoder.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hvdesk.errors import HvdeskError
from hvdesk.geo.coords import gcj_to_wgs
from hvdesk.model import GeocodeCache, LocationPrecision

#: Names offered in the settings; "none" is the default.
PROVIDERS = ("none", "amap", "nominatim")
TIMEOUT_S = 10.0
AMAP_KEY_ENV = "HVDESK_AMAP_KEY"


@dataclass(frozen=True, slots=True)
class OnlineHit:
    """What a provider found, already in WGS-84."""

    lat: float
    lon: float
    precision: LocationPrecision
    adcode: str | None = None


class OnlineGeocoder(Protocol):
    """An address → point service. ``name`` keys the cache."""

    name: str

    def lookup(self, address: str) -> OnlineHit | None: ...


class GeocoderUnavailable(HvdeskError):
    """The provider could not be asked (no network, no key, refused)."""


Fetch = Callable[[str], Any]


def _fetch_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"User-Agent": "hvdesk/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read().decode("utf-8"))
    except OSError as exc:  # URLError, timeouts, refused connections
        raise GeocoderUnavailable(f"geocoder not reachable: {exc}") from exc


_AMAP_LEVELS = {
    "门牌号": LocationPrecision.EXACT,
    "兴趣点": LocationPrecision.EXACT,
    "单元号": LocationPrecision.EXACT,
    "楼栋": LocationPrecision.EXACT,
    "道路": LocationPrecision.STREET,
    "道路交叉路口": LocationPrecision.STREET,
    "村庄": LocationPrecision.STREET,
    "乡镇": LocationPrecision.STREET,
    "热点商圈": LocationPrecision.STREET,
    "区县": LocationPrecision.DISTRICT,
    "开发区": LocationPrecision.DISTRICT,
    "市": LocationPrecision.CITY,
}


class AmapGeocoder:
    """AMap/Gaode web-service geocoding (needs a key; answers in GCJ-02)."""

    name = "amap"
    URL = "https://restapi.amap.com/v3/geocode/geo"

    def __init__(self, key: str, fetch: Fetch = _fetch_json) -> None:
        self._key = key
        self._fetch = fetch

    def lookup(self, address: str) -> OnlineHit | None:
        query = urllib.parse.urlencode({"key": self._key, "address": address, "output": "JSON"})
        data = self._fetch(f"{self.URL}?{query}")
        if str(data.get("status")) != "1":
            raise GeocoderUnavailable(f"AMap refused the request: {data.get('info')}")
        codes = data.get("geocodes") or []
        if not codes:
            return None
        best = codes[0]
        lon_text, lat_text = str(best["location"]).split(",")
        lat, lon = gcj_to_wgs(float(lat_text), float(lon_text))
        precision = _AMAP_LEVELS.get(str(best.get("level")), LocationPrecision.DISTRICT)
        adcode = str(best.get("adcode") or "") or None
        return OnlineHit(lat, lon, precision, adcode)


class NominatimGeocoder:
    """OpenStreetMap's Nominatim (WGS-84). Mind its usage policy: one request a second."""

    name = "nominatim"
    URL = "https://nominatim.openstreetmap.org/search"

    def __init__(self, fetch: Fetch = _fetch_json) -> None:
        self._fetch = fetch

    def lookup(self, address: str) -> OnlineHit | None:
        query = urllib.parse.urlencode(
            {"q": address, "format": "jsonv2", "limit": 1, "countrycodes": "cn"}
        )
        found = self._fetch(f"{self.URL}?{query}")
        if not found:
            return None
        best = found[0]
        rank = int(best.get("place_rank", 0))
        precision = (
            LocationPrecision.EXACT
            if rank >= 28
            else LocationPrecision.STREET
            if rank >= 19
            else LocationPrecision.DISTRICT
            if rank >= 12
            else LocationPrecision.CITY
        )
        return OnlineHit(float(best["lat"]), float(best["lon"]), precision)


def make_geocoder(name: str, key: str | None = None) -> OnlineGeocoder | None:
    """The adapter a setting names; None for "none" (the default)."""
    if name in ("", "none"):
        return None
    if name == "amap":
        key = key or os.environ.get(AMAP_KEY_ENV)
        if not key:
            raise GeocoderUnavailable(f"the AMap geocoder needs a key (set {AMAP_KEY_ENV})")
        return AmapGeocoder(key)
    if name == "nominatim":
        return NominatimGeocoder()
    raise GeocoderUnavailable(f"unknown geocoder {name!r}; choose one of {', '.join(PROVIDERS)}")


def normalise_query(address: str) -> str:
    return " ".join(address.split())[:300]


def cached_lookup(session: Session, geocoder: OnlineGeocoder, address: str) -> OnlineHit | None:
    """The provider's answer for ``address``, from the cache or asked once and cached."""
    query = normalise_query(address)
    if not query:
        return None
    row = session.execute(
        select(
            GeocodeCache.latitude,
            GeocodeCache.longitude,
            GeocodeCache.precision,
            GeocodeCache.adcode,
        ).where(GeocodeCache.provider == geocoder.name, GeocodeCache.query == query)
    ).first()
    if row is not None:
        lat, lon, precision, adcode = row
        if lat is None or lon is None or precision is None:
            return None
        return OnlineHit(lat, lon, LocationPrecision(precision), adcode)
    hit = geocoder.lookup(query)
    values: dict[str, Any] = {"provider": geocoder.name, "query": query}
    if hit is not None:
        values.update(
            latitude=hit.lat, longitude=hit.lon, precision=hit.precision, adcode=hit.adcode
        )
    try:
        # A savepoint: another desk may have cached the same address meanwhile.
        with session.begin_nested():
            session.execute(insert(GeocodeCache), [values])
    except IntegrityError:
        pass
    return hit
