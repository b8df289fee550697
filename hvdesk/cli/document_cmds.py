"""``hvdesk brief …`` and ``hvdesk report …``: the printed documents as PDF files.

The PDF layer (``reports``) is imported when a command runs (the CLI is the
entry-point layer and may use it), so ``hvdesk --help`` never loads reportlab.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext


def register(commands: Any) -> None:
    brief = commands.add_parser(
        "brief",
        help="write the briefing pack of a day as PDF (audited): one team, or every team "
        "of your branch one after the other",
    )
    brief.add_argument("--date", required=True, type=_date, metavar="D",
                       help="the day, YYYY-MM-DD (branch local time)")
    brief.add_argument("--team", metavar="T",
                       help="the team's lead, by login or employee number; default: every team")
    brief.add_argument("--invariant", action="store_true",
                       help="reproducible output (fixed dates), for comparing files")
    brief.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf",
                       help="the PDF file to write")
    brief.set_defaults(handler=run_brief)

    report = commands.add_parser(
        "report", help="write an approved visit report as PDF (audited)"
    )
    report.add_argument("visit_id", type=int, metavar="VISIT_ID", help="the visit's number")
    report.add_argument("--revision", type=int, metavar="N",
                        help="an earlier approved revision (default: the current one, or "
                        "the last approved while an amendment is under way)")
    report.add_argument("--invariant", action="store_true",
                        help="reproducible output (fixed dates), for comparing files")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf",
                        help="the PDF file to write")
    report.set_defaults(handler=run_report)


def register_schedule_pdfs(actions: Any) -> None:
    """``hvdesk schedule day-pdf`` and ``week-pdf``: the schedules the GUI prints."""
    day = actions.add_parser("day-pdf", help="write the branch's schedule of a day as PDF "
                             "(every team, visits in route order; audited)")
    day.add_argument("--date", required=True, type=_date, metavar="D",
                     help="the day, YYYY-MM-DD (branch local time)")
    _pdf_options(day)
    day.set_defaults(handler=run_day_pdf)
    week = actions.add_parser("week-pdf", help="write a team's week as PDF (the day given "
                              "and the six after it; audited)")
    week.add_argument("--date", required=True, type=_date, metavar="D",
                      help="the first day of the week, YYYY-MM-DD (branch local time)")
    week.add_argument("--team", required=True, metavar="T",
                      help="the team's lead, by login or employee number")
    _pdf_options(week)
    week.set_defaults(handler=run_week_pdf)


def _pdf_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--invariant", action="store_true",
                        help="reproducible output (fixed dates), for comparing files")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf",
                        help="the PDF file to write")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _api() -> ModuleType:
    # Imported when a document is asked for: reportlab is not needed for --help.
    from reports import api

    return api


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def run_brief(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.documents import briefing

    db = ctx.database()
    actor = ctx.actor(db)
    api = _api()
    with db.begin() as s:
        lead_id = briefing.find_user(s, actor, args.team).id if args.team else None
        teams = api.teams_for_day(s, actor, args.date)
        data = api.briefing_pack(
            s, actor, args.date, team_lead_id=lead_id, invariant=args.invariant,
            cipher=db.cipher,
        )
        _write(args.output, data)
        api.record_output(s, actor, "briefing_pack", api.pack_reference(args.date, lead_id),
                          "save", api.page_count(data))
    count = 1 if lead_id is not None else len(teams)
    print(f"briefing pack for {args.date.isoformat()} ({count} team(s)) written to {args.output}")
    return 0


def run_report(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    api = _api()
    with db.begin() as s:
        data = api.visit_report_pdf(s, actor, args.visit_id, revision=args.revision,
                                    invariant=args.invariant)
        _write(args.output, data)
        api.record_output(s, actor, "visit_report", api.report_reference(args.visit_id), "save",
                          api.page_count(data))
    print(f"visit report {args.visit_id} written to {args.output}")
    return 0


def run_day_pdf(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    api = _api()
    with db.begin() as s:
        data = api.branch_day_schedule(s, actor, args.date, invariant=args.invariant)
        _write(args.output, data)
        api.record_output(s, actor, "branch_day", args.date.isoformat(), "save",
                          api.page_count(data))
    print(f"schedule of {args.date.isoformat()} written to {args.output}")
    return 0


def run_week_pdf(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.documents import briefing

    db = ctx.database()
    actor = ctx.actor(db)
    api = _api()
    with db.begin() as s:
        lead_id = briefing.find_user(s, actor, args.team).id
        data = api.team_week_schedule(s, actor, args.date, lead_id, invariant=args.invariant)
        _write(args.output, data)
        api.record_output(s, actor, "team_week", api.week_reference(args.date, lead_id), "save",
                          api.page_count(data))
    print(f"week of {args.date.isoformat()} for team {args.team} written to {args.output}")
    return 0

