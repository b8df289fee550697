"""Field encryption and blind indexes for personal data.

One 32-byte master key per database. Two sub-keys are derived from it with
HKDF so that the encryption key and the look-up key are independent: AES-GCM
(random 96-bit nonce, the field name as associated data so a ciphertext cannot
be moved to another column) and HMAC-SHA256 for the blind index that lets us
find a number by equality without storing it in clear.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hvdesk.errors import KeyUnavailable

KEY_BYTES = 32
NONCE_BYTES = 12
#: Bytes of HMAC kept in the index: 128 bits makes a collision among a few
#: million numbers vanishingly unlikely while keeping the index small.
INDEX_BYTES = 16


def new_master_key() -> bytes:
    return os.urandom(KEY_BYTES)


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode("ascii")


def decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise KeyUnavailable("the data key is not valid base64 text") from exc
    if len(key) != KEY_BYTES:
        raise KeyUnavailable(f"the data key must be {KEY_BYTES} bytes, got {len(key)}")
    return key


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"hvdesk/" + purpose
    ).derive(master)


@dataclass(frozen=True, slots=True)
class FieldCipher:
    """Encrypts, decrypts and indexes personal-data fields with one database key."""

    _aead: AESGCM
    _index_key: bytes
    fingerprint: str

    @classmethod
    def from_master_key(cls, master: bytes) -> FieldCipher:
        enc = _derive(master, b"field-encryption")
        idx = _derive(master, b"blind-index")
        check = _derive(master, b"key-check")
        fingerprint = hashlib.sha256(check).hexdigest()[:32]
        return cls(AESGCM(enc), idx, fingerprint)

    def encrypt(self, field: str, plaintext: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext.encode("utf-8"), field.encode())

    def decrypt(self, field: str, blob: bytes) -> str:
        try:
            data = self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], field.encode())
        except InvalidTag as exc:
            raise KeyUnavailable(
                f"cannot decrypt {field}: the data key does not fit this database"
            ) from exc
        return data.decode("utf-8")

    def blind_index(self, field: str, normalized: str) -> str:
        mac = hmac.new(self._index_key, field.encode() + b"\x00" + normalized.encode(), "sha256")
        return mac.hexdigest()[: INDEX_BYTES * 2]
