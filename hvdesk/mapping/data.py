"""What a map page shows, as plain values: points, the branch, routes.

Points travel to the page as one flat JSON array (``STRIDE`` values per
customer) and are turned into markers by ``resources/map/hvmap.js`` in
chunks: a hundred thousand customers cost one ``json.dumps`` here instead of
a hundred thousand folium elements.
"""

from __future__ import annotations

import enum
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from hvdesk.geo.coords import wgs_to_gcj
from hvdesk.model import LocationPrecision


class MapState(enum.IntEnum):
    """A customer's colour on the map (the order is the legend's)."""

    NONE = 0  # no visit planned
    PLANNED = 1
    NOTIFIED = 2  # notice sent, confirmed or under way
    COMPLETED = 3
    DO_NOT_VISIT = 4


class Datum(enum.StrEnum):
    WGS84 = "wgs84"
    GCJ02 = "gcj02"


#: Precisions drawn hollow: a centroid, not the house.
APPROXIMATE = frozenset({LocationPrecision.DISTRICT, LocationPrecision.CITY})
#: id, lat, lon, state, days past due, approximate (0/1), label.
STRIDE = 7
_DECIMALS = 5  # about a metre


@dataclass(frozen=True, slots=True)
class MapPoint:
    customer_id: int
    lat: float  # WGS-84
    lon: float
    state: MapState
    days_past_due: int
    precision: LocationPrecision | None
    #: Already masked for the viewer's role; escaped when encoded.
    label: str


@dataclass(frozen=True, slots=True)
class BranchPoint:
    name: str
    lat: float
    lon: float
    address: str = ""


@dataclass(frozen=True, slots=True)
class Stop:
    customer_id: int
    lat: float
    lon: float
    order: int
    label: str
    time: str = ""


@dataclass(frozen=True, slots=True)
class Route:
    """One team's day: the branch, then the stops in route order."""

    team: str
    day: str
    stops: tuple[Stop, ...]


@dataclass(frozen=True, slots=True)
class MapData:
    points: tuple[MapPoint, ...] = ()
    branch: BranchPoint | None = None
    routes: tuple[Route, ...] = ()
    #: Province codes (2 digits) the points lie in: their city outlines are drawn offline.
    provinces: frozenset[str] = field(default_factory=frozenset)


def _convert(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    if datum is Datum.GCJ02:
        lat, lon = wgs_to_gcj(lat, lon)
    return round(lat, _DECIMALS), round(lon, _DECIMALS)


_HTML_SPECIAL = re.compile(r"[<>&\"']")
#: Characters a JSON string (inside a script element) cannot carry as they are.
_JSON_SPECIAL = re.compile(r"[\"\\\x00-\x1f<\u2028\u2029]")


def escape(text: str) -> str:
    """HTML-escaped (quotes too): labels go into popups as HTML."""
    return html.escape(text, quote=True) if _HTML_SPECIAL.search(text) else text


def _json_string(text: str) -> str:
    return to_json(text) if _JSON_SPECIAL.search(text) else f'"{text}"'


def flat_points(points: Iterable[MapPoint], datum: Datum = Datum.WGS84) -> list[Any]:
    """The flat array the page reads; labels HTML-escaped, coordinates in ``datum``."""
    out: list[Any] = []
    approximate = APPROXIMATE
    gcj = datum is Datum.GCJ02
    for p in points:
        if gcj:
            lat, lon = wgs_to_gcj(p.lat, p.lon)
        else:
            lat, lon = p.lat, p.lon
        out += (
            p.customer_id,
            round(lat, _DECIMALS),
            round(lon, _DECIMALS),
            int(p.state),
            p.days_past_due,
            1 if p.precision in approximate else 0,
            escape(p.label),
        )
    return out


def points_json(points: Iterable[MapPoint], datum: Datum = Datum.WGS84) -> str:
    """:func:`flat_points` as JSON text, written directly: the page build's hot loop
    (100k customers in about a tenth of a second)."""
    approximate = APPROXIMATE
    gcj = datum is Datum.GCJ02
    labels: dict[str, str] = {}
    parts: list[str] = []
    for p in points:
        lat, lon = wgs_to_gcj(p.lat, p.lon) if gcj else (p.lat, p.lon)
        label = labels.get(p.label)
        if label is None:
            label = labels[p.label] = _json_string(escape(p.label))
        parts.append(
            f"{p.customer_id},{lat:.5f},{lon:.5f},{p.state:d},{p.days_past_due:d},"
            f"{1 if p.precision in approximate else 0},{label}"
        )
    return "[" + ",".join(parts) + "]"


def to_json(value: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def branch_json(branch: BranchPoint | None, datum: Datum) -> dict[str, Any] | None:
    if branch is None:
        return None
    lat, lon = _convert(branch.lat, branch.lon, datum)
    return {"lat": lat, "lon": lon, "name": escape(branch.name), "address": escape(branch.address)}


def routes_json(routes: Sequence[Route], datum: Datum) -> list[dict[str, Any]]:
    out = []
    for route in routes:
        stops = []
        for stop in route.stops:
            lat, lon = _convert(stop.lat, stop.lon, datum)
            stops.append(
                {
                    "id": stop.customer_id,
                    "lat": lat,
                    "lon": lon,
                    "n": stop.order,
                    "label": escape(stop.label),
                    "time": escape(stop.time),
                }
            )
        out.append({"team": escape(route.team), "day": escape(route.day), "stops": stops})
    return out
