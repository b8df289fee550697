"""Map page: build time, size and QtWebEngine load time, against folium's FastMarkerCluster.

    python bench/map_build.py [--sizes 1000,10000,50000,100000] [--no-load] [--repeat 3]
    python bench/map_build.py --db URL [--login coord1] [--rounds 3] [--anchor-points 200000]
                              [--cold] [--page-cache DIR]

It measures the checkout it lies in (its folder's parent goes first on
``sys.path``; run from elsewhere, ``python bench/…`` would import the installed
package instead).

With ``--db`` the map section of the application is measured on that
database the way the user waits for it: from the click (``MapView.refresh``)
until the page has painted the data of the area it shows (``sig_shown``; an
older build without it: ``sig_loaded``, all markers added), the growth of the
application process's RSS, then a series of pans and zooms, each until its
area is painted (or nothing was asked: the page already held it; the page
reports an area after the frame that shows it), ``--rounds`` times from the
opening view, with where each step went (the page's request to the answer
arriving, which holds the SQL and the channel; drawing; painting) and the
CPU time of the application process. The anchor,
measured in the same run: folium's FastMarkerCluster page of the same
customers' coordinates (at most ``--anchor-points`` of them), built and loaded.
Issue 19 targets (1M customers): ready < 2 s, RSS growth < 60 MB, each pan or
zoom < 300 ms. ``--cold`` counts the section's imports, the first web view and
QtWebEngine's start; the page's HTML comes from the page cache when an earlier
run with the same ``--page-cache`` folder wrote it (a later start of the
application), else folium writes it (a first ever opening).

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
from typing import Any

_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# Not the page module (folium): the section's figures include its import.
from hvdesk.mapping.data import BranchPoint, MapData, MapPoint, MapState  # noqa: E402
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
    from hvdesk.mapping.page import build_page  # noqa: PLC0415

    page = folder / "hvdesk.html"
    info = build_page(MapData(tuple(points), BRANCH, (), frozenset({"51", "50", "52"})), page)
    return page, info.html_bytes + info.data_bytes


def build_fast(points: list[MapPoint], folder: Path) -> tuple[Path, int]:
    # Imported here: the section's memory and time include folium's import, as the
    # application's do (it loads folium with the first map page).
    import folium  # noqa: PLC0415
    from folium.plugins import FastMarkerCluster  # noqa: PLC0415

    from hvdesk.mapping.page import copy_static_assets  # noqa: PLC0415

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

        from ui import web_engine  # noqa: PLC0415

        # Chromium's flags as the application sets them (HVDESK_MAP_GPU=1: with the GPU).
        web_engine.configure()
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


def memory_mb() -> dict[str, float]:
    """The process's memory now (Linux), in MB: VmRSS (all resident pages), RssAnon
    (private memory: the heap; Windows' private working set is its like) and RssFile
    (file pages: SQLite's memory-mapped database is counted there, shared and
    reclaimable) and RssShmem (shared memory: QtWebEngine's frames and canvases shared
    with its renderer)."""
    out = {"VmRSS": float("nan"), "RssAnon": float("nan"), "RssFile": float("nan"),
           "RssShmem": float("nan")}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key = line.split(":")[0]
            if key in out:
                out[key] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return out


def rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    return memory_mb()["VmRSS"]


#: Pans and zooms of the section bench: (what the user does, the script).
MOVES = (
    ("zoom in to 12", "HV.map.setZoom(12, {animate: false})"),
    ("pan a screen east", "HV.map.panBy([1200, 0], {animate: false})"),
    ("zoom in to 14", "HV.map.setZoom(14, {animate: false})"),
    ("pan half a screen", "HV.map.panBy([0, 400], {animate: false})"),
    ("zoom in to 16", "HV.map.setZoom(16, {animate: false})"),
    ("pan a screen", "HV.map.panBy([-1200, 0], {animate: false})"),
    ("small pan", "HV.map.panBy([100, 80], {animate: false})"),
    ("zoom out to 10", "HV.map.setZoom(10, {animate: false})"),
    ("zoom out to 6", "HV.map.setZoom(6, {animate: false})"),
)


def pan_and_zoom(view: Any, app: Any, done: list[Any], wait: Callable[[float], float],
                 rounds: int = 1) -> None:
    """Each of MOVES until its area is painted, or nothing asked when the page holds it,
    ``rounds`` times, each round from the opening view.

    Anchor, beside each step drawn as counts: the same area's counts by GROUP BY over
    the customers (what every pan cost before the stored counts, migration 0023),
    timed in this process on the same database after the step (first round only).
    """
    import json  # noqa: PLC0415

    from hvdesk.mapping import viewport as vp  # noqa: PLC0415

    asked_areas: list[tuple[float, float, float, float, int]] = []
    view.bridge.sig_viewport.connect(lambda _seq, s, w, n, e, z: asked_areas.append(
        (s, w, n, e, z)))

    def group_by_ms() -> str:
        if not asked_areas:
            return ""
        s, w, n, e, z = asked_areas[-1]
        area = vp.area_from_page(s, w, n, e, view._datum)
        if z <= vp.WORLD_CELLS_ZOOM:
            area, z = vp.WORLD, vp.WORLD_CELLS_ZOOM
        started = time.perf_counter()
        with view._db.session() as session:
            vp.cells_in(session, view._actor, view._query, area, z)
        return f"{(time.perf_counter() - started) * 1000:>6.0f}"

    def js(script: str) -> Any:
        answer: list[Any] = []
        view.run_js(script, answer.append)
        while not answer:
            app.processEvents()
        return answer[0]

    opening = js("JSON.stringify([HV.map.getCenter().lat, HV.map.getCenter().lng, "
                 "HV.map.getZoom()])")
    per_move: dict[str, list[float]] = {}
    for rnd in range(rounds):
        if rnd:
            lat, lon, zoom = json.loads(opening)
            done.clear()
            view.run_js(f"HV.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); true")
            wait(30)
        print(f"\nround {rnd + 1} (load average {os.getloadavg()[0]:.2f})\n"
              f"{'pan/zoom':20} {'ms':>6} {'cpu ms':>6} | {'answer':>6} {'draw':>5} "
              f"{'paint':>5} {'JSON B':>7} | {'GROUP BY':>8}  what came")
        for label, script in MOVES:
            asked = js("HV.asked")
            done.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            view.run_js(script + "; true")
            wait(0.4)
            if not done:
                if js("HV.asked") == asked:
                    print(f"{label:20} {'-':>6}  nothing asked (the page holds the area)")
                    continue
                wait(30)
            step = (time.perf_counter() - t0) * 1000
            cpu = (time.process_time() - c0) * 1000
            per_move.setdefault(label, []).append(step)
            cells = bool(done) and bool(done[0][1])
            anchor_ms = group_by_ms() if cells and rnd == 0 else "-"
            s = json.loads(js("JSON.stringify(HV.step || {})") or "{}")

            def part(a: str, b: str, st: dict[str, float] = s) -> str:
                return f"{st[b] - st[a]:.0f}" if a in st and b in st else "?"

            print(f"{label:20} {step:>6.0f} {cpu:>6.0f} | {part('asked', 'got'):>6} "
                  f"{part('parsed', 'drawn'):>5} {part('drawn', 'painted'):>5} "
                  f"{s.get('chars', 0):>7} | {anchor_ms:>8}  {done[0] if done else 'timed out'}")
    steps = [ms for v in per_move.values() for ms in v]
    if steps:
        print("\nper move over the rounds (median / max ms):")
        for label, v in per_move.items():
            print(f"  {label:20} {sorted(v)[len(v) // 2]:>6.0f} {max(v):>6.0f}")
        print(f"pan/zoom steps: max {max(steps):.0f} ms, "
              f"median {sorted(steps)[len(steps) // 2]:.0f} ms, {len(steps)} steps")


def anchor(db: Any, loader: Loader, anchor_points: int) -> None:
    """folium's FastMarkerCluster page of (up to ``anchor_points`` of) the same customers."""
    from sqlalchemy import select  # noqa: PLC0415

    from hvdesk.model import Customer  # noqa: PLC0415

    with db.session() as s:
        coords = s.execute(
            select(Customer.latitude, Customer.longitude)
            .where(Customer.latitude.is_not(None)).limit(anchor_points)
        ).all()
    points = [MapPoint(i, float(lat or 0), float(lon or 0), MapState.NONE, 0, None, "")
              for i, (lat, lon) in enumerate(coords)]
    with tempfile.TemporaryDirectory(prefix="hvdesk-mapbench-") as tmp:
        folder = Path(tmp)
        build_hvdesk([], folder)  # copies the Leaflet assets the anchor page uses
        started = time.perf_counter()
        fm_page, fm_size = build_fast(points, folder)
        fm_build = time.perf_counter() - started
        fm_load = loader.load(fm_page, FAST_READY, timeout=600)
    print(f"\nanchor, folium FastMarkerCluster of {len(points):,} of these customers: "
          f"built in {fm_build:.2f} s ({fm_size / 1e6:.1f} MB), loaded in {fm_load:.2f} s, "
          f"{fm_build + fm_load:.2f} s in all (reading them not counted)")


def report_ready(ready: float, cpu: float, done: list[Any], before: dict[str, float],
                 cold: bool) -> None:
    """The section's first area: time, CPU and the application process's memory growth."""
    after = memory_mb()
    what = f"{done[0]}" if done else "nothing"
    import resource  # noqa: PLC0415

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    how = ("cold: from importing the section, a first web view and renderer" if cold
           else "a web view's renderer already running; the imports above not counted")
    print(f"\nmap section ready (click to painted data; {how}): {ready:.2f} s, "
          f"app CPU {cpu:.2f} s "
          f"({what}; load average {os.getloadavg()[0]:.2f})\n"
          f"app memory growth: RSS +{after['VmRSS'] - before['VmRSS']:.0f} MB "
          f"(from {before['VmRSS']:.0f} MB, peak {peak:.0f} MB), of it private (RssAnon) "
          f"+{after['RssAnon'] - before['RssAnon']:.0f} MB and file pages (RssFile: libraries "
          f"such as QtWebEngine's, the memory-mapped database) "
          f"+{after['RssFile'] - before['RssFile']:.0f} MB, "
          f"shared memory +{after['RssShmem'] - before['RssShmem']:.0f} MB; "
          f"the renderer process not counted")


class Marks:
    """When each step of the opening happened, from the section's imports on (ms), and
    the application process's memory then (MB, growth from before the imports)."""

    def __init__(self, opened: float, before: dict[str, float], view: Any) -> None:
        self.opened, self.before = opened, before
        self.at: dict[str, tuple[float, dict[str, float]]] = {}
        self.mark("imports done, view made")
        web = view.web
        web.loadStarted.connect(lambda: self.mark("page load started (page written)"))
        web.loadFinished.connect(lambda _ok: self.mark("page load finished"))
        view.bridge.sig_viewport.connect(lambda *_a: self.mark("page asked its first area"))

    def mark(self, what: str) -> None:
        if what not in self.at:
            self.at[what] = (time.perf_counter(), memory_mb())

    def report(self, view: Any) -> None:
        self.mark("first area painted")
        page = getattr(view, "last_page", None)
        source = ("read from the page cache" if getattr(page, "cached", False)
                  else "written by folium (not in the page cache)")
        print(f"  the page's HTML: {source}; its build on the worker "
              f"{page.seconds * 1000 if page else float('nan'):.0f} ms\n"
              f"  {'ms':>6}  {'RSS':>5} {'anon':>5} {'file':>5} {'shm':>5}  (MB, growth)")
        b = self.before
        for what, (at, m) in sorted(self.at.items(), key=lambda kv: kv[1][0]):
            print(f"  {(at - self.opened) * 1000:>6.0f}  {m['VmRSS'] - b['VmRSS']:>+5.0f} "
                  f"{m['RssAnon'] - b['RssAnon']:>+5.0f} {m['RssFile'] - b['RssFile']:>+5.0f} "
                  f"{m['RssShmem'] - b['RssShmem']:>+5.0f}  {what}")
        pss = proportional_mb()
        if pss:
            print("  proportional set now (each page shared with the renderer or another "
                  "process counted by share): " + ", ".join(
                      f"{k} {v:.0f} MB" for k, v in pss.items()))


def proportional_mb() -> dict[str, float]:
    """Pss, Pss_Anon, Pss_File, Pss_Shmem of this process (Linux smaps_rollup), in MB."""
    out: dict[str, float] = {}
    try:
        for line in Path("/proc/self/smaps_rollup").read_text().splitlines():
            key = line.split(":")[0]
            if key in ("Pss", "Pss_Anon", "Pss_File", "Pss_Shmem"):
                out[key] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return out


def signed_in(db: Any, login: str) -> Any:
    """The actor of ``login`` (no password: the bench reads as that user)."""
    from sqlalchemy import func, select  # noqa: PLC0415

    from hvdesk.model import Customer, User  # noqa: PLC0415
    from hvdesk.services.auth import actor_for  # noqa: PLC0415

    with db.session() as s:
        user = s.scalar(select(User).where(User.login == login))
        assert user is not None, f"no user {login}"
        top = s.scalar(select(func.max(Customer.id))) or 0
        print(f"database: {db.describe()}; ~{top:,} customers; acting as {login}")
        return actor_for(user)


def cold_application() -> Any:
    """The QApplication as the application makes it, before its first map.

    QtWebEngine and folium not yet imported, no web view made, no renderer process.
    """
    from PySide6.QtCore import QCoreApplication, Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from ui import web_engine  # noqa: PLC0415

    web_engine.configure()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    return QApplication.instance() or QApplication(sys.argv[:1])


def blank_anchor() -> None:
    """The growth no map page can go below: a blank web view in a bare process."""
    import blank_web_view  # noqa: PLC0415 - beside this file

    found = blank_web_view.measure().get("growth")
    if not found:
        print("anchor, a blank QWebEngineView: the measuring process failed")
        return
    print(f"anchor, a blank QWebEngineView (about:blank) in a bare PySide6 process, same "
          f"flags: RSS +{found['VmRSS']:.0f} MB, private (RssAnon) +{found['RssAnon']:.0f} MB, "
          f"file +{found['RssFile']:.0f} MB (issue 19's target for the map: RSS +60 MB)")


def measure_section(url: str, login: str, anchor_points: int, rounds: int = 1,
                    cold: bool = False) -> None:
    from hvdesk.database import Database  # noqa: PLC0415
    from hvdesk.mapping.tiles import TileProvider  # noqa: PLC0415

    if cold:
        app = cold_application()
    db = Database.open(url)
    actor = signed_in(db, login)
    if not cold:
        loader = Loader()
        app = loader.app
    before = memory_mb()
    opened, opened_cpu = time.perf_counter(), time.process_time()
    # ui.map alone, as the application imports it: folium loads with a page not found in
    # the page cache (a first ever opening, or after an upgrade), on the worker.
    from ui.map import MapView  # noqa: PLC0415

    imported = memory_mb()
    print(f"the section's imports (ui.map with QtWebEngine): "
          f"{time.perf_counter() - opened:.2f} s, RSS +{imported['VmRSS'] - before['VmRSS']:.0f} "
          f"MB, private +{imported['RssAnon'] - before['RssAnon']:.0f} MB")

    view = MapView(db, actor, provider=TileProvider.OFFLINE, probe=lambda _h: False)
    view.resize(1200, 800)
    view.show()
    marks = Marks(opened, before, view)
    dynamic = hasattr(view, "sig_shown")
    done: list[Any] = []
    signal = view.sig_shown if dynamic else view.sig_loaded
    signal.connect(lambda *a: done.append(a))

    def wait(timeout: float) -> float:
        started = time.perf_counter()
        while not done and time.perf_counter() - started < timeout:
            app.processEvents()
            time.sleep(0.002)
        return time.perf_counter() - started

    started, cpu = time.perf_counter(), time.process_time()
    if cold:
        started, cpu = opened, opened_cpu
    view.refresh()
    wait(600)
    ready = time.perf_counter() - started
    cpu = time.process_time() - cpu
    report_ready(ready, cpu, done, before, cold)
    if cold:
        blank_anchor()
    marks.report(view)
    after = memory_mb()
    print(f"  of it after the imports: RSS +{after['VmRSS'] - imported['VmRSS']:.0f} MB, "
          f"private +{after['RssAnon'] - imported['RssAnon']:.0f} MB, "
          f"file +{after['RssFile'] - imported['RssFile']:.0f} MB, "
          f"shared +{after['RssShmem'] - imported['RssShmem']:.0f} MB")
    if dynamic:
        pan_and_zoom(view, app, done, wait, rounds)
        after = memory_mb()
        print(f"app memory after the moves: RSS +{after['VmRSS'] - before['VmRSS']:.0f} MB, "
              f"private +{after['RssAnon'] - before['RssAnon']:.0f} MB, "
              f"file +{after['RssFile'] - before['RssFile']:.0f} MB, "
              f"shared +{after['RssShmem'] - before['RssShmem']:.0f} MB")
    view.cleanup()
    view.close()

    if anchor_points > 0:
        anchor(db, Loader() if cold else loader, anchor_points)
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-load", action="store_true", help="skip the QtWebEngine loads")
    parser.add_argument("--db", help="measure the map section on this database instead")
    parser.add_argument("--login", default="coord1", help="the user the section runs as")
    parser.add_argument("--anchor-points", type=int, default=200_000,
                        help="customers in the FastMarkerCluster anchor page (--db; 0: none)")
    parser.add_argument("--cold", action="store_true",
                        help="--db: no web view before the section (its first one counts)")
    parser.add_argument("--page-cache", metavar="DIR",
                        help="--db: the application's cache folder (default: a new one, so "
                        "folium writes the page, as at a first ever opening; run twice with "
                        "the same folder to measure a later start of the application)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="times the pans and zooms run, each from the opening view (--db)")
    args = parser.parse_args(argv)
    if args.page_cache:
        os.environ["HVDESK_CACHE_DIR"] = args.page_cache
    if args.db:
        measure_section(args.db, args.login, args.anchor_points, args.rounds, args.cold)
        return 0
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
