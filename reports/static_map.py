"""The day's route as a small static map, drawn offline for the briefing cover.

No tiles and no roads: the city outlines of the bundled boundary layer
(``resources/map/boundaries``), district names at their seats (gazetteer),
and the route as straight segments from the branch through every stop in
route order and back, each stop a numbered disc. An equirectangular
projection scaled by cos(latitude) is exact enough at city scale.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from functools import cache

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from hvdesk.geo import gazetteer
from hvdesk.resources import read_text
from reports import fonts, styles

LatLon = tuple[float, float]
Box = tuple[float, float, float, float]  # west, south, east, north
#: A day's stops span a few km; never zoom closer than this (degrees of latitude).
MIN_SPAN = 0.03
PAD = 0.15
DISC = 6.5
ROUTE = colors.HexColor("#1c5d99")
BRANCH = colors.HexColor("#b42318")
OUTLINE = colors.HexColor("#9aa5b1")
LAND = colors.HexColor("#f7f9fb")


@cache
def _city_rings() -> tuple[tuple[Box, tuple[tuple[float, float], ...]], ...]:
    data = json.loads(read_text("map", "boundaries", "china_cities.geojson"))
    rings = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"] if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        for polygon in polygons:
            for ring in polygon:
                pts = tuple((float(x), float(y)) for x, y in ring)
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                rings.append(((min(xs), min(ys), max(xs), max(ys)), pts))
    return tuple(rings)


#: GCJ-02 lies within ~0.01 degree of WGS-84 in China: a box this much wider holds
#: every district whose WGS-84 seat is inside.
GCJ_MARGIN = 0.02


@cache
def _districts() -> tuple[gazetteer.Division, ...]:
    return tuple(
        d for d in gazetteer.all_divisions()
        if d.level is gazetteer.Level.DISTRICT and not d.is_placeholder
    )


def _districts_in(box: Box) -> list[tuple[float, float, str]]:
    """(lon, lat, name) of the districts whose seat is in ``box`` (WGS-84).

    Chosen on the GCJ-02 coordinates first: converting every district's seat to
    WGS-84 (an iterative inverse) cost 0.1 s of each briefing pack (issue 19).
    """
    west, south, east, north = box
    m = GCJ_MARGIN
    return [
        (d.lon, d.lat, d.name) for d in _districts()
        if west - m < d.gcj[0] < east + m and south - m < d.gcj[1] < north + m
    ]


def _bounds(points: Sequence[LatLon], aspect: float) -> Box:
    """A lon/lat box around ``points`` with padding, shaped like the drawing."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(mid_lat))
    span_y = max(max(lats) - min(lats), MIN_SPAN) * (1 + 2 * PAD)
    span_x = max((max(lons) - min(lons)) * kx, MIN_SPAN) * (1 + 2 * PAD)
    # Widen whichever side is short so a degree is as long across as up.
    if span_x / span_y < aspect:
        span_x = span_y * aspect
    else:
        span_y = span_x / aspect
    cx, cy = (min(lons) + max(lons)) / 2, mid_lat
    half_x = span_x / kx / 2
    return (cx - half_x, cy - span_y / 2, cx + half_x, cy + span_y / 2)


class RouteMap(Flowable):
    """``stops``: (number, location) in route order; ``branch`` is where the day starts."""

    def __init__(
        self, stops: Sequence[tuple[int, LatLon]], branch: LatLon | None, width: float,
        height: float,
    ) -> None:
        super().__init__()
        self.stops = list(stops)
        self.branch = branch
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        w, h = self.width, self.height
        points = [p for _, p in self.stops] + ([self.branch] if self.branch else [])
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(0, 0, w, h)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.setFillColor(LAND)
        canvas.rect(0, 0, w, h, stroke=0, fill=1)
        if points:
            box = _bounds(points, w / h)
            self._outlines(canvas, box)
            self._route(canvas, box)
        else:
            canvas.setFillColor(styles.MUTED)
            canvas.setFont(fonts.register(), 9)
            canvas.drawCentredString(w / 2, h / 2, "没有可绘制的位置")
        canvas.restoreState()
        canvas.setStrokeColor(styles.RULE)
        canvas.rect(0, 0, w, h, stroke=1, fill=0)

    def _xy(self, box: Box, lat: float, lon: float) -> tuple[float, float]:
        west, south, east, north = box
        return (
            (lon - west) / (east - west) * self.width,
            (lat - south) / (north - south) * self.height,
        )

    def _outlines(self, canvas: Canvas, box: Box) -> None:
        west, south, east, north = box
        canvas.setStrokeColor(OUTLINE)
        canvas.setLineWidth(0.8)
        canvas.setDash(3, 2)
        # Outlines run far beyond a day's few km: keep only the points near the box
        # (a jump across the outside becomes a move), or the page carries whole cities.
        mx, my = (east - west) * 0.5, (north - south) * 0.5
        near_w, near_s, near_e, near_n = west - mx, south - my, east + mx, north + my
        for (x0, y0, x1, y1), ring in _city_rings():
            if x1 < west or x0 > east or y1 < south or y0 > north:
                continue
            path = canvas.beginPath()
            pen_down = False
            for lon, lat in ring:
                if near_w <= lon <= near_e and near_s <= lat <= near_n:
                    x, y = self._xy(box, lat, lon)
                    path.lineTo(x, y) if pen_down else path.moveTo(x, y)
                    pen_down = True
                else:
                    pen_down = False
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        canvas.setFillColor(OUTLINE)
        font = fonts.register()
        canvas.setFont(font, 8)
        taken: list[tuple[float, float, float, float]] = []
        for lon, lat, name in _districts_in(box):
            if west < lon < east and south < lat < north:
                x, y = self._xy(box, lat, lon)
                half = stringWidth(name, font, 8) / 2 + 2
                rect = (x - half, y - 5, x + half, y + 7)
                # A wide view holds hundreds of districts: draw the names that have room.
                if any(r[0] < rect[2] and rect[0] < r[2] and r[1] < rect[3] and rect[1] < r[3]
                       for r in taken):
                    continue
                taken.append(rect)
                canvas.drawCentredString(x, y - 3, name)

    def _route(self, canvas: Canvas, box: Box) -> None:
        font = fonts.register()
        path_pts = [self._xy(box, *p) for _, p in self.stops]
        home = self._xy(box, *self.branch) if self.branch else None
        line = ([home] if home else []) + path_pts + ([home] if home else [])
        canvas.setStrokeColor(ROUTE)
        canvas.setLineWidth(1.4)
        for (xa, ya), (xb, yb) in itertools.pairwise(line):
            canvas.line(xa, ya, xb, yb)
        if home:
            canvas.setFillColor(BRANCH)
            canvas.rect(home[0] - 5, home[1] - 5, 10, 10, stroke=0, fill=1)
            canvas.setFont(font, 7.5)
            canvas.drawString(home[0] + 7, home[1] - 3, "网点")
        placed: list[tuple[float, float]] = []
        for (number, _), (x, y) in zip(self.stops, path_pts, strict=True):
            lx, ly = _free_spot(x, y, placed)
            placed.append((lx, ly))
            if (lx, ly) != (x, y):
                canvas.setStrokeColor(ROUTE)
                canvas.setLineWidth(0.5)
                canvas.line(x, y, lx, ly)
            canvas.setFillColor(ROUTE)
            canvas.setStrokeColor(colors.white)
            canvas.setLineWidth(1)
            canvas.circle(lx, ly, DISC, stroke=1, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(font, 7.5 if number < 100 else 6)
            canvas.drawCentredString(lx, ly - 2.6, str(number))


def _free_spot(
    x: float, y: float, placed: Sequence[tuple[float, float]]
) -> tuple[float, float]:
    """Move a disc off the ones already drawn (same building, district fallback)."""
    gap = DISC * 2.1
    for step in range(0, 60):
        angle = step * 2.4  # golden-angle spiral: even spread, no overlap with earlier tries
        radius = 0.0 if step == 0 else gap * math.sqrt(step) * 0.8
        cx, cy = x + radius * math.cos(angle), y + radius * math.sin(angle)
        if all((cx - px) ** 2 + (cy - py) ** 2 >= gap * gap for px, py in placed):
            return cx, cy
    return x, y


def route_map(
    stops: Sequence[tuple[int, LatLon | None]], branch: LatLon | None, width: float,
    height: float,
) -> RouteMap:
    """The map flowable; stops with no known location are left off (listed in the table)."""
    known = [(n, p) for n, p in stops if p is not None]
    return RouteMap(known, branch, width, height)


__all__ = ["RouteMap", "route_map"]
