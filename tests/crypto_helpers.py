"""Builders for the field-binding and key-rotation tests (and bench/key_rotate.py)."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.model import Customer, Notice, Visit
from hvdesk.security import keys, pii
from hvdesk.security.crypto import FieldCipher, _derive
from hvdesk.services import auth
from hvdesk.services.context import Actor

TODAY = dt.date(2026, 11, 25)


def make_demo(db: Database, customers: int, seed: int = 7) -> demo.DemoResult:
    return demo.generate(db, customers=customers, seed=seed, today=TODAY)


def actor(db: Database, login: str) -> Actor:
    with db.session() as s:
        return auth.actor_by_login(s, login)


def readings(db: Database, cipher: FieldCipher | None = None) -> dict[str, Any]:
    """Every decrypted value and blind index, to compare before and after a rotation."""
    cipher = cipher or db.cipher
    out: dict[str, Any] = {}
    with db.session() as s:
        for c in s.execute(select(Customer.id, Customer.id_enc, Customer.phone_enc,
                                  Customer.id_bidx, Customer.phone_bidx)):
            number = cipher.decrypt(pii.CUSTOMER_ID.at(c.id), c.id_enc)
            mobile = cipher.decrypt(pii.CUSTOMER_PHONE.at(c.id), c.phone_enc)
            assert c.id_bidx == cipher.blind_index(pii.ID_FIELD, number)
            assert c.phone_bidx == cipher.blind_index(pii.PHONE_FIELD, mobile)
            out[f"c{c.id}"] = (number, mobile)
        for n in s.execute(select(Notice.id, Notice.phone_enc, Visit.customer_id)
                           .join(Visit, Visit.id == Notice.visit_id)):
            out[f"n{n.id}"] = cipher.decrypt(pii.CUSTOMER_PHONE.at(n.customer_id), n.phone_enc)
    return out


def stored_key(db: Database) -> bytes:
    db_id = db.database_id()
    assert db_id is not None
    key = keys.load_key(db_id)
    assert key is not None
    return key


def v1(key: bytes, field: str, plain: str) -> bytes:
    """A value in the format before migration 0011: nonce | ciphertext, field name as AAD."""
    nonce = os.urandom(12)
    return nonce + AESGCM(_derive(key, b"field-encryption")).encrypt(
        nonce, plain.encode(), field.encode())
