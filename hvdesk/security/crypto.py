"""Field encryption and blind indexes for personal data.

One 32-byte master key per database. Two sub-keys are derived from it with
HKDF so that the encryption key and the look-up key are independent: AES-GCM
(random 96-bit nonce) and HMAC-SHA256 for the blind index that lets us find a
number by equality without storing it in clear.

Stored format (version 2)::

    0x02 | key tag (4 bytes) | nonce (12) | ciphertext + GCM tag (16)

The associated data is the 5-byte header followed by the value's
:class:`Binding` (table, column, row id), so a ciphertext copied to another
row or column, or a header changed, fails to decrypt. The key tag names the
key that sealed the value (a key rotation meets two keys; a foreign key gets
a clear message instead of a tamper alarm).

Version 1 (before migration 0011) was ``nonce | ciphertext`` with the field
name as associated data and no row. It is read only by a cipher opened with
``legacy=True``, which a database gets until every value was re-encrypted
(``db_meta.field_format``); afterwards an old value pasted from a backup is
refused like a copied one.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hvdesk.errors import CiphertextMismatch, KeyUnavailable
from hvdesk.messages import msg

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
VERSION_2 = 0x02
KEY_TAG_BYTES = 4
HEADER_BYTES = 1 + KEY_TAG_BYTES
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
        raise KeyUnavailable(msg("security.crypto.data_key_valid",
                "the data key is not valid base64 text")) from exc
    if len(key) != KEY_BYTES:
        raise KeyUnavailable(msg("security.crypto.data_key_must",
                "the data key must be {KEY_BYTES} bytes, got {count_key}",
                KEY_BYTES=KEY_BYTES, count_key=len(key)))
    return key


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"hvdesk/" + purpose
    ).derive(master)


@dataclass(frozen=True, slots=True)
class SealedColumn:
    """An encrypted column: where it lives and what the user calls its value."""

    table: str
    column: str
    #: Field name of the blind index, and the associated data of format 1.
    field: str
    #: For messages: "ID number", "mobile number".
    noun: str

    def at(self, row: int) -> Binding:
        return Binding(self, int(row))


@dataclass(frozen=True, slots=True)
class Binding:
    """One value's place: the associated data names table, column and row."""

    column: SealedColumn
    row: int

    def aad(self) -> bytes:
        # \x1f cannot occur in table or column names; the row is a decimal id.
        return f"{self.column.table}\x1f{self.column.column}\x1f{self.row}".encode("ascii")

    def describe(self) -> str:
        return f"{self.column.noun} of {self.column.table} {self.row}"


@dataclass(frozen=True, slots=True)
class FieldCipher:
    """Encrypts, decrypts and indexes personal-data fields with one database key."""

    _aead: AESGCM
    _index_key: bytes
    fingerprint: str
    #: Read format-1 values too (until the database re-encrypted them all).
    legacy: bool = False
    #: Version byte and key tag, computed once (hot in bulk re-encryption).
    _header: bytes = b""

    def __post_init__(self) -> None:
        tag = bytes.fromhex(self.fingerprint[: KEY_TAG_BYTES * 2])
        object.__setattr__(self, "_header", bytes([VERSION_2]) + tag)

    @classmethod
    def from_master_key(cls, master: bytes, *, legacy: bool = False) -> FieldCipher:
        enc = _derive(master, b"field-encryption")
        idx = _derive(master, b"blind-index")
        check = _derive(master, b"key-check")
        fingerprint = hashlib.sha256(check).hexdigest()[:32]
        return cls(AESGCM(enc), idx, fingerprint, legacy)

    def with_legacy(self, legacy: bool) -> FieldCipher:
        return dataclasses.replace(self, legacy=legacy)

    @property
    def key_tag(self) -> bytes:
        return self._header[1:]

    @property
    def header(self) -> bytes:
        return self._header

    def encrypt(self, binding: Binding, plaintext: str) -> bytes:
        if not isinstance(binding, Binding):
            raise TypeError("encrypt() needs the value's Binding (SealedColumn.at(row id))")
        header = self._header
        nonce = os.urandom(NONCE_BYTES)
        return header + nonce + self._aead.encrypt(
            nonce, plaintext.encode("utf-8"), header + binding.aad()
        )

    def is_current(self, blob: bytes) -> bool:
        """Sealed by this key in the current format (bound to some row)."""
        return blob[:HEADER_BYTES] == self._header

    def decrypt(self, binding: Binding, blob: bytes) -> str:
        if not isinstance(binding, Binding):
            raise TypeError("decrypt() needs the value's Binding (SealedColumn.at(row id))")
        blob = bytes(blob)
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise _mismatch(binding)  # too short to be any ciphertext: overwritten
        if self.is_current(blob):
            body = blob[HEADER_BYTES:]
            try:
                data = self._aead.decrypt(
                    body[:NONCE_BYTES], body[NONCE_BYTES:], blob[:HEADER_BYTES] + binding.aad()
                )
            except InvalidTag:
                raise _mismatch(binding) from None
            return data.decode("utf-8")
        if self.legacy:
            return self._decrypt_v1(binding, blob)
        if blob[:1] == bytes([VERSION_2]) and len(blob) > HEADER_BYTES + NONCE_BYTES:
            raise KeyUnavailable(
                msg("security.crypto.stored_binding_encrypted",
                        "the stored {binding} was encrypted with another data key: the data "
                        "key does not fit this database",
                        binding=binding.describe())
            )
        raise _mismatch(binding)

    def _decrypt_v1(self, binding: Binding, blob: bytes) -> str:
        try:
            data = self._aead.decrypt(
                blob[:NONCE_BYTES], blob[NONCE_BYTES:], binding.column.field.encode()
            )
        except InvalidTag:
            raise KeyUnavailable(
                msg("security.crypto.decrypt_stored_binding",
                        "cannot decrypt the stored {binding}: the data key does not fit this "
                        "database, or the value was changed",
                        binding=binding.describe())
            ) from None
        return data.decode("utf-8")

    def blind_index(self, field: str, normalized: str) -> str:
        mac = hmac.new(self._index_key, field.encode() + b"\x00" + normalized.encode(), "sha256")
        return mac.hexdigest()[: INDEX_BYTES * 2]


def _mismatch(binding: Binding) -> CiphertextMismatch:
    owner = binding.column.table
    return CiphertextMismatch(
        f"the stored {binding.column.noun} does not belong to this {owner} "
        f"({owner} {binding.row}) — it may have been copied or tampered with",
        column=binding.column.column,
        row=binding.row,
    )
