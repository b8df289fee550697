"""WGS-84 ↔ GCJ-02, and distances.

hvdesk stores WGS-84 (GPS, OpenStreetMap). AMap/Gaode and Tencent tiles are
drawn in GCJ-02, the obfuscated datum Chinese web maps must use, so a point is
converted only at the edge, when it is drawn on such tiles. The forward
transform is ``coord_convert``'s (the published algorithm); the inverse has no
closed form and is solved by fixed-point iteration on the forward transform,
which converges to well under a centimetre in a few steps. Points outside
China's bounding box are left alone, as every implementation does.

Argument order is (lat, lon) here, as people write coordinates; the library
underneath takes (lon, lat).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from coord_convert.transform import outOfChina, wgs2gcj

#: Stop iterating the inverse when a step moves the point by less than this
#: many degrees (about 1 mm).
_INVERSE_TOLERANCE = 1e-8
_INVERSE_MAX_STEPS = 30
EARTH_RADIUS_M = 6_371_008.8


def in_china(lat: float, lon: float) -> bool:
    """Inside the box where GCJ-02 differs from WGS-84."""
    return not outOfChina(lon, lat)


def wgs_to_gcj(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in GCJ-02 for a WGS-84 point."""
    glon, glat = wgs2gcj(lon, lat)
    return glat, glon


def gcj_to_wgs(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in WGS-84 for a GCJ-02 point: the inverse of :func:`wgs_to_gcj`.

    Iterates w ← w − (f(w) − g): the shift varies slowly with position, so each
    step gains several digits.
    """
    if not in_china(lat, lon):
        return lat, lon
    wlat, wlon = lat, lon
    for _ in range(_INVERSE_MAX_STEPS):
        glat, glon = wgs_to_gcj(wlat, wlon)
        dlat, dlon = glat - lat, glon - lon
        wlat, wlon = wlat - dlat, wlon - dlon
        if abs(dlat) < _INVERSE_TOLERANCE and abs(dlon) < _INVERSE_TOLERANCE:
            break
    return wlat, wlon


def wgs_to_gcj_many(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    return [wgs_to_gcj(lat, lon) for lat, lon in points]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine on the mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))
