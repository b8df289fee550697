"""Mainland mobile numbers: normalise, validate, display and mask.

Validation runs on every row of million-row imports, so it is a few string
operations and one precompiled pattern. The pattern of allocated mobile
prefixes is copied from libphonenumber's metadata for CN (the ``phonenumbers``
package; its ``parse`` + ``is_valid_number`` is accurate but costs ~60 µs a
number). When a new prefix is allocated, update ``_ALLOCATED`` from
``PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern``;
``tests/test_phone.py`` compares the two when phonenumbers is installed.
"""

from __future__ import annotations

import re
import unicodedata

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.security.masking import mask_phone

_FIELD = "phone"
_MOBILE = re.compile(r"1[3-9]\d{9}")
#: libphonenumber 9.0.43, CN mobile: 11 digits on prefixes allocated to mobile
#: networks (not 140-144 IoT, 154, 160 ...; 1610 and 1740x are special blocks).
_ALLOCATED = re.compile(
    r"1(?:610\d|740[0-5])\d{6}|1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}"
)
#: Typing noise around the digits: spaces, dashes, dots, brackets (after NFKC
#: folded the full-width forms to these).
_NOISE = re.compile(r"[\s\-‐‑–—−().·]")
#: Several numbers in one cell ("138… / 139…").
_SEPARATORS = re.compile(r"[/,;、，；|]|或")


def normalize(raw: str) -> str:
    """Digits only where possible: full-width folded, noise and +86 / 0086 removed."""
    text = unicodedata.normalize("NFKC", raw).strip()
    text = _NOISE.sub("", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


def _is_foreign(number: str) -> bool:
    # After +86 / 0086 were removed, a remaining + or 00 is another country's code.
    return number.startswith("+") or (number.startswith("00") and len(number) > 11)


def parse(raw: str) -> str:
    """The 11-digit number, or :class:`ValidationError` saying what is wrong with it.

    Messages never quote the number, only the rule (and at most its prefix).
    """
    if len(raw) == 11 and raw.isascii() and _ALLOCATED.fullmatch(raw):
        return raw  # the clean case, most rows of an import
    number = normalize(raw)
    if not number:
        raise ValidationError(_FIELD, msg("phone.empty", "mobile number is empty"))
    if _is_foreign(number):
        raise ValidationError(_FIELD, msg(
            "phone.foreign", "not a mainland China mobile number: foreign country code"))
    if len([part for part in _SEPARATORS.split(number) if part]) > 1:
        raise ValidationError(_FIELD, msg("phone.several", "give one mobile number, not several"))
    if not (number.isascii() and number.isdigit()):
        raise ValidationError(_FIELD, msg(
            "phone.characters", "mobile number has characters other than digits"))
    # Landlines: area codes start with 0; a local number has 7 or 8 digits.
    if number.startswith("0") or (len(number) in (7, 8) and not number.startswith("1")):
        raise ValidationError(_FIELD, msg("phone.landline", "not a mobile number: landline?"))
    if len(number) != 11:
        raise ValidationError(_FIELD, msg(
            "phone.length", "mobile number must have 11 digits, got {count}", count=len(number)))
    if not _MOBILE.fullmatch(number):
        raise ValidationError(_FIELD, msg("phone.start", "mobile number must start with 13-19"))
    if not _ALLOCATED.fullmatch(number):
        raise ValidationError(_FIELD, msg(
            "phone.prefix", "no mobile network uses the prefix {prefix}", prefix=number[:3]))
    return number


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except ValidationError:
        return False
    return True


def display(number: str) -> str:
    """``138 1234 5678``; anything but 11 digits is returned as it is."""
    if len(number) != 11:
        return number
    return f"{number[:3]} {number[3:7]} {number[7:]}"


def mask(number: str) -> str:
    """``138****5678``: the network prefix and the last four digits only.

    Anything that is not an 11-digit number shows only its last four characters.
    """
    clean = normalize(number)
    if len(clean) == 11 and clean.isdigit():
        return mask_phone(clean[:3], clean[-4:])
    return "*" * max(len(clean) - 4, 0) + clean[-4:]
