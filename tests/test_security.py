import os
import stat

import pytest

from hvdesk.errors import CiphertextMismatch, KeyUnavailable
from hvdesk.security import keys, masking
from hvdesk.security.crypto import (
    FieldCipher,
    SealedColumn,
    decode_key,
    encode_key,
    new_master_key,
)
from tests.crypto_helpers import v1

PHONE = SealedColumn("customer", "phone_enc", "customer.phone", "mobile number")
ID = SealedColumn("customer", "id_enc", "customer.id_number", "ID number")


def test_encrypt_round_trip_and_random_nonce():
    c = FieldCipher.from_master_key(new_master_key())
    a = c.encrypt(PHONE.at(7), "13800138000")
    b = c.encrypt(PHONE.at(7), "13800138000")
    assert a != b  # random nonce: equal numbers do not give equal ciphertexts
    assert b"13800138000" not in a
    assert a[:5] == c.header and c.is_current(a)
    assert c.decrypt(PHONE.at(7), a) == "13800138000"


@pytest.mark.parametrize("elsewhere", [PHONE.at(8), ID.at(7),
                                       SealedColumn("notice", "phone_enc", "x", "n").at(7)])
def test_ciphertext_is_bound_to_its_table_column_and_row(elsewhere):
    c = FieldCipher.from_master_key(new_master_key())
    blob = c.encrypt(PHONE.at(7), "13800138000")
    with pytest.raises(CiphertextMismatch, match="may have been copied or tampered with"):
        c.decrypt(elsewhere, blob)


def test_changed_byte_is_refused_as_tampering():
    c = FieldCipher.from_master_key(new_master_key())
    blob = bytearray(c.encrypt(PHONE.at(7), "13800138000"))
    blob[-1] ^= 1
    with pytest.raises(CiphertextMismatch, match="does not belong to this customer"):
        c.decrypt(PHONE.at(7), bytes(blob))


def test_wrong_key_cannot_decrypt():
    blob = FieldCipher.from_master_key(new_master_key()).encrypt(PHONE.at(1), "x")
    with pytest.raises(KeyUnavailable, match="does not fit"):
        FieldCipher.from_master_key(new_master_key()).decrypt(PHONE.at(1), blob)


def test_old_format_reads_only_while_the_database_allows_it():
    key = new_master_key()
    old = v1(key, "customer.phone", "13800138000")
    legacy = FieldCipher.from_master_key(key, legacy=True)
    assert legacy.decrypt(PHONE.at(3), old) == "13800138000"
    with pytest.raises(KeyUnavailable):
        legacy.decrypt(ID.at(3), old)  # format 1 was bound to its column already
    with pytest.raises(CiphertextMismatch):
        FieldCipher.from_master_key(key).decrypt(PHONE.at(3), old)


def test_encrypt_refuses_a_bare_field_name():
    c = FieldCipher.from_master_key(new_master_key())
    with pytest.raises(TypeError, match="Binding"):
        c.encrypt("customer.phone", "1")  # type: ignore[arg-type]


def test_blind_index_is_stable_keyed_and_per_field():
    key = new_master_key()
    c1, c2 = FieldCipher.from_master_key(key), FieldCipher.from_master_key(key)
    other = FieldCipher.from_master_key(new_master_key())
    assert c1.blind_index("f", "110105") == c2.blind_index("f", "110105")
    assert c1.blind_index("f", "110105") != other.blind_index("f", "110105")
    assert c1.blind_index("f", "110105") != c1.blind_index("g", "110105")


def test_key_text_round_trip_and_bad_key():
    key = new_master_key()
    assert decode_key(encode_key(key)) == key
    with pytest.raises(KeyUnavailable):
        decode_key("too-short")


def test_key_file_is_owner_only(tmp_path, monkeypatch):
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(tmp_path))
    key = new_master_key()
    where = keys.store_key("db-1", key)
    assert where == str(tmp_path / "keys" / "db-1.key")
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "keys" / "db-1.key").stat().st_mode) == 0o600
    assert keys.load_key("db-1") == key
    assert keys.load_key("db-2") is None
    with pytest.raises(KeyUnavailable, match="hvdesk key import"):
        keys.require_key("db-2")


def test_environment_key_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(tmp_path))
    key = new_master_key()
    monkeypatch.setenv("HVDESK_KEY", encode_key(key))
    assert keys.load_key("any-db") == key
    assert keys.store_key("any-db", key) == "environment variable HVDESK_KEY"
    assert not (tmp_path / "keys").exists()


def test_masks():
    assert masking.mask_id_number("110105", "002X") == "110105********002X"
    assert masking.mask_phone("138", "5678") == "138****5678"
    assert masking.mask_name("张三") == "张*"
    assert masking.mask_name("欧阳娜娜") == "欧阳**"
