"""Map page: build time, size and QtWebEngine load time, against folium's FastMarkerCluster.

    python bench/map_build.py [--sizes 1000,10000,50000,100000] [--no-load] [--repeat 3]

For each size the same synthetic customers (Chengdu-heavy, like a branch)
are drawn two ways, both offline and from local assets:

* hvdesk: :func:`hvdesk.mapping.build_page` (flat JSON array, markers added in
  chunks by ``resources/map/hvmap.js``, clustered, coloured, hollow centroids);
* folium's ``FastMarkerCluster`` on the same points (its documented fast path).

"build" is the time to write the page (best of ``--repeat``); "size" the HTML
plus data written; "loaded" the time from ``QWebEngineView.load`` (in a view
whose renderer process already runs) until the page reports every marker
added (hvdesk: ``HV.ready``; FastMarkerCluster adds its markers synchronously,
so: load finished and a cluster drawn). Other work on the machine moves the
load times by a second or more: run it on a quiet machine.
Targets (issue 4): 100k built < 1 s and loaded < 4 s; build >= 2x faster.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

import folium  # noqa: E402
from folium.plugins import FastMarkerCluster  # noqa: E402

from hvdesk.mapping import BranchPoint, MapData, MapPoint, MapState, build_page  # noqa: E402
from hvdesk.mapping.page import copy_static_assets  # noqa: E402
from hvdesk.model import LocationPrecision  # noqa: E402

SIZES = (1_000, 10_000, 50_000, 100_000)
BRANCH = BranchPoint("成都武侯服务中心", 30.6262, 104.0605)
#: (lat, lon, spread in degrees, share): Chengdu, then the rest of Sichuan and neighbours.
_AREAS = (
    (30.66, 104.06, 0.12, 0.55),
    (30.6, 104.5, 1.2, 0.3),
    (29.56, 106.55, 0.5, 0.1),
    (26.6, 106.7, 1.0, 0.05),
)


def synthetic_points(n: int, seed: int = 4) -> list[MapPoint]:
    rng = random.Random(seed)
    out = []
    for i in range(1, n + 1):
        roll, acc = rng.random(), 0.0
        lat, lon, spread = _AREAS[-1][:3]
        for a_lat, a_lon, a_spread, share in _AREAS:
            acc += share
            if roll < acc:
                lat, lon, spread = a_lat, a_lon, a_spread
                break
        approx = rng.random() < 0.3
        out.append(
            MapPoint(
                i,
                lat + rng.gauss(0, spread),
                lon + rng.gauss(0, spread),
                MapState(rng.choice((0, 0, 0, 0, 1, 2, 3, 4))),
                rng.choice((0, 0, 0, 5, 20, 45, 75, 120, 400)),
                LocationPrecision.DISTRICT if approx else LocationPrecision.STREET,
                rng.choice("王李张刘陈杨赵黄周吴") + "*" * rng.choice((1, 2)),
            )
        )
    return out


def build_hvdesk(points: list[MapPoint], folder: Path) -> tuple[Path, int]:
    page = folder / "hvdesk.html"
    info = build_page(MapData(tuple(points), BRANCH, (), frozenset({"51", "50", "52"})), page)
    return page, info.html_bytes + info.data_bytes


def build_fast(points: list[MapPoint], folder: Path) -> tuple[Path, int]:
    page = folder / "fast.html"
    assets = "hvdesk_files"  # the same local Leaflet files (copied by build_hvdesk)
    copy_static_assets(folder / assets)
    fmap = folium.Map(location=[30.66, 104.06], zoom_start=9, tiles=None, maxZoom=18)
    fmap.default_js = [("leaflet", f"{assets}/vendor/leaflet/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{assets}/vendor/leaflet/leaflet.css")]
    # Its default callback uses Leaflet.awesome-markers, which no package ships for
    # offline use (docs/tech-notes.md, "folium"): plain Leaflet markers instead.
    cluster = FastMarkerCluster(
        data=[[p.lat, p.lon] for p in points],
        callback=("function (row) { return L.marker(new L.LatLng(row[0], row[1])); }"),
    )
    cluster.default_js = [
        ("markerclusterjs", f"{assets}/vendor/markercluster/leaflet.markercluster.js")
    ]
    cluster.default_css = [
        ("markerclustercss", f"{assets}/vendor/markercluster/MarkerCluster.css"),
        ("markerclusterdefaultcss", f"{assets}/vendor/markercluster/MarkerCluster.Default.css"),
    ]
    cluster.add_to(fmap)
    html = fmap.get_root().render()
    page.write_text(html, encoding="utf-8")
    return page, len(html.encode("utf-8"))


def best_of(repeat: int, fn: Callable[[], tuple[Path, int]]) -> tuple[float, Path, int]:
    best = float("inf")
    result: tuple[Path, int] = (Path(), 0)
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, *result


class Loader:
    """Loads a page in an offscreen QWebEngineView and times it until ``ready_js`` is true."""

    def __init__(self) -> None:
        from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: PLC0415
        from PySide6.QtWidgets import QApplication  # noqa: PLC0415

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        self.view = QWebEngineView()
        self.view.resize(1200, 800)
        self.view.show()
        # Start the renderer process once, as a running application has it.
        self.view.setHtml("<p>warm-up</p>")
        self._spin(1.0)

    def load(self, page: Path, ready_js: str, timeout: float = 60.0) -> float:
        from PySide6.QtCore import QUrl  # noqa: PLC0415

        self.view.setUrl(QUrl("about:blank"))
        self._spin(0.3)
        answers: list[object] = []
        started = time.perf_counter()
        self.view.load(QUrl.fromLocalFile(str(page)))
        while time.perf_counter() - started < timeout:
            self.view.page().runJavaScript(ready_js, 0, answers.append)
            self._spin(0.02)
            if answers and answers[-1] is True:
                return time.perf_counter() - started
        return float("nan")

    def _spin(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.002)


HV_READY = "!!(window.HV && HV.ready)"
FAST_READY = (
    "document.readyState === 'complete' && "
    "document.querySelectorAll('.marker-cluster, .leaflet-marker-icon').length > 0"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-load", action="store_true", help="skip the QtWebEngine loads")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    loader = None if args.no_load else Loader()
    print(
        f"{'customers':>9} | {'hvdesk build':>12} {'size':>8} {'loaded':>7} | "
        f"{'FastMC build':>12} {'size':>8} {'loaded':>7} | build speed-up"
    )
    for n in sizes:
        points = synthetic_points(n)
        with tempfile.TemporaryDirectory(prefix="hvdesk-mapbench-") as tmp:
            folder = Path(tmp)
            hv_t, hv_page, hv_size = best_of(args.repeat, partial(build_hvdesk, points, folder))
            fm_t, fm_page, fm_size = best_of(args.repeat, partial(build_fast, points, folder))
            hv_load = fm_load = float("nan")
            if loader is not None:
                hv_load = loader.load(hv_page, HV_READY)
                fm_load = loader.load(fm_page, FAST_READY)
        print(
            f"{n:>9,} | {hv_t:>10.3f} s {hv_size / 1e6:>6.2f}MB {hv_load:>5.2f} s | "
            f"{fm_t:>10.3f} s {fm_size / 1e6:>6.2f}MB {fm_load:>5.2f} s | "
            f"{fm_t / hv_t:>5.1f}x",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
