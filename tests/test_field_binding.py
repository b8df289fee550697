"""Encrypted values are bound to their table, column and row (issue 14, part 5)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text, update

from hvdesk import migrations
from hvdesk.cli import main
from hvdesk.database import META_FIELD_FORMAT, Database
from hvdesk.errors import CiphertextMismatch
from hvdesk.model import Customer, DbMeta
from hvdesk.security import pii, reencrypt
from hvdesk.services import customers
from hvdesk.services.customers import CustomerInput
from tests.crypto_helpers import actor, readings, stored_key, v1
from tests.factories import PASSWORD, make_org

PEOPLE = [("李四", "510107199001011248", "13912345678"),
          ("王五", "11010519491231002X", "13800138000")]


def _two_customers(db: Database) -> tuple[int, int]:
    org = make_org(db)
    ids = []
    with db.begin() as s:
        for name, number, mobile in PEOPLE:
            view = customers.create_customer(
                s, db.cipher, org.actors["coord1"], org.branch_id,
                CustomerInput(name=name, id_number=number, phone=mobile,
                              registered_address="四川省成都市武侯区科华北路1号"))
            ids.append(view.id)
    return ids[0], ids[1]


def test_copied_phone_is_refused_by_the_full_view(db, capsys, monkeypatch):
    a, b = _two_customers(db)
    with db.begin() as s:
        source = s.get(Customer, a)
        assert source is not None
        s.execute(update(Customer.__table__).where(Customer.__table__.c.id == b)
                  .values(phone_enc=source.phone_enc))
    with pytest.raises(CiphertextMismatch,
                       match=r"does not belong to this customer .* copied or tampered with"), \
            db.begin() as s:
        customers.reveal(s, db.cipher, actor(db, "admin"), b, "phone", "check")
    # The customer's own values still read.
    with db.begin() as s:
        assert customers.reveal(s, db.cipher, actor(db, "admin"), a, "phone") == PEOPLE[0][2]
        assert customers.reveal(s, db.cipher, actor(db, "admin"), b, "id_number") == \
            PEOPLE[1][1]
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code = main(["--db", db.url, "--as", "manager1", "customer", "show", str(b), "--full",
                 "--reason", "核对"])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1
    assert "does not belong to this customer" in err


def test_value_moved_to_another_column_is_refused(db):
    a, _ = _two_customers(db)
    with db.begin() as s:
        s.execute(text("UPDATE customer SET phone_enc = id_enc WHERE id = :a"), {"a": a})
    with pytest.raises(CiphertextMismatch), db.begin() as s:
        customers.reveal(s, db.cipher, actor(db, "admin"), a, "phone")


def test_values_of_before_0011_read_until_bound_then_old_copies_are_refused(
        db, monkeypatch, tmp_path):
    a, b = _two_customers(db)
    key = stored_key(db)
    # Back to 0008 with values in the old format, as a database of before this change.
    migrations.downgrade(db, "0008")
    with db.begin() as s:
        for (_, number, mobile), cid in zip(PEOPLE, (a, b), strict=True):
            s.execute(update(Customer.__table__).where(Customer.__table__.c.id == cid).values(
                id_enc=v1(key, pii.ID_FIELD, number), phone_enc=v1(key, pii.PHONE_FIELD, mobile)))
        old_a_phone = s.scalar(select(Customer.phone_enc).where(Customer.id == a))
    # Migrated by someone without the key (a server's owner): nothing re-encrypted yet.
    desk = tmp_path / "owner"
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(desk))
    migrations.upgrade(db)
    with db.session() as s:
        assert s.get(DbMeta, META_FIELD_FORMAT).value == "1"
        assert s.scalar(select(Customer.phone_enc).where(Customer.id == a)) == old_a_phone
    monkeypatch.undo()
    # A desk with the key reads the old values ...
    db.reset_cipher()
    assert db.cipher.legacy
    assert readings(db)[f"c{a}"] == (PEOPLE[0][1], PEOPLE[0][2])
    # ... and its start binds them.
    outcome = reencrypt.bind_pending(db, batch=1)
    assert outcome is not None and outcome.rewritten == 2 and outcome.unreadable == 0
    with db.session() as s:
        assert s.get(DbMeta, META_FIELD_FORMAT).value == "2"
        assert s.get(DbMeta, reencrypt.META_REENCRYPT) is None
    assert not db.cipher.legacy
    assert readings(db)[f"c{b}"] == (PEOPLE[1][1], PEOPLE[1][2])
    assert reencrypt.bind_pending(db) is None  # nothing left to do
    # An old-format value pasted back from a backup is now refused like a copied one.
    with db.begin() as s:
        s.execute(update(Customer.__table__).where(Customer.__table__.c.id == a)
                  .values(phone_enc=old_a_phone))
    with pytest.raises(CiphertextMismatch), db.begin() as s:
        customers.reveal(s, db.cipher, actor(db, "admin"), a, "phone")
