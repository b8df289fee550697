"""The offline district layer: every mainland province outlined, named, and light."""

from __future__ import annotations

import json
from pathlib import Path

from hvdesk.geo.boundary_build import _inside
from hvdesk.mapping import MapData, build_page
from hvdesk.mapping.outlines import DETAILS, available, district_outlines
from hvdesk.resources import resource_path

MAINLAND = ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
            "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65")


def test_every_mainland_province_has_both_details() -> None:
    for province in MAINLAND:
        for detail in DETAILS:
            assert available(province, detail), (province, detail)
    assert not available("99") and not available("5", "coarse") and not available("51", "x")


def test_districts_carry_names_and_a_label_inside_their_outline() -> None:
    fine = json.loads(district_outlines("51", "fine"))
    coarse = json.loads(district_outlines("51", "coarse"))
    by_name = {f["properties"]["name"]: f for f in fine["features"]}
    assert "武侯区" in by_name and len(by_name) > 150
    assert {f["properties"]["code"] for f in coarse["features"]} == {
        f["properties"]["code"] for f in fine["features"]}
    wuhou = by_name["武侯区"]
    lat, lon = wuhou["properties"]["label"]
    assert any(_inside(lon, lat, poly) for poly in wuhou["geometry"]["coordinates"])
    # Fine is finer: more points for the same districts.
    assert len(district_outlines("51", "fine")) > 2 * len(district_outlines("51", "coarse"))


def test_the_layer_stays_light() -> None:
    folder = resource_path("map", "boundaries", "districts")
    sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
    assert max(s for n, s in sizes.items() if "coarse" in n) < 200_000
    assert max(s for n, s in sizes.items() if "fine" in n) < 1_000_000
    assert sum(sizes.values()) < 12_000_000


def test_an_offline_page_carries_its_provinces_districts(tmp_path: Path) -> None:
    info = build_page(MapData(provinces=frozenset({"51"})), tmp_path / "m.html")
    text = (info.assets / "boundaries.js").read_text(encoding="utf-8")
    data = json.loads(text.removeprefix("window.HV_BOUNDARIES=").rstrip().rstrip(";"))
    assert list(data["districts"]) == ["51"]
    assert "武侯区" in {f["properties"]["name"] for f in data["districts"]["51"]["features"]}
