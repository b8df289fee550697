"""The password hashes real users get (the rest of the suite uses the demo's cheap ones,
tests/conftest.py): Argon2id at RFC 9106's setting, and a cheap hash upgraded at sign-in."""

from __future__ import annotations

import pytest
from argon2 import extract_parameters
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import User
from hvdesk.security import passwords
from hvdesk.services.auth import authenticate
from tests.conftest import PRODUCTION_HASHER
from tests.factories import PASSWORD, make_org


@pytest.fixture
def real_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", PRODUCTION_HASHER)


@pytest.mark.usefixtures("real_hashes")
def test_new_hashes_are_argon2id_at_the_rfc_9106_setting() -> None:
    stored = passwords.hash_password("Secret-123456")
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 4)
    assert passwords.verify_password(stored, "Secret-123456")
    assert not passwords.verify_password(stored, "secret-123456")
    assert not passwords.needs_rehash(stored)
    # The demo's hashes are cheap, and marked for the upgrade.
    assert passwords.needs_rehash(passwords.hash_password("x", demo=True))


@pytest.mark.usefixtures("real_hashes")
def test_a_cheap_hash_is_upgraded_at_the_first_sign_in(sqlite_db: Database) -> None:
    make_org(sqlite_db)  # its users' hashes are the cheap ones
    with sqlite_db.session() as s:
        before = s.scalar(select(User.password_hash).where(User.login == "coord1"))
    assert before is not None and passwords.needs_rehash(before)
    with sqlite_db.begin() as s:
        authenticate(s, "coord1", PASSWORD)
    with sqlite_db.session() as s:
        after = s.scalar(select(User.password_hash).where(User.login == "coord1"))
    assert after is not None and after != before
    assert extract_parameters(after).memory_cost == 65536
    assert passwords.verify_password(after, PASSWORD)
