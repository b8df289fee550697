"""``hvdesk idcard NUMBER [--json]``: check a resident ID number and decode it.

Needs no database: it is the same check the customer form and the import run,
for the desk to try a number a customer reads out, or for scripts (``--json``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import TYPE_CHECKING, Any

from hvdesk import idcard
from hvdesk.errors import ValidationError

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext

SEX_WORDS = {"M": "male", "F": "female"}


def register(commands: Any) -> None:
    cmd = commands.add_parser(
        "idcard",
        help="check a resident ID number and decode region, birth date and sex",
        description="Check a resident ID number (18 characters, or an old 15-digit one) and "
        "decode it. Exit status 0 when it is valid, 1 when it is not.",
    )
    cmd.add_argument("number", metavar="NUMBER",
                     help="the ID number; spaces, full-width digits and a lowercase x are fine")
    cmd.add_argument("--json", action="store_true",
                     help="print one JSON object (valid, normalized, region_code, region_name, "
                     "birth_date, sex, error)")
    cmd.set_defaults(handler=run_idcard)


def result_object(raw: str, *, today: dt.date | None = None) -> dict[str, Any]:
    """The ``--json`` object: the same keys whether the number is valid or not."""
    try:
        parsed = idcard.parse(raw, today=today)
    except ValidationError as exc:
        return {
            "valid": False,
            "normalized": idcard.normalize(raw),
            "region_code": None,
            "region_name": None,
            "birth_date": None,
            "sex": None,
            "error": str(exc),
        }
    region = parsed.region
    return {
        "valid": True,
        "normalized": parsed.number,
        "region_code": parsed.region_code,
        "region_name": region.full if region else None,
        "birth_date": parsed.birth_date.isoformat(),
        "sex": parsed.sex,
        "error": None,
    }


def run_idcard(_ctx: CliContext, args: argparse.Namespace) -> int:
    if args.json:
        result = result_object(args.number)
        print(json.dumps(result, ensure_ascii=False))
        return 0 if result["valid"] else 1
    # An invalid number raises ValidationError: main() prints "hvdesk: error: …", exit 1.
    parsed = idcard.parse(args.number)
    today = dt.date.today()
    region = parsed.region
    if region is None:
        place = "region unknown (not in the table of division codes)"
    else:
        place = region.full + (" (code since retired)" if region.retired else "")
    print(f"{parsed.number}  valid")
    if len(idcard.normalize(args.number)) == 15:
        print("  old 15-digit number, shown in its 18-character form")
    print(f"  region      {parsed.region_code}  {place}")
    print(f"  birth date  {parsed.birth_date.isoformat()}  (age {parsed.age(today)})")
    print(f"  sex         {SEX_WORDS[parsed.sex]}")
    sys.stdout.flush()
    return 0
