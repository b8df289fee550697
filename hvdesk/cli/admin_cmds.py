"""Administration: schema, data key, users, audit trail."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hvdesk import migrations
from hvdesk.cli.common import CliContext
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.security import audit_chain
from hvdesk.security.crypto import decode_key, encode_key
from hvdesk.security.roles import Permission, Role
from hvdesk.services import audit, users
from hvdesk.services.context import SYSTEM

SHANGHAI = ZoneInfo("Asia/Shanghai")


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="database schema")
    db_cmds = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_cmds.add_parser("upgrade", help="apply migrations (backs up a SQLite file first)")
    up.set_defaults(handler=run_db_upgrade)
    info = db_cmds.add_parser("info", help="where the database is and its schema revision")
    info.set_defaults(handler=run_db_info)

    key = commands.add_parser("key", help="the data key that encrypts personal data")
    key_cmds = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    export = key_cmds.add_parser(
        "export", help="print the key to give a colleague's desk (audited)"
    )
    export.set_defaults(handler=run_key_export)
    imp = key_cmds.add_parser("import", help="store a key exported on another desk")
    imp.add_argument("key", nargs="?", help="the key text; read from standard input if absent")
    imp.set_defaults(handler=run_key_import)

    user = commands.add_parser("user", help="user accounts")
    user_cmds = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    lst = user_cmds.add_parser("list", help="list users")
    lst.set_defaults(handler=run_user_list)
    add = user_cmds.add_parser("add", help="add a user (password read from standard input)")
    add.add_argument("login")
    add.add_argument("--name", required=True)
    add.add_argument("--employee-no", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--branch", help="branch code (all roles but admin)")
    add.set_defaults(handler=run_user_add)
    pw = user_cmds.add_parser("passwd", help="set a password (read from standard input)")
    pw.add_argument("login")
    pw.set_defaults(handler=run_user_passwd)

    log = commands.add_parser(
        "audit", help="show the latest audit events; verify the chain; print its anchor")
    log.add_argument("--limit", type=int, default=50,
                     help="how many of the latest events to show (default: 50)")
    log.set_defaults(handler=run_audit)
    log_cmds = log.add_subparsers(dest="audit_command", metavar="ACTION")
    verify = log_cmds.add_parser(
        "verify", help="check the hash chain; names the first event changed, removed or inserted")
    verify.add_argument(
        "--anchor", action="append", default=[], metavar="COUNT:HASH|FILE",
        help="an anchor printed by 'audit anchor', or a file holding such lines (every anchor "
             "in it is checked); catches a rewrite of the whole chain; may be repeated")
    verify.set_defaults(handler=run_audit_verify)
    anchor = log_cmds.add_parser(
        "anchor", help="print the chain's head (COUNT:HASH) to keep outside the database")
    anchor.set_defaults(handler=run_audit_anchor)


def run_db_upgrade(ctx: CliContext, _args: argparse.Namespace) -> int:
    db = Database.open(ctx.db_url)
    db.check_connection()
    before = migrations.current_revision(db.engine)
    if before is not None and before != migrations.head_revision():
        # An existing database's schema changes only on behalf of someone.
        ctx.actor(db).require(Permission.SETTINGS_MANAGE)
    backup = migrations.upgrade_with_backup(db)
    after = migrations.current_revision(db.engine)
    if before == after:
        print(f"{db.describe()}: already at revision {after}")
    else:
        print(f"{db.describe()}: upgraded from {before or 'empty'} to {after}")
    if backup:
        print(f"backup of the previous file: {backup}")
    db.dispose()
    return 0


def run_db_info(ctx: CliContext, _args: argparse.Namespace) -> int:
    db = Database.open(ctx.db_url)
    db.check_connection()
    print(f"database: {db.describe()}")
    print(f"revision: {migrations.current_revision(db.engine) or 'empty'} "
          f"(current: {migrations.head_revision()})")
    print(f"id: {db.database_id() or '-'}")
    db.dispose()
    return 0


def run_key_export(ctx: CliContext, _args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    actor.require(Permission.KEY_MANAGE)
    key_text = encode_key(db.export_key())
    with db.begin() as s:
        audit.record(s, actor, "export", "data_key", db.database_id())
    print(key_text)
    return 0


def run_key_import(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    text = args.key if args.key else sys.stdin.readline()
    where = db.set_key(decode_key(text))
    with db.begin() as s:
        audit.record(s, actor, "import", "data_key", db.database_id())
    print(f"data key stored in {where}")
    return 0


def run_user_list(ctx: CliContext, _args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    with db.session() as s:
        rows = users.list_users(s, actor)
    for r in rows:
        state = "" if r.active else "  (disabled)"
        print(f"{r.login:<12} {r.role.value:<12} {r.employee_no:<8} {r.branch_code or '-':<10} "
              f"{r.display_name}{state}")
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("new password: ")
        if getpass.getpass("again: ") != first:
            raise HvdeskError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run_user_add(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    with db.session() as s:
        first = not users.has_users(s)
    if first and not ctx.as_user:
        # Bootstrap: a database with nobody in it gets its first admin from the
        # person who set it up (recorded as the system).
        if args.role != Role.ADMIN.value:
            raise HvdeskError("the first user of a database must be an admin (--role admin)")
        actor = SYSTEM
    else:
        actor = ctx.actor(db)
    password = _read_password()
    with db.begin() as s:
        row = users.add_user(s, actor, login=args.login, display_name=args.name,
                             employee_no=args.employee_no, role=Role(args.role),
                             branch_code=args.branch, password=password)
    print(f"added user {row.login} ({row.role.value})")
    return 0


def run_user_passwd(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    password = _read_password()
    with db.begin() as s:
        users.set_password(s, actor, args.login, password)
    print(f"password of {args.login} changed")
    return 0


def run_audit(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    actor.require(Permission.AUDIT_VIEW)
    with db.begin() as s:
        events = audit.recent(s, args.limit)
        audit.record(s, actor, "view", "audit_event", None, limit=args.limit)
    for e in reversed(events):
        when = e.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        print(f"{when}  {e.actor_login:<10} {e.action:<10} {e.entity}:{e.entity_id or '-'}  "
              f"{e.desk}")
    return 0


def _anchors(values: list[str]) -> list[audit_chain.Anchor]:
    found: list[audit_chain.Anchor] = []
    for value in values:
        anchors = audit_chain.parse_anchors(value)
        if not anchors:
            path = Path(value)
            if not path.is_file():
                raise HvdeskError(f"--anchor {value!r}: neither COUNT:HASH nor a readable file")
            anchors = audit_chain.parse_anchors(path.read_text(encoding="utf-8",
                                                               errors="replace"))
            if not anchors:
                raise HvdeskError(f"--anchor {value}: the file holds no COUNT:HASH line")
        found += anchors
    return found


def run_audit_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    anchors = _anchors(args.anchor)
    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        report = audit.verify(s, actor, anchors)
    if not report.ok:
        raise HvdeskError(f"audit chain broken: {report.problem}")
    checked = f", {len(anchors)} anchor(s) match" if anchors else ""
    print(f"audit chain intact: {report.count} events{checked}; head {report.anchor}")
    return 0


def run_audit_anchor(ctx: CliContext, _args: argparse.Namespace) -> int:
    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        head = audit.anchor(s, actor)
    print(head)
    return 0
