"""Display forms of personal data that show only what a role needs."""

from __future__ import annotations


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

