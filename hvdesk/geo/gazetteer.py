"""China's administrative divisions (province, city, county) with WGS-84 centroids.

The table is cpca's ``adcodes.csv`` (a 2016 snapshot, coordinates in GCJ-02):
see ``resources/gazetteer/README.md``. Coordinates are converted to WGS-84 (hvdesk
stores and computes in WGS-84 only) when a division's are first asked for: the
iterative inverse for all 3,511 rows cost 0.1-0.2 s of every start that only
needed names (the customer filter, issue 19). Retired codes stay
in the table on purpose: an ID number keeps the code of the place where it was
issued, whatever became of that place later.
"""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from hvdesk.geo.coords import gcj_to_wgs
from hvdesk.resources import read_text

#: Placeholder names of the city level: "districts under the city", "counties",
#: "county-level units under the province". They name no place of their own.
PLACEHOLDER_NAMES = frozenset(
    {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
)


#: Province-level cities whose second level is only 市辖区 / 县.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


class Level(enum.StrEnum):
    PROVINCE = "province"
    CITY = "city"
    DISTRICT = "district"


@dataclass(frozen=True, slots=True)
class Division:
    code6: str
    name: str
    level: Level
    province_code: str
    #: None for a province.
    city_code: str | None
    #: (lon, lat) in GCJ-02 as the source has it; borrowed from the parent when the
    #: source has none for this row.
    gcj: tuple[float, float]

    @property
    def lon(self) -> float:
        """WGS-84."""
        return _wgs(self.gcj)[1]

    @property
    def lat(self) -> float:
        """WGS-84."""
        return _wgs(self.gcj)[0]

    @property
    def is_placeholder(self) -> bool:
        return self.name in PLACEHOLDER_NAMES


@cache
def _wgs(gcj: tuple[float, float]) -> tuple[float, float]:
    """(lat, lon) in WGS-84, to 6 decimals, of a GCJ-02 (lon, lat)."""
    lat, lon = gcj_to_wgs(gcj[1], gcj[0])
    return round(lat, 6), round(lon, 6)


def _level_of(code6: str) -> Level:
    if code6[2:] == "0000":
        return Level.PROVINCE
    if code6[4:] == "00":
        return Level.CITY
    return Level.DISTRICT


@dataclass(frozen=True, slots=True)
class _Raw:
    name: str
    gcj: tuple[float, float] | None


def _read_raw() -> dict[str, _Raw]:
    rows: dict[str, _Raw] = {}
    reader = csv.DictReader(io.StringIO(read_text("gazetteer", "adcodes.csv")))
    for row in reader:
        code6 = row["adcode"][:6]
        lon, lat = row["longitude"].strip(), row["latitude"].strip()
        rows[code6] = _Raw(row["name"].strip(), (float(lon), float(lat)) if lon and lat else None)
    return rows


def _parents(code6: str) -> list[str]:
    """Nearest first: the city, then the province (never the code itself)."""
    level = _level_of(code6)
    out = []
    if level is Level.DISTRICT:
        out.append(code6[:4] + "00")
    if level is not Level.PROVINCE:
        out.append(code6[:2] + "0000")
    return out


@cache
def _table() -> dict[str, Division]:
    raw = _read_raw()
    table: dict[str, Division] = {}
    for code6, item in raw.items():
        gcj = item.gcj
        # 市辖区 rows and a few retired counties have no centroid: the parent's
        # is the best guess and still places them in the right area.
        for parent in _parents(code6):
            if gcj is not None:
                break
            parent_raw = raw.get(parent)
            gcj = parent_raw.gcj if parent_raw else None
        if gcj is None:
            continue
        level = _level_of(code6)
        table[code6] = Division(
            code6=code6,
            name=item.name,
            level=level,
            province_code=code6[:2] + "0000",
            city_code=None if level is Level.PROVINCE else code6[:4] + "00",
            gcj=gcj,
        )
    return table


def _code6(code: str) -> str:
    code = code.strip()
    if len(code) == 12 and code.endswith("000000"):
        code = code[:6]
    return code


def lookup(code: str) -> Division | None:
    """A 6-digit code (or the 12-digit form with a zero tail); None when unknown."""
    return _table().get(_code6(code))


def exists(code: str) -> bool:
    return lookup(code) is not None


def all_divisions() -> Iterator[Division]:
    return iter(_table().values())


def children(code: str) -> list[Division]:
    """Cities of a province, or districts/counties of a city, placeholders left out."""
    parent = lookup(code)
    if parent is None or parent.level is Level.DISTRICT:
        return []
    if parent.level is Level.PROVINCE:
        prefix, level = parent.code6[:2], Level.CITY
    else:
        prefix, level = parent.code6[:4], Level.DISTRICT
    return sorted(
        (d for d in _table().values()
         if d.level is level and d.code6.startswith(prefix) and not d.is_placeholder),
        key=lambda d: d.code6,
    )


def districts(code: str) -> list[Division]:
    """Every county-level division under a province or city (placeholders left out).

    Municipalities list their districts under the 市辖区/县 city rows, and
    provinces have county-level cities under 省直辖县级行政区划: both included.
    """
    parent = lookup(code)
    if parent is None:
        return []
    if parent.level is Level.DISTRICT:
        return [parent]
    prefix = parent.code6[:2] if parent.level is Level.PROVINCE else parent.code6[:4]
    return sorted(
        (d for d in _table().values()
         if d.level is Level.DISTRICT and d.code6.startswith(prefix) and not d.is_placeholder),
        key=lambda d: d.code6,
    )


@cache
def full_name(code: str) -> str | None:
    """``四川省成都市武侯区``; placeholders and a municipality's repeated name left out."""
    division = lookup(code)
    if division is None:
        return None
    parts: list[str] = []
    province = lookup(division.province_code)
    if province is not None:
        parts.append(province.name)
    if division.city_code is not None and division.level is Level.DISTRICT:
        city = lookup(division.city_code)
        if city is not None and not city.is_placeholder and city.name not in parts:
            parts.append(city.name)
    if division.level is not Level.PROVINCE and not (
        division.is_placeholder or division.name in parts
    ):
        parts.append(division.name)
    return "".join(parts)


def province_name(code: str) -> str | None:
    division = lookup(code)
    province = lookup(division.province_code) if division else None
    return province.name if province else None


def city_name(code: str) -> str | None:
    """The city of a district or the city itself; for a municipality, its own name."""
    division = lookup(code)
    if division is None or division.city_code is None:
        return None
    city = lookup(division.city_code)
    if city is None or city.is_placeholder:
        return province_name(code) if division.province_code[:2] in MUNICIPALITIES else None
    return city.name
