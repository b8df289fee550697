"""Mainland mobile numbers: normalise, validate, display."""

from __future__ import annotations

import re
import unicodedata

from hvdesk.errors import ValidationError

_MOBILE = re.compile(r"1[3-9]\d{9}")


def normalize(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw).strip()
    text = re.sub(r"[\s\-()（）.]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13:
        text = text[2:]
    return text


def parse(raw: str) -> str:
    number = normalize(raw)
    if not number:
        raise ValidationError("phone", "mobile number is empty")
    if not number.isdigit():
        raise ValidationError("phone", "mobile number has characters other than digits")
    if len(number) != 11:
        raise ValidationError("phone", f"mobile number must have 11 digits, got {len(number)}")
    if not _MOBILE.fullmatch(number):
        raise ValidationError("phone", "mobile number must start with 13-19")
    return number


def display(number: str) -> str:
    """``138 1234 5678``."""
    return f"{number[:3]} {number[3:7]} {number[7:]}"
