"""Build the map page: folium's Leaflet page with local assets and hvdesk's own script.

folium writes the HTML (:mod:`hvdesk.mapping.writer`: map div, ``L.map`` with
its options, a macro that calls ``HV.init``); every script and style sheet is
a relative URL into a folder beside the page (``<page>_files/``), copied from
``resources/map/``. No CDN URL is emitted in any mode: folium's default CDN
lists are replaced per map object (they are class attributes shared by every
map). What differs from one opening to the next goes to scripts in that
folder, not into the HTML: the customer points as one flat array
(``points.js``, so building it costs one ``json.dumps``), the boundaries, and
``open.js`` (where the page opens, the branch, the routes, place names, a
notice). The HTML then depends on a few fixed inputs only, and a page given a
``page_cache`` folder is written by folium once and read from there after
(:mod:`hvdesk.mapping.pagecache`).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from hvdesk.geo import gazetteer
from hvdesk.geo.coords import distance_m, wgs_to_gcj
from hvdesk.mapping import pagecache
from hvdesk.mapping.data import (
    BranchPoint,
    Datum,
    MapData,
    MapPoint,
    branch_json,
    escape,
    points_json,
    routes_json,
    to_json,
)
from hvdesk.mapping.outlines import available, district_outlines
from hvdesk.mapping.tiles import MIN_ZOOM, TILES, TileProvider, datum_of, max_zoom
from hvdesk.mapping.viewport import Cell, cells_json
from hvdesk.resources import resource, resource_path

#: Files under ``resources/map`` copied beside every page (relative paths).
STATIC_ASSETS = (
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/images/layers.png",
    "vendor/leaflet/images/layers-2x.png",
    "vendor/leaflet/images/marker-icon.png",
    "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
    "vendor/markercluster/leaflet.markercluster.js",
    "vendor/markercluster/MarkerCluster.css",
    "vendor/markercluster/MarkerCluster.Default.css",
    "hvcells.js",
    "hvmap.js",
    "hvoffline.js",
    "hvmap.css",
)
#: Served by Qt itself inside the application (not a network request).
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"
CHINA_VIEW = ((18.0, 73.5), (53.6, 135.1))
VIEW_SAMPLE = 5_000
Box = tuple[tuple[float, float], tuple[float, float]]

#: English defaults; the application passes its translated labels.
DEFAULT_LABELS: dict[str, Any] = {
    "title": "Customers",
    "states": ["No visit planned", "Visit planned", "Notified", "Visited", "Do not visit"],
    "approx": "Approximate (district centre)",
    "ring": "Dark ring: days past due (thicker = longer)",
    "cells": "Numbered circle: customers in that area (orange: share overdue)",
    "hint": "Shift + drag: select an area",
    "dpd": "Days past due",
    "customers": "Customers",
    "route": "Route of the day",
    "boundaries": "Boundaries",
    "drag": "Drag to the customer's home",
    "tilesFailed": "The background map cannot be loaded (no internet connection?).",
    "useOffline": "Switch to the offline map",
}


@dataclass(frozen=True, slots=True)
class PageInfo:
    html: Path
    assets: Path
    points: int
    html_bytes: int
    data_bytes: int
    seconds: float
    #: Grid cells drawn instead of customers (an export of too many to draw one by one).
    cells: int = 0
    #: The HTML came from the page cache (folium not used).
    cached: bool = False


def copy_static_assets(folder: Path) -> None:
    """Copy Leaflet, markercluster and hvdesk's script into ``folder`` (once; cheap after)."""
    for rel in STATIC_ASSETS:
        target = folder / rel
        source = resource("map", *rel.split("/"))
        data = source.read_bytes()
        if target.exists() and target.stat().st_size == len(data):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _boundary(name: str) -> dict[str, Any]:
    # Not kept: the pages built from it are (boundaries_script, place_labels), and the
    # parsed outlines held ~6 MB of the application's memory for good.
    loaded: dict[str, Any] = json.loads(read_boundary(name))
    return loaded


def read_boundary(name: str) -> str:
    return resource("map", "boundaries", f"{name}.geojson").read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def boundaries_script(provinces: frozenset[str], districts: bool = False) -> str:
    """``HV_BOUNDARIES``: all provinces, the cities of ``provinces`` (and their districts'
    coarse outlines when ``districts``), the sea lines."""
    cities = _boundary("china_cities")
    wanted = [f for f in cities["features"] if f["properties"]["code"][:2] in provinces]
    data = {
        "provinces": _boundary("china_provinces"),
        "cities": {"type": "FeatureCollection", "features": wanted},
        "sea": _boundary("south_china_sea"),
        # Coarse district outlines of these provinces for a page on its own (an export);
        # the application's page asks the bridge as it reaches them (hvdesk.mapping.outlines).
        "districts": {p: json.loads(text) for p in sorted(provinces)
                      if districts and (text := district_outlines(p, "coarse"))},
    }
    return "window.HV_BOUNDARIES=" + to_json(data) + ";\n"


#: District names are drawn within this distance of the branch (offline layer) where
#: the province has no district outlines (which carry their own names).
DISTRICT_LABEL_RADIUS_M = 150_000.0
DISTRICT_PROVINCES = frozenset(
    f"{p:02d}" for p in range(10, 100) if available(f"{p:02d}", "coarse"))


@lru_cache(maxsize=8)
def place_labels(
    provinces: frozenset[str], branch: BranchPoint | None = None
) -> tuple[tuple[Any, ...], ...]:
    """[lat, lon, name, level] for the offline layer: province names (inside each
    outline), the cities of ``provinces`` and, where no district outlines exist, the
    districts around the branch (at their seats); the page shows each level from its
    own zoom on (district outlines bring their names with them)."""
    out: list[tuple[Any, ...]] = []
    for feature in _boundary("china_provinces")["features"]:
        props = feature["properties"]
        if "label" in props:
            out.append((*props["label"], props["name"], 0))
    for d in gazetteer.all_divisions():
        if d.is_placeholder:
            continue
        if d.level is gazetteer.Level.CITY and d.code6[:2] in provinces:
            out.append((d.lat, d.lon, d.name, 1))
        elif (
            d.level is gazetteer.Level.DISTRICT
            and d.code6[:2] not in DISTRICT_PROVINCES
            and branch is not None
            and distance_m(d.lat, d.lon, branch.lat, branch.lon) < DISTRICT_LABEL_RADIUS_M
        ):
            # Where no outlines exist, the district's seat carries its name.
            out.append((d.lat, d.lon, d.name, 2))
    return tuple(out)


def _quantile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, max(0, int(q * (len(values) - 1))))]


def view_bounds(data: MapData) -> Box:
    """Where the page opens: the day's route, else most of the points (outliers left
    out), else the branch, else China."""
    lats: list[float] = []
    lons: list[float] = []
    if data.routes:
        for route in data.routes:
            lats += [s.lat for s in route.stops]
            lons += [s.lon for s in route.stops]
        if data.branch:
            lats.append(data.branch.lat)
            lons.append(data.branch.lon)
        return (min(lats), min(lons)), (max(lats), max(lons))
    # A sample is plenty to frame the view (and keeps 100k points cheap).
    sample = data.points[:: max(1, len(data.points) // VIEW_SAMPLE)]
    if sample and data.branch is not None:
        # The branch's own area: the nearest half of the points around it.
        b = data.branch
        near = sorted(sample, key=lambda p: (p.lat - b.lat) ** 2 + (p.lon - b.lon) ** 2)
        near = near[: max(1, len(near) // 2)]
        lats = [p.lat for p in near] + [b.lat]
        lons = [p.lon for p in near] + [b.lon]
        return (min(lats), min(lons)), (max(lats), max(lons))
    if sample:
        lats = sorted(p.lat for p in sample)
        lons = sorted(p.lon for p in sample)
        q = 0.05 if len(lats) >= 50 else 0.0
        return (
            (_quantile(lats, q), _quantile(lons, q)),
            (_quantile(lats, 1 - q), _quantile(lons, 1 - q)),
        )
    if data.branch:
        b = data.branch
        return (b.lat - 0.1, b.lon - 0.1), (b.lat + 0.1, b.lon + 0.1)
    return CHINA_VIEW


def _convert_bounds(
    bounds: tuple[tuple[float, float], tuple[float, float]], datum: Datum
) -> list[list[float]]:
    (s, w), (n, e) = bounds
    if datum is Datum.GCJ02:
        s, w = wgs_to_gcj(s, w)
        n, e = wgs_to_gcj(n, e)
    return [[round(s, 5), round(w, 5)], [round(n, 5), round(e, 5)]]


def build_page(
    data: MapData,
    html_path: Path,
    *,
    provider: TileProvider = TileProvider.OFFLINE,
    labels: Mapping[str, Any] | None = None,
    bridge: bool = False,
    title: str = "hvdesk map",
    dynamic: bool = False,
    cells: Sequence[Cell] = (),
    view: Box | None = None,
    notice: str | None = None,
    page_cache: Path | None = None,
) -> PageInfo:
    """Write ``html_path`` and its ``<stem>_files/`` folder; return sizes and time taken.

    ``provider`` must be resolved already (not "auto"). ``bridge`` adds Qt's
    QWebChannel script (served from ``qrc:``) for the desktop application;
    ``dynamic`` makes the page ask it for each area it shows instead of
    carrying customers. ``cells`` (counts per grid cell) stand in for the
    points of a page that may not hold them one by one. ``view`` is where the
    page opens (default: from the routes, points or branch). ``notice`` is a
    message shown across the top of the map (e.g. why it is the offline map).
    ``page_cache``: a folder where the HTML folium writes is kept and looked up
    (none: folium writes it every time).
    """
    if provider is TileProvider.AUTO:
        raise ValueError("resolve the tile provider before building a page")
    started = time.perf_counter()
    datum = datum_of(provider)
    assets = html_path.with_name(html_path.stem + "_files")
    copy_static_assets(assets)
    if cells:
        points_js = "window.HV_CELLS=" + to_json(cells_json(cells, datum)) + ";\n"
    elif dynamic:
        points_js = ""
    else:
        points_js = "window.HV_POINTS=" + points_json(data.points, datum) + ";\n"
    (assets / "points.js").write_text(points_js, encoding="utf-8")
    offline = provider is TileProvider.OFFLINE
    # The outlines of a page on its own (districts) are not kept: an export, built once.
    outlines_cache = page_cache if bridge else None
    if offline:
        script = pagecache.kept(
            outlines_cache, _outline_inputs("boundaries", data),
            lambda: boundaries_script(data.provinces, districts=not bridge))
        (assets / "boundaries.js").write_text(script, encoding="utf-8")
    # This opening's part of the config: never in the HTML, which a page cache keeps.
    opening = {
        "view": _convert_bounds(view or view_bounds(data), datum),
        "branch": branch_json(data.branch, datum),
        "routes": routes_json(data.routes, datum),
        "notice": escape(notice) if notice else None,
    }
    names = "[]"
    if offline:
        names = pagecache.kept(outlines_cache, _outline_inputs("places", data),
                               lambda: to_json(place_labels(data.provinces, data.branch)))
    (assets / "open.js").write_text(
        "window.HV_OPEN=" + to_json(opening) + ";\nwindow.HV_OPEN.placeLabels=" + names
        + ";\n", encoding="utf-8")
    html, cached = _page_html(_fixed_inputs(provider, labels, bridge, title, dynamic),
                              page_cache)
    html = html.replace(pagecache.ASSETS_TOKEN, assets.name)
    html_path.write_text(html, encoding="utf-8")
    return PageInfo(
        html=html_path,
        assets=assets,
        points=len(data.points),
        html_bytes=len(html.encode("utf-8")),
        data_bytes=len(points_js.encode("utf-8")),
        seconds=time.perf_counter() - started,
        cells=len(cells),
        cached=cached,
    )


def _outline_inputs(kind: str, data: MapData) -> dict[str, Any]:
    """What an opening's outlines or place names are made from (for the page cache)."""
    files = [resource_path("map", "boundaries", f"{name}.geojson")
             for name in ("china_provinces", "china_cities", "south_china_sea")]
    b = data.branch
    return {
        "kind": kind,
        "provinces": sorted(data.provinces),
        # Place names near the branch depend on where it is (its name is not used).
        "branch": None if b is None else [b.lat, b.lon],
        "files": pagecache.stamp([*files, resource_path("gazetteer", "adcodes.csv")]),
        "radius": DISTRICT_LABEL_RADIUS_M,
        "code": pagecache.stamp([Path(__file__)]),
    }


def _fixed_inputs(provider: TileProvider, labels: Mapping[str, Any] | None, bridge: bool,
                  title: str, dynamic: bool) -> dict[str, Any]:
    """Everything the HTML is written from (the assets folder as a token)."""
    rel = pagecache.ASSETS_TOKEN
    scripts = [
        ("leaflet", f"{rel}/vendor/leaflet/leaflet.js"),
        ("markercluster", f"{rel}/vendor/markercluster/leaflet.markercluster.js"),
        ("hv_points", f"{rel}/points.js"),
        ("hv_open", f"{rel}/open.js"),
        ("hvcells", f"{rel}/hvcells.js"),
        ("hvmap", f"{rel}/hvmap.js"),
        ("hvoffline", f"{rel}/hvoffline.js"),
    ]
    if provider is TileProvider.OFFLINE:
        scripts.insert(2, ("hv_boundaries", f"{rel}/boundaries.js"))
    if bridge:
        scripts.insert(0, ("qwebchannel", QWEBCHANNEL_JS))
    tiles = TILES.get(provider)
    config = {
        "datum": datum_of(provider).value,
        "maxZoom": max_zoom(provider),
        "tiles": None
        if tiles is None
        else {
            "url": tiles.url,
            "attribution": tiles.attribution,
            "maxZoom": max_zoom(provider),
            "subdomains": tiles.subdomains,
        },
        "dynamic": dynamic,
        # Asked around the view (a share of its size each side): small pans need nothing.
        "margin": 0.3,
        "labels": _escaped_labels({**DEFAULT_LABELS, **(labels or {})}),
    }
    return {
        "config": to_json(config),
        "scripts": scripts,
        "styles": [
            ("leaflet_css", f"{rel}/vendor/leaflet/leaflet.css"),
            ("markercluster_css", f"{rel}/vendor/markercluster/MarkerCluster.css"),
            ("markercluster_default_css",
             f"{rel}/vendor/markercluster/MarkerCluster.Default.css"),
            ("hvmap_css", f"{rel}/hvmap.css"),
        ],
        "title": title,
        "max_zoom": max_zoom(provider),
        "min_zoom": MIN_ZOOM,
    }


def _page_html(inputs: dict[str, Any], page_cache: Path | None) -> tuple[str, bool]:
    """The HTML for ``inputs`` (assets folder still a token) and whether it was cached."""
    key = pagecache.page_key(inputs) if page_cache is not None else ""
    if page_cache is not None and (kept := pagecache.read(page_cache, key)) is not None:
        return kept, True
    from hvdesk.mapping.writer import write_html  # noqa: PLC0415  (folium: only here)

    html = write_html(config_json=inputs["config"], scripts=inputs["scripts"],
                      styles=inputs["styles"], title=inputs["title"],
                      max_zoom=inputs["max_zoom"], min_zoom=inputs["min_zoom"])
    if page_cache is not None:
        pagecache.store(page_cache, key, html)
    return html, False


def _escaped_labels(labels: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: [escape(str(v)) for v in value] if isinstance(value, list) else escape(str(value))
        for key, value in labels.items()
    }


def points_only(points: list[MapPoint]) -> MapData:
    """A MapData with points alone (benchmarks, tests)."""
    return MapData(tuple(points))


def remove_page(html_path: Path) -> None:
    html_path.unlink(missing_ok=True)
    shutil.rmtree(html_path.with_name(html_path.stem + "_files"), ignore_errors=True)
