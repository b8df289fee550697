"""Commands on the branch's data: demo data and customers."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any, TextIO

from hvdesk.cli import rights_cmds
from hvdesk.cli.options import positive_int
from hvdesk.errors import HvdeskError
from hvdesk.messages import msg

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext

#: Seconds between two progress lines when standard error is not a terminal
#: (a scheduled job's log): often enough to see it is alive, few enough to read.
PROGRESS_EVERY_S = 5.0


def register(commands: Any) -> None:
    demo = commands.add_parser(
        "demo",
        help="fill an empty database with a believable demo branch",
        description="Fill an empty database with a demo branch: staff (their passwords are "
        "printed once), customers with loans, visits, reports and notices. The same seed "
        "gives the same data. On a database that already holds the demo, nothing is changed "
        "and the command succeeds, so 'hvdesk demo … && hvdesk' can be run again.",
    )
    demo.add_argument("--customers", type=positive_int, default=2000, metavar="N",
                      help="how many customers to make")
    demo.add_argument("--seed", type=int, default=1, metavar="S",
                      help="random seed: the same seed makes the same customers and visits")
    demo.set_defaults(handler=run_demo)

    customer = commands.add_parser("customer", help="look at one customer")
    customer_cmds = customer.add_subparsers(dest="customer_command", metavar="ACTION",
                                            required=True)
    show = customer_cmds.add_parser("show", help="print one customer (numbers masked)")
    show.add_argument("customer_id", type=int, metavar="ID", help="the customer's number")
    show.add_argument("--full", action="store_true",
                      help="show the full ID and phone numbers (audited)")
    show.add_argument("--reason", help="why the full numbers are needed (required for some roles)")
    show.set_defaults(handler=run_customer_show)
    listing = customer_cmds.add_parser(
        "list", help="list the customers you may see, most days past due first "
        "(names and numbers as your role sees them)")
    listing.add_argument("--search", default="", metavar="TEXT",
                         help="name, initials, ID or phone digits, contract number")
    listing.add_argument("--limit", type=positive_int, default=50, metavar="N",
                         help="at most this many rows")
    listing.set_defaults(handler=run_customer_list)
    rights_cmds.register_customer_actions(customer_cmds)


class DemoProgress:
    """A live percentage on a terminal; otherwise a line every few seconds."""

    def __init__(self, stream: TextIO, every_s: float = PROGRESS_EVERY_S) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.every_s = every_s
        self.started = time.monotonic()
        self.last_line = self.started
        self.last_pct = -1

    def __call__(self, done: int, total: int) -> None:
        pct = done * 100 // max(total, 1)
        if self.tty:
            if pct != self.last_pct:
                self.last_pct = pct
                print(f"\r{pct:3d}% ", end="", file=self.stream, flush=True)
            return
        now = time.monotonic()
        if done >= total or now - self.last_line >= self.every_s:
            self.last_line = now
            tail = "; now the visits" if done >= total else ""
            print(f"demo: {done}/{total} customers ({pct}%, {now - self.started:.0f} s){tail}",
                  file=self.stream, flush=True)

    def finish(self) -> None:
        if self.tty:
            print(file=self.stream)


def run_demo(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk import demo  # the generator and its data tables load only when used

    db = ctx.database(migrate=True)
    with db.session() as s:
        state, existing = demo.demo_state(s)
    if state == "demo":
        # Not an error: the README's "hvdesk demo … && hvdesk" must start the app
        # the second time too. The passwords were printed once and are stored
        # only as hashes: say how to set one again.
        print(f"{db.describe()} already holds the demo ({existing} customers), left as it is; "
              "set a demo user's password again with 'hvdesk --as admin user passwd LOGIN'")
        return 0
    if state == "other":
        raise HvdeskError(
            msg("cli.data_cmds.db_already_holds",
                    "{db} already holds data that is not the demo; the demo fills only an "
                    "empty database: name a new one with --db sqlite:///PATH/demo.db",
                    db=db.describe())
        )
    progress = DemoProgress(sys.stderr)
    result = demo.generate(db, customers=args.customers, seed=args.seed, progress=progress)
    progress.finish()
    counts = ", ".join(f"{n} {table}" for table, n in result.counts.items())
    print(f"demo data written to {db.describe()}: {counts}")
    print("demo passwords (shown only now; 'hvdesk --as admin user passwd LOGIN' sets one again):")
    for login, password in result.passwords.items():
        print(f"  {login:<10} {password}")
    return 0


def run_customer_show(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import customers

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
    # Name, numbers and addresses come from the one masking rule (the service applies it).
    print(f"  registered address  {view.registered_address}")
    print(f"  current address     {view.current_address or '-'}")
    if view.do_not_visit:
        print(f"  DO NOT VISIT        {view.do_not_visit_reason}")
    return 0


def run_customer_list(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import customer_list
    from hvdesk.services.list_query import CustomerQuery

    db = ctx.database()
    actor = ctx.actor(db)
    with db.session() as s:
        page = customer_list.fetch_page(s, actor, CustomerQuery(search=args.search),
                                        limit=args.limit)
    for r in page.rows:
        flag = "  do not visit" if r.do_not_visit else ""
        print(f"{r.id:>7}  {r.name}  {r.id_number_masked}  {r.phone_masked}  {r.district}  "
              f"{r.days_past_due} days  {r.overdue_amount:,.2f}{flag}")
    more = " (more: raise --limit or narrow --search)" if page.next_cursor else ""
    print(f"{len(page.rows)} customers{more}")
    return 0
