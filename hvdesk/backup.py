"""Backups of the database and restoring one, checked before and after (issue 17).

SQLite: SQLite's online backup API copies a consistent snapshot while other
desks keep writing (WAL); the copy is a plain database file, owner-only, that
holds personal data only encrypted — the data key is not in it and a restore
needs it. PostgreSQL: ``pg_dump`` when it is installed, else a clear message
with the command for the server's administrator.

A restore checks the file first (a SQLite database of hvdesk's, intact, its
schema not newer than this program), then the key (its fingerprint and a
sample decrypted), then keeps the current database aside and puts the backup
in its place. :func:`daily_backup` is the scheduled one for a local database.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from hvdesk import clock
from hvdesk.database import (
    META_DATABASE_ID,
    META_KEY_FINGERPRINT,
    Database,
    copy_sqlite_file,
)
from hvdesk.errors import DatabaseError, HvdeskError, KeyUnavailable
from hvdesk.messages import msg
from hvdesk.security import audit_chain, keys, owner_only, pii
from hvdesk.security.crypto import FieldCipher

#: Backups made by :func:`daily_backup` are named like this, newest sorting last.
DAILY_PREFIX = "hvdesk-"
DAILY_SUFFIX = ".backup.db"
DEFAULT_KEEP = 14


class BackupError(HvdeskError):
    """The backup or the restore could not be done; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a database file holds, as checked."""

    path: Path
    database_id: str
    revision: str | None
    customers: int
    visits: int
    audit_events: int
    #: None: no audit events; else whether the hash chain is intact.
    chain_intact: bool | None


# --- taking a backup ------------------------------------------------------------
def backup(db: Database, target: Path, *, pg_dump: str | None = None) -> Summary | Path:
    """Write a backup of ``db`` to ``target``; SQLite → its checked :class:`Summary`."""
    source = db.sqlite_path
    if db.is_sqlite:
        if source is None:
            raise BackupError("an in-memory database has nothing to back up")
        return backup_sqlite(source, target)
    return backup_postgresql(db.engine.url.render_as_string(hide_password=False), target,
                             pg_dump=pg_dump)


def backup_sqlite(source: Path, target: Path) -> Summary:
    """A consistent copy through the online-backup API, written beside ``target`` first
    and renamed into place, so a failed backup never leaves a half-written file."""
    target = target.resolve()
    if target == source.resolve():
        raise BackupError("the backup file cannot be the database itself")
    partial = target.with_name(target.name + ".partial")
    owner_only.prepare(partial)
    try:
        copy_sqlite_file(source, partial)
        summary = inspect_file(partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Summary(target, summary.database_id, summary.revision, summary.customers,
                   summary.visits, summary.audit_events, summary.chain_intact)


def backup_postgresql(url: str, target: Path, *, pg_dump: str | None = None) -> Path:
    exe = pg_dump or shutil.which("pg_dump")
    parsed = make_url(url)
    if exe is None:
        raise BackupError(
            "pg_dump is not installed on this computer: ask the server's administrator to run "
            f"'pg_dump --format=custom --file=BACKUP.dump --host={parsed.host or 'localhost'} "
            f"--port={parsed.port or 5432} --username=OWNER {parsed.database}' on the server"
        )
    owner_only.prepare(target)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    args = [exe, "--format=custom", f"--file={target}", f"--dbname={parsed.database}",
            f"--host={parsed.host or 'localhost'}", f"--port={parsed.port or 5432}"]
    if parsed.username:
        args.append(f"--username={parsed.username}")
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False,
                          timeout=3600)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        first = (done.stderr.strip().splitlines() or ["failed"])[0]
        raise BackupError(f"pg_dump: {first}")
    return target


# --- checking a file --------------------------------------------------------------
def _connect_read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BackupError(f"no such file: {path}")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"{path.name} is not a database backup (not a SQLite file)")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_file(path: Path) -> Summary:
    """Open a backup read-only and check it: intact, hvdesk's, the chain unbroken."""
    conn = _connect_read_only(path)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise BackupError(f"{path.name} is damaged (integrity check: {integrity})")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"db_meta", "customer", "visit", "audit_event"} <= tables:
            raise BackupError(f"{path.name} is not an hvdesk database")
        meta = dict(conn.execute("SELECT key, value FROM db_meta").fetchall())
        if META_DATABASE_ID not in meta:
            raise BackupError(f"{path.name} holds a database that was never set up")
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None

        def count(table: str) -> int:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        events = count("audit_event")
        chain: bool | None = None
        if events:
            rows = conn.execute(audit_chain.select_sql("sqlite"))
            chain = audit_chain.verify(audit_chain.RawEvent(*r) for r in rows).ok
        return Summary(path, meta[META_DATABASE_ID], revision, count("customer"),
                       count("visit"), events, chain)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path.name} cannot be read as a database: {exc}") from exc
    finally:
        conn.close()


def check_key(path: Path, key: bytes) -> None:
    """Refuse a key that is not the backup's: fingerprint, then a sample decrypted."""
    cipher = FieldCipher.from_master_key(key)
    conn = _connect_read_only(path)
    try:
        meta = dict(conn.execute("SELECT key, value FROM db_meta").fetchall())
        expected = meta.get(META_KEY_FINGERPRINT)
        if expected is not None and expected != cipher.fingerprint:
            raise KeyUnavailable(
                msg("backup.data_key_does",
                        "this data key does not open the backup (it belongs to another "
                        "database, or to the time before a key rotation)"))
        sample = conn.execute("SELECT id, id_enc FROM customer WHERE id_enc IS NOT NULL "
                              "ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    if sample is not None:
        legacy = meta.get("field_format") != "2"
        try:
            cipher.with_legacy(legacy).decrypt(pii.CUSTOMER_ID.at(sample[0]), sample[1])
        except Exception as exc:  # any failure to decrypt means the key is not this data's
            raise KeyUnavailable(msg("backup.data_key_does2",
                    "this data key does not decrypt the backup's data")) from exc


# --- restoring ----------------------------------------------------------------------
def restore_sqlite(backup_file: Path, database: Path, *, key: bytes | None = None,
                   known_revisions: Collection[str] = ()) -> tuple[Summary, Path | None]:
    """Put ``backup_file`` in place of ``database``; returns (what was restored, where the
    database that was there was kept aside, if any).

    ``key``: the data key if this desk does not hold the backup's already (read
    from the file an admin handed over); stored for the restored database.
    ``known_revisions``: the schema revisions this program knows; a backup from a
    newer program is refused (an older one is migrated when next opened).
    """
    summary = inspect_file(backup_file)
    if known_revisions and summary.revision is not None \
            and summary.revision not in known_revisions:
        raise BackupError(
            f"the backup was made by a newer hvdesk (schema {summary.revision}): "
            "install that version to restore it")
    if summary.chain_intact is False:
        raise BackupError("the backup's audit trail does not verify: it was changed after "
                          "it was written; not restored")
    usable = key or keys.load_key(summary.database_id)
    if usable is None:
        raise KeyUnavailable(
            msg("backup.desk_data_key",
                    "this desk has no data key for the backup's database: give the key file "
                    "the admin exported ('hvdesk key export') with --key-file"))
    check_key(backup_file, usable)
    aside = _set_aside(database)
    try:
        owner_only.prepare(database)
        copy_sqlite_file(backup_file, database)
    except (OSError, sqlite3.DatabaseError) as exc:
        if aside is not None:
            os.replace(aside, database)
        raise BackupError(f"restoring failed, the database is as it was: {exc}") from exc
    if key is not None:
        keys.store_key(summary.database_id, key)
    restored = inspect_file(database)
    return restored, aside


def _set_aside(database: Path) -> Path | None:
    """Move the current database (and its WAL files, after a checkpoint) beside itself."""
    if not database.exists():
        return None
    conn = sqlite3.connect(database, timeout=2)
    try:
        # A desk still writing holds a lock: refuse rather than restore under it.
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        raise BackupError("the database is in use by another desk or process: close hvdesk "
                          "everywhere it is open, then restore") from exc
    finally:
        conn.close()
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    aside = database.with_name(f"{database.name}.before-restore-{stamp}")
    os.replace(database, aside)
    for extra in ("-wal", "-shm"):
        Path(f"{database}{extra}").unlink(missing_ok=True)
    return aside


# --- the scheduled backup -----------------------------------------------------------
def backups_in(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{DAILY_PREFIX}*{DAILY_SUFFIX}"))


def daily_backup(db: Database, folder: Path, *, keep: int = DEFAULT_KEEP,
                 now: dt.datetime | None = None) -> Path | None:
    """Take today's backup of a local database unless one is younger than a day;
    keep the newest ``keep``. Returns the new file, or None when none was due."""
    source = db.sqlite_path
    if source is None:
        return None
    now = now or clock.now()
    existing = backups_in(folder)
    if existing:
        newest = dt.datetime.fromtimestamp(existing[-1].stat().st_mtime, dt.UTC)
        if now - newest < dt.timedelta(days=1):
            return None
    target = folder / f"{DAILY_PREFIX}{now.strftime('%Y%m%dT%H%M%SZ')}{DAILY_SUFFIX}"
    try:
        backup_sqlite(source, target)
    except (OSError, sqlite3.DatabaseError) as exc:
        raise DatabaseError(msg("backup.daily_backup_failed",
                "the daily backup failed: {exc}",
                exc=exc)) from exc
    for old in backups_in(folder)[:-keep] if keep > 0 else []:
        old.unlink(missing_ok=True)
    return target
