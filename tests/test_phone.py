"""Mainland mobile numbers: cleaning, validation messages, display and masking."""

from __future__ import annotations

import pytest

from hvdesk import phone
from hvdesk.errors import ValidationError


def error_of(raw: str) -> str:
    with pytest.raises(ValidationError) as exc:
        phone.parse(raw)
    assert exc.value.field == "phone"
    return str(exc.value)


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 13812345678 ",
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "(138) 1234 5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "(+86) 138 1234 5678",
        "+86(138)1234-5678",
        "0086 138 1234 5678",
        "008613812345678",
        "86 13812345678",
        "86-138-1234-5678",
        "１３８１２３４５６７８",            # full-width digits
        "＋８６ １３８－１２３４－５６７８",  # full-width plus and dashes
        "（１３８）１２３４５６７８",        # full-width brackets
        "138\u30001234\u30005678",           # ideographic spaces
    ],
)
def test_cosmetic_mess_is_cleaned(raw: str) -> None:
    assert phone.parse(raw) == "13812345678"


@pytest.mark.parametrize(
    "number",
    ["13012345678", "14512345678", "15012345678", "16612345678", "17712345678",
     "18912345678", "19912345678", "19212345678", "16212345678", "17400012345"],
)
def test_allocated_prefixes(number: str) -> None:
    assert phone.parse(number) == number
    assert phone.is_valid(number)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "mobile number is empty"),
        ("  ", "mobile number is empty"),
        ("+86", "mobile number is empty"),
        ("1381234567", "mobile number must have 11 digits, got 10"),
        ("138123456789", "mobile number must have 11 digits, got 12"),
        ("12812345678", "mobile number must start with 13-19"),
        ("11012345678", "mobile number must start with 13-19"),
        ("23812345678", "mobile number must start with 13-19"),
        ("010-12345678", "not a mobile number: landline?"),
        ("028 8765 4321", "not a mobile number: landline?"),
        ("0755-12345678", "not a mobile number: landline?"),
        ("87654321", "not a mobile number: landline?"),
        ("8765432", "not a mobile number: landline?"),
        ("138123456a8", "mobile number has characters other than digits"),
        ("tel 13812345678", "mobile number has characters other than digits"),
        ("13812345678/13912345678", "give one mobile number, not several"),
        ("13812345678，13912345678", "give one mobile number, not several"),
        ("+852 9123 4567", "not a mainland China mobile number: foreign country code"),
        ("001 212 555 0100", "not a mainland China mobile number: foreign country code"),
        ("15412345678", "no mobile network uses the prefix 154"),
        ("14012345678", "no mobile network uses the prefix 140"),
        ("16012345678", "no mobile network uses the prefix 160"),
    ],
)
def test_each_failure_has_its_own_message(raw: str, message: str) -> None:
    assert error_of(raw) == message
    assert not phone.is_valid(raw)


def test_messages_never_quote_the_number() -> None:
    for raw in ("1381234567", "12812345678", "010-12345678", "13812345678/13912345678"):
        assert "1234567" not in error_of(raw)


def test_normalize() -> None:
    assert phone.normalize("+86 (138) 1234-5678") == "13812345678"
    assert phone.normalize("０２８－８７６５４３２１") == "02887654321"
    # "86" is a country code only in front of a full mobile number.
    assert phone.normalize("8612345678") == "8612345678"


def test_display_and_mask() -> None:
    assert phone.display("13812345678") == "138 1234 5678"
    assert phone.display("12345") == "12345"
    assert phone.mask("13812345678") == "138****5678"
    assert phone.mask("+86 138 1234 5678") == "138****5678"
    assert phone.mask("0288765") == "***8765"


def test_allocated_pattern_matches_libphonenumber() -> None:
    """When phonenumbers is installed, it and we accept the same prefixes.

    A failure after upgrading phonenumbers means a prefix was allocated or
    withdrawn: copy the new pattern into ``hvdesk/phone.py``.
    """
    phonenumbers = pytest.importorskip("phonenumbers")
    for prefix in range(130, 200):
        number = f"{prefix}12345678"
        parsed = phonenumbers.parse(number, "CN")
        theirs = phonenumbers.is_valid_number(parsed) and phonenumbers.number_type(parsed) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        assert phone.is_valid(number) == theirs, number
