"""``hvdesk schedule …``: the visit schedule out to calendars and spreadsheets."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hvdesk.cli import document_cmds

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext

TEAM_HELP = (
    "only visits of this team: one visitor login (that visitor's own calendar) or several "
    "logins joined by commas (visits on which all of them are members, e.g. the lead and "
    "the partner); default: every visit of your branch"
)


def register(commands: Any) -> None:
    schedule = commands.add_parser("schedule", help="export the visit schedule")
    actions = schedule.add_subparsers(dest="schedule_command", metavar="ACTION", required=True)
    to_ics = actions.add_parser(
        "export-ics",
        help="write visits to an iCalendar file for Outlook or a phone (audited); "
        "re-importing a newer export updates the same events",
    )
    _common(to_ics, ".ics")
    to_ics.set_defaults(handler=run_export_ics)
    to_xlsx = actions.add_parser("export-xlsx", help="write visits to an .xlsx sheet (audited)")
    _common(to_xlsx, ".xlsx")
    to_xlsx.set_defaults(handler=run_export_xlsx)
    document_cmds.register_schedule_pdfs(actions)
    listing = actions.add_parser(
        "list", help="print the visits of your branch (a visitor: his own) day by day, "
        "customers as your role sees them")
    listing.add_argument("--from", dest="date_from", required=True, type=_date, metavar="D",
                         help="first day, YYYY-MM-DD (branch local time)")
    listing.add_argument("--to", dest="date_to", required=True, type=_date, metavar="D",
                         help="last day, YYYY-MM-DD (included)")
    listing.set_defaults(handler=run_list)


def _common(parser: argparse.ArgumentParser, suffix: str) -> None:
    parser.add_argument(
        "--from",
        dest="date_from",
        required=True,
        type=_date,
        metavar="D",
        help="first day, YYYY-MM-DD (branch local time)",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        required=True,
        type=_date,
        metavar="D",
        help="last day, YYYY-MM-DD (included)",
    )
    parser.add_argument("--team", metavar="T", help=TEAM_HELP)
    parser.add_argument("-o", "--output", required=True, type=Path, metavar=f"OUT{suffix}",
                        help="the file to write")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _team(args: argparse.Namespace) -> list[str]:
    return [login.strip() for login in (args.team or "").split(",") if login.strip()]


def run_export_ics(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.scheduling import ics

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        data, count = ics.export_ics(
            s,
            actor,
            args.date_from,
            args.date_to,
            team_logins=_team(args),
            file_name=args.output.name,
        )
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    print(f"{count} visits written to {args.output}")
    return 0


def run_export_xlsx(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.scheduling import xlsx

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        count = xlsx.export_xlsx(
            s, actor, args.date_from, args.date_to, args.output, team_logins=_team(args)
        )
    print(f"{count} visits written to {args.output}")
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.scheduling import calendar_query

    db = ctx.database()
    actor = ctx.actor(db)
    with db.session() as s:
        data = calendar_query.load_range(s, actor, args.date_from, args.date_to)
    for b in data.blocks:
        team = "、".join(b.member_names)
        print(f"{b.start:%Y-%m-%d %H:%M}–{b.end:%H:%M}  visit {b.id}  {b.customer}  "
              f"{b.district}  {b.status.value}  {team}")
    print(f"{len(data.blocks)} visits")
    return 0
