"""Commands on the branch's data: demo data and customers."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from hvdesk.cli import rights_cmds
from hvdesk.cli.common import CliContext
from hvdesk.services import customers


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo", help="fill an empty database with a believable demo branch"
    )
    demo.add_argument("--customers", type=_positive_int, default=2000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.set_defaults(handler=run_demo)

    customer = commands.add_parser("customer", help="look at one customer")
    customer_cmds = customer.add_subparsers(dest="customer_command", metavar="ACTION",
                                            required=True)
    show = customer_cmds.add_parser("show", help="print one customer (numbers masked)")
    show.add_argument("customer_id", type=int, metavar="ID")
    show.add_argument("--full", action="store_true",
                      help="show the full ID and phone numbers (audited)")
    show.add_argument("--reason", help="why the full numbers are needed (required for some roles)")
    show.set_defaults(handler=run_customer_show)
    rights_cmds.register_customer_actions(customer_cmds)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run_demo(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk import demo  # noqa: PLC0415 - the generator's data tables load only when used

    db = ctx.database(migrate=True)
    last = [-1]

    def progress(done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if pct != last[0] and sys.stderr.isatty():
            last[0] = pct
            print(f"\r{pct:3d}% ", end="", file=sys.stderr, flush=True)

    result = demo.generate(db, customers=args.customers, seed=args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    counts = ", ".join(f"{n} {table}" for table, n in result.counts.items())
    print(f"demo data written to {db.describe()}: {counts}")
    print("demo passwords (shown only now):")
    for login, password in result.passwords.items():
        print(f"  {login:<10} {password}")
    return 0


def run_customer_show(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        view = customers.get_customer(s, actor, args.customer_id)
        id_text, phone_text = view.id_number_masked, view.phone_masked
        if args.full:
            id_text = customers.reveal(s, db.cipher, actor, view.id, "id_number", args.reason)
            phone_text = customers.reveal(s, db.cipher, actor, view.id, "phone", args.reason)
    print(f"customer {view.id}: {view.name}")
    print(f"  ID number           {id_text}")
    print(f"  mobile              {phone_text}")
    print(f"  registered address  {view.registered_address}")
    print(f"  current address     {view.current_address or '-'}")
    if view.do_not_visit:
        print(f"  DO NOT VISIT        {view.do_not_visit_reason}")
    return 0
