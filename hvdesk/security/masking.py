"""Display forms of personal data that show only what a role needs."""

from __future__ import annotations

from collections.abc import Callable

from hvdesk.address import parse_address


def mask_id_number(region: str, last4: str) -> str:
    """``110105********002X``: the region code and the last four, 18 characters."""
    return f"{region}{'*' * 8}{last4}"


def mask_phone(prefix: str, last4: str) -> str:
    """``138****5678``."""
    return f"{prefix}****{last4}"


def mask_name(name: str) -> str:
    """``张*`` / ``欧阳**``: the surname stays so a team can greet the customer."""
    if len(name) <= 1:
        return name
    surname_len = 2 if len(name) >= 4 else 1
    return name[:surname_len] + "*" * (len(name) - surname_len)



Masker = Callable[[str], str]


def keep(text: str) -> str:
    """The identity :data:`Masker`, for roles that see a field in full."""
    return text


#: What stands for the part of an address after the district.
ADDRESS_TAIL = "****"


def mask_address(text: str) -> str:
    """``四川省成都市武侯区****``: the divisions as written, not the street or the door.

    An address whose divisions cannot be read keeps nothing but the stars.
    """
    text = text.strip()
    if not text:
        return text
    parsed = parse_address(text)
    kept = text[: len(text) - len(parsed.rest)] if parsed.found else ""
    return kept.rstrip() + ADDRESS_TAIL
