"""``hvdesk priorities …``: who is worth a visit, the weights behind it, and the backtest."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext


def register(commands: Any) -> None:
    prio = commands.add_parser("priorities", help="rank customers by the expected value of a visit")
    actions = prio.add_subparsers(dest="priorities_command", metavar="ACTION", required=True)
    rank = actions.add_parser("rank", help="overdue customers, best expected value of a visit "
                              "first, with the reasons")
    rank.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    rank.add_argument("--date", type=_date, metavar="D", help="as of this day (default today)")
    rank.set_defaults(handler=run_rank)
    weights = actions.add_parser("weights", help="the weights the ranking learned from the "
                                 "branch's history")
    weights.add_argument("--date", type=_date, metavar="D", help="as of this day (default today)")
    weights.set_defaults(handler=run_weights)
    refresh = actions.add_parser(
        "refresh", help="store each customer's expected value of a visit so the customer list "
        "can sort by it (run daily, like the backup; audited)")
    refresh.add_argument("--date", type=_date, metavar="D", help="as of this day (default today)")
    refresh.set_defaults(handler=run_refresh)
    back = actions.add_parser(
        "backtest",
        help="replay a period day by day: the ranking vs what was visited vs longest overdue "
        "first, recovered amount per visit cost",
    )
    back.add_argument("--from", dest="date_from", required=True, type=_date, metavar="D",
                      help="first day, YYYY-MM-DD")
    back.add_argument("--to", dest="date_to", required=True, type=_date, metavar="D",
                      help="last day, YYYY-MM-DD (included)")
    back.add_argument("-o", "--output", type=Path, metavar="OUT.xlsx",
                      help="also write the figures to this workbook (audited)")
    back.set_defaults(handler=run_backtest)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run_rank(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.priorities import service
    from hvdesk.priorities.ranking import reasons_text

    db = ctx.database()
    actor = ctx.actor(db)
    with db.session() as s:
        rows = service.rank(s, actor, day=args.date, limit=max(args.limit, 0))
    print(f"{'customer':>9} {'value':>9} {'uplift':>7} {'cost':>7}  reasons")
    for p in rows:
        sc = p.score
        flag = " [接触上限]" if p.at_cap else " [勿上门]" if p.do_not_visit else ""
        reasons = reasons_text(sc.reasons)
        print(f"{sc.customer_id:>9} {sc.value:>9.0f} {sc.uplift:>7.1%} {sc.cost:>7.0f}  "
              f"{reasons}{flag}")
    return 0


def run_refresh(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.priorities import stored

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        count, day = stored.refresh(s, actor, day=args.date)
    print(f"expected values stored for {count} customers, as of {day.isoformat()}")
    return 0


def run_weights(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.priorities import service

    db = ctx.database()
    actor = ctx.actor(db)
    with db.session() as s:
        w = service.weights(s, actor, day=args.date)
    print(f"as of {w.as_of}: {w.explanation}")
    print(f"intercept {w.intercept:+.3f}   visit {w.visit:+.3f}   pay share {w.pay_share:.0%}")
    print(f"{'feature':<20}{'no visit':>10}{'visit adds':>12}  label")
    for row in w.weights:
        print(f"{row.name:<20}{row.without_visit:>+10.3f}{row.with_visit:>+12.3f}  {row.label}")
    return 0


def run_backtest(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.priorities import backtest

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        bt = backtest.run_backtest(s, actor, args.date_from, args.date_to)
        if args.output is not None:
            backtest.write_xlsx(bt, args.output, s, actor)
    for line in backtest.summary_lines(bt):
        print(line)
    if args.output is not None:
        print(f"written to {args.output}")
    return 0
