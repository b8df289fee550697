"""Hostile files: every reader refuses them with one line, fast, and stores nothing (issue 18).

The crafted files live in ``tests/data/hostile/`` (``make_files.py`` beside
them makes them again); hypothesis adds random damage to good files.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.errors import HvdeskError, ValidationError
from hvdesk.importing.reader import open_table
from hvdesk.model import Base
from hvdesk.notices.receipts import read_receipts
from hvdesk.visitreports import add_attachment, import_repayments, open_report
from tests.data.importfiles import row, write_csv, write_xlsx
from tests.factories import PASSWORD, make_org
from tests.scheduling_helpers import make_world
from tests.visitreport_helpers import make_visit

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
WORKBOOKS = sorted(p for p in HOSTILE.glob("*.xlsx") if not p.name.startswith("repayments_"))
CSVS = sorted(p for p in HOSTILE.glob("*.csv") if not p.name.startswith("receipts_"))
RECEIPTS = sorted(HOSTILE.glob("receipts_*"))
REPAYMENTS = sorted(HOSTILE.glob("repayments_*"))
PHOTOS = sorted([*HOSTILE.glob("photo_*")])
#: A refusal is a one-line answer, not a long parse: the issue's bound.
FAST = 2.0


#: What signing in writes (the failed-count reset, its audit event, the change log).
SIGN_IN_TABLES = {"audit_event", "app_user", "change_log"}

def read_all(path: Path) -> None:
    with open_table(path) as table:
        for _ in table.rows():
            pass


def test_the_folder_holds_every_kind_of_attack():
    names = {p.name for p in HOSTILE.iterdir()}
    for expected in ("zzzzzz2.xlsx", "shared_strings_bomb.xlsx", "whole_grid_dimension.xlsx",
                     "big_field.csv", "receipts_deep.json", "repayments_not_zip.xlsx",
                     "photo_ten_gigapixels.png"):
        assert expected in names
    zzz = HOSTILE / "zzzzzz2.xlsx"
    assert zzz.stat().st_size < 5 * 1024


@pytest.mark.parametrize("path", WORKBOOKS + CSVS, ids=lambda p: p.name)
def test_the_customer_reader_refuses_each_crafted_file_quickly(path: Path):
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        read_all(path)
    assert time.perf_counter() - started < FAST
    message = str(refused.value)
    assert "\n" not in message and message


def test_the_zzzzzz2_workbook_names_the_cell():
    with pytest.raises(ValidationError, match="ZZZZZZ2"):
        read_all(HOSTILE / "zzzzzz2.xlsx")
    with pytest.raises(ValidationError, match="ZZZZZZ2"):
        read_all(HOSTILE / "zzzzzz2_no_dimension.xlsx")


@pytest.mark.parametrize("path", RECEIPTS, ids=lambda p: p.name)
def test_the_receipts_reader_refuses_each_crafted_file(path: Path):
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        read_receipts(path)
    assert time.perf_counter() - started < FAST
    assert "\n" not in str(refused.value)


def test_a_utf16_csv_is_read_not_called_gb18030(tmp_path: Path):
    path = tmp_path / "名单.csv"
    path.write_text("姓名,身份证号码\n张三,110105194912310025\n", encoding="utf-16")
    with open_table(path) as table:
        assert table.headers == ["姓名", "身份证号码"]
        assert table.encoding == "utf-16"
        assert [cells for _, cells in table.rows()] == [("张三", "110105194912310025")]


def test_receipts_in_gb18030_are_read(tmp_path: Path):
    path = tmp_path / "receipts.csv"
    path.write_bytes("id,status,reply\nk1,reply,改约\n".encode("gb18030"))
    assert [r.reply for r in read_receipts(path)] == ["改约"]


@pytest.fixture
def report_world(sqlite_db: Database):
    world = make_world(sqlite_db)
    vid = make_visit(world)
    with sqlite_db.begin() as s:
        report = open_report(s, world.actors["visitor1"], vid).id
    return world, report


@pytest.mark.parametrize("path", PHOTOS, ids=lambda p: p.name)
def test_the_photo_reader_refuses_each_crafted_file(sqlite_db: Database, report_world, path):
    world, report = report_world
    started = time.perf_counter()
    with sqlite_db.begin() as s, pytest.raises(ValidationError) as refused:
        add_attachment(s, world.actors["visitor1"], report, path.name, path.read_bytes())
    assert time.perf_counter() - started < FAST
    assert "\n" not in str(refused.value)


def test_a_nan_or_infinite_repayment_is_a_row_error_not_a_crash(sqlite_db: Database, tmp_path):
    org = make_org(sqlite_db)
    path = tmp_path / "repayments.csv"
    path.write_text(
        "contract_no,amount,paid_on\nX1,NaN,2026-01-01\nX1,Infinity,2026-01-01\n"
        "X1,1e999999,2026-01-01\n", encoding="utf-8",
    )
    with sqlite_db.begin() as s:
        summary = import_repayments(s, org.actors["coord1"], path)
    assert summary.added == 0
    assert len(summary.errors) == 3


def counts(db: Database) -> dict[str, int]:
    with db.session() as s:
        return {
            table.name: s.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def run_cli(capsys, monkeypatch, *argv: str) -> tuple[int, str]:
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code = main(list(argv))
    _, err = capsys.readouterr()
    return code, err


CLI_CASES = (
    [("import", "customers", p) for p in WORKBOOKS + CSVS]
    + [("repayments", "import", p) for p in [*REPAYMENTS, *WORKBOOKS[:3], *CSVS]]
    + [("notices", "receipts", p) for p in RECEIPTS]
)


def test_every_cli_reader_exits_1_with_one_line_and_stores_nothing(
    sqlite_db: Database, capsys, monkeypatch
):
    make_org(sqlite_db)
    before = counts(sqlite_db)
    for *command, path in CLI_CASES:
        started = time.perf_counter()
        code, err = run_cli(capsys, monkeypatch, "--db", sqlite_db.url, "--as", "coord1",
                            *command, str(path))
        elapsed = time.perf_counter() - started
        assert code == 1, (command, path.name, err)
        assert err.startswith("hvdesk: error:") and err.count("\n") == 1, (path.name, err)
        assert "Traceback" not in err
        assert elapsed < FAST, (path.name, elapsed)
    after = counts(sqlite_db)
    changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    # Only the audit trail may grow (a refused import is no event, but a
    # sign-in is, and the change log says so to other desks); no customer, loan,
    # repayment or notice row appears.
    assert set(changed) <= SIGN_IN_TABLES, changed


@pytest.mark.pg
def test_the_cli_refusals_hold_on_postgresql(pg_url: str, capsys, monkeypatch):
    from hvdesk import migrations  # noqa: PLC0415

    db = Database.open(pg_url)
    migrations.upgrade(db)
    try:
        make_org(db)
        before = counts(db)
        for name in ("zzzzzz2.xlsx", "big_field.csv", "shared_strings_bomb.xlsx"):
            code, err = run_cli(capsys, monkeypatch, "--db", db.url, "--as", "coord1",
                                "import", "customers", str(HOSTILE / name))
            assert code == 1 and err.count("\n") == 1
        after = counts(db)
        assert {t for t in before if before[t] != after[t]} <= SIGN_IN_TABLES
    finally:
        db.dispose()


# -- random damage ---------------------------------------------------------------

def refusal(read, path: Path) -> str:
    """The one-line refusal of a damaged file, or "" if it was read."""
    try:
        read(path)
    except HvdeskError as exc:
        return str(exc)
    return ""


def _good_workbook(tmp: Path) -> bytes:
    path = write_xlsx(tmp / "good.xlsx", [row(1, name="张三"), row(2, name="李四")])
    return path.read_bytes()


def _good_csv(tmp: Path) -> bytes:
    path = write_csv(tmp / "good.csv", [row(1, name="张三"), row(2, name="李四")])
    return path.read_bytes()


def _mutate(data: bytes, edits: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for position, value in edits:
        out[position % len(out)] = value
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=12)
#: HVDESK_FUZZ_EXAMPLES=2000 for a longer hunt than the suite's.
FUZZ = settings(max_examples=int(os.environ.get("HVDESK_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(edits=EDITS, cut=st.integers(0, 100))
def test_random_damage_to_a_workbook_is_read_or_refused(tmp_path_factory, edits, cut):
    tmp = tmp_path_factory.mktemp("fuzz")
    data = _mutate(_good_workbook(tmp), edits)
    data = data[: max(1, len(data) * (100 - cut) // 100)] if cut > 80 else data
    path = tmp / "damaged.xlsx"
    path.write_bytes(data)
    assert "\n" not in refusal(read_all, path)


@FUZZ
@given(edits=EDITS, noise=st.binary(max_size=64))
def test_random_damage_to_a_csv_is_read_or_refused(tmp_path_factory, edits, noise):
    tmp = tmp_path_factory.mktemp("fuzz")
    path = tmp / "damaged.csv"
    path.write_bytes(_mutate(_good_csv(tmp), edits) + noise)
    assert "\n" not in refusal(read_all, path)


@FUZZ
@given(payload=st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                  max_size=4),
    max_leaves=20,
))
def test_any_json_is_read_or_refused_as_receipts(tmp_path_factory, payload):
    import json  # noqa: PLC0415

    path = tmp_path_factory.mktemp("fuzz") / "receipts.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    assert "\n" not in refusal(read_receipts, path)


@FUZZ
@given(members=st.dictionaries(
    st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                     "xl/styles.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"]),
    st.binary(max_size=200), min_size=1))
def test_a_zip_of_random_parts_is_refused_not_crashed(tmp_path_factory, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    path = tmp_path_factory.mktemp("fuzz") / "random.xlsx"
    path.write_bytes(buf.getvalue())
    assert "\n" not in refusal(read_all, path)
