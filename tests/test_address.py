"""Splitting Chinese addresses into province / city / district / rest."""

from __future__ import annotations

import pytest

from hvdesk import idcard
from hvdesk.address import ParsedAddress, parse_address


def parts(parsed: ParsedAddress) -> tuple[str | None, str | None, str | None, str]:
    return parsed.province, parsed.city, parsed.district, parsed.rest


# --- complete and partial addresses --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "province", "city", "district", "rest", "adcode"),
    [
        ("四川省成都市武侯区人民南路四段12号", "四川省", "成都市", "武侯区", "人民南路四段12号",
         "510107"),
        ("广东省深圳市南山区科技园", "广东省", "深圳市", "南山区", "科技园", "440305"),
        ("吉林省长春市朝阳区人民大街", "吉林省", "长春市", "朝阳区", "人民大街", "220104"),
        ("北京市朝阳区建国路88号", "北京市", "北京市", "朝阳区", "建国路88号", "110105"),
        ("上海市浦东新区世纪大道1号", "上海市", "上海市", "浦东新区", "世纪大道1号", "310115"),
        ("重庆市城口县葛城街道", "重庆市", "重庆市", "城口县", "葛城街道", "500229"),
        ("北京市市辖区东城区东华门街道", "北京市", "北京市", "东城区", "东华门街道", "110101"),
        ("广西壮族自治区南宁市青秀区民族大道", "广西壮族自治区", "南宁市", "青秀区", "民族大道",
         "450103"),
        ("新疆维吾尔自治区乌鲁木齐市天山区", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "",
         "650102"),
        ("四川省凉山彝族自治州西昌市长安街道", "四川省", "凉山彝族自治州", "西昌市", "长安街道",
         "513401"),
        ("中国四川省成都市武侯区", "四川省", "成都市", "武侯区", "", "510107"),
        ("四川省 成都市，武侯区、 人民南路", "四川省", "成都市", "武侯区", "人民南路", "510107"),
    ],
)
def test_full_addresses(text: str, province: str, city: str, district: str, rest: str,
                        adcode: str) -> None:
    parsed = parse_address(text)
    assert parts(parsed) == (province, city, district, rest)
    assert parsed.adcode == adcode
    assert parsed.filled == ()
    assert not parsed.is_ambiguous
    assert parsed.found


@pytest.mark.parametrize(
    ("text", "expected", "filled"),
    [
        ("成都市武侯区人民南路", ("四川省", "成都市", "武侯区", "人民南路"), ("province",)),
        ("武侯区人民南路", ("四川省", "成都市", "武侯区", "人民南路"), ("province", "city")),
        ("四川省武侯区人民南路", ("四川省", "成都市", "武侯区", "人民南路"), ("city",)),
        ("吉林市船营区", ("吉林省", "吉林市", "船营区", ""), ("province",)),
        ("浦东新区世纪大道", ("上海市", "上海市", "浦东新区", "世纪大道"), ("province", "city")),
        ("凉山州西昌市", ("四川省", "凉山彝族自治州", "西昌市", ""), ("province",)),
        ("延边州延吉市", ("吉林省", "延边朝鲜族自治州", "延吉市", ""), ("province",)),
        # A county-level city under a prefecture.
        ("四川省都江堰市幸福镇", ("四川省", "成都市", "都江堰市", "幸福镇"), ("city",)),
    ],
)
def test_missing_levels_are_filled(text: str, expected: tuple[str | None, ...],
                                   filled: tuple[str, ...]) -> None:
    parsed = parse_address(text)
    assert parts(parsed) == expected
    assert parsed.filled == filled
    assert parsed.adcode is not None


def test_county_level_city_directly_under_the_province() -> None:
    # The source table also lists 421085 潜江市 under 荆州市 as still in use, so the
    # text alone leaves two codes; the customer's ID region settles it.
    parsed = parse_address("湖北省潜江市园林街道", hint_code="429005")
    assert parts(parsed) == ("湖北省", None, "潜江市", "园林街道")
    assert (parsed.adcode, parsed.filled) == ("429005", ())


@pytest.mark.parametrize(
    ("text", "province", "city", "district"),
    [
        ("四川成都武侯区", "四川省", "成都市", "武侯区"),
        ("广西南宁青秀区", "广西壮族自治区", "南宁市", "青秀区"),
        ("内蒙古呼和浩特市新城区", "内蒙古自治区", "呼和浩特市", "新城区"),
        ("新疆乌鲁木齐天山区", "新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
        ("宁夏银川市兴庆区", "宁夏回族自治区", "银川市", "兴庆区"),
        ("西藏拉萨市城关区", "西藏自治区", "拉萨市", "城关区"),
        ("北京朝阳区", "北京市", "北京市", "朝阳区"),
        ("成都武侯区", "四川省", "成都市", "武侯区"),
        ("四川省成都市武侯", "四川省", "成都市", "武侯区"),  # unique district without suffix
    ],
)
def test_short_forms(text: str, province: str, city: str, district: str) -> None:
    parsed = parse_address(text)
    assert (parsed.province, parsed.city, parsed.district) == (province, city, district)


def test_province_or_city_alone() -> None:
    assert parts(parse_address("四川省")) == ("四川省", None, None, "")
    assert parts(parse_address("北京市")) == ("北京市", "北京市", None, "")
    sichuan = parse_address("四川省成都市")
    assert parts(sichuan) == ("四川省", "成都市", None, "")
    assert sichuan.adcode is None


def test_old_names_still_parse() -> None:
    pixian = parse_address("四川省郫县犀浦镇")
    assert parts(pixian) == ("四川省", "成都市", "郫县", "犀浦镇")
    assert pixian.adcode == "510124"
    miyun = parse_address("北京市密云县鼓楼街道")
    assert miyun.adcode == "110228"


# --- ambiguity --------------------------------------------------------------------------
def test_chaoyang_district_is_ambiguous_without_more() -> None:
    parsed = parse_address("朝阳区建国路88号")
    assert parsed.is_ambiguous
    assert parsed.adcode is None
    assert parsed.district == "朝阳区"
    assert parsed.province is None and parsed.city is None
    assert parsed.rest == "建国路88号"
    assert {c.code for c in parsed.ambiguous_candidates} == {"110105", "220104"}
    assert {c.full for c in parsed.ambiguous_candidates} == {"北京市朝阳区", "吉林省长春市朝阳区"}


@pytest.mark.parametrize(
    ("hint", "province", "city", "adcode"),
    [
        ("110000", "北京市", "北京市", "110105"),  # the branch's province
        ("110105", "北京市", "北京市", "110105"),  # the ID number's region
        ("110108", "北京市", "北京市", "110105"),  # another district of the same city
        ("220100", "吉林省", "长春市", "220104"),
        ("220000", "吉林省", "长春市", "220104"),
        ("220104000000", "吉林省", "长春市", "220104"),  # 12-digit form
    ],
)
def test_hint_resolves_the_ambiguity(hint: str, province: str, city: str, adcode: str) -> None:
    parsed = parse_address("朝阳区建国路88号", hint_code=hint)
    assert not parsed.is_ambiguous
    assert (parsed.province, parsed.city, parsed.district) == (province, city, "朝阳区")
    assert parsed.adcode == adcode
    assert parsed.filled == ("province", "city")


def test_unrelated_hint_leaves_it_ambiguous() -> None:
    parsed = parse_address("朝阳区建国路88号", hint_code="510107")
    assert parsed.is_ambiguous and parsed.adcode is None


def test_hint_never_overrides_the_text() -> None:
    parsed = parse_address("吉林省长春市朝阳区", hint_code="110000")
    assert parsed.adcode == "220104"


def test_province_narrows_but_may_not_settle() -> None:
    parsed = parse_address("江苏省鼓楼区中山路")
    assert parsed.province == "江苏省"
    assert parsed.city is None
    assert {c.city for c in parsed.ambiguous_candidates} == {"南京市", "徐州市"}
    settled = parse_address("江苏省鼓楼区中山路", hint_code="320100")
    assert (settled.city, settled.adcode, settled.filled) == ("南京市", "320106", ("city",))


def test_short_district_only_when_it_names_one_place() -> None:
    # Without a province, 朝阳 could be 朝阳区 (twice), 朝阳县 or 朝阳市: nothing ...
    assert not parse_address("朝阳建国路").found
    # ... in Liaoning the city comes first ...
    liaoning = parse_address("辽宁省朝阳建国路")
    assert (liaoning.city, liaoning.district) == ("朝阳市", None)
    # ... but in Beijing it is 朝阳区.
    beijing = parse_address("北京市朝阳建国路")
    assert (beijing.district, beijing.adcode, beijing.rest) == ("朝阳区", "110105", "建国路")


# --- nothing to find --------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["hello world", "", "   ", "12号楼3单元", "人民路12号", "解放路1号", "长安街", "中山大道8号",
     "四川大学望江校区", "??!!", "不详"],
)
def test_garbage_finds_nothing(text: str) -> None:
    parsed = parse_address(text)
    assert parsed == ParsedAddress(None, None, None, rest=text, adcode=None)
    assert not parsed.found


def test_conflicting_levels_stop_the_parse() -> None:
    # 武侯区 is not in Beijing: what the text says is kept as the rest, not "corrected".
    parsed = parse_address("北京市武侯区某路")
    assert parts(parsed) == ("北京市", "北京市", None, "武侯区某路")


def test_every_current_district_round_trips() -> None:
    """``decode_region(code).full`` + street parses back to the same code."""
    # The source table lists 天门, 潜江 and 仙桃 twice (429004-6 and 421084-6 under
    # 荆州, both in use): ambiguous on purpose, settled by a hint.
    twice = {"429004", "429005", "429006"}
    checked = 0
    for code, periods in idcard.region_table().items():
        region = idcard.decode_region(code)
        if periods[-1].end_year is not None or region is None or region.district is None:
            continue
        parsed = parse_address(region.full + "幸福路1号")
        if code in twice:
            assert code in {c.code for c in parsed.ambiguous_candidates}
            continue
        assert (parsed.adcode, parsed.rest) == (code, "幸福路1号"), region.full
        checked += 1
    assert checked > 2800
