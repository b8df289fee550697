"""Issue 14 part 2 on the command line: every command, run by branch B on branch A's objects.

Each CLI command that reads or writes branch data runs as B's coordinator and
manager with A's customer, visit, users, branch code and files naming A's
notices and contracts: a command on an A object exits 1; a command on the
user's own data prints and writes nothing of A. A visitor running the report,
briefing and customer commands on a visit he was not on is refused too.
test_every_command_is_walked keeps the list complete.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pytest

from hvdesk.cli import build_parser, main
from hvdesk.model import Notice, NoticeStatus
from tests.data.importfiles import row, write_csv
from tests.factories import PASSWORD
from tests.scheduling_helpers import THURSDAY, TUESDAY
from tests.scope_walk import text_of
from tests.scope_world import TwoBranches, make_two_branches

#: Commands that hold no branch data: nothing to scope.
NO_BRANCH_DATA = {
    "gui": "starts the GUI, whose pages call the walked services",
    "demo": "fills an empty database only",
    "db upgrade": "schema",
    "db info": "schema version and counts of nothing personal",
    "idcard": "checks a number typed by the user",
    "db init-server": "server roles and grants, with the owner's URL",
    "key rotate": "the database's one key: admin only (key.manage)",
    "login": "the user's own session",
    "logout": "the user's own session",
    "user unlock": "admin only (user.manage over every branch)",
    "user disable": "admin only (user.manage over every branch)",
    "user enable": "admin only (user.manage over every branch)",
    "audit verify": "the whole chain (audit.view): event ids and hashes, no branch data",
    "audit anchor": "the whole chain's count and hash (audit.view)",
    "retention run": "anonymises its own branch's customers only (an admin: all)",
}
REFUSE, BLIND = "refuse", "blind"


def commands(tb: TwoBranches, tmp: Path) -> list[tuple[str, list[str], str, Path | None]]:
    """(command, arguments, expectation, file it writes) for a user of branch B."""
    a_csv = write_csv(tmp / "a.csv", [row(1)])
    receipts = tmp / "receipts.csv"
    receipts.write_text("id,status\na-key-1,failed\n", encoding="utf-8")
    repay = tmp / "repay.csv"
    repay.write_text(f"contract_no,amount,paid_on\n{tb.contract},100.00,2026-11-30\n",
                     encoding="utf-8")
    day, end = TUESDAY.isoformat(), THURSDAY.isoformat()
    cust, past = str(tb.customer), str(tb.past_visit)
    v1 = tb.visitor_login
    o = tmp
    return [
        ("customer show", ["customer", "show", cust], REFUSE, None),
        ("customer list", ["customer", "list", "--limit", "500"], BLIND, None),
        ("schedule list", ["schedule", "list", "--from", day, "--to", end], BLIND, None),
        ("customer show", ["customer", "show", cust, "--full", "--reason", "x"], REFUSE, None),
        ("customer correct", ["customer", "correct", cust, "--set", "current_address=新地址1号",
                              "--reason", "客户搬家"], REFUSE, None),
        ("subject-export", ["subject-export", cust, "-o", str(tmp / "subject.xlsx"), "--reason",
                            "客户来函"], REFUSE, tmp / "subject.xlsx"),
        ("export customers", ["export", "customers", "-o", str(o / "e.xlsx"), "--branch",
                              tb.code_a], REFUSE, None),
        ("export customers", ["export", "customers", "-o", str(o / "own.xlsx")], BLIND,
         o / "own.xlsx"),
        ("import customers", ["import", "customers", str(a_csv), "--branch", tb.code_a,
                              "--dry-run"], REFUSE, None),
        ("schedule export-ics", ["schedule", "export-ics", "--from", day, "--to", end,
                                 "--team", v1, "-o", str(o / "a.ics")], REFUSE, None),
        ("schedule export-ics", ["schedule", "export-ics", "--from", day, "--to", end,
                                 "-o", str(o / "own.ics")], BLIND, o / "own.ics"),
        ("schedule export-xlsx", ["schedule", "export-xlsx", "--from", day, "--to", end,
                                  "--team", v1, "-o", str(o / "a.xlsx")], REFUSE, None),
        ("schedule export-xlsx", ["schedule", "export-xlsx", "--from", day, "--to", end,
                                  "-o", str(o / "own_s.xlsx")], BLIND, o / "own_s.xlsx"),
        ("map", ["map", "-o", str(o / "a.html"), "--date", day, "--team", v1], REFUSE, None),
        ("map", ["map", "-o", str(o / "own.html"), "--date", day], BLIND, o / "own.html"),
        ("notices send", ["notices", "send", "--date", day, "--gateway", "outbox",
                          "--outbox", str(o / "outbox")], BLIND, None),
        ("notices receipts", ["notices", "receipts", str(receipts)], BLIND, None),
        ("notices list", ["notices", "list", "--date", day], BLIND, None),
        ("repayments import", ["repayments", "import", str(repay)], BLIND, None),
        ("dashboard export-xlsx", ["dashboard", "export-xlsx", "--from", "2026-11-01", "--to",
                                   "2026-12-31", "-o", str(o / "d.xlsx")], BLIND, o / "d.xlsx"),
        ("brief", ["brief", "--date", day, "--team", v1, "-o", str(o / "a.pdf")], REFUSE, None),
        ("brief", ["brief", "--date", day, "-o", str(o / "own.pdf")], BLIND, None),
        ("report", ["report", past, "-o", str(o / "r.pdf")], REFUSE, None),
        ("schedule day-pdf", ["schedule", "day-pdf", "--date", day, "-o", str(o / "day.pdf")],
         BLIND, None),
        ("schedule week-pdf", ["schedule", "week-pdf", "--date", day, "--team", v1, "-o",
                               str(o / "week.pdf")], REFUSE, None),
        ("backup", ["backup", "-o", str(o / "bk.db")], REFUSE, o / "bk.db"),
        ("restore", ["restore", str(o / "bk.db"), "--yes"], REFUSE, None),
        ("user list", ["user", "list"], BLIND, None),
        ("user add", ["user", "add", "newa", "--name", "新人", "--employee-no", "N9",
                      "--role", "visitor", "--branch", tb.code_a], REFUSE, None),
        ("user passwd", ["user", "passwd", v1], REFUSE, None),
        ("audit", ["audit", "--limit", "200"], BLIND, None),
        ("key export", ["key", "export"], REFUSE, None),
        ("priorities rank", ["priorities", "rank", "--limit", "50"], BLIND, None),
        ("priorities weights", ["priorities", "weights"], BLIND, None),
        ("priorities refresh", ["priorities", "refresh"], BLIND, None),
        ("priorities backtest", ["priorities", "backtest", "--from", day, "--to", end, "-o",
                                 str(o / "bt.xlsx")], BLIND, o / "bt.xlsx"),
        ("key import", ["key", "import", "--", "x" * 44], REFUSE, None),
    ]


def leaf_commands() -> set[str]:
    found = set()

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.add(" ".join(prefix))
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, [*prefix, name])

    walk(build_parser(), [])
    return found


def run(db_url: str, login: str, argv: list[str], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    # New passwords for user add / passwd come from standard input.
    monkeypatch.setattr(sys, "stdin", io.StringIO("Secret-123456\n"))
    code = main(["--db", db_url, "--as", login, *argv])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def two(db, monkeypatch: pytest.MonkeyPatch) -> TwoBranches:
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    return make_two_branches(db)


def test_every_command_is_walked(tmp_path: Path) -> None:
    class Fake:
        code_a = contract = visitor_login = "x"
        customer = past_visit = 1

    walked = {name for name, *_ in commands(Fake(), tmp_path)}  # type: ignore[arg-type]
    missing = leaf_commands() - walked - set(NO_BRANCH_DATA)
    assert missing == set(), f"walk these commands in {__name__}: {sorted(missing)}"


@pytest.mark.parametrize("role", ["coordinator", "manager"])
def test_branch_b_gets_nothing_of_branch_a_on_the_command_line(
    two: TwoBranches, role: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    login = two.b[role].login
    failures = []
    for name, argv, expect, path in commands(two, tmp_path):
        code, said = run(two.db.url, login, argv, capsys, monkeypatch)
        found = two.leaked(said + (text_of(path) if path else ""))
        if found:
            failures.append(f"{name} {argv}: shows {found}")
        if expect == REFUSE and code == 0:
            failures.append(f"{name} {argv}: not refused: {said.strip()[:200]}")
        if "hvdesk: error" in said and len(said.strip().splitlines()) != 1:
            failures.append(f"{name} {argv}: the error is not one line: {said!r}")
    with two.db.session() as s:
        notice = s.get(Notice, two.notice)
        assert notice is not None and notice.status is NoticeStatus.DELIVERED
    assert failures == [], "\n".join(failures)


def test_visitor_is_refused_a_visit_he_was_not_on(
    two: TwoBranches, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """visitor3 (team B of branch A) asks for team A's report, pack and customer."""
    cases = [
        ["report", str(two.past_visit), "-o", str(tmp_path / "r.pdf")],
        ["brief", "--date", TUESDAY.isoformat(), "--team", "visitor1",
         "-o", str(tmp_path / "b.pdf")],
        ["customer", "show", str(two.customer)],
        ["customer", "show", str(two.customer), "--full", "--reason", "核对"],
    ]
    for argv in cases:
        code, said = run(two.db.url, "visitor3", argv, capsys, monkeypatch)
        assert code == 1, (argv, said)
        assert "本人" in said and len(said.strip().splitlines()) == 1, (argv, said)
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "b.pdf").exists()
    # His own team's pack prints.
    code, said = run(two.db.url, "visitor3", ["brief", "--date", TUESDAY.isoformat(), "--team",
                                              "visitor3", "-o", str(tmp_path / "own.pdf")],
                     capsys, monkeypatch)
    assert code == 0, said
