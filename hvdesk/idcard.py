"""Resident ID numbers (GB 11643-1999): normalise, validate, check character.

Region decoding against a table of retired codes arrives with the customers
issue; here the structure, birth date, sex and MOD 11-2 check are enforced.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from hvdesk.errors import ValidationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
#: First two digits of real provinces, autonomous regions and municipalities
#: (71 Taiwan, 81 Hong Kong, 82 Macao also issue mainland-format numbers).
PROVINCE_CODES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82",
    }
)


def check_character(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalize(raw: str) -> str:
    """Full-width to half-width, drop spaces, upper-case x."""
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).upper()


@dataclass(frozen=True, slots=True)
class IdNumber:
    number: str
    region_code: str
    birth_date: dt.date
    sex: str  # "M" / "F"

    @property
    def last4(self) -> str:
        return self.number[-4:]


def from_15(number15: str) -> str:
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_character(first17)


def parse(raw: str, *, today: dt.date | None = None) -> IdNumber:
    """Validate ``raw`` and return its parts; each failure has its own message."""
    number = normalize(raw)
    field = "id_number"
    if not number:
        raise ValidationError(field, "ID number is empty")
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError(field, "a 15-digit ID number has digits only")
        number = from_15(number)
    elif len(number) != 18:
        raise ValidationError(field, f"ID number must have 18 characters, got {len(number)}")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(field, "ID number has characters other than digits and a final X")
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(field, f"no province with code {number[:2]}")
    y, m, d = int(number[6:10]), int(number[10:12]), int(number[12:14])
    try:
        birth = dt.date(y, m, d)
    except ValueError:
        raise ValidationError(field, f"no such date {y:04d}-{m:02d}-{d:02d}") from None
    if birth > (today or dt.date.today()):
        raise ValidationError(field, f"birth date {birth.isoformat()} is in the future")
    if y < 1900:
        raise ValidationError(field, f"birth year {y} is before 1900")
    expected = check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(field, f"check character should be {expected}")
    sex = "M" if int(number[16]) % 2 else "F"
    return IdNumber(number=number, region_code=number[:6], birth_date=birth, sex=sex)
