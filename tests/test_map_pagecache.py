"""The page cache: folium writes a page's HTML once per set of fixed inputs; what
differs from one opening to the next is never in the HTML, so a kept page can
never show another opening's view, branch, routes or notice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import hvdesk
from hvdesk.mapping import BranchPoint, MapData, Route, Stop, TileProvider, build_page, pagecache
from hvdesk.mapping.page import PageInfo

BRANCH = BranchPoint("成都武侯服务中心", 30.6262, 104.0605)
OTHER = BranchPoint("重庆渝中服务中心", 29.5570, 106.5770)


def _build(tmp: Path, name: str, cache: Path, **kw: Any) -> PageInfo:
    data = kw.pop("data", MapData(branch=BRANCH, provinces=frozenset({"51"})))
    kw.setdefault("bridge", True)
    kw.setdefault("dynamic", True)
    return build_page(data, tmp / f"{name}.html", page_cache=cache, **kw)


def _opening(info: PageInfo) -> dict[str, Any]:
    first, names = (info.assets / "open.js").read_text(encoding="utf-8").splitlines()
    loaded: dict[str, Any] = json.loads(first.removeprefix("window.HV_OPEN=").rstrip(";"))
    loaded["placeLabels"] = json.loads(names.removeprefix("window.HV_OPEN.placeLabels=")
                                       .rstrip(";"))
    return loaded


def test_a_second_page_is_read_from_the_cache_with_its_own_assets(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _build(tmp_path, "map-1", cache)
    second = _build(tmp_path, "map-2", cache)
    assert not first.cached and second.cached
    assert len(list(cache.glob("*.html"))) == 1
    one, two = first.html.read_text("utf-8"), second.html.read_text("utf-8")
    assert pagecache.ASSETS_TOKEN not in one + two
    assert "map-2_files/open.js" in two and "map-1_files" not in two
    assert one.replace("map-1_files", "map-2_files") == two


def test_what_differs_per_opening_is_beside_the_page_not_in_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    route = Route("visitor1", "2026-12-06", (Stop(2, 29.56, 106.55, 1, "李*", "09:00"),))
    first = _build(tmp_path, "a", cache, view=((30.5, 103.9), (30.8, 104.2)))
    second = _build(tmp_path, "b", cache, notice="离线地图",
                    data=MapData(branch=OTHER, routes=(route,), provinces=frozenset({"50"})))
    assert second.cached
    html = second.html.read_text("utf-8")
    for text in ("重庆渝中服务中心", "李*", "离线地图", "106.5", "30.5"):
        assert text not in html
    a, b = _opening(first), _opening(second)
    assert a["view"] == [[30.5, 103.9], [30.8, 104.2]] and a["routes"] == [] and not a["notice"]
    assert "重庆渝中服务中心" in json.dumps(b["branch"], ensure_ascii=False)
    assert b["routes"] and b["notice"] == "离线地图"
    assert b["view"] != a["view"] and b["placeLabels"] != a["placeLabels"]
    boundaries = json.loads((second.assets / "boundaries.js").read_text("utf-8")
                            .removeprefix("window.HV_BOUNDARIES=").rstrip(";\n"))
    assert {f["properties"]["code"][:2] for f in boundaries["cities"]["features"]} == {"50"}


CHANGES: dict[str, dict[str, Any]] = {
    "provider": {"provider": TileProvider.OSM},
    "language": {"labels": {"title": "客户"}},
    "bridge": {"bridge": False},
    "dynamic": {"dynamic": False},
    "title": {"title": "another"},
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_of_any_fixed_input_writes_a_new_page(tmp_path: Path, change: str) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path, "base", cache)
    changed = _build(tmp_path, "changed", cache, **CHANGES[change])
    assert not changed.cached
    assert _build(tmp_path, "again", cache, **CHANGES[change]).cached
    assert len(list(cache.glob("*.html"))) == 2


@pytest.mark.parametrize("change", ["hvdesk", "writer", "installed", "format"])
def test_a_new_version_of_hvdesk_the_writer_or_folium_writes_a_new_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path, "base", cache)
    if change == "hvdesk":
        monkeypatch.setattr(hvdesk, "__version__", hvdesk.__version__ + ".1")
    elif change == "writer":
        edited = tmp_path / "writer.py"
        edited.write_bytes(pagecache._WRITER.read_bytes() + b"\n# edited\n")
        monkeypatch.setattr(pagecache, "_WRITER", edited)
    elif change == "installed":
        real = pagecache._installed
        monkeypatch.setattr(pagecache, "_installed",
                            lambda p: real(p) + ("0" if p == "folium" else ""))
    else:
        monkeypatch.setattr(pagecache, "FORMAT", pagecache.FORMAT + 1)
    assert not _build(tmp_path, "changed", cache).cached


def test_a_page_cut_short_in_the_cache_is_written_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path, "first-page", cache)
    (kept,) = cache.glob("*.html")
    kept.write_text(kept.read_text("utf-8")[:500], encoding="utf-8")
    again = _build(tmp_path, "second-page", cache)
    assert not again.cached
    assert kept.read_text("utf-8") == again.html.read_text("utf-8").replace(
        "second-page_files", pagecache.ASSETS_TOKEN)
    assert _build(tmp_path, "third-page", cache).cached


def test_without_a_cache_folium_writes_every_page(tmp_path: Path) -> None:
    data = MapData(branch=BRANCH)
    assert not build_page(data, tmp_path / "a.html").cached
    assert not build_page(data, tmp_path / "b.html").cached


def test_an_openings_outlines_and_place_names_are_kept_by_provinces_and_branch(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "cache"
    near = MapData(branch=BRANCH, provinces=frozenset({"51"}))
    # Same provinces, the branch elsewhere: districts without outlines of their own are
    # named around the branch, so its position is part of the key.
    moved = MapData(branch=BranchPoint("x", 28.77, 104.63), provinces=frozenset({"51"}))
    fresh = {name: _opening(build_page(data, tmp_path / f"{name}.html", bridge=True,
                                       dynamic=True))
             for name, data in (("near", near), ("moved", moved))}
    for rnd in range(2):
        for name, data in (("near", near), ("moved", moved)):
            info = _build(tmp_path, f"{name}-{rnd}", cache, data=data)
            assert _opening(info)["placeLabels"] == fresh[name]["placeLabels"]
            kept = (info.assets / "boundaries.js").read_text("utf-8")
            assert kept == (tmp_path / f"{name}_files" / "boundaries.js").read_text("utf-8")
    # One page; outlines and place names kept for each branch position.
    assert len(list(cache.glob("*.html"))) == 1 and len(list(cache.glob("*.js"))) == 4


def test_outlines_change_with_the_files_they_are_read_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _build(tmp_path, "a", cache)
    real = pagecache.stamp
    monkeypatch.setattr(pagecache, "stamp", lambda files: [*real(files), "edited"])
    _build(tmp_path, "b", cache)
    assert len(list(cache.glob("*.js"))) == 4


def test_the_cache_keeps_its_newest_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setattr(pagecache, "KEEP", 3)
    for n in range(4):
        _build(tmp_path, f"p{n}", cache, title=f"title {n}")
    assert len([f for f in cache.iterdir() if f.suffix in (".html", ".js")]) == 3
    assert _build(tmp_path, "again", cache, title="title 3").cached
