"""Split a Chinese address into province / city / district / rest.

Registered addresses (户籍地址) arrive in every shape: complete ("四川省成都市
武侯区…"), without the province ("成都市武侯区…") or with the district alone
("朝阳区…", which is in Beijing and in Changchun). The parser reads the levels
in order from the start of the text, matching full names and common short forms
(四川, 成都, 广西, 凉山州), fills the levels the text left out from the division
it found, and hands the coordinator the candidates when the text alone cannot
tell; a hint code (the ID number's region, the branch's city) settles most of
those.

Names come from ``resources/gazetteer/id_regions.csv`` (via
:func:`hvdesk.idcard.region_table`): it has current names and the old ones that
registered addresses still use (郫县, 密云县). Parsing is dictionary look-ups on
a name index built once (about 0.3 s, on first use); then some 10-30 µs an
address.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from hvdesk.idcard import (
    MUNICIPALITIES,
    PLACEHOLDER_NAMES,
    RegionName,
    decode_region,
    region_table,
)

PROVINCE, CITY, DISTRICT = "province", "city", "district"


#: Levels as plain ints (an IntEnum costs a few µs per address in comparisons).
_PROVINCE, _CITY, _DISTRICT = 0, 1, 2


#: Preference among divisions sharing a name: in use now, then the last name of
#: a retired code, then a name a code had before it was renamed.
_CURRENT, _RETIRED, _OLD_NAME = 0, 1, 2
_OPEN = 9999

#: Ethnic groups named in autonomous regions, prefectures and counties, longest
#: first so that 土家 is removed before 土. One-character names are removed only
#: with 族 (回族), the others also without (博尔塔拉蒙古自治州).
_ETHNIC = sorted(
    (
        "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
        "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
        "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
        "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
        "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    ),
    key=len,
    reverse=True,
)
_ETHNIC_SUFFIXES = tuple(
    sorted([e + "族" for e in _ETHNIC] + [e for e in _ETHNIC if len(e) > 1], key=len,
           reverse=True)
)
#: A short form followed by one of these is part of a street or building name
#: (解放路, 长安街, 中山大道, 四川大学), not a division.
_SHORT_BLOCKERS = frozenset("路街道巷弄胡里村镇乡屯号楼栋苑园桥门广场大学院省市区县州旗盟")
#: Between the parts of an address.
_SEPARATORS = " \t\u3000,，、;；:：-—·/"
_COUNTRY = re.compile(r"^(?:中华人民共和国|中国)")
_ALIASES = {"内蒙": "150000"}


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    province: str | None
    city: str | None
    district: str | None
    #: The text after the last division found (all of it when none was found).
    rest: str
    #: The 6-digit code of the district/county found, None when there is none or
    #: when it is ambiguous.
    adcode: str | None
    #: When the text fits several divisions (and the hint did not settle it).
    ambiguous_candidates: tuple[RegionName, ...] = ()
    #: Which of "province", "city" were inferred rather than read in the text.
    filled: tuple[str, ...] = ()

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.ambiguous_candidates)

    @property
    def found(self) -> bool:
        return any((self.province, self.city, self.district))


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    level: int
    name: str  # the full name this form stands for
    rank: int
    short: bool
    #: Last year the name was in use (9999: still is); breaks ties between old names.
    until: int
    #: What the codes of this division and of those under it start with.
    prefix: str


def _prefix(code: str, level: int) -> str:
    return code if level == _DISTRICT else code[:2] if level == _PROVINCE else code[:4]


def _level(code: str) -> int:
    if code[2:] == "0000":
        return _PROVINCE
    if code[4:] == "00":
        return _CITY
    return _DISTRICT


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _ETHNIC_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 2:
                stem = stem[: -len(suffix)]
                changed = True
                break
    return stem


def _short_forms(name: str, level: int) -> list[str]:
    """How people write ``name`` without its suffix.

    四川省 → 四川, 广西壮族自治区 → 广西, 凉山彝族自治州 → 凉山 and 凉山州.
    """
    forms: list[str] = []
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
                   "省", "市", "盟", "区", "县", "旗"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_ethnic(stem)
                # 凉山州, 长阳县: the autonomous ones are usually written like this.
                if suffix != "自治区" and len(stem) >= 2:
                    forms.append(stem + suffix[-1])
            if len(stem) >= 2:
                forms.append(stem)
            break
    return [f for f in forms if f != name and (level != _DISTRICT or len(f) >= 2)]


def _entries() -> Iterable[tuple[str, _Entry]]:
    for code, periods in region_table().items():
        level = _level(code)
        prefix = _prefix(code, level)
        retired = periods[-1].end_year is not None
        for i, period in enumerate(periods):
            if period.name in PLACEHOLDER_NAMES:
                continue
            latest = i == len(periods) - 1
            rank = _OLD_NAME if not latest else _RETIRED if retired else _CURRENT
            until = period.end_year or _OPEN
            yield period.name, _Entry(code, level, period.name, rank, False, until, prefix)
            for form in _short_forms(period.name, level):
                yield form, _Entry(code, level, period.name, rank, True, until, prefix)
    for alias, code in _ALIASES.items():
        name = region_table()[code][-1].name
        level = _level(code)
        yield alias, _Entry(code, level, name, _CURRENT, True, _OPEN, _prefix(code, level))


@dataclass(frozen=True, slots=True)
class _Index:
    by_name: dict[str, tuple[_Entry, ...]]
    #: Lengths of the names starting with a character, longest first: the only
    #: slices worth looking up at a position.
    lengths: dict[str, tuple[int, ...]]


@cache
def _index() -> _Index:
    by_name: dict[str, list[_Entry]] = {}
    for name, entry in _entries():
        bucket = by_name.setdefault(name, [])
        if entry not in bucket:
            bucket.append(entry)
    lengths: dict[str, set[int]] = {}
    for name in by_name:
        lengths.setdefault(name[0], set()).add(len(name))
    return _Index(
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
    )


def _inside(entry: _Entry, prefixes: tuple[str, ...]) -> bool:
    return not prefixes or entry.code.startswith(prefixes)


def _best(entries: list[_Entry]) -> list[_Entry]:
    """The best rank, then full names over short forms, then the highest level.

    Retired names are re-codings more often than not (郫县 was 512722 under
    温江地区, then 510124 under 成都市): of the same name in one province, the one
    in use last stands for the place.
    """
    rank = min(e.rank for e in entries)
    pool = [e for e in entries if e.rank == rank]
    pool = [e for e in pool if not e.short] or pool
    level = min(e.level for e in pool)
    pool = [e for e in pool if e.level == level]
    if rank != _CURRENT:
        latest: dict[tuple[str, str], _Entry] = {}
        for e in pool:
            key = (e.code[:2], e.name)
            if key not in latest or e.until > latest[key].until:
                latest[key] = e
        pool = list(latest.values())
    seen: dict[str, _Entry] = {}
    for e in pool:
        seen.setdefault(e.code, e)
    return list(seen.values())


@lru_cache(maxsize=65536)
def _resolve(name: str, after: int | None, parents: tuple[str, ...], blocked: bool
             ) -> tuple[_Entry, ...]:
    """The divisions ``name`` can stand for below level ``after``, inside ``parents``.

    Cached: a branch's addresses repeat the same few names in the same contexts.
    """
    fitting = [
        e for e in _index().by_name.get(name, ())
        if (after is None or e.level > after) and _inside(e, parents)
        and not (e.short and blocked)
    ]
    if not fitting:
        return ()
    best = _best(fitting)
    if best[0].short and best[0].level != _PROVINCE:
        # Below the province a name without its suffix is taken only when it
        # names one place: 武侯 yes, 朝阳 (a city in Liaoning, districts in
        # Beijing and Changchun) no. A county inside the city of the same short
        # name (朝阳市 ⊃ 朝阳县) does not count against it.
        if best[0].level == _DISTRICT and len(best) > 1:
            return ()
        prefixes = tuple(b.prefix for b in best)
        if any(e.short and e.rank == best[0].rank and not e.code.startswith(prefixes)
               for e in fitting):
            return ()
    return tuple(best)


def _match(text: str, pos: int, after: int | None, parents: tuple[str, ...]
           ) -> tuple[int, tuple[_Entry, ...]] | None:
    """The longest name at ``pos`` of a level below ``after`` inside ``parents``."""
    if pos >= len(text):
        return None
    index = _index()
    for length in index.lengths.get(text[pos], ()):
        name = text[pos : pos + length]
        if len(name) < length or name not in index.by_name:
            continue
        blocked = text[pos + length : pos + length + 1] in _SHORT_BLOCKERS
        best = _resolve(name, after, parents, blocked)
        if best:
            return pos + length, best
    return None


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SEPARATORS:
        pos += 1
    return pos


def _narrow(candidates: tuple[_Entry, ...], hint_code: str | None) -> tuple[_Entry, ...]:
    """The candidates nearest the hint: same code, then same city, then same province."""
    hint = "".join(ch for ch in (hint_code or "") if ch.isdigit())[:6]
    if len(hint) < 2:
        return candidates
    prefixes = [hint] if len(hint) == 6 and hint[4:] != "00" else []
    if len(hint) >= 4 and hint[2:4] != "00":
        prefixes.append(hint[:4])
    prefixes.append(hint[:2])
    for prefix in prefixes:
        near = tuple(c for c in candidates if c.code.startswith(prefix))
        if near:
            return near
    return candidates


def _common(values: Iterable[str | None]) -> str | None:
    distinct = set(values)
    return distinct.pop() if len(distinct) == 1 else None


def parse_address(text: str, hint_code: str | None = None) -> ParsedAddress:
    """Province, city, district and the rest of ``text``.

    ``hint_code`` (a 6-digit division code: the ID number's region, the branch's
    city) only chooses between candidates the text leaves open; it never
    overrides what the text says.
    """
    start = _skip(text, 0)
    country = _COUNTRY.match(text, start)
    pos = _skip(text, country.end()) if country else start
    matched: dict[int, tuple[_Entry, ...]] = {}
    after: int | None = None
    candidates: tuple[_Entry, ...] = ()
    while (found := _match(text, pos, after, tuple(c.prefix for c in candidates))) is not None:
        pos, candidates = found
        after = candidates[0].level
        matched[after] = candidates
        pos = _skip(text, pos)
        if text.startswith("市辖区", pos):  # "北京市市辖区朝阳区": the placeholder level
            pos = _skip(text, pos + 3)
        if after == _DISTRICT:
            break
    if after is None:
        return ParsedAddress(None, None, None, rest=text, adcode=None)

    final = _narrow(candidates, hint_code) if len(candidates) > 1 else candidates
    rest = text[pos:]
    regions = [r for r in (decode_region(e.code) for e in final) if r is not None]
    # Of the names read at each level, those above the divisions that remain.
    read: dict[int, str | None] = {}
    for level, entries in matched.items():
        names = {e.name for e in entries for f in final if f.code.startswith(e.prefix)}
        read[level] = names.pop() if len(names) == 1 else None
    province = read.get(_PROVINCE)
    city = read.get(_CITY)
    district = read.get(_DISTRICT)
    filled: list[str] = []
    if province is None and after > _PROVINCE:
        province = _common(r.province for r in regions)
        if province is not None:
            filled.append(PROVINCE)
    if city is None and after > _CITY:
        city = _common(r.city for r in regions)
        # A municipality's name in the text names its city too (北京市朝阳区).
        if city is not None and not (_PROVINCE in matched and city == province):
            filled.append(CITY)
    elif city is None and len(final) == 1 and final[0].code[:2] in MUNICIPALITIES:
        city = province  # "北京市" alone: the municipality is its own city
    ambiguous = tuple(regions) if len(final) > 1 else ()
    adcode = final[0].code if len(final) == 1 and after == _DISTRICT else None
    return ParsedAddress(
        province=province,
        city=city,
        district=district,
        rest=rest,
        adcode=adcode,
        ambiguous_candidates=ambiguous,
        filled=tuple(filled),
    )
