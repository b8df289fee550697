"""The customer's rights: ``subject-export``, ``retention run`` and ``customer correct``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hvdesk.errors import HvdeskError
from hvdesk.messages import msg

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext


def register(commands: Any) -> None:
    export = commands.add_parser(
        "subject-export",
        help="everything held about one customer, as a workbook (one sheet per table; audited)",
    )
    export.add_argument("customer_id", type=int, metavar="CUSTOMER", help="the customer's id")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                        help="the workbook to write (.xlsx, readable by its owner only)")
    export.add_argument("--reason", required=True, help="why the copy is made (audited)")
    export.add_argument("--requested-by", default="customer",
                        choices=("customer", "representative", "authority"),
                        help="who asked for the copy")
    export.set_defaults(handler=run_subject_export)

    retention = commands.add_parser("retention", help="anonymise customers past retention")
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run = actions.add_parser("run", help="anonymise every customer due (list them first with "
                             "--dry-run)")
    run.add_argument("--dry-run", action="store_true", help="only list who is due")
    run.set_defaults(handler=run_retention)


def register_customer_actions(customer_cmds: Any) -> None:
    """``hvdesk customer correct``: called by data_cmds where ``customer`` is defined."""
    correct = customer_cmds.add_parser(
        "correct", help="correct a customer's data at their request (who asked, fields, why)"
    )
    correct.add_argument("customer_id", type=int, metavar="ID", help="the customer's id")
    correct.add_argument("--set", dest="changes", action="append", required=True,
                         metavar="FIELD=VALUE", help="a field and its corrected value (repeat)")
    correct.add_argument("--requested-by", default="customer",
                         choices=("customer", "representative", "staff"),
                         help="who asked for the correction")
    correct.add_argument("--reason", required=True, help="why (audited)")
    correct.set_defaults(handler=run_customer_correct)


def run_subject_export(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.rights.export import subject_export

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        result = subject_export(s, db.cipher, actor, args.customer_id, args.output,
                                reason=args.reason, requested_by=args.requested_by)
    rows = sum(result.counts.values())
    sheets = sum(1 for n in result.counts.values() if n)
    print(f"{result.path}: {rows} rows in {sheets} sheets about customer {args.customer_id}")
    return 0


def run_retention(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.rights import retention

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        result = retention.run(s, db.cipher, actor, dry_run=args.dry_run)
    for c in result.candidates:
        print(f"{c.customer_id}\t{c.branch_code}\t{c.masked_name}\tsettled {c.settled_on} "
              f"(keeps {c.retention_years} years)")
    verb = "due for anonymisation" if args.dry_run else "anonymised"
    print(f"{len(result.candidates)} customers {verb}")
    return 0


def run_customer_correct(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.rights.corrections import correct_customer

    changes: dict[str, Any] = {}
    for item in args.changes:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise HvdeskError(msg("cli.rights_cmds.set_wants_field",
                    "--set wants FIELD=VALUE, not {item!r}",
                    item=item))
        changes[field.strip()] = value
    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        correct_customer(s, db.cipher, actor, args.customer_id, changes,
                         requested_by=args.requested_by, reason=args.reason)
    print(f"customer {args.customer_id}: corrected {', '.join(sorted(changes))}")
    return 0
