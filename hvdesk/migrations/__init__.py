"""Alembic migrations shipped inside the package, run programmatically.

The script directory is located through ``importlib.resources`` so that the
same code works from a checkout, a wheel and a frozen bundle; no alembic.ini.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import as_file, files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from hvdesk.database import Database


def _script_location() -> Path:
    with as_file(files("hvdesk.migrations")) as path:
        return Path(path)


def _config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(_script_location()))
    cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every schema revision this program can migrate from or to."""
    return {s.revision for s in ScriptDirectory.from_config(_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(db: Database) -> bool:
    return current_revision(db.engine) != head_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    command.upgrade(_config(db.engine), revision)
    if revision == "head":
        db.initialise_identity()
        _bind_values(db)


def _bind_values(db: Database) -> None:
    """Re-encrypt values of before 0011 bound to their rows, if this desk has the key."""
    from hvdesk.security import reencrypt  # noqa: PLC0415 - needs the model; start-up only

    reencrypt.bind_pending(db)


def upgrade_with_backup(db: Database) -> Path | None:
    """What the GUI does on start: back up an older SQLite file, then migrate.

    Returns the backup's path, or None when nothing had to be done or the
    database is a server (whose backups are the DBA's).
    """
    current = current_revision(db.engine)
    if current == head_revision():
        db.initialise_identity()
        _bind_values(db)
        return None
    backup = None
    if current is not None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        backup = db.backup_sqlite(f"{current}-{stamp}")
    upgrade(db)
    return backup
