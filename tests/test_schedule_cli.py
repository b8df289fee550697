"""``hvdesk schedule export-ics / export-xlsx`` end to end."""

from __future__ import annotations

import icalendar
import pytest
from openpyxl import load_workbook

from hvdesk.cli import main
from hvdesk.model import VisitPurpose
from hvdesk.scheduling import service
from tests.factories import PASSWORD
from tests.scheduling_helpers import NOW, TUESDAY, WEDNESDAY, at, make_world


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test user has the factories' password; the CLI asks for it (issue 14).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)


@pytest.fixture
def world(db):
    world = make_world(db)
    with db.begin() as s:
        for customer, day, team in ((0, TUESDAY, (0, 1)), (3, WEDNESDAY, (2, 3))):
            service.create_visit(
                s,
                world.coord,
                customer_id=world.customers[customer],
                start=at(day, 10),
                end=at(day, 11),
                member_ids=world.team(*team),
                purpose=VisitPurpose.CARE,
                now=NOW,
            )
    return world


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_schedule(capsys):
    with pytest.raises(SystemExit):
        main(["schedule", "export-ics", "--help"])
    out = capsys.readouterr().out
    assert "--team T" in out
    assert "visitor login" in out


def test_export_ics(db, world, capsys, tmp_path):
    out_file = tmp_path / "week.ics"
    code, out, err = run(
        capsys,
        "--db",
        db.url,
        "--as",
        "coord1",
        "schedule",
        "export-ics",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-02",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    assert out.strip() == f"2 visits written to {out_file}"
    cal = icalendar.Calendar.from_ical(out_file.read_bytes())
    assert len(cal.walk("VEVENT")) == 2
    code, out, _ = run(
        capsys,
        "--db",
        db.url,
        "--as",
        "coord1",
        "schedule",
        "export-ics",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-02",
        "--team",
        "visitor3",
        "-o",
        str(out_file),
    )
    assert code == 0
    assert out.startswith("1 visits written")
    summaries = [
        str(e["summary"])
        for e in icalendar.Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")
    ]
    assert summaries == ["赵* · 锦江区 · 客户关怀"]


def test_export_xlsx(db, world, capsys, tmp_path):
    out_file = tmp_path / "week.xlsx"
    code, _out, err = run(
        capsys,
        "--db",
        db.url,
        "--as",
        "coord1",
        "schedule",
        "export-xlsx",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-02",
        "--team",
        "visitor1,visitor2",
        "-o",
        str(out_file),
    )
    assert code == 0, err
    rows = list(load_workbook(out_file).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("日期", "开始", "结束", "网点", "客户")
    assert len(rows) == 2
    assert rows[1][1:9] == (
        "10:00",
        "11:00",
        "CD01",
        "张*",
        "武侯区",
        "客户关怀",
        "已计划",
        "张伟(V0001, 组长)、刘强(V0002)",
    )


def test_errors(db, world, capsys, tmp_path):
    code, _, err = run(
        capsys,
        "--db",
        db.url,
        "--as",
        "coord1",
        "schedule",
        "export-ics",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-02",
        "--team",
        "ghost",
        "-o",
        str(tmp_path / "x.ics"),
    )
    assert code == 1
    assert err.strip() == "hvdesk: error: 没有名为 'ghost' 的用户"
    code, _, err = run(
        capsys,
        "--db",
        db.url,
        "--as",
        "visitor1",
        "schedule",
        "export-ics",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-02",
        "-o",
        str(tmp_path / "y.ics"),
    )
    assert code == 1
    assert "只能导出本人的走访" in err
    with pytest.raises(SystemExit) as exc:
        main(["schedule", "export-ics", "--from", "1 Dec", "--to", "2026-12-02", "-o", "z.ics"])
    assert exc.value.code == 2
    assert not (tmp_path / "x.ics").exists()
