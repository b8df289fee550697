"""Administration: schema, data key, users, audit trail."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from hvdesk.errors import HvdeskError
from hvdesk.messages import msg
from hvdesk.security.roles import Permission, Role

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext
    from hvdesk.security.audit_chain import Anchor

# The handlers import the database layer, Alembic and the services themselves:
# registering the commands must not load them (hvdesk --help).

SHANGHAI = ZoneInfo("Asia/Shanghai")


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="database schema")
    db_cmds = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = db_cmds.add_parser("upgrade", help="apply migrations (backs up a SQLite file first)")
    up.set_defaults(handler=run_db_upgrade)
    info = db_cmds.add_parser("info", help="where the database is and its schema revision")
    info.set_defaults(handler=run_db_info)
    init = db_cmds.add_parser(
        "init-server",
        help="PostgreSQL, as the owner after 'db upgrade': roles, grants, row-level security",
    )
    init.add_argument(
        "--password-of", metavar="LOGIN",
        help="also set this user's database password (read like 'user passwd'; it must be "
        "the user's app password)",
    )
    init.set_defaults(handler=run_db_init_server)

    key = commands.add_parser("key", help="the data key that encrypts personal data")
    key_cmds = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    export = key_cmds.add_parser(
        "export", help="print the key to give a colleague's desk (audited)"
    )
    export.set_defaults(handler=run_key_export)
    imp = key_cmds.add_parser("import", help="store a key exported on another desk")
    imp.add_argument("key", nargs="?", help="the key text; read from standard input if absent")
    imp.set_defaults(handler=run_key_import)
    rot = key_cmds.add_parser(
        "rotate",
        help="re-encrypt all personal data under a new key (admin; no other desk connected; "
             "run again to finish one that was stopped)",
    )
    rot.add_argument("--batch-size", type=int, default=2000,
                     help="rows per transaction (default: 2000)")
    rot.set_defaults(handler=run_key_rotate)

    user = commands.add_parser("user", help="user accounts")
    user_cmds = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    lst = user_cmds.add_parser("list", help="list users")
    lst.set_defaults(handler=run_user_list)
    add = user_cmds.add_parser("add", help="add a user (password read from standard input)")
    add.add_argument("login", help="the name the user signs in with")
    add.add_argument("--name", required=True, help="display name (full name)")
    add.add_argument("--employee-no", required=True, help="employee number")
    add.add_argument("--role", required=True, choices=[r.value for r in Role],
                     help="what the user may do")
    add.add_argument("--branch", help="branch code (all roles but admin)")
    add.set_defaults(handler=run_user_add)
    pw = user_cmds.add_parser("passwd", help="set a password (read from standard input)")
    pw.add_argument("login", help="whose password to set")
    pw.set_defaults(handler=run_user_passwd)
    unlock = user_cmds.add_parser(
        "unlock", help="lift the lock after too many wrong passwords before it runs out"
    )
    unlock.add_argument("login", help="whose login to unlock")
    unlock.set_defaults(handler=run_user_unlock)
    for name, active in (("disable", False), ("enable", True)):
        toggle = user_cmds.add_parser(name, help=f"{name} a user (and their database login)")
        toggle.add_argument("login", help=f"whose account to {name}")
        toggle.set_defaults(handler=run_user_active, active=active)

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
    from hvdesk import migrations
    from hvdesk.database import Database
    from hvdesk.security import pg_setup
    from hvdesk.services import pg_access

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
    if before != after and not db.is_sqlite:
        with db.session() as s:
            enforced = pg_access.server_enforced(s)
        if enforced:
            # New tables and columns need their grants before any desk uses them.
            pg_setup.init_server(db)
            print("server roles and grants brought up to date (db init-server)")
    if backup:
        print(f"backup of the previous file: {backup}")
    db.dispose()
    return 0


def run_db_info(ctx: CliContext, _args: argparse.Namespace) -> int:
    from hvdesk import migrations
    from hvdesk.database import Database
    from hvdesk.services import pg_access

    db = Database.open(ctx.db_url)
    db.check_connection()
    print(f"database: {db.describe()}")
    print(f"revision: {migrations.current_revision(db.engine) or 'empty'} "
          f"(current: {migrations.head_revision()})")
    print(f"id: {db.database_id() or '-'}")
    if not db.is_sqlite and db.has_schema():
        with db.session() as s:
            enforced = pg_access.server_enforced(s)
        print(f"roles enforced by the server: {'yes' if enforced else 'no (db init-server)'}")
    db.dispose()
    return 0


def run_db_init_server(ctx: CliContext, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from hvdesk import migrations
    from hvdesk.database import Database
    from hvdesk.model import User
    from hvdesk.security import pg_setup
    from hvdesk.security.passwords import verify_password
    from hvdesk.services import pg_access

    db = Database.open(ctx.db_url)
    db.check_connection()
    if db.is_sqlite:
        raise HvdeskError(msg("cli.admin_cmds.init_server_shared",
                "init-server is for a shared PostgreSQL; a SQLite file is protected by the "
                "operating-system account (see the README)"))
    if migrations.needs_upgrade(db):
        raise HvdeskError(msg("cli.admin_cmds.database_current_schema",
                "the database is not at the current schema: run 'hvdesk db upgrade' with the "
                "owner's URL first"))
    report = pg_setup.init_server(db)
    print(f"{db.describe()}: roles enforced by the server (role prefix {report.prefix})")
    print(f"group roles: {', '.join(report.groups)}")
    if args.password_of:
        password = _read_password()
        with db.begin() as s:
            if not verify_password(
                s.scalar(select(User.password_hash).where(User.login == args.password_of)) or "",
                password,
            ):
                raise HvdeskError(msg("cli.admin_cmds.app_password_password",
                        "that is not the app password of {password_of!r}",
                        password_of=args.password_of))
            user_id = s.scalar(select(User.id).where(User.login == args.password_of))
            assert user_id is not None
            pg_access.sync_login(s, user_id, password)
        print(f"database password of {args.password_of} set")
    waiting = [r for r in report.new_logins
               if not args.password_of or not r.endswith(f"u_{args.password_of}")]
    if waiting:
        print("new login roles without a password yet (an admin sets one with "
              f"'hvdesk user passwd LOGIN'): {', '.join(waiting)}")
    if report.ungranted:
        print(f"warning: no app role may use these tables: {', '.join(report.ungranted)}")
    db.dispose()
    return 0


def run_key_export(ctx: CliContext, _args: argparse.Namespace) -> int:
    from hvdesk.security.crypto import encode_key
    from hvdesk.services import audit

    db = ctx.database()
    actor = ctx.actor(db)
    actor.require(Permission.KEY_MANAGE)
    key_text = encode_key(db.export_key())
    with db.begin() as s:
        audit.record(s, actor, "export", "data_key", db.database_id())
    print(key_text)
    return 0


def run_key_import(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.security.crypto import decode_key
    from hvdesk.services import audit

    db = ctx.database()
    actor = ctx.actor(db)
    text = args.key if args.key else sys.stdin.readline()
    where = db.set_key(decode_key(text))
    with db.begin() as s:
        audit.record(s, actor, "import", "data_key", db.database_id())
    print(f"data key stored in {where}")
    return 0


def run_key_rotate(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.security import rotation

    db = ctx.database()
    actor = ctx.actor(db)

    def progress(table: str, done: int, top: int) -> None:
        print(f"hvdesk: re-encrypting {table}: id {done} of {top}", file=sys.stderr, flush=True)

    outcome = rotation.rotate_key(db, actor, batch=max(1, args.batch_size), progress=progress)
    verb = "finished the interrupted rotation" if outcome.resumed else "rotated the data key"
    print(f"{verb}: {outcome.rewritten} rows re-encrypted; new key "
          f"{outcome.fingerprint[:8]} stored on this desk. Other desks need it: "
          "'hvdesk key export' here, 'hvdesk key import' there")
    if outcome.unreadable:
        print(f"{outcome.unreadable} values could not be decrypted and stay unreadable: "
              + ", ".join(outcome.unreadable_named), file=sys.stderr)
    return 0


def run_user_list(ctx: CliContext, _args: argparse.Namespace) -> int:
    from hvdesk.services import users

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
            raise HvdeskError(msg("cli.admin_cmds.two_passwords_differ",
                    "the two passwords differ"))
        return first
    return sys.stdin.readline().rstrip("\r\n")


def run_user_add(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import users
    from hvdesk.services.context import SYSTEM

    db = ctx.database()
    with db.session() as s:
        first = not users.has_users(s)
    if first and not ctx.as_user:
        # Bootstrap: a database with nobody in it gets its first admin from the
        # person who set it up (recorded as the system).
        if args.role != Role.ADMIN.value:
            raise HvdeskError(msg("cli.admin_cmds.first_user_database",
                    "the first user of a database must be an admin (--role admin)"))
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
    from hvdesk.services import users

    db = ctx.database()
    actor = ctx.actor(db)
    password = _read_password()
    with db.begin() as s:
        users.set_password(s, actor, args.login, password)
    print(f"password of {args.login} changed")
    return 0


def run_user_unlock(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import audit, auth

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        audit.bind_actor(s, actor)
        auth.unlock(s, actor, args.login)
    print(f"{args.login} may sign in again")
    return 0


def run_user_active(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import users

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        users.set_active(s, actor, args.login, args.active)
    print(f"user {args.login} {'enabled' if args.active else 'disabled'}")
    return 0


def run_audit(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import audit

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


def _anchors(values: list[str]) -> list[Anchor]:
    from hvdesk.security import audit_chain

    found: list[Anchor] = []
    for value in values:
        anchors = audit_chain.parse_anchors(value)
        if not anchors:
            path = Path(value)
            if not path.is_file():
                raise HvdeskError(msg("cli.admin_cmds.anchor_value_r",
                        "--anchor {value!r}: neither COUNT:HASH nor a readable file",
                        value=value))
            anchors = audit_chain.parse_anchors(path.read_text(encoding="utf-8",
                                                               errors="replace"))
            if not anchors:
                raise HvdeskError(msg("cli.admin_cmds.anchor_value_file",
                        "--anchor {value}: the file holds no COUNT:HASH line",
                        value=value))
        found += anchors
    return found


def run_audit_verify(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk.services import audit

    anchors = _anchors(args.anchor)
    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        report = audit.verify(s, actor, anchors)
    if not report.ok:
        raise HvdeskError(msg("cli.admin_cmds.audit_chain_broken",
                "audit chain broken: {problem}",
                problem=report.problem))
    checked = f", {len(anchors)} anchor(s) match" if anchors else ""
    print(f"audit chain intact: {report.count} events{checked}; head {report.anchor}")
    return 0


def run_audit_anchor(ctx: CliContext, _args: argparse.Namespace) -> int:
    from hvdesk.services import audit

    db = ctx.database()
    actor = ctx.actor(db)
    with db.begin() as s:
        head = audit.anchor(s, actor)
    print(head)
    return 0
