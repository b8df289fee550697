"""On a local desk the OS account is the boundary: personal-data files are owner-only.

Modes are checked on POSIX; on Windows os.chmod cannot express them (the
profile folder's ACL does the job there), so those checks are skipped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import select

from hvdesk import exporting, importing, migrations
from hvdesk.database import Database
from hvdesk.importing.service import ImportResult, ImportSummary, RejectedRow
from hvdesk.model import AuditEvent
from hvdesk.notices.gateways.base import OutgoingMessage
from hvdesk.notices.gateways.outbox import OutboxGateway
from hvdesk.security import owner_only
from hvdesk.services import audit, customers
from hvdesk.services.customers import CustomerInput
from tests.data.importfiles import id_number, mobile
from tests.factories import make_org

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def wide_umask() -> object:
    # A careless umask must not leak the files to the group or others.
    old = os.umask(0o002)
    yield
    os.umask(old)


@posix_only
def test_helpers_create_and_narrow(tmp_path: Path, wide_umask: object) -> None:
    fresh = tmp_path / "a" / "new.bin"
    owner_only.prepare(fresh)
    assert fresh.exists() and mode(fresh) == 0o600
    old = tmp_path / "old.bin"
    old.write_bytes(b"x")
    old.chmod(0o644)
    owner_only.prepare(old)
    assert mode(old) == 0o600
    fd = owner_only.open_for_writing(tmp_path / "w.txt")
    os.close(fd)
    assert mode(tmp_path / "w.txt") == 0o600


@posix_only
def test_sqlite_file_wal_and_backup_are_owner_only(tmp_path: Path, wide_umask: object) -> None:
    path = tmp_path / "data" / "hvdesk.db"
    path.parent.mkdir()  # a named database's folder must exist (issue 13)
    db = Database.open(f"sqlite:///{path.as_posix()}")
    migrations.upgrade(db)
    make_org(db)
    with db.session() as s:
        s.scalar(select(AuditEvent.id).limit(1))
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                assert mode(side) == 0o600, side
        assert mode(path) == 0o600
    backup = db.backup_sqlite("test")
    db.dispose()
    assert backup is not None and mode(backup) == 0o600


@posix_only
def test_full_export_and_error_workbook_are_owner_only_and_audited(
    sqlite_db: Database, tmp_path: Path, wide_umask: object
) -> None:
    org = make_org(sqlite_db)
    coord = org.actors["coord1"]
    with sqlite_db.begin() as s:
        audit.bind_actor(s, coord)
        view = customers.create_customer(s, sqlite_db.cipher, coord, org.branch_id, CustomerInput(
            name="张三", id_number=id_number(0), phone=mobile(0),
            registered_address="四川省成都市武侯区人民南路1号"))
    out = tmp_path / "full.xlsx"
    with sqlite_db.begin() as s:
        exporting.export_customers(s, sqlite_db.cipher, coord, [view.id], out, full=True)
    assert mode(out) == 0o600

    rejected = tmp_path / "rejected.xlsx"
    rejected.write_bytes(b"")
    rejected.chmod(0o644)  # an older file of that name
    result = ImportResult(
        ImportSummary("in.xlsx", 0, 0, 0, 1), ["姓名", "身份证号码"], {},
        [RejectedRow(2, ("李四", id_number(1)), ("phone",), "手机号码: missing")], [],
    )
    with sqlite_db.begin() as s:
        assert importing.save_rejected(s, coord, rejected, result) == 1
    assert mode(rejected) == 0o600
    with sqlite_db.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.entity == "import_rejected")).one()
    assert event.actor_login == "coord1" and event.detail["file"] == "rejected.xlsx"


@posix_only
def test_outbox_files_are_owner_only(tmp_path: Path, wide_umask: object) -> None:
    gateway = OutboxGateway(tmp_path / "outbox")
    results = gateway.send([OutgoingMessage("k1", "13912345678", "明天上午拜访")])
    assert results[0].ok
    files = sorted((tmp_path / "outbox").iterdir())
    assert [f.suffix for f in files] == [".csv", ".json"]
    assert all(mode(f) == 0o600 for f in files)
