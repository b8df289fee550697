"""Argon2id password hashes (argon2-cffi's defaults follow RFC 9106)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
#: Demo data hashes dozens of passwords; a cheaper setting keeps ``demo`` fast
#: without weakening the hashes real users get.
_demo_hasher = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


def hash_password(password: str, *, demo: bool = False) -> str:
    return (_demo_hasher if demo else _hasher).hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)
