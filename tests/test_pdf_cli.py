"""``hvdesk brief`` and ``hvdesk report`` end to end."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hvdesk.cli import main
from hvdesk.model import AuditEvent
from tests.documents_helpers import make_pack_world
from tests.factories import PASSWORD
from tests.scheduling_helpers import CUSTOMERS


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test user has the factories' password; the CLI asks for it (issue 14).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


@pytest.fixture
def pack(sqlite_db):
    return make_pack_world(sqlite_db)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def text_of(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_help_lists_brief_and_report(capsys):
    with pytest.raises(SystemExit):
        main(["brief", "--help"])
    out = capsys.readouterr().out
    assert "--date D" in out
    assert "--team T" in out
    assert "employee number" in out


@pytest.mark.parametrize("team", ["visitor1", "V0001"])
def test_brief_one_team(sqlite_db, pack, capsys, tmp_path, team):
    out_file = tmp_path / "pack.pdf"
    code, out, err = run(capsys, "--db", sqlite_db.url, "--as", "coord1", "brief",
                         "--date", "2026-12-01", "--team", team, "-o", str(out_file))
    assert code == 0, err
    assert out.strip() == f"briefing pack for 2026-12-01 (1 team(s)) written to {out_file}"
    whole = text_of(out_file)
    assert all(name in whole for name, *_ in CUSTOMERS[:3])
    assert CUSTOMERS[3][0] not in whole
    with sqlite_db.session() as s:
        saved = s.scalars(select(AuditEvent).where(AuditEvent.action == "export",
                                                   AuditEvent.entity == "document")).one()
    assert saved.detail["reference"] == f"2026-12-01/lead={pack.lead_a}"
    assert saved.detail["pages"] == len(PdfReader(out_file).pages)


def test_brief_every_team_and_errors(sqlite_db, pack, capsys, tmp_path):
    out_file = tmp_path / "all.pdf"
    code, out, err = run(capsys, "--db", sqlite_db.url, "--as", "coord1", "brief",
                         "--date", "2026-12-01", "--invariant", "-o", str(out_file))
    assert code == 0, err
    assert "(2 team(s))" in out
    assert all(name in text_of(out_file) for name, *_ in CUSTOMERS[:4])
    code, _, err = run(capsys, "--db", sqlite_db.url, "--as", "coord1", "brief",
                       "--date", "2026-12-03", "-o", str(tmp_path / "none.pdf"))
    assert code == 1
    assert err.strip() == "hvdesk: error: 2026-12-03 没有任何小组的走访"
    code, _, err = run(capsys, "--db", sqlite_db.url, "--as", "coord1", "brief",
                       "--date", "2026-12-01", "--team", "nobody", "-o", str(tmp_path / "x.pdf"))
    assert code == 1
    assert "没有登录名或工号为 'nobody' 的用户" in err
    assert not (tmp_path / "x.pdf").exists()


def test_report(sqlite_db, pack, capsys, tmp_path):
    out_file = tmp_path / "report.pdf"
    code, out, err = run(capsys, "--db", sqlite_db.url, "--as", "reviewer1", "report",
                         str(pack.past_visit), "-o", str(out_file))
    assert code == 0, err
    assert out.strip() == f"visit report {pack.past_visit} written to {out_file}"
    assert "上门走访报告" in text_of(out_file)
    code, _, err = run(capsys, "--db", sqlite_db.url, "--as", "reviewer1", "report",
                       str(pack.team_b[0]), "-o", str(tmp_path / "draft.pdf"))
    assert code == 1
    assert "not approved" in err


def test_report_of_an_earlier_revision(sqlite_db, pack, capsys, tmp_path):
    """Issue 16.7: while an amendment is under way the approved revision still prints."""
    from hvdesk.visitreports import amend, report_for_visit  # noqa: PLC0415

    coord = pack.world.coord
    with sqlite_db.begin() as s:
        view = report_for_visit(s, coord, pack.past_visit)
        assert view is not None
        amend(s, coord, view.id, "金额记错")
    for extra in ((), ("--revision", "1")):
        out_file = tmp_path / f"report{len(extra)}.pdf"
        code, _, err = run(capsys, "--db", sqlite_db.url, "--as", "reviewer1", "report",
                           str(pack.past_visit), *extra, "-o", str(out_file))
        assert code == 0, err
        assert "上门走访报告" in text_of(out_file)
    code, _, err = run(capsys, "--db", sqlite_db.url, "--as", "reviewer1", "report",
                       str(pack.past_visit), "--revision", "2", "-o", str(tmp_path / "d.pdf"))
    assert code == 1 and "not approved" in err
