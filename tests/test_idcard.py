"""Resident ID numbers against GB 11643-1999, computed here independently of hvdesk.

The expected check characters come from the recursive form of ISO 7064 MOD 11-2
(``p = (p + digit) * 2 mod 11``), not from the weight table hvdesk uses, so a
mistake in one does not hide in the other.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hvdesk import idcard
from hvdesk.errors import ValidationError

TODAY = dt.date(2025, 6, 1)


def mod11_2(first17: str) -> str:
    p = 0
    for ch in first17:
        p = (p + int(ch)) * 2 % 11
    value = (12 - p) % 11
    return "X" if value == 10 else str(value)


def number(first17: str) -> str:
    return first17 + mod11_2(first17)


def wrong_check(first17: str) -> str:
    right = mod11_2(first17)
    return first17 + ("0" if right != "0" else "1")


def error_of(raw: str) -> str:
    with pytest.raises(ValidationError) as exc:
        idcard.parse(raw, today=TODAY)
    assert exc.value.field == "id_number"
    return str(exc.value)


# --- the check character --------------------------------------------------------
def test_independent_check_matches_the_standards_examples() -> None:
    # The examples printed in GB 11643-1999.
    assert number("11010519491231002") == "11010519491231002X"
    assert number("44052418800101001") == "440524188001010014"


@pytest.mark.parametrize(
    "first17",
    ["11010519491231002", "44052418800101001", "51010719900307001", "33010219800101123",
     "65010219751231998", "21010219880808080", "50010119700101000", "11010120000229003"],
)
def test_check_character_agrees_with_iso_7064(first17: str) -> None:
    assert idcard.check_character(first17) == mod11_2(first17)


def test_check_character_refuses_what_is_not_17_digits() -> None:
    with pytest.raises(ValueError, match="17"):
        idcard.check_character("1101051949123100")
    with pytest.raises(ValueError, match="17"):
        idcard.check_character("1101051949123100A")


# --- valid numbers and normalisation ------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [
        "11010519491231002X",
        "11010519491231002x",                      # lowercase x
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits and X
        "１１０１０５１９４９１２３１００２ｘ",  # full-width lowercase x
        "110105 19491231 002X",                    # spaces
        " 110105\u300019491231\t002x \n",          # ideographic space, tab, newline
    ],
)
def test_cosmetic_mess_is_cleaned(raw: str) -> None:
    parsed = idcard.parse(raw, today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.region_code == "110105"
    assert parsed.birth_date == dt.date(1949, 12, 31)
    assert parsed.sex == "F"
    assert parsed.last4 == "002X"


def test_normalize() -> None:
    assert idcard.normalize(" １１０１０５ 19491231 002ｘ ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("birth", "seq"), [("20000229", "001"), ("19960229", "002"), ("20240229", "013")]
)
def test_29_february_in_leap_years(birth: str, seq: str) -> None:
    parsed = idcard.parse(number("510107" + birth + seq), today=TODAY)
    assert parsed.birth_date.month == 2 and parsed.birth_date.day == 29


def test_born_today_is_not_in_the_future() -> None:
    parsed = idcard.parse(number("510107" + TODAY.strftime("%Y%m%d") + "001"), today=TODAY)
    assert parsed.age(TODAY) == 0


@pytest.mark.parametrize(
    ("old", "new17"),
    [
        ("110105491231002", "11010519491231002"),
        ("510124900307001", "51012419900307001"),
        ("４４０５２４８００１０１００１", "44052419800101001"),  # full-width
    ],
)
def test_fifteen_digit_numbers_convert(old: str, new17: str) -> None:
    parsed = idcard.parse(old, today=TODAY)
    assert parsed.number == number(new17)
    assert idcard.from_15(idcard.normalize(old)) == number(new17)
    assert parsed.birth_date.year == int(new17[6:10])


# --- broken numbers: one message each ---------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "ID number is empty"),
        ("   ", "ID number is empty"),
        ("11010519491231002", "ID number must have 18 characters, got 17"),
        ("11010519491231002X1", "ID number must have 18 characters, got 19"),
        ("1101051949123100", "ID number must have 18 characters, got 16"),
        ("1101051949123", "ID number must have 18 characters, got 13"),
        ("1101051949123A002X", "ID number has characters other than digits and a final X"),
        ("X10105194912310021", "ID number has characters other than digits and a final X"),
        ("11010519491231002Y", "ID number has characters other than digits and a final X"),
        ("11010519491231-02X", "ID number has characters other than digits and a final X"),
        ("11010549123100X", "a 15-digit ID number has digits only"),
    ],
)
def test_structure_errors(raw: str, message: str) -> None:
    assert error_of(raw) == message


@pytest.mark.parametrize("province", ["00", "99", "19", "10", "24", "47", "55", "66", "80", "91"])
def test_bad_province_parts(province: str) -> None:
    assert error_of(number(province + "010519900307001")) == f"no province with code {province}"


@pytest.mark.parametrize(
    ("birth", "shown"),
    [
        ("19000229", "1900-02-29"),  # 1900 is not a leap year (divisible by 100)
        ("20010229", "2001-02-29"),
        ("19990229", "1999-02-29"),
        ("19990230", "1999-02-30"),
        ("19901301", "1990-13-01"),
        ("19900001", "1990-00-01"),
        ("19900431", "1990-04-31"),
        ("19900100", "1990-01-00"),
    ],
)
def test_impossible_dates(birth: str, shown: str) -> None:
    assert error_of(number("510107" + birth + "001")) == f"no such date {shown}"


def test_impossible_date_in_a_15_digit_number() -> None:
    assert error_of("110105990230001") == "no such date 1999-02-30"


def test_future_birth_dates() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    assert error_of(number("510107" + tomorrow.strftime("%Y%m%d") + "001")) == (
        f"birth date {tomorrow.isoformat()} is in the future"
    )
    assert error_of(number("51010720300101001")) == "birth date 2030-01-01 is in the future"


def test_birth_years_before_1900() -> None:
    # Well-formed by the standard (its own example is born 1880) but no customer.
    assert error_of(number("44052418800101001")) == "birth year 1880 is before 1900"


@pytest.mark.parametrize(
    "first17", ["11010519491231002", "51010719900307001", "33010219800101123", "65010219751231998"]
)
def test_wrong_check_character_names_the_right_one(first17: str) -> None:
    assert error_of(wrong_check(first17)) == f"check character should be {mod11_2(first17)}"


def test_lowercase_x_where_a_digit_belongs() -> None:
    first17 = "51010719900307001"
    assert mod11_2(first17) != "X"
    assert error_of(first17 + "x") == f"check character should be {mod11_2(first17)}"


# --- decoding ---------------------------------------------------------------------------
@pytest.mark.parametrize(("seq", "sex"), [("001", "M"), ("002", "F"), ("119", "M"), ("980", "F")])
def test_sex_from_the_sequence_number(seq: str, sex: str) -> None:
    assert idcard.parse(number("51010719900307" + seq), today=TODAY).sex == sex


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (dt.date(2025, 3, 6), 34),
        (dt.date(2025, 3, 7), 35),
        (dt.date(2025, 12, 31), 35),
        (dt.date(1990, 3, 7), 0),
    ],
)
def test_age(on: dt.date, age: int) -> None:
    assert idcard.parse(number("51010719900307001"), today=TODAY).age(on) == age


def test_age_of_a_29_february_birthday() -> None:
    parsed = idcard.parse(number("51010719960229001"), today=TODAY)
    assert parsed.age(dt.date(2025, 2, 28)) == 28
    assert parsed.age(dt.date(2025, 3, 1)) == 29
    assert parsed.age(dt.date(2024, 2, 29)) == 28


def test_current_region() -> None:
    region = idcard.decode_region("510107")
    assert region is not None
    assert (region.province, region.city, region.district) == ("四川省", "成都市", "武侯区")
    assert region.full == "四川省成都市武侯区" == str(region)
    assert not region.retired


def test_retired_code_keeps_the_name_it_had() -> None:
    region = idcard.decode_region("510124")
    assert region is not None
    assert region.district == "郫县"
    assert region.full == "四川省成都市郫县"
    assert region.retired
    successor = idcard.decode_region("510117")
    assert successor is not None and successor.full == "四川省成都市郫都区"
    parsed = idcard.parse(number("51012419900307001"), today=TODAY)
    assert parsed.region is not None and parsed.region.full == "四川省成都市郫县"


def test_code_given_to_another_place_decodes_by_year() -> None:
    # 130123 was 栾城县 until 1992 and 正定县 from 1993.
    latest = idcard.decode_region("130123")
    assert latest is not None and latest.district == "正定县"
    then = idcard.decode_region("130123", 1990)
    assert then is not None and then.district == "栾城县"
    born_1988 = idcard.parse(number("13012319880101001"), today=TODAY)
    assert born_1988.region is not None and born_1988.region.district == "栾城县"


@pytest.mark.parametrize(
    ("code", "province", "city", "district", "full"),
    [
        ("110105", "北京市", "北京市", "朝阳区", "北京市朝阳区"),  # municipality
        ("500229", "重庆市", "重庆市", "城口县", "重庆市城口县"),  # municipality's counties
        ("220104", "吉林省", "长春市", "朝阳区", "吉林省长春市朝阳区"),
        ("429004", "湖北省", None, "仙桃市", "湖北省仙桃市"),  # directly under the province
        ("513401", "四川省", "凉山彝族自治州", "西昌市", "四川省凉山彝族自治州西昌市"),
        ("510100", "四川省", "成都市", None, "四川省成都市"),
        ("510000", "四川省", None, None, "四川省"),
        ("110228", "北京市", "北京市", "密云县", "北京市密云县"),  # retired 2015
    ],
)
def test_region_levels(code: str, province: str, city: str | None, district: str | None,
                       full: str) -> None:
    region = idcard.decode_region(code)
    assert region is not None
    assert (region.province, region.city, region.district, region.full) == (
        province, city, district, full)


def test_unknown_but_well_formed_region_is_valid() -> None:
    parsed = idcard.parse(number("51999919900307001"), today=TODAY)
    assert parsed.region_code == "519999"
    assert parsed.region is None
    assert idcard.decode_region("519999") is None


def test_decode_region_refuses_malformed_codes() -> None:
    assert idcard.decode_region("5101") is None
    assert idcard.decode_region("") is None
    assert idcard.decode_region("51010700") is None


def test_region_table_keeps_history() -> None:
    table = idcard.region_table()
    assert len(table) > 7000
    assert [p.name for p in table["120110"]] == ["东郊区", "东丽区"]
    assert table["510124"][-1].end_year == 2015
    for code in ("110000", "450000", "650000", "710000", "810000", "820000", "830000"):
        assert code in table
    # Every province part the validator accepts has a name.
    for province in idcard.PROVINCE_CODES:
        assert province + "0000" in table
