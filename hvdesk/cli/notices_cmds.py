"""``hvdesk notices …``: prepare and send the day's SMS notices, import receipts."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext

#: hvdesk.notices.types.GATEWAY_KINDS, spelled out so that registering the
#: command does not load the notices package (tests/test_cli_startup.py
#: compares them).
GATEWAY_KINDS = ("outbox", "http")


def register(commands: Any) -> None:
    notices = commands.add_parser("notices", help="SMS notices to customers")
    actions = notices.add_subparsers(dest="notices_command", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send",
        help="draft the notices of a day's visits and send every draft and queued one "
        "(quiet hours: they stay queued); prints a summary",
    )
    send.add_argument("--date", required=True, type=_date, metavar="D",
                      help="visit day, YYYY-MM-DD (branch local time)")
    send.add_argument("--gateway", choices=GATEWAY_KINDS,
                      help="override the gateway of the notice settings")
    send.add_argument("--outbox", type=Path, metavar="DIR",
                      help="outbox folder (with --gateway outbox)")
    send.set_defaults(handler=run_send)
    receipts = actions.add_parser(
        "receipts", help="import delivery receipts and replies written by the SMS platform"
    )
    receipts.add_argument("file", type=Path, metavar="FILE", help="receipts .csv or .json")
    receipts.set_defaults(handler=run_receipts)
    show = actions.add_parser("list", help="list the notices of a day's visits")
    show.add_argument("--date", required=True, type=_date, metavar="D",
                      help="visit day, YYYY-MM-DD (branch local time)")
    show.set_defaults(handler=run_list)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_send(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.model import NoticeStatus
    from hvdesk.notices import gateway_from_settings, list_notices, load_settings, send_notices
    from hvdesk.notices.service import prepare_day_report

    sendable = frozenset({NoticeStatus.DRAFT, NoticeStatus.QUEUED})
    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        prepared = prepare_day_report(s, actor, args.date, cipher=db.cipher)
        settings = load_settings(s)
        ids = [n.id for n in list_notices(s, actor, day=args.date) if n.status in sendable]
    if args.gateway:
        settings = replace(settings, gateway=args.gateway)
    if args.outbox:
        settings = replace(settings, outbox_dir=str(args.outbox))
    gateway = gateway_from_settings(settings, database_id=db.database_id())
    summary = send_notices(db, actor, ids, gateway)
    print(f"{args.date}: {len(prepared.drafts)} drafted; {summary.line()}")
    for skipped in prepared.skipped:
        print(f"  visit {skipped.visit_id}: no notice: {skipped.reason}")
    for problem in summary.problems:
        print(f"  {problem}")
    return 0


def run_receipts(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.notices import import_receipts

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        summary = import_receipts(s, actor, args.file)
    print(summary.line())
    return 0


def run_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.notices import list_notices

    db = ctx.database()
    actor = ctx.actor(db)
    with db.session() as s:
        rows = list_notices(s, actor, day=args.date)
    for n in rows:
        flag = " !" if n.needs_attention or n.problems else ""
        print(
            f"{n.id:>6} visit {n.visit_id:>6} {n.kind.value:<12} {n.status.value:<9} "
            f"{n.customer_name} {n.phone_masked} {n.chars}/{n.segments}{flag}"
        )
    print(f"{len(rows)} notices")
    return 0
