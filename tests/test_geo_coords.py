"""WGS-84 ↔ GCJ-02 against published reference points."""

from __future__ import annotations

import random

import pytest

from hvdesk.geo.coords import distance_m, gcj_to_wgs, in_china, wgs_to_gcj

# (WGS-84 lat, lon) → (GCJ-02 lat, lon), from the test suite of
# googollee/eviltransform (go/transform_test.go): Shanghai, Shenzhen, Beijing.
EVILTRANSFORM = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),
]
# From hujiulong/gcoord (test/unit/crs/WGS84.spec.js and GCJ02.spec.js), given as lon, lat.
GCOORD_FORWARD = ((45.0, 123.0), (45.00197815, 123.00607541))
GCOORD_INVERSE = ((45.0, 123.0), (44.99804071, 122.99395597))  # GCJ → WGS


@pytest.mark.parametrize(("wgs", "gcj"), [*EVILTRANSFORM, GCOORD_FORWARD])
def test_forward_matches_reference_within_a_metre(
    wgs: tuple[float, float], gcj: tuple[float, float]
) -> None:
    got = wgs_to_gcj(*wgs)
    assert distance_m(*got, *gcj) < 1.0


@pytest.mark.parametrize(("wgs", "gcj"), EVILTRANSFORM)
def test_inverse_matches_reference_within_a_metre(
    wgs: tuple[float, float], gcj: tuple[float, float]
) -> None:
    assert distance_m(*gcj_to_wgs(*gcj), *wgs) < 1.0


def test_inverse_matches_gcoord() -> None:
    gcj, wgs = GCOORD_INVERSE
    assert distance_m(*gcj_to_wgs(*gcj), *wgs) < 1.0


def test_beijing_shift_is_hundreds_of_metres() -> None:
    wgs, gcj = EVILTRANSFORM[2]
    assert 400 < distance_m(*wgs, *gcj) < 700
    assert 400 < distance_m(*wgs, *wgs_to_gcj(*wgs)) < 700


def test_round_trip_within_a_metre_across_china() -> None:
    rng = random.Random(4)
    worst = 0.0
    for _ in range(2000):
        lat, lon = rng.uniform(18.0, 53.0), rng.uniform(74.0, 134.0)
        back = gcj_to_wgs(*wgs_to_gcj(lat, lon))
        worst = max(worst, distance_m(lat, lon, *back))
    assert worst < 0.01  # a centimetre: far inside the 1 m requirement


def test_outside_china_is_unchanged() -> None:
    assert not in_china(48.8566, 2.3522)
    assert wgs_to_gcj(48.8566, 2.3522) == (48.8566, 2.3522)
    assert gcj_to_wgs(48.8566, 2.3522) == (48.8566, 2.3522)
    assert in_china(30.66, 104.06)


def test_distance() -> None:
    assert distance_m(30.0, 104.0, 30.0, 104.0) == 0
    # One degree of latitude is about 111.2 km.
    assert distance_m(30.0, 104.0, 31.0, 104.0) == pytest.approx(111_195, rel=1e-3)


# The formula is in the project since coord-convert (which pulled in fiona and
# GDAL) was dropped; these are coord-convert 0.2.1's answers (wgs2gcj) for
# Chengdu, Guangzhou, Harbin and Urumqi, to the last bits of a double.
COORD_CONVERT_0_2_1 = [
    ((30.657, 104.066), (30.654578484909592, 104.06850784667179)),
    ((23.1291, 113.2644), (23.126423339922844, 113.26972959210308)),
    ((45.75, 126.65), (45.75196555514378, 126.65598759031859)),
    ((43.8256, 87.6168), (43.82680539311119, 87.61964994946926)),
]


@pytest.mark.parametrize(("wgs", "gcj"), COORD_CONVERT_0_2_1)
def test_forward_is_the_published_formula(
    wgs: tuple[float, float], gcj: tuple[float, float]
) -> None:
    assert wgs_to_gcj(*wgs) == pytest.approx(gcj, abs=1e-12)


def test_edges_of_the_china_box() -> None:
    assert in_china(0.8293, 72.004) and in_china(55.8271, 137.8347)
    assert not in_china(0.8292, 100.0) and not in_china(30.0, 137.8348)
    assert wgs_to_gcj(60.0, 100.0) == (60.0, 100.0)
