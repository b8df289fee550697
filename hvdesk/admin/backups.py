"""Backups from the administration page, and the daily one a desk takes itself (issue 17.4).

The copying and checking is :mod:`hvdesk.backup`'s (shared with ``hvdesk
backup``/``restore``); here are the permission (``settings.manage``), the
audit events and the desk's daily schedule (:mod:`hvdesk.admin.config`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hvdesk import backup, migrations
from hvdesk.admin import config
from hvdesk.admin.setup import Problem, SetupProblem, read_key_file
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.messages import msg
from hvdesk.security.crypto import decode_key
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM, Actor


@dataclass(frozen=True, slots=True)
class Written:
    path: Path
    #: Only for a local database (a server's dump is pg_dump's format).
    customers: int | None = None
    visits: int | None = None


def backup_now(db: Database, actor: Actor, target: Path) -> Written:
    """A consistent copy while desks keep working; audited."""
    actor.require(Permission.SETTINGS_MANAGE)
    result = backup.backup(db, target)
    with db.begin() as s:
        audit.record(s, actor, "backup", "database", db.database_id(), file=target.name)
    if isinstance(result, Path):
        return Written(result)
    return Written(result.path, result.customers, result.visits)


def check_restore(db: Database, actor: Actor, file: Path,
                  key_file: Path | None = None) -> backup.Summary:
    """What a restore would put back, checked (file, schema, key) before anyone confirms."""
    actor.require(Permission.SETTINGS_MANAGE)
    if not db.is_sqlite or db.sqlite_path is None:
        raise HvdeskError(msg("admin.restore_local_only",
                              "restore puts back a local database; a shared server is restored "
                              "on the server with 'pg_restore --clean --dbname=DB FILE'"))
    summary = backup.inspect_file(file)
    key = _key(key_file) if key_file is not None else None
    if key is None:
        from hvdesk.security import keys  # noqa: PLC0415

        key = keys.load_key(summary.database_id)
        if key is None:
            raise SetupProblem(Problem.WRONG_KEY, "this desk has no key for the backup")
    backup.check_key(file, key)
    return summary


def _key(key_file: Path) -> bytes:
    try:
        return decode_key(read_key_file(key_file))
    except HvdeskError as exc:
        raise SetupProblem(Problem.NOT_A_KEY) from exc


def restore_now(db: Database, actor: Actor, file: Path,
                key_file: Path | None = None) -> tuple[backup.Summary, Path | None]:
    """Put ``file`` in place of the local database (the one there is kept aside).

    ``db`` is disposed: the caller signs everyone out and opens the database again.
    """
    check_restore(db, actor, file, key_file)
    path = db.sqlite_path
    assert path is not None
    key = _key(key_file) if key_file is not None else None
    db.dispose()
    restored, aside = backup.restore_sqlite(file, path, key=key,
                                            known_revisions=migrations.known_revisions())
    again = Database.open(db.url)
    try:
        with again.begin() as s:
            audit.record(s, actor, "restore", "database", restored.database_id,
                         file=file.name, customers=restored.customers)
    finally:
        again.dispose()
    return restored, aside


def set_daily(db: Database, actor: Actor, value: config.DailyBackup) -> None:
    """This desk's daily backup: on/off, how many to keep, where (audited)."""
    actor.require(Permission.SETTINGS_MANAGE)
    if value.keep < 1:
        raise HvdeskError(msg("admin.keep_one_backup", "keep at least one daily backup"))
    config.store_daily_backup(value)
    with db.begin() as s:
        audit.record(s, actor, "settings", "daily_backup", None, enabled=value.enabled,
                     keep=value.keep)


def daily_if_due(db: Database) -> Path | None:
    """Take the day's backup of a local database when a day has passed (any signed-in
    desk does it; it is the desk's own file). The new file, or None."""
    settings = config.daily_backup()
    if not settings.enabled or not db.is_sqlite or db.sqlite_path is None:
        return None
    written = backup.daily_backup(db, settings.target(), keep=settings.keep)
    if written is not None:
        with db.begin() as s:
            audit.record(s, SYSTEM, "backup", "database", db.database_id(), file=written.name,
                         daily=True)
    return written


def last_daily() -> Path | None:
    found = backup.backups_in(config.daily_backup().target())
    return found[-1] if found else None
