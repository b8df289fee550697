"""Where demo customers are registered and live: districts, streets, coordinates.

Registered (户籍) districts: mostly Chengdu, then the rest of Sichuan, then the
neighbouring provinces people move to Chengdu from. Current addresses are
mostly in Chengdu. Coordinates are the district centroid plus a small jitter,
good enough for a map and for routing a team's day.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass

from hvdesk import geo
from hvdesk.demo.fastrand import pick, randint

CHENGDU = "510100"
SICHUAN = "510000"

#: Chengdu districts by rough share of the population (the centre and the
#: big suburbs weigh most); districts not listed get weight 1.
_CHENGDU_WEIGHTS = {
    "510104": 6, "510105": 6, "510106": 8, "510107": 9, "510108": 7, "510112": 4,
    "510114": 5, "510116": 5, "510124": 4, "510115": 3, "510113": 2, "510185": 3,
}
#: Share of registered addresses by province: the rest of Sichuan, then neighbours.
_OUTSIDE_CHENGDU = (
    (SICHUAN, 30.0), ("500000", 6.0), ("520000", 2.5), ("530000", 2.0), ("610000", 2.0),
    ("420000", 1.0), ("430000", 1.0), ("620000", 0.5),
)
_CHENGDU_SHARE = 55.0

#: Real roads of central Chengdu districts (house numbers are invented).
_CHENGDU_ROADS = {
    "510104": ("春熙路", "东大街", "红星路三段", "书院街", "总府路", "水井街", "东风路",
               "静安路", "锦华路", "牛市口路", "莲桂西路", "三官堂街"),
    "510105": ("人民中路二段", "青华路", "光华大道", "西御街", "清江东路", "草市街",
               "八宝街", "金沙路", "文武路", "蜀都大道", "青羊大道", "长顺上街"),
    "510106": ("蜀汉路", "金府路", "解放路二段", "营门口路", "星辉西路", "沙湾路",
               "交大路", "金丰路", "羊西线", "茶店子横街", "一环路北二段", "马鞍北路"),
    "510107": ("人民南路四段", "玉林北路", "科华北路", "武侯祠大街", "浆洗街", "桐梓林北路",
               "高升桥东路", "武侯大道", "晋阳路", "簇桥路", "佳灵路", "领事馆路", "洗面桥街",
               "永丰路", "二环路南四段", "龙腾东路"),
    "510108": ("建设路", "二仙桥东路", "双林路", "府青路二段", "猛追湾街", "万年场路",
               "龙潭路", "双庆路", "崔家店路", "杉板桥路"),
    "510116": ("东升街", "棠湖西路", "航空路", "白河路", "藏卫路", "广都大道"),
    "510112": ("驿都大道", "龙都南路", "西河路", "北京路", "十陵路"),
}

#: Road names every Chinese town has; used outside central Chengdu.
_ROADS = (
    "人民路", "建设路", "解放路", "中山路", "新华路", "文化路", "胜利路", "和平路", "朝阳路",
    "滨江路", "公园路", "府前街", "南大街", "北大街", "东环路", "西环路", "工业大道", "育才路",
    "迎宾大道", "长江路", "金沙路", "学府路", "花园路", "光明路", "幸福路", "团结路", "新民街",
    "兴隆街", "红旗路", "青年路", "东风路", "锦江路", "沿河路", "车站路",
)
_ESTATES = (
    "锦绣花园", "阳光城", "翡翠城", "金色家园", "天府名居", "紫荆花园", "香榭丽舍", "华润二十四城",
    "万科城", "保利花园", "时代广场", "蓝光金双楠", "南苑小区", "幸福小区", "电力宿舍", "教师公寓",
)
_TOWNS = (
    "新场", "太平", "永兴", "石桥", "龙泉", "白马", "三合", "金龙", "清平", "高桥", "安仁",
    "黄龙", "天宫", "复兴", "双河", "马鞍", "青龙", "回龙", "兴隆", "柏林", "大河", "观音",
    "桂花", "金山", "石门", "长乐", "文昌", "中和",
)
_VILLAGES = (
    "红星", "光明", "和平", "新民", "团结", "胜利", "五一", "民主", "先锋", "红旗", "同心",
    "永安", "金星", "长丰", "向阳", "联合", "友谊", "星光", "青山", "合兴", "花园", "白鹤",
    "杨柳", "水井", "桥头", "两河",
)


class WeightedChoice:
    """``rng.choices`` with the cumulative weights computed once (it runs a million times)."""

    def __init__(self, items: list[tuple[str, float]]) -> None:
        self.items = tuple(i for i, _ in items)
        self._cum = tuple(itertools.accumulate(w for _, w in items))

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect_right(self._cum, rng.random() * self._cum[-1])]


@dataclass(frozen=True, slots=True)
class District:
    code6: str
    full_name: str
    lat: float
    lon: float
    rural: bool  # counties: addresses are towns and villages, not streets
    roads: tuple[str, ...]
    cos_lat: float


def _district(code6: str) -> District:
    d = geo.lookup(code6)
    name = geo.full_name(code6)
    assert d is not None and name is not None, code6
    return District(
        code6=code6,
        full_name=name,
        lat=d.lat,
        lon=d.lon,
        rural=d.name.endswith(("县", "旗")),
        roads=_CHENGDU_ROADS.get(code6, _ROADS),
        cos_lat=math.cos(math.radians(d.lat)),
    )


class Places:
    """Draws districts and address texts; built once per demo run."""

    def __init__(self) -> None:
        chengdu = geo.districts(CHENGDU)
        self._districts: dict[str, District] = {d.code6: _district(d.code6) for d in chengdu}
        registered: list[tuple[str, float]] = []
        total_cd = sum(_CHENGDU_WEIGHTS.get(d.code6, 1) for d in chengdu)
        for d in chengdu:
            share = _CHENGDU_SHARE * _CHENGDU_WEIGHTS.get(d.code6, 1) / total_cd
            registered.append((d.code6, share))
        for province, share in _OUTSIDE_CHENGDU:
            others = [d for d in geo.districts(province) if not d.code6.startswith("5101")]
            for d in others:
                self._districts[d.code6] = _district(d.code6)
                registered.append((d.code6, share / len(others)))
        self.registered = WeightedChoice(registered)
        self.current = WeightedChoice(
            [(d.code6, _CHENGDU_WEIGHTS.get(d.code6, 1)) for d in chengdu]
        )

    def district(self, code6: str) -> District:
        return self._districts[code6]

    @staticmethod
    def in_chengdu(code6: str) -> bool:
        return code6.startswith("5101")

    def address(self, rng: random.Random, district: District) -> tuple[str, bool]:
        """The address text and whether it is street-level (not a village)."""
        if district.rural and rng.random() < 0.6:
            town = pick(rng, _TOWNS)
            village = pick(rng, _VILLAGES)
            return (
                f"{district.full_name}{town}镇{village}村{randint(rng, 1, 12)}组"
                f"{randint(rng, 1, 120)}号",
                False,
            )
        road = pick(rng, district.roads)
        number = randint(rng, 1, 399 if district.roads is _ROADS else 999)
        roll = rng.random()
        if roll < 0.25:
            # A detached house or a shop-front flat: no building or unit.
            return f"{district.full_name}{road}{number}号", True
        estate = pick(rng, _ESTATES) if roll < 0.55 else ""
        building, unit = randint(rng, 1, 30), randint(rng, 1, 4)
        floor, room = randint(rng, 1, 33 if not district.rural else 7), randint(rng, 1, 4)
        return (
            f"{district.full_name}{road}{number}号{estate}{building}栋{unit}单元"
            f"{floor}{room:02d}号",
            True,
        )

    @staticmethod
    def jitter(rng: random.Random, district: District, street: bool) -> tuple[float, float]:
        """A point near the centroid: within ~3 km in towns, ~6 km in counties."""
        spread_km = 1.2 if street else 2.5
        r = rng.random
        # A sum of three uniforms: bell-shaped like a normal, bounded at 3 sigma.
        north = (r() + r() + r() - 1.5) * 2.0 * spread_km
        east = (r() + r() + r() - 1.5) * 2.0 * spread_km
        lat = district.lat + north / 111.32
        lon = district.lon + east / (111.32 * district.cos_lat)
        return round(lat, 6), round(lon, 6)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))
