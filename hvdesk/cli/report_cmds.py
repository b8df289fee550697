"""``hvdesk repayments import FILE`` and ``hvdesk dashboard export-xlsx``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext


def register(commands: Any) -> None:
    repayments = commands.add_parser("repayments", help="repayments checked against promises")
    actions = repayments.add_subparsers(dest="repayments_command", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        help="read repayments from a .csv or .xlsx (columns contract_no, amount, paid_on, "
        "reference) and re-judge promises to pay",
    )
    imp.add_argument("file", type=Path, metavar="FILE", help=".csv or .xlsx file")
    imp.set_defaults(handler=run_import)
    board = commands.add_parser("dashboard", help="managers' dashboard figures")
    board_actions = board.add_subparsers(dest="dashboard_command", metavar="ACTION", required=True)
    out = board_actions.add_parser("export-xlsx", help="write the dashboard to .xlsx (audited)")
    out.add_argument("--from", dest="date_from", required=True, type=_date, metavar="D",
                     help="first day, YYYY-MM-DD")
    out.add_argument("--to", dest="date_to", required=True, type=_date, metavar="D",
                     help="last day, YYYY-MM-DD (included)")
    out.add_argument("--group", choices=("week", "team", "branch"), default="week",
                     help="one row per week, team or branch")
    out.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.xlsx",
                     help="the workbook to write")
    out.set_defaults(handler=run_dashboard)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.visitreports import import_repayments

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        summary = import_repayments(s, actor, args.file)
    print(
        f"{summary.rows} rows: {summary.added} added, {summary.duplicates} already stored, "
        f"{len(summary.errors)} refused"
    )
    for row, message in summary.errors:
        print(f"  row {row}: {message}")
    return 0 if not summary.errors else 1


def run_dashboard(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.visitreports import dashboard, export_dashboard_xlsx

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        board = dashboard(s, actor, start=args.date_from, end=args.date_to, group=args.group)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        export_dashboard_xlsx(board, args.output, session=s, actor=actor)
    print(f"{len(board.rows)} rows written to {args.output}")
    return 0
