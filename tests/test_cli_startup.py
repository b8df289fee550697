"""First contact with the CLI: cheap start, options where users type them, help, demo re-run."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from hvdesk.cli import (
    build_parser,
    data_cmds,
    idcard_cmd,
    import_cmds,
    main,
    map_cmd,
    notices_cmds,
)
from hvdesk.database import Database
from hvdesk.importing import CSV_ENCODINGS
from hvdesk.mapping.tiles import TileProvider
from hvdesk.model import Branch
from hvdesk.notices.types import GATEWAY_KINDS
from hvdesk.services.customer_list import DpdBucket
from tests.factories import make_org

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("folium", "alembic", "reportlab", "numpy", "pypinyin", "openpyxl", "sqlalchemy",
         "PySide6", "hvdesk.services", "hvdesk.model", "hvdesk.demo")


def test_building_the_parser_loads_none_of_the_heavy_modules() -> None:
    """``hvdesk --help`` must stay fast: nothing a command needs is loaded to describe it."""
    code = (
        "import json, sys\n"
        "import hvdesk.cli\n"
        "hvdesk.cli.build_parser()\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}"
        f" or m.startswith({HEAVY!r}))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert json.loads(proc.stdout) == []


def test_help_and_version_exit_before_loading_the_database_layer() -> None:
    code = (
        "import sys\n"
        "from hvdesk.cli import main\n"
        "for argv in (['--help'], ['--version'], ['demo', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "False"


def test_choices_spelled_out_in_the_cli_match_the_core() -> None:
    assert tuple(import_cmds.CSV_ENCODINGS) == tuple(CSV_ENCODINGS)
    assert tuple(map_cmd.TILES) == tuple(p.value for p in TileProvider)
    assert tuple(map_cmd.DPD_BUCKETS) == tuple(b.value for b in DpdBucket)
    assert tuple(notices_cmds.GATEWAY_KINDS) == tuple(GATEWAY_KINDS)


def _parsers(parser: argparse.ArgumentParser, path: str = "hvdesk"):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_option_is_described() -> None:
    missing = [
        f"{path} {'/'.join(action.option_strings) or action.dest}"
        for path, parser in _parsers(build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert missing == []


def test_demo_help_tells_each_option_and_its_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["demo", "--help"])
    assert exc.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--customers N how many customers to make (default: 2000)" in text
    assert "(default: 1)" in text
    assert "--db URL" in text and "--as USER" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "sqlite:///x.db", "--as", "coord1", "demo", "--seed", "3"],
        ["demo", "--db", "sqlite:///x.db", "--as", "coord1", "--seed", "3"],
        ["--as", "coord1", "demo", "--seed", "3", "--db", "sqlite:///x.db"],
    ],
)
def test_global_options_before_or_after_the_command(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.db, args.as_user, args.seed, args.customers) == ("sqlite:///x.db", "coord1", 3,
                                                                  2000)


def test_global_options_after_a_nested_command() -> None:
    args = build_parser().parse_args(["--db", "sqlite:///a.db", "user", "list", "--as", "admin"])
    assert (args.db, args.as_user) == ("sqlite:///a.db", "admin")
    args = build_parser().parse_args(["customer", "show", "7", "--db", "sqlite:///b.db"])
    assert (args.db, args.as_user, args.customer_id) == ("sqlite:///b.db", None, 7)


def test_a_database_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nonexistent" / "dir"
    proc = subprocess.run(
        [sys.executable, "-m", "hvdesk", "demo", "--db", f"sqlite:///{missing}/x.db",
         "--customers", "5"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("hvdesk: error: 数据库 ")
    assert "所在的文件夹不存在" in proc.stderr
    assert str(missing) in proc.stderr
    assert not missing.parent.exists()


def test_demo_progress_lines_when_stderr_is_not_a_terminal() -> None:
    out = io.StringIO()
    progress = data_cmds.DemoProgress(out, every_s=0.0)
    for done in (100, 200, 300):
        progress(done, 300)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("demo: 100/300 customers (33%, ")
    assert lines[-1].endswith("; now the visits")
    quiet = io.StringIO()
    slow = data_cmds.DemoProgress(quiet, every_s=3600.0)
    slow(1, 300)
    assert quiet.getvalue() == ""


def test_demo_twice_succeeds_and_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{(tmp_path / 'demo.db').as_posix()}"
    assert main(["demo", "--db", url, "--customers", "30", "--seed", "7"]) == 0
    first = capsys.readouterr().out
    assert "demo passwords" in first and "user passwd LOGIN" in first
    assert main(["demo", "--db", url, "--customers", "30", "--seed", "7"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("\n") == 1
    assert f"{tmp_path / 'demo.db'} already holds the demo (30 customers)" in out
    assert "hvdesk --as admin user passwd LOGIN" in out


def test_demo_on_other_data_is_refused_naming_the_database(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    make_org(db)
    assert main(["demo", "--db", db.url, "--customers", "5"]) == 1
    _, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert err.startswith(f"hvdesk: error: {db.describe()} 已有非演示数据")  # Chinese by default
    assert "--db" in err
    with db.session() as s:
        assert s.query(Branch).count() >= 1


def test_a_command_without_a_database_loads_no_database_layer() -> None:
    """``hvdesk idcard`` checks a number: no SQLAlchemy, model or password hashing (issue 19)."""
    code = (
        "import sys\n"
        "from hvdesk.cli import main\n"
        "main(['idcard', '11010519491231002X'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'argon2')"
        " or m.startswith(('hvdesk.model', 'hvdesk.database', 'hvdesk.services'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_database_errors_are_one_line(capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(_ctx: object, _args: object) -> int:
        raise OperationalError("SELECT 1", {}, Exception("disk I/O error\ndetail"))

    monkeypatch.setattr(idcard_cmd, "run_idcard", fails)
    assert main(["idcard", "11010519491231002X"]) == 1
    assert capsys.readouterr().err == "hvdesk：数据库错误：disk I/O error\n"


def test_a_briefing_pack_loads_only_what_the_pack_uses() -> None:
    """Issue 19: ``hvdesk brief`` cold < 2 s; pinyin, the other documents and the
    keyring's plugin scan (on a desk with no session bus) are not part of the pack."""
    code = (
        "import json, sys\n"
        "import hvdesk.model, hvdesk.documents.briefing, reports.api\n"
        "from hvdesk.security import keys\n"
        "usable = keys._keyring_usable()\n"
        "print(json.dumps([usable, sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pypinyin', 'keyring') or m in ('hvdesk.documents.visit_report', "
        "'hvdesk.documents.schedules', 'reports.visit_report', 'reports.schedules'))]))\n"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND", "HVDESK_KEYRING")}
    env["XDG_CONFIG_HOME"] = str(ROOT / "no-such-dir")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=env)
    usable, loaded = json.loads(proc.stdout)
    assert loaded == []
    if sys.platform.startswith("linux"):
        assert usable is False
