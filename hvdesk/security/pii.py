"""Column values for encrypted personal data, shared by services and bulk loaders."""

from __future__ import annotations

from typing import Any

from hvdesk.security.crypto import FieldCipher

ID_FIELD = "customer.id_number"
PHONE_FIELD = "customer.phone"


def id_columns(cipher: FieldCipher, number: str) -> dict[str, Any]:
    """``number`` must already be normalised and valid."""
    return {
        "id_enc": cipher.encrypt(ID_FIELD, number),
        "id_bidx": cipher.blind_index(ID_FIELD, number),
        "id_region": number[:6],
        "id_last4": number[-4:],
    }


def phone_columns(cipher: FieldCipher, number: str) -> dict[str, Any]:
    return {
        "phone_enc": cipher.encrypt(PHONE_FIELD, number),
        "phone_bidx": cipher.blind_index(PHONE_FIELD, number),
        "phone_prefix": number[:3],
        "phone_last4": number[-4:],
    }
