"""WGS-84 ↔ GCJ-02, and distances.

hvdesk stores WGS-84 (GPS, OpenStreetMap). AMap/Gaode and Tencent tiles are
drawn in GCJ-02, the obfuscated datum Chinese web maps must use, so a point is
converted only at the edge, when it is drawn on such tiles.

The forward transform is the published one (the leaked Krasovsky-1940 based
formula every open implementation uses: eviltransform, gcoord, coord-convert);
it is a few lines of plain math, so it lives here instead of in a dependency
(coord-convert pulled in fiona and GDAL, 50+ MB without wheels for every
Python). The inverse has no closed form and is solved by fixed-point
iteration on the forward transform, which converges to well under a
centimetre in a few steps. Points outside China's bounding box are left
alone, as every implementation does. tests/test_geo_coords.py checks both
directions against other implementations' published reference points.

Argument order is (lat, lon), as people write coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

#: Stop iterating the inverse when a step moves the point by less than this
#: many degrees (about 1 mm).
_INVERSE_TOLERANCE = 1e-8
_INVERSE_MAX_STEPS = 30
EARTH_RADIUS_M = 6_371_008.8

# The formula's ellipsoid: Krasovsky 1940 (semi-major axis, first eccentricity²).
_A = 6378245.0
_EE = 0.00669342162296594323


def in_china(lat: float, lon: float) -> bool:
    """Inside the box where GCJ-02 differs from WGS-84."""
    return 72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271


def _shift_lat(x: float, y: float) -> float:
    pi = math.pi
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * pi) + 40.0 * math.sin(y / 3.0 * pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * pi) + 320.0 * math.sin(y * pi / 30.0)) * 2.0 / 3.0
    return ret


def _shift_lon(x: float, y: float) -> float:
    pi = math.pi
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * pi) + 20.0 * math.sin(2.0 * x * pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * pi) + 40.0 * math.sin(x / 3.0 * pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * pi) + 300.0 * math.sin(x / 30.0 * pi)) * 2.0 / 3.0
    return ret


def wgs_to_gcj(lat: float, lon: float) -> tuple[float, float]:
    """(lat, lon) in GCJ-02 for a WGS-84 point."""
    if not in_china(lat, lon):
        return lat, lon
    dlat = _shift_lat(lon - 105.0, lat - 35.0)
    dlon = _shift_lon(lon - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(radlat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(radlat) * math.pi)
    return lat + dlat, lon + dlon


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
