"""``hvdesk import customers FILE`` and ``hvdesk export customers -o OUT.xlsx``.

The import's last line on standard output is always
``imported N, updated U, unchanged K, rejected R`` so scripts can read it.
Refused rows are listed above it by row number, field and reason (never the
values); ``--errors`` writes them to a workbook to fix and import again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hvdesk.cli.common import CliContext
    from hvdesk.importing import ImportResult
    from hvdesk.security.crypto import FieldCipher
    from hvdesk.services.context import Actor

#: hvdesk.importing.CSV_ENCODINGS, spelled out so that registering the command
#: does not load the importer (openpyxl); tests/test_cli_startup.py compares them.
CSV_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")

#: Refused rows listed on the terminal; the rest go to the --errors workbook.
LISTED = 20


def register(commands: Any) -> None:
    imp = commands.add_parser("import", help="import data from .xlsx or .csv files")
    imp_cmds = imp.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    cust = imp_cmds.add_parser(
        "customers", help="add or update customers and loan accounts from a file (one "
        "transaction: all rows that pass, or nothing)")
    cust.add_argument("file", type=Path, metavar="FILE", help=".xlsx or .csv (UTF-8 or GB18030)")
    cust.add_argument("--errors", type=Path, metavar="OUT.xlsx",
                      help="write the refused rows, with the reason, to this workbook")
    cust.add_argument("--dry-run", action="store_true",
                      help="check every row against the database but change nothing")
    cust.add_argument("--branch", metavar="CODE", help="branch to import into (admin only)")
    cust.add_argument("--sheet", metavar="NAME", help="workbook sheet (default: the first)")
    cust.add_argument("--encoding", choices=CSV_ENCODINGS,
                      help="CSV encoding (default: detected)")
    cust.add_argument("--progress", action="store_true",
                      help="print progress lines on standard error")
    cust.set_defaults(handler=run_import_customers)

    exp = commands.add_parser("export", help="export data to .xlsx (audited)")
    exp_cmds = exp.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    out = exp_cmds.add_parser("customers", help="all customers of your branch, numbers masked")
    out.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx",
                     help="the workbook to write")
    out.add_argument("--full", action="store_true",
                     help="full ID and mobile numbers (roles allowed to see them; audited)")
    out.add_argument("--branch", metavar="CODE", help="admin: only this branch")
    out.set_defaults(handler=run_export_customers)


class _Reporter:
    """Progress on stderr: a line per step when asked, a live percentage on a terminal."""

    def __init__(self, stream: TextIO, lines: bool) -> None:
        self.stream = stream
        self.lines = lines
        self.tty = stream.isatty()
        self.last: tuple[str, int] = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        pct = done * 100 // total if total else 0
        if (stage, pct // 10 if self.lines else pct) == self.last:
            return
        self.last = (stage, pct // 10 if self.lines else pct)
        if self.lines:
            print(f"{stage} {done}/{total}", file=self.stream, flush=True)
        elif self.tty:
            print(f"\r{stage} {pct:3d}% ", end="", file=self.stream, flush=True)

    def done(self) -> None:
        if self.tty and not self.lines:
            print(file=self.stream)


def run_import_customers(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk import importing

    db = ctx.database()
    actor = ctx.actor(db)
    reporter = _Reporter(sys.stderr, args.progress)
    if args.dry_run:
        with db.session() as s:
            result = _run(s, db.cipher, actor, args, reporter)
            s.rollback()
    else:
        with db.begin() as s:
            result = _run(s, db.cipher, actor, args, reporter)
    reporter.done()
    _print_rejected(result)
    if args.errors is not None and result.rejected:
        with db.begin() as s:
            importing.save_rejected(s, actor, args.errors, result)
        print(f"refused rows written to {args.errors}")
    if args.dry_run:
        print("dry run: nothing was changed")
    print(result.summary.line())
    return 0


def _run(session: Session, cipher: FieldCipher, actor: Actor, args: argparse.Namespace,
         reporter: _Reporter) -> ImportResult:
    from hvdesk import importing
    from hvdesk.messages import cli_language

    return importing.import_customers(
        session, cipher, actor, args.file, sheet=args.sheet, encoding=args.encoding,
        branch_code=args.branch, dry_run=args.dry_run, progress=reporter,
        language=cli_language())


def _print_rejected(result: ImportResult) -> None:
    for item in result.rejected[:LISTED]:
        print(f"row {item.row}: {item.reason}")
    more = len(result.rejected) - LISTED
    if more > 0:
        print(f"... and {more} more refused rows (write them all with --errors OUT.xlsx)")


def run_export_customers(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk import exporting

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        ids = exporting.branch_customer_ids(s, actor, args.branch)
        count = exporting.export_customers(s, db.cipher, actor, ids, args.output, full=args.full)
    print(f"exported {count} customers to {args.output}")
    return 0
