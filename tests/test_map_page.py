"""The map page: no CDN in any mode, escaped labels, datum at the edge, offline layer."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hvdesk.geo.coords import distance_m
from hvdesk.mapping import (
    BranchPoint,
    MapData,
    MapPoint,
    MapState,
    Route,
    Stop,
    TileProvider,
    build_page,
    resolve_provider,
)
from hvdesk.mapping.data import STRIDE, Datum, flat_points, to_json
from hvdesk.mapping.page import boundaries_script, view_bounds
from hvdesk.model import LocationPrecision

P = LocationPrecision
BRANCH = BranchPoint("成都武侯服务中心", 30.6262, 104.0605, "人民南路四段12号")
EVIL = '<img src=x onerror="alert(1)">&'


def _data(n: int = 50) -> MapData:
    points = tuple(
        MapPoint(
            i,
            30.6 + i * 0.001,
            104.05 + i * 0.001,
            MapState(i % 5),
            (i * 7) % 200,
            P.DISTRICT if i % 3 == 0 else P.STREET,
            EVIL if i == 1 else f"张{i % 10}*",
        )
        for i in range(1, n + 1)
    )
    route = Route(
        "visitor1",
        "2026-11-25",
        (
            Stop(2, 30.602, 104.052, 1, EVIL, "09:00"),
            Stop(5, 30.605, 104.055, 2, "李*", "10:30"),
        ),
    )
    return MapData(points, BRANCH, (route,), frozenset({"51"}))


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.inline_scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            if values.get("src"):
                self.refs.append(values["src"] or "")
            else:
                self.inline_scripts += 1
        if tag == "link" and values.get("href"):
            self.refs.append(values["href"] or "")
        if tag in {"img", "iframe"} and values.get("src"):
            self.refs.append(values["src"] or "")


def _refs(html: str) -> list[str]:
    parser = _Refs()
    parser.feed(html)
    return parser.refs


@pytest.mark.parametrize("provider", [TileProvider.OFFLINE, TileProvider.OSM, TileProvider.AMAP])
@pytest.mark.parametrize("bridge", [False, True])
def test_no_cdn_reference_in_any_mode(tmp_path: Path, provider: TileProvider, bridge: bool) -> None:
    page = tmp_path / "map.html"
    info = build_page(_data(), page, provider=provider, bridge=bridge)
    html = page.read_text(encoding="utf-8")
    refs = _refs(html)
    assert refs, "the page loads its scripts from files"
    for ref in refs:
        assert not re.match(r"(?i)^(https?:)?//", ref), ref
        if ref.startswith("qrc:"):
            assert bridge and ref == "qrc:///qtwebchannel/qwebchannel.js"
            continue
        assert (tmp_path / ref).is_file(), f"{ref} is not beside the page"
    # Nothing in the HTML itself names a remote host (tile URLs live in the config).
    outside_config = html.split("HV.init(")[0]
    assert "https://" not in outside_config and "http://" not in outside_config.replace(
        "http-equiv", ""
    )
    if provider is TileProvider.OFFLINE:
        assert "https://" not in html
        assert (info.assets / "boundaries.js").is_file()
    assert info.points == 50


def test_assets_have_no_remote_references() -> None:
    """CSS url()s and the vendored scripts' source-map comments stay local."""
    root = Path(__file__).resolve().parents[1] / "resources" / "map"
    for css in root.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", css.read_text(encoding="utf-8")):
            assert not re.match(r"""(?i)^['"]?(https?:)?//""", url), (css, url)
    for js in root.rglob("*.js"):
        assert "sourceMappingURL" not in js.read_text(encoding="utf-8"), js


def test_labels_are_escaped_everywhere(tmp_path: Path) -> None:
    page = tmp_path / "map.html"
    info = build_page(_data(), page, labels={"title": "<script>x</script>"})
    everything = page.read_text(encoding="utf-8") + "".join(
        (info.assets / name).read_text(encoding="utf-8") for name in ("points.js", "open.js"))
    assert "<img" not in everything and 'onerror="' not in everything
    assert "<script>x" not in everything
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;" in everything


def test_points_are_one_flat_array(tmp_path: Path) -> None:
    info = build_page(_data(), tmp_path / "map.html")
    text = (info.assets / "points.js").read_text(encoding="utf-8")
    flat = json.loads(text.removeprefix("window.HV_POINTS=").rstrip(";\n"))
    assert len(flat) == 50 * STRIDE
    first = flat[:STRIDE]
    assert first[0] == 1 and first[3] == MapState.PLANNED and first[5] == 0
    third = flat[2 * STRIDE : 3 * STRIDE]
    assert third[5] == 1  # district centroid: drawn hollow


def test_amap_gets_gcj02_at_the_edge() -> None:
    point = MapPoint(1, 39.911954, 116.377817, MapState.NONE, 0, P.EXACT, "x")
    wgs = flat_points([point], Datum.WGS84)
    gcj = flat_points([point], Datum.GCJ02)
    assert wgs[1:3] == [39.91195, 116.37782]
    # Published reference (eviltransform): 39.91334545536069, 116.38404722455657.
    assert distance_m(gcj[1], gcj[2], 39.91334545536069, 116.38404722455657) < 1.5


def test_script_json_cannot_close_the_script() -> None:
    assert "</" not in to_json(["</script><script>alert(1)</script>"])


def test_offline_layer_is_small_and_has_the_provinces() -> None:
    script = boundaries_script(frozenset({"51", "50"}))
    assert len(script.encode()) < 450_000
    data = json.loads(script.removeprefix("window.HV_BOUNDARIES=").rstrip(";\n"))
    names = {f["properties"]["name"] for f in data["provinces"]["features"]}
    assert {"四川省", "重庆市", "台湾省", "海南省"} <= names and len(names) == 34
    cities = {f["properties"]["code"][:2] for f in data["cities"]["features"]}
    assert cities == {"51", "50"}
    assert data["sea"]["features"]


def test_view_opens_on_the_route_then_near_the_branch() -> None:
    (s, w), (n, e) = view_bounds(_data())
    assert s <= 30.602 and n >= 30.6262 and w <= 104.052 and e >= 104.0605
    no_route = MapData(_data().points, BRANCH)
    (s, w), (n, e) = view_bounds(no_route)
    assert s <= BRANCH.lat <= n and w <= BRANCH.lon <= e


def test_auto_provider_falls_back_to_offline_without_network() -> None:
    assert resolve_provider("auto", lambda host: False) is TileProvider.OFFLINE
    assert resolve_provider("auto", lambda host: True) is TileProvider.OSM
    assert resolve_provider("amap", lambda host: False) is TileProvider.OFFLINE
    assert resolve_provider("offline", lambda host: pytest.fail("probed")) is (TileProvider.OFFLINE)
    with pytest.raises(ValueError, match="resolve"):
        build_page(MapData(), Path("/nonexistent/x.html"), provider=TileProvider.AUTO)
