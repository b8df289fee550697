"""``hvdesk backup`` / ``restore`` (issue 17): consistent under writes, checked, key required."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hvdesk import backup
from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.errors import KeyUnavailable
from hvdesk.model import AuditEvent, Visit, VisitMember, VisitPurpose, VisitStatus
from hvdesk.security.crypto import encode_key, new_master_key
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.factories import PASSWORD
from tests.scheduling_helpers import World, make_world

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


def add_visit(db: Database, w: World, customer: int, day: int, address: str) -> None:
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        visit = Visit(branch_id=w.branch_id, customer_id=customer,
                      purpose=VisitPurpose.POST_LOAN, address=address,
                      planned_start=dt.datetime(2026, 12, day, 2, tzinfo=dt.UTC),
                      planned_end=dt.datetime(2026, 12, day, 3, tzinfo=dt.UTC),
                      status=VisitStatus.PLANNED)
        # Two staff on every visit (checked by the database at commit).
        visit.members = [VisitMember(user_id=u, is_lead=n == 0, position=n)
                         for n, u in enumerate(w.team())]
        s.add(visit)


@pytest.fixture
def world(sqlite_db: Database) -> World:
    w = make_world(sqlite_db)
    add_visit(sqlite_db, w, w.customers[0], 1, "四川省成都市测试路1号")
    return w


def _visits(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM visit")}
    finally:
        conn.close()


def test_backup_while_another_process_writes_visits(sqlite_db: Database, world: World,
                                                    tmp_path: Path) -> None:
    source = sqlite_db.sqlite_path
    assert source is not None
    log = tmp_path / "committed.log"
    log.touch()
    writer = subprocess.Popen([sys.executable, "-m", "tests.backup_writer", str(source),
                               str(log), "6"], cwd=ROOT)
    try:
        deadline = time.monotonic() + 20
        while len(log.read_text().split()) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        committed_before = {int(x) for x in log.read_text().split()}
        assert len(committed_before) >= 20, "the writer never got going"
        summary = backup.backup_sqlite(source, tmp_path / "during.db")
    finally:
        writer.wait(timeout=60)
    assert summary.visits >= len(committed_before) + 1
    copy = _visits(summary.path)
    assert committed_before <= copy  # every visit committed before the backup is in it
    conn = sqlite3.connect(summary.path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # The writer kept going: the database now has more than the copy, untouched by it.
    assert len(_visits(source)) > len(copy)


def test_cli_backup_and_restore_round_trip(sqlite_db: Database, world: World, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.db"
    assert main(["--db", sqlite_db.url, "--as", "admin", "backup", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"backup written to {out}: ") and "audit chain intact" in said
    add_visit(sqlite_db, world, world.customers[1], 2, "后来加的")
    sqlite_db.dispose()
    assert main(["--db", sqlite_db.url, "--as", "admin", "restore", str(out), "--yes"]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"restored {out}: 8 customers, 1 visits")
    assert "kept as" in said
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 1
        actions = list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    # The backup's own event was written after the copy was taken: not in it.
    assert actions[-1] == "restore" and "backup" not in actions
    path = sqlite_db.sqlite_path
    assert path is not None
    kept = list(path.parent.glob(f"{path.name}.before-restore-*"))
    assert len(kept) == 1 and len(_visits(kept[0])) == 2  # the replaced database, kept


def test_restore_refuses_a_wrong_key_and_changes_nothing(sqlite_db: Database, world: World,
                                                         tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    out = tmp_path / "b.db"
    backup.backup_sqlite(sqlite_db.sqlite_path, out)  # type: ignore[arg-type]
    with pytest.raises(KeyUnavailable):
        backup.check_key(out, new_master_key())
    wrong = tmp_path / "wrong.key"
    wrong.write_text(encode_key(new_master_key()), encoding="utf-8")
    before = sqlite_db.sqlite_path.read_bytes()  # type: ignore[union-attr]
    code = main(["--db", sqlite_db.url, "--as", "admin", "restore", str(out), "--yes",
                 "--key-file", str(wrong)])
    err = capsys.readouterr().err
    assert code == 1 and "打不开这份备份" in err
    assert sqlite_db.sqlite_path.read_bytes() == before  # type: ignore[union-attr]


def test_restore_only_by_an_admin(sqlite_db: Database, world: World, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.db"
    backup.backup_sqlite(sqlite_db.sqlite_path, out)  # type: ignore[arg-type]
    for argv in (["backup", "-o", str(tmp_path / "c.db")], ["restore", str(out), "--yes"]):
        assert main(["--db", sqlite_db.url, "--as", "coord1", *argv]) == 1
        assert "需要“管理设置”权限" in capsys.readouterr().err  # Chinese by default


@pytest.mark.parametrize(("content", "said"), [
    (b"not a database at all", "not a database backup"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "cannot be read"),
])
def test_a_file_that_is_no_backup_is_refused_plainly(tmp_path: Path, content: bytes,
                                                     said: str) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(backup.BackupError, match=said):
        backup.inspect_file(bad)


def test_daily_backup_once_a_day_keeps_n(sqlite_db: Database, world: World,
                                         tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    day = dt.datetime(2026, 12, 6, 1, tzinfo=dt.UTC)
    made = []
    for n in range(5):
        now = day + dt.timedelta(days=n)
        path = backup.daily_backup(sqlite_db, folder, keep=3, now=now)
        assert path is not None
        os.utime(path, (now.timestamp(), now.timestamp()))
        made.append(path)
        assert backup.daily_backup(sqlite_db, folder, keep=3, now=now + dt.timedelta(hours=2)) \
            is None
    assert backup.backups_in(folder) == made[-3:]


def test_server_backup_without_pg_dump_says_how(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    monkeypatch.setattr(backup.shutil, "which", lambda _name: None)
    with pytest.raises(backup.BackupError, match="pg_dump --format=custom"):
        backup.backup_postgresql("postgresql+psycopg://u@db.example:5432/branch",
                                 tmp_path / "x.dump")
