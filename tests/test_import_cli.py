"""``hvdesk import customers`` and ``hvdesk export customers``, and the kill test."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.model import AuditEvent, Customer, LoanAccount
from hvdesk.security import passwords
from tests.conftest import PRODUCTION_HASHER
from tests.data.importfiles import row, write_csv, write_xlsx
from tests.factories import PASSWORD, make_org
from tests.test_import import mixed_rows

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test user has the factories' password; the CLI asks for it (issue 14).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.session() as s:
        customers = s.execute(select(Customer.id, Customer.name, Customer.version,
                                     Customer.phone_bidx).order_by(Customer.id)).all()
        loans = s.execute(select(LoanAccount.id, LoanAccount.days_past_due)).all()
        # The killed process's sign-in is committed before the import starts, as it should be.
        events = s.execute(select(AuditEvent.id).where(AuditEvent.action != "sign_in")
                           .order_by(AuditEvent.id)).all()
    return [tuple(r) for r in [*customers, *loans, *events]]


def test_import_prints_refusals_and_ends_with_the_counts(
    db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    make_org(db)
    path = write_xlsx(tmp_path / "客户.xlsx", mixed_rows())
    errors = tmp_path / "out" / "errors.xlsx"
    code, out, _ = run(capsys, "--db", db.url, "--as", "coord1", "import", "customers",
                       str(path), "--dry-run")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[-2:] == ["dry run: nothing was changed",
                          "imported 3, updated 0, unchanged 0, rejected 6"]
    with db.session() as s:
        assert s.scalars(select(Customer)).all() == []

    code, out, _ = run(capsys, "--db", db.url, "--as", "coord1", "import", "customers",
                       str(path), "--errors", str(errors))
    lines = out.strip().splitlines()
    assert code == 0
    assert lines[-1] == "imported 3, updated 0, unchanged 0, rejected 6"
    # Reasons in the CLI's language: Chinese unless HVDESK_LANG=en.
    assert "row 8: 身份证号码: 与第 2 行的身份证号相同" in lines
    assert load_workbook(errors).active.max_row == 7

    code, out, _ = run(capsys, "--db", db.url, "--as", "coord1", "import", "customers",
                       str(path))
    assert out.strip().splitlines()[-1] == "imported 0, updated 0, unchanged 3, rejected 6"


def test_import_refusals_of_the_whole_command(
    sqlite_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_org(sqlite_db)
    path = write_csv(tmp_path / "a.csv", [row(1)])
    url = sqlite_db.url
    code, _, err = run(capsys, "--db", url, "--as", "visitor1", "import", "customers", str(path))
    assert code == 1 and "需要“导入数据”权限" in err
    code, _, err = run(capsys, "--db", url, "--as", "admin", "import", "customers", str(path))
    assert code == 1 and "--branch" in err
    code, _, err = run(capsys, "--db", url, "--as", "coord1", "import", "customers",
                       str(tmp_path / "nope.csv"))
    assert code == 1 and "文件不存在：nope.csv" in err
    monkeypatch.setenv("HVDESK_LANG", "en")
    code, _, err = run(capsys, "--db", url, "--as", "coord1", "import", "customers",
                       str(tmp_path / "nope.csv"))
    assert code == 1 and "no such file: nope.csv" in err
    monkeypatch.delenv("HVDESK_LANG")
    code, out, _ = run(capsys, "--db", url, "--as", "admin", "import", "customers", str(path),
                       "--branch", "CD01")
    assert code == 0 and out.strip().endswith("imported 1, updated 0, unchanged 0, rejected 0")


def test_export_from_the_cli(
    sqlite_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    make_org(sqlite_db)
    url = sqlite_db.url
    run(capsys, "--db", url, "--as", "coord1", "import", "customers",
        str(write_csv(tmp_path / "a.csv", [row(1), row(2)])))
    out_file = tmp_path / "out.xlsx"
    code, out, _ = run(capsys, "--db", url, "--as", "coord1", "export", "customers",
                       "-o", str(out_file))
    assert code == 0 and out.strip() == f"exported 2 customers to {out_file}"
    ids = [r[2].value for r in load_workbook(out_file).active.iter_rows(min_row=2)]
    assert all("********" in i for i in ids)
    code, _, err = run(capsys, "--db", url, "--as", "visitor1", "export", "customers",
                       "-o", str(out_file))
    assert code == 1 and "需要“导出数据”权限" in err
    code, _, _ = run(capsys, "--db", url, "--as", "coord1", "export", "customers",
                     "-o", str(out_file), "--full")
    assert code == 0
    ids = [r[2].value for r in load_workbook(out_file).active.iter_rows(min_row=2)]
    assert ids == [row(1)[1], row(2)[1]]


@pytest.mark.slow
def test_killing_an_import_midway_leaves_the_database_as_it_was(
    sqlite_db: Database, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The killed import runs in a process of its own, which hashes at the production setting:
    # the first sign-in here upgrades coord1's hash too, so the one there changes nothing.
    monkeypatch.setattr(passwords, "_hasher", PRODUCTION_HASHER)
    make_org(sqlite_db)
    url = sqlite_db.url
    # Some customers already there, one of which the big file would update.
    run(capsys, "--db", url, "--as", "coord1", "import", "customers",
        str(write_csv(tmp_path / "first.csv", [row(1, phone="13700000001"), row(900_001)])))
    before = snapshot(sqlite_db)
    big = write_csv(tmp_path / "big.csv", (row(i) for i in range(50_000)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "hvdesk", "--db", url, "--as", "coord1", "import", "customers",
         str(big), "--progress"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stderr is not None
        deadline = time.monotonic() + 120
        for line in proc.stderr:
            stage, _, counts = line.strip().partition(" ")
            # Killed once a chunk of rows has been written inside the transaction.
            if stage == "writing" and int(counts.split("/")[0]) > 0:
                break
            assert time.monotonic() < deadline, "the import never started writing"
        else:
            pytest.fail("the import ended before it started writing")
        proc.kill()
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -9
    sqlite_db.engine.dispose()
    assert snapshot(sqlite_db) == before
    with sqlite_db.session() as s:
        assert len(s.scalars(select(Customer)).all()) == 2
