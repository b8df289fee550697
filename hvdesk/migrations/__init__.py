"""Alembic migrations shipped inside the package, run programmatically.

The script directory is located through ``importlib.resources`` so that the
same code works from a checkout, a wheel and a frozen bundle; no alembic.ini.

Every start checks the schema, and nearly always it is current: that check
reads the versions folder's revision lines and the ``alembic_version`` row
itself, so Alembic (a fifth of a second to import) loads only to migrate.
tests/test_migrations_cheap.py holds the cheap answers to Alembic's.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from hvdesk import changes
from hvdesk.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

#: Alembic's bookkeeping table (its default name, which env.py keeps).
VERSION_TABLE = "alembic_version"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(
    r"^down_revision(?:\s*:[^=]+)?\s*=\s*(None|['\"][^'\"]+['\"]|\([^)]*\))", re.M
)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def _script_location() -> Path:
    with as_file(files("hvdesk.migrations")) as path:
        return Path(path)


def _config(engine: Engine | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - only to migrate or list revisions

    cfg = Config()
    cfg.set_main_option("script_location", str(_script_location()))
    cfg.attributes["engine"] = engine
    return cfg


@cache
def _revision_graph() -> tuple[frozenset[str], frozenset[str]]:
    """(every revision, every revision named as a down_revision), from the files."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for entry in files("hvdesk.migrations").joinpath("versions").iterdir():
        if not entry.name.endswith(".py") or entry.name.startswith("_"):
            continue
        source = entry.read_text(encoding="utf-8")
        found, down = _REVISION.search(source), _DOWN.search(source)
        if found is None or down is None:
            raise RuntimeError(f"migration {entry.name} names no revision or down_revision")
        revisions.add(found.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions), frozenset(parents)


def head_revision() -> str:
    """The newest revision of the versions folder, read from the files' revision lines.

    The one revision no other names as its ``down_revision``; a folder with
    no single head (two branches not merged) is a packaging error.
    """
    revisions, parents = _revision_graph()
    heads = set(revisions - parents)
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    """Every schema revision this program can migrate from or to."""
    return set(_revision_graph()[0])


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None when empty), as Alembic would report it."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        rows = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(rows) > 1:
        raise RuntimeError(f"the database is at several revisions: {sorted(rows)}")
    return rows[0] if rows else None


def needs_upgrade(db: Database) -> bool:
    return current_revision(db.engine) != head_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    from alembic import command  # noqa: PLC0415 - loaded only when there is work to do

    command.upgrade(_config(db.engine), revision)
    if revision == "head":
        db.initialise_identity()
        _bind_values(db)


def downgrade(db: Database, revision: str) -> None:
    """Back to ``revision`` (tests of a migration's data step; never done on a desk)."""
    from alembic import command  # noqa: PLC0415

    command.downgrade(_config(db.engine), revision)
    # The schema may now predate the change log: ask again before the next commit.
    changes.forget(db.engine)


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
