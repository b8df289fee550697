"""The administrative-division gazetteer: names, hierarchy and WGS-84 centroids."""

from __future__ import annotations

import math

import pytest

from hvdesk import geo
from hvdesk.geo import Level


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111_320
    dx = (lon2 - lon1) * 111_320 * math.cos(math.radians(lat1))
    return math.hypot(dx, dy)


def test_wuhou_district() -> None:
    d = geo.lookup("510107")
    assert d is not None
    assert d.name == "武侯区"
    assert d.level is Level.DISTRICT
    assert d.province_code == "510000"
    assert d.city_code == "510100"
    assert geo.full_name("510107") == "四川省成都市武侯区"
    assert geo.province_name("510107") == "四川省"
    assert geo.city_name("510107") == "成都市"
    assert abs(d.lat - 30.64) < 0.02
    assert abs(d.lon - 104.04) < 0.02


def test_coordinates_are_wgs84_not_gcj02() -> None:
    d = geo.lookup("510107")
    assert d is not None
    # The source row (GCJ-02): 104.043235, 30.641907. WGS-84 sits a few hundred metres off.
    shift = _metres(30.641907, 104.043235, d.lat, d.lon)
    assert 200 < shift < 800


def test_twelve_digit_codes_and_unknown_codes() -> None:
    assert geo.lookup("510107000000") == geo.lookup("510107")
    assert geo.lookup("519999") is None
    assert not geo.exists("519999")
    assert geo.full_name("519999") is None


def test_levels_and_full_names() -> None:
    assert geo.full_name("510000") == "四川省"
    assert geo.full_name("510100") == "四川省成都市"
    province = geo.lookup("510000")
    assert province is not None and province.level is Level.PROVINCE
    assert province.city_code is None
    city = geo.lookup("510100")
    assert city is not None and city.level is Level.CITY


@pytest.mark.parametrize(
    ("code", "full", "city"),
    [
        ("500101", "重庆市万州区", "重庆市"),  # municipality: no repeated name, no 市辖区
        ("500229", "重庆市城口县", "重庆市"),  # municipality's 县 placeholder level
        ("110105", "北京市朝阳区", "北京市"),
        ("429004", "湖北省仙桃市", None),  # county-level city directly under the province
    ],
)
def test_placeholders_left_out_of_names(code: str, full: str, city: str | None) -> None:
    assert geo.full_name(code) == full
    assert geo.city_name(code) == city


def test_empty_coordinates_fall_back_to_parent() -> None:
    placeholder = geo.lookup("510101")  # 市辖区: no centroid of its own
    chengdu = geo.lookup("510100")
    assert placeholder is not None and chengdu is not None
    assert placeholder.is_placeholder
    assert (placeholder.lat, placeholder.lon) == (chengdu.lat, chengdu.lon)
    dingzhou = geo.lookup("139001")  # neither it nor its parent has one: the province's
    hebei = geo.lookup("130000")
    assert dingzhou is not None and hebei is not None
    assert (dingzhou.lat, dingzhou.lon) == (hebei.lat, hebei.lon)


def test_retired_codes_stay_decodable() -> None:
    # 郫县 became 郫都区 (510117) in 2016; ID numbers issued before keep 510124.
    old = geo.lookup("510124")
    assert old is not None and old.name == "郫县"


def test_districts_and_children() -> None:
    chengdu = {d.code6 for d in geo.districts("510100")}
    assert "510107" in chengdu
    assert "510101" not in chengdu  # placeholder
    assert len(chengdu) >= 19
    sichuan_cities = [d.name for d in geo.children("510000")]
    assert "成都市" in sichuan_cities and "市辖区" not in sichuan_cities
    chongqing = geo.districts("500000")
    assert any(d.name == "渝中区" for d in chongqing)
    assert geo.districts("510107")[0].code6 == "510107"


def test_every_division_lies_in_china() -> None:
    divisions = list(geo.all_divisions())
    assert len(divisions) > 3400
    for d in divisions:
        assert 3 < d.lat < 54, d
        assert 73 < d.lon < 136, d
        assert len(d.code6) == 6 and d.code6.isdigit()
