"""Chinese personal names for demo customers and staff.

Surname shares follow the published national frequency ranking (per mille,
rounded); a handful of compound surnames keep the long tail honest. Given names
are one or two characters, drawn from lists of common characters that lean
male or female, so a name fits the sex encoded in the ID number.
"""

from __future__ import annotations

import bisect
import itertools
import random

from hvdesk.demo.fastrand import pick

_SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 68), ("刘", 54), ("陈", 46), ("杨", 31), ("黄", 24),
    ("赵", 23), ("吴", 20), ("周", 19), ("徐", 15), ("孙", 15), ("马", 13), ("朱", 12),
    ("胡", 12), ("郭", 11), ("何", 11), ("罗", 11), ("高", 10), ("林", 10), ("郑", 8),
    ("梁", 8), ("谢", 8), ("宋", 7), ("唐", 7), ("许", 6), ("韩", 6), ("冯", 6), ("邓", 6),
    ("曹", 6), ("彭", 6), ("曾", 5), ("肖", 5), ("田", 5), ("董", 5), ("袁", 5), ("潘", 5),
    ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5), ("叶", 4), ("程", 4), ("苏", 4),
    ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4), ("卢", 4), ("姜", 3),
    ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3), ("石", 3),
    ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 2), ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2),
    ("段", 2), ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2),
    ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2),
    ("覃", 1.5), ("武", 1.5), ("戴", 1.5), ("莫", 1.5), ("孔", 1.5), ("向", 1.5), ("汤", 1.5),
    ("牟", 0.8), ("苟", 0.8), ("敬", 0.5), ("鲜", 0.3), ("冉", 0.8),
    ("欧阳", 0.3), ("司马", 0.05), ("上官", 0.05), ("诸葛", 0.05), ("皇甫", 0.03),
    ("令狐", 0.02), ("东方", 0.03), ("慕容", 0.02),
)

_MALE = (
    "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林洋阳峰建国志海成亮东晨博"
    "睿轩宏毅春永德江川松力兵斌翔坤彬锋诚康豪远航杨"
)
_FEMALE = (
    "芳娜敏静丽艳娟霞秀英慧玲婷雪琳洁倩颖梅燕萍红莉佳欣怡悦璐晶蕾雯琪月丹兰凤琴云薇思雨"
    "梦婧茜瑶璇露娇蓉菲琼"
)
#: First characters of two-character given names that suit either sex.
_FIRST = "晓子嘉思家文小海新春建志国德明俊佳雅梓宇浩欣雨一天金玉永红世立"

_COMPOUND = frozenset(s for s, _ in _SURNAMES if len(s) > 1)
_NAMES = tuple(s for s, _ in _SURNAMES)
_CUM = tuple(itertools.accumulate(w for _, w in _SURNAMES))
_TOTAL = _CUM[-1]


def surname(rng: random.Random) -> str:
    return _NAMES[bisect.bisect_right(_CUM, rng.random() * _TOTAL)]


def given_name(rng: random.Random, male: bool) -> str:
    pool = _MALE if male else _FEMALE
    roll = rng.random()
    if roll < 0.22:
        return pick(rng, pool)
    if not male and roll > 0.96:
        char = pick(rng, pool)
        return char + char  # 婷婷, 丹丹: common for women of these cohorts
    first = pick(rng, _FIRST) if roll < 0.6 else pick(rng, pool)
    return first + pick(rng, pool)


def full_name(rng: random.Random, male: bool) -> str:
    return surname(rng) + given_name(rng, male)


def surname_of(name: str) -> str:
    return name[:2] if name[:2] in _COMPOUND else name[:1]


def polite_address(name: str, male: bool) -> str:
    """``张先生`` / ``李女士``: how a notice addresses the customer."""
    return surname_of(name) + ("先生" if male else "女士")
