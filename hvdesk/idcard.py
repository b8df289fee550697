"""Resident ID numbers (GB 11643-1999): normalise, validate, decode.

A number is refused only for what makes it wrong: its length, characters,
province part, birth date or MOD 11-2 check character. Its region code is
decoded against ``resources/gazetteer/id_regions.csv``, a GB/T 2260 table that
keeps retired codes and old names, because a number keeps the code of the place
of issue for life; a well-formed code the table does not know is "region
unknown", never an invalid number (new codes appear every year).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.resources import resource

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
#: First two digits of real provinces, autonomous regions and municipalities.
#: 71 is Taiwan in GB/T 2260; 81, 82 and 83 are the codes of the residence
#: permits for Hong Kong, Macao and Taiwan residents, which use this format too.
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82", "83",
    }
)
#: Province-level cities: their districts have no city of their own, so the
#: municipality is both province and city.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
#: Names of the in-between levels ("districts under the city", "counties",
#: "county-level units under the province") that name no place of their own.
PLACEHOLDER_NAMES = frozenset(
    {
        "市辖区", "县", "市", "市区", "省直辖县级行政单位", "省直辖行政单位",
        "省直辖县级行政区划", "自治区直辖县级行政单位", "自治区直辖县级行政区划",
    }
)
#: Resident ID numbers were introduced in 1984; a number issued to someone born
#: earlier carries the code as it was then, not at birth.
FIRST_ISSUE_YEAR = 1984
_FIELD = "id_number"


# --- check character ----------------------------------------------------------
_DIGIT_OFFSET = ord("0") * sum(WEIGHTS)


def check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 over the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise ValueError("check_character needs exactly 17 ASCII digits")
    # Multiplying the ASCII codes and removing the '0' offset once is about four
    # times faster than int() per digit; imports validate a million numbers.
    total = sum(map(int.__mul__, first17.encode("ascii"), WEIGHTS)) - _DIGIT_OFFSET
    return CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    """Full-width to half-width, drop spaces, upper-case x."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


def from_15(number15: str) -> str:
    """The 18-character form of a 1984-era number: century inserted, check appended."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


# --- region table -------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RegionPeriod:
    """One name of a code and the years it was in force (None: open-ended)."""

    name: str
    start_year: int | None
    end_year: int | None

    def covers(self, year: int) -> bool:
        return (self.start_year is None or self.start_year <= year) and (
            self.end_year is None or year <= self.end_year
        )


@dataclass(frozen=True, slots=True)
class RegionName:
    """What a region code stands for, by level; ``full`` reads like an address."""

    code: str
    province: str | None
    city: str | None
    district: str | None
    full: str
    #: The code is no longer in use (its place was renamed, merged or re-coded).
    retired: bool

    def __str__(self) -> str:
        return self.full


def _year_or_none(text: str) -> int | None:
    return int(text) if text else None


@cache
def region_table() -> Mapping[str, tuple[RegionPeriod, ...]]:
    """Code → its names, oldest first (the last is the display name)."""
    text = resource("gazetteer", "id_regions.csv").read_text(encoding="utf-8")
    table: dict[str, list[RegionPeriod]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        period = RegionPeriod(
            row["name"], _year_or_none(row["start_year"]), _year_or_none(row["end_year"])
        )
        table.setdefault(row["code"], []).append(period)
    return {code: tuple(periods) for code, periods in table.items()}


def period_in(periods: tuple[RegionPeriod, ...], year: int | None) -> RegionPeriod:
    """The period in force in ``year``; the latest when no year is given.

    A year outside every period gets the nearest one: before the first, the
    first; otherwise the last that started by then.
    """
    if year is None:
        return periods[-1]
    for period in periods:
        if period.covers(year):
            return period
    started = [p for p in periods if p.start_year is None or p.start_year <= year]
    return started[-1] if started else periods[0]


def _name(code6: str, year: int | None) -> str | None:
    periods = region_table().get(code6)
    if periods is None:
        return None
    name = period_in(periods, year).name
    return None if name in PLACEHOLDER_NAMES else name


@lru_cache(maxsize=32768)
def decode_region(code6: str, year: int | None = None) -> RegionName | None:
    """Names of a 6-digit division code, None when the table does not know it.

    Without ``year`` the latest name is used (for a retired code, the name it had
    when retired: 510124 → 郫县); with one, the name in force that year, which
    matters for the few codes that were given to another place.
    """
    periods = region_table().get(code6)
    if periods is None or len(code6) != 6:
        return None
    own = _name(code6, year)
    province = _name(code6[:2] + "0000", year)
    city: str | None = None
    district: str | None = None
    if code6[2:] == "0000":
        province = own
    elif code6[4:] == "00":
        city = own
    else:
        city = _name(code6[:4] + "00", year)
        district = own
    if city is None and code6[2:] != "0000" and code6[:2] in MUNICIPALITIES:
        city = province
    parts: list[str] = []
    for part in (province, city, district):
        if part is not None and part not in parts:
            parts.append(part)
    return RegionName(
        code=code6,
        province=province,
        city=city,
        district=district,
        full="".join(parts),
        retired=periods[-1].end_year is not None,
    )


# --- the number ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class IdNumber:
    number: str
    region_code: str
    birth_date: dt.date
    sex: str  # "M" / "F"

    @property
    def last4(self) -> str:
        return self.number[-4:]

    def age(self, on: dt.date) -> int:
        """Completed years on ``on``; a 29 February birthday counts from 1 March."""
        before_birthday = (on.month, on.day) < (self.birth_date.month, self.birth_date.day)
        return on.year - self.birth_date.year - int(before_birthday)

    @property
    def region(self) -> RegionName | None:
        """The region of issue, None when unknown (which does not make the number invalid).

        The issue year is unknown; the birth year (or 1984 for anyone born before
        numbers existed) is the best guess of when the code was assigned.
        """
        return decode_region(self.region_code, max(self.birth_date.year, FIRST_ISSUE_YEAR))


def _check_characters(number: str) -> None:
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_FIELD, msg("idcard.old_digits",
                                              "a 15-digit ID number has digits only"))
        return
    if len(number) != 18:
        raise ValidationError(_FIELD, msg("idcard.length",
                                          "ID number must have 18 characters, got {count}",
                                          count=len(number)))
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(_FIELD, msg(
            "idcard.characters", "ID number has characters other than digits and a final X"))


def _birth_date(number: str, today: dt.date) -> dt.date:
    y, m, d = int(number[6:10]), int(number[10:12]), int(number[12:14])
    try:
        birth = dt.date(y, m, d)
    except ValueError:
        raise ValidationError(_FIELD, msg("idcard.no_such_date",
                                          "no such date {year:04d}-{month:02d}-{day:02d}",
                                          year=y, month=m, day=d)) from None
    if birth > today:
        raise ValidationError(_FIELD, msg("idcard.future_birth",
                                          "birth date {birth} is in the future",
                                          birth=birth.isoformat()))
    if y < 1900:
        raise ValidationError(_FIELD, msg("idcard.too_old", "birth year {year} is before 1900",
                                          year=y))
    return birth


def parse(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate ``raw`` and return its parts; each failure has its own message.

    15-digit numbers come back in their 18-character form. A message quotes at
    most the part at fault (a province code, a date), never the whole number.
    """
    number = normalize(raw)
    if not number:
        raise ValidationError(_FIELD, msg("idcard.empty", "ID number is empty"))
    _check_characters(number)
    legacy = len(number) == 15
    if legacy:
        number = from_15(number)
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(_FIELD, msg("idcard.province", "no province with code {code}",
                                              code=number[:2]))
    birth = _birth_date(number, today or dt.date.today())
    expected = check_character(number[:17])
    # A converted legacy number has a computed check character: nothing to compare.
    if not legacy and number[17] != expected:
        raise ValidationError(_FIELD, msg("idcard.check", "check character should be {expected}",
                                              expected=expected))
    sex = "M" if int(number[16]) % 2 else "F"
    return IdNumber(number=number, region_code=number[:6], birth_date=birth, sex=sex)
