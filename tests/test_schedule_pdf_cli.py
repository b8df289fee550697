"""``hvdesk schedule day-pdf`` and ``week-pdf``: the schedules the GUI prints, from the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.model import AuditEvent
from tests.documents_helpers import PackWorld, make_pack_world
from tests.factories import PASSWORD
from tests.scheduling_helpers import CUSTOMERS


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


@pytest.fixture
def pack(sqlite_db: Database) -> PackWorld:
    return make_pack_world(sqlite_db)


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages]


def test_day_pdf(sqlite_db: Database, pack: PackWorld, capsys: pytest.CaptureFixture[str],
                 tmp_path: Path) -> None:
    out_file = tmp_path / "day.pdf"
    code = main(["--db", sqlite_db.url, "--as", "coord1", "schedule", "day-pdf",
                 "--date", "2026-12-01", "-o", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() == f"schedule of 2026-12-01 written to {out_file}"
    whole = "\n".join(_pages(out_file))
    assert "网点当日走访日程" in whole
    assert CUSTOMERS[0][0] not in whole  # names masked on a schedule
    with sqlite_db.session() as s:
        actions = set(s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "document")))
    assert {"generate", "export"} <= actions


def test_week_pdf_has_no_blank_page(sqlite_db: Database, pack: PackWorld,
                                    capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "week.pdf"
    code = main(["--db", sqlite_db.url, "--as", "coord1", "schedule", "week-pdf",
                 "--date", "2026-11-30", "--team", "visitor1", "-o", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.strip() == f"week of 2026-11-30 for team visitor1 written to {out_file}"
    pages = _pages(out_file)
    assert "2026-11-30 至 2026-12-06" in pages[0]
    # Every page carries more than the footer (the second page used to be blank).
    assert all(len(p.split("\n")) > 4 for p in pages), pages


def test_week_pdf_needs_a_team(sqlite_db: Database, capsys: pytest.CaptureFixture[str],
                               tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--db", sqlite_db.url, "schedule", "week-pdf", "--date", "2026-11-30",
              "-o", str(tmp_path / "w.pdf")])
    assert "--team" in capsys.readouterr().err
