"""``hvdesk key rotate``: a new key, every value the same, resumable, alone (issue 14, part 5).

The default suite rotates a 2,000-customer demo; bench/key_rotate.py times 100,000.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, text, update

from hvdesk.cli import main
from hvdesk.database import META_FIELD_FORMAT, META_REENCRYPT, Database
from hvdesk.errors import HvdeskError, KeyUnavailable, PermissionDenied
from hvdesk.model import AuditEvent, Customer, DbMeta
from hvdesk.security import keys, pii, rotation
from hvdesk.security.crypto import FieldCipher, encode_key
from tests.crypto_helpers import actor, make_demo, readings, stored_key, v1

CUSTOMERS = 2000
WORKTREE = Path(__file__).resolve().parent.parent


class Stop(Exception):
    pass


def _old_key_opens_nothing(db: Database, old_key: bytes, monkeypatch) -> None:
    with pytest.raises(HvdeskError):
        readings(db, FieldCipher.from_master_key(old_key, legacy=True))
    monkeypatch.setenv(keys.ENV_KEY, encode_key(old_key))
    other = Database.open(db.url)
    with pytest.raises(KeyUnavailable, match="does not fit"):
        _ = other.cipher
    other.dispose()
    monkeypatch.delenv(keys.ENV_KEY)


def _check_rotated(db: Database, before: dict, old_key: bytes, monkeypatch) -> None:
    db.reset_cipher()
    assert readings(db) == before  # every number and blind index, under the new key
    assert stored_key(db) != old_key
    assert keys.load_stored_key(keys.pending_name(db.database_id())) is None
    with db.session() as s:
        assert s.get(DbMeta, META_REENCRYPT) is None
    _old_key_opens_nothing(db, old_key, monkeypatch)


def test_rotate_keeps_every_value_and_retires_the_old_key(db, monkeypatch):
    make_demo(db, CUSTOMERS)
    before, old_key = readings(db), stored_key(db)
    assert len(before) > CUSTOMERS  # customers and their notices
    with pytest.raises(PermissionDenied):
        rotation.rotate_key(db, actor(db, "coord1"))
    outcome = rotation.rotate_key(db, actor(db, "admin"), batch=700)
    assert not outcome.resumed and outcome.unreadable == 0
    assert outcome.rewritten == len(before)
    _check_rotated(db, before, old_key, monkeypatch)
    with db.session() as s:
        actions = list(s.scalars(select(AuditEvent.action)
                                 .where(AuditEvent.entity == "data_key")
                                 .order_by(AuditEvent.id)))
    assert actions == ["rotate_start", "rotate"]


def test_rotation_stopped_half_way_finishes_when_run_again(db, monkeypatch):
    make_demo(db, CUSTOMERS, seed=8)
    before, old_key = readings(db), stored_key(db)
    batches = []

    def fail_on_the_third(table: str, done: int, top: int) -> None:
        batches.append(table)
        if len(batches) == 3:
            raise Stop

    with pytest.raises(Stop):
        rotation.rotate_key(db, actor(db, "admin"), batch=300, progress=fail_on_the_third)
    with db.session() as s:
        assert s.get(DbMeta, META_REENCRYPT) is not None
    # No desk works with the key while values are under two keys.
    other = Database.open(db.url)
    with pytest.raises(KeyUnavailable, match="rotation was interrupted"):
        _ = other.cipher
    other.dispose()  # else the rotation would wait for this desk to go
    outcome = rotation.rotate_key(db, actor(db, "admin"), batch=300)
    assert outcome.resumed
    _check_rotated(db, before, old_key, monkeypatch)


def test_rotation_refused_while_another_desk_is_connected(db):
    make_demo(db, 50)
    other = Database.open(db.url)
    with other.session() as s:
        s.execute(text("SELECT 1"))  # the desk's pool keeps its connection open
    with pytest.raises(HvdeskError, match=r"another desk|other sessions"):
        rotation.rotate_key(db, actor(db, "admin"))
    with db.session() as s:
        assert s.get(DbMeta, META_REENCRYPT) is None
    other.dispose()
    assert rotation.rotate_key(db, actor(db, "admin")).rewritten > 50


def test_rotate_with_the_key_in_the_environment_is_refused(sqlite_db, monkeypatch):
    make_demo(sqlite_db, 10)
    monkeypatch.setenv(keys.ENV_KEY, encode_key(stored_key(sqlite_db)))
    with pytest.raises(HvdeskError, match="HVDESK_KEY is set"):
        rotation.rotate_key(sqlite_db, actor(sqlite_db, "admin"))


def test_rotate_killed_mid_way_from_the_cli_then_finished(db, monkeypatch, capsys):
    result = make_demo(db, CUSTOMERS, seed=9)
    before, old_key = readings(db), stored_key(db)
    db.dispose()
    env = dict(os.environ, HVDESK_PASSWORD=result.passwords["admin"],
               PYTHONPATH=str(WORKTREE))
    proc = subprocess.Popen(
        [sys.executable, "-m", "hvdesk", "--db", db.url, "--as", "admin", "key", "rotate",
         "--batch-size", "25"],
        cwd=WORKTREE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    seen = 0
    for line in proc.stderr:
        if "re-encrypting customer" in line:
            seen += 1
            if seen == 5:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with db.session() as s:
        assert s.get(DbMeta, META_REENCRYPT) is not None, "killed after it finished"
    db.dispose()  # this test's own connection would count as another desk
    monkeypatch.setenv("HVDESK_PASSWORD", result.passwords["admin"])
    code = main(["--db", db.url, "--as", "admin", "key", "rotate", "--batch-size", "500"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "finished the interrupted rotation" in out
    _check_rotated(db, before, old_key, monkeypatch)


def test_rotation_also_binds_values_of_before_0011(sqlite_db, monkeypatch):
    db = sqlite_db
    make_demo(db, 40)
    before, key = readings(db), stored_key(db)
    table = Customer.__table__
    with db.begin() as s:
        for name, value in before.items():
            if name.startswith("c"):
                number, mobile = value
                s.execute(update(table).where(table.c.id == int(name[1:])).values(
                    id_enc=v1(key, pii.ID_FIELD, number),
                    phone_enc=v1(key, pii.PHONE_FIELD, mobile)))
        s.execute(update(DbMeta.__table__).where(DbMeta.key == META_FIELD_FORMAT)
                  .values(value="1"))
    db.reset_cipher()
    assert readings(db) == before  # old values read while the database allows them
    rotation.rotate_key(db, actor(db, "admin"))
    with db.session() as s:
        assert s.get(DbMeta, META_FIELD_FORMAT).value == "2"
    _check_rotated(db, before, key, monkeypatch)
    assert not db.cipher.legacy
