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
