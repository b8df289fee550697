"""``hvdesk backup`` and ``hvdesk restore``: a copy of the database, and putting one back.

Both are an admin's (settings.manage) and audited. A restore replaces the
database file, so it asks first (``--yes`` for scripts) and keeps the database
that was there beside it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hvdesk.messages import msg

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext


def register(commands: Any) -> None:
    take = commands.add_parser(
        "backup",
        help="write a consistent copy of the database while desks keep working (audited); "
        "SQLite: a database file; a shared server: pg_dump's custom format",
    )
    target = take.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="the backup file to write")
    target.add_argument("--daily", action="store_true",
                        help="the scheduled backup of a local database: write one into --folder "
                        "unless one is younger than a day, and keep the newest --keep")
    take.add_argument("--folder", type=Path, metavar="DIR",
                      help="where --daily keeps its backups (default: 'backups' in the user "
                      "data folder)")
    take.add_argument("--keep", type=int, default=14, metavar="N",
                      help="how many daily backups to keep (default: 14)")
    take.set_defaults(handler=run_backup)

    put = commands.add_parser(
        "restore",
        help="replace the local database with a backup, after checking the file and the key; "
        "the database that was there is kept beside it",
    )
    put.add_argument("file", type=Path, metavar="FILE", help="the backup file")
    put.add_argument("--key-file", type=Path, metavar="KEY",
                     help="the data key exported on the desk the backup comes from ('hvdesk key "
                     "export'), when this desk does not hold it")
    put.add_argument("--yes", action="store_true",
                     help="do not ask before replacing the database")
    put.set_defaults(handler=run_restore)


def default_folder() -> Path:
    from hvdesk.paths import data_dir

    return data_dir() / "backups"


def run_backup(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk import backup
    from hvdesk.errors import HvdeskError
    from hvdesk.security.roles import Permission
    from hvdesk.services import audit

    db = ctx.database()
    actor = ctx.actor(db)
    actor.require(Permission.SETTINGS_MANAGE)
    if args.daily:
        if not db.is_sqlite:
            raise HvdeskError(msg("cli.backup_cmds.daily_backup_local",
                    "the daily backup is for a local database; a shared server is backed up on "
                    "the server (pg_dump)"))
        folder = args.folder or default_folder()
        written = backup.daily_backup(db, folder, keep=args.keep)
        if written is None:
            print(f"no backup due: the newest in {folder} is less than a day old")
            return 0
        target = written
    else:
        target = args.output
        result = backup.backup(db, target)
        written = result if isinstance(result, Path) else result.path
    with db.begin() as s:
        audit.record(s, actor, "backup", "database", db.database_id(), file=written.name)
    if db.is_sqlite:
        summary = backup.inspect_file(written)
        chain = {None: "no audit events", True: "audit chain intact",
                 False: "AUDIT CHAIN BROKEN"}[summary.chain_intact]
        print(f"backup written to {written}: {summary.customers} customers, {summary.visits} "
              f"visits, {summary.audit_events} audit events ({chain})")
    else:
        print(f"backup written to {written} (pg_dump custom format; restore with pg_restore)")
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in {"y", "yes"}


def run_restore(ctx: CliContext, args: argparse.Namespace) -> int:
    from hvdesk import backup, migrations
    from hvdesk.database import Database
    from hvdesk.errors import HvdeskError
    from hvdesk.security.crypto import decode_key
    from hvdesk.security.roles import Permission
    from hvdesk.services import audit

    db = ctx.database()
    if not db.is_sqlite or db.sqlite_path is None:
        raise HvdeskError(msg("cli.backup_cmds.restore_puts_back",
                "restore puts back a local database; a shared server is restored on the server "
                "with 'pg_restore --clean --dbname=DB FILE'"))
    actor = ctx.actor(db)
    actor.require(Permission.SETTINGS_MANAGE)
    key = decode_key(args.key_file.read_text(encoding="utf-8")) if args.key_file else None
    # Checked before asking: a wrong file or key never gets as far as the question.
    summary = backup.inspect_file(args.file)
    backup.check_key(args.file, key or _stored_key(summary.database_id))
    path = db.sqlite_path
    question = (f"Replace {path} with the backup ({summary.customers} customers, "
                f"{summary.visits} visits)?")
    if not args.yes and not _confirm(question):
        raise HvdeskError(msg("cli.backup_cmds.restored_confirm_yes",
                "not restored: confirm with --yes (the current database would be kept beside "
                "it)"))
    ctx.close()
    db.dispose()
    restored, aside = backup.restore_sqlite(args.file, path, key=key,
                                            known_revisions=migrations.known_revisions())
    again = Database.open(ctx.db_url)
    try:
        with again.begin() as s:
            audit.record(s, actor, "restore", "database", restored.database_id,
                         file=args.file.name, customers=restored.customers)
    finally:
        again.dispose()
    kept = f"; the database that was there is kept as {aside}" if aside else ""
    print(f"restored {args.file}: {restored.customers} customers, {restored.visits} visits, "
          f"{restored.audit_events} audit events{kept}")
    return 0


def _stored_key(database_id: str) -> bytes:
    from hvdesk.errors import KeyUnavailable
    from hvdesk.security import keys

    key = keys.load_key(database_id)
    if key is None:
        raise KeyUnavailable(
            msg("cli.backup_cmds.desk_data_key",
                    "this desk has no data key for the backup's database: give the key the "
                    "admin exported ('hvdesk key export') with --key-file"))
    return key
