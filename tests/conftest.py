"""Shared test set-up: isolated profile, headless Qt, SQLite and PostgreSQL databases.

Environment first, before anything imports Qt: tests must never touch the
developer's real profile, keyring or screen.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-test-profile-"))
# (issue 13) Tests leave nothing in the temp folder: the profile goes when this
# process ends (each pytest-xdist worker makes and removes its own).
atexit.register(shutil.rmtree, _PROFILE, ignore_errors=True)
os.environ["HVDESK_CONFIG_DIR"] = str(_PROFILE / "config")
os.environ["HVDESK_DATA_DIR"] = str(_PROFILE / "data")
os.environ["HVDESK_KEYRING"] = "off"
os.environ.pop("HVDESK_KEY", None)
os.environ.pop("HVDESK_DB_URL", None)
os.environ.pop("HVDESK_USER", None)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from hvdesk import migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402

PG_ENV = "HVDESK_TEST_PG_URL"


def pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set: on CI the PostgreSQL tests must run, not skip")
    return None


class PgDatabases:
    """Creates a throw-away database per test on the server and drops it after."""

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")

    def create(self) -> str:
        name = f"hvdesk_t_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return self.base.set(database=name).render_as_string(hide_password=False)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases | None]:
    base = pg_base_url()
    if base is None:
        yield None
        return
    dbs = PgDatabases(base)
    yield dbs
    dbs.admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_databases: PgDatabases | None
) -> Iterator[str]:
    """An empty database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{(tmp_path / 'test.db').as_posix()}"
        return
    if pg_databases is None:
        pytest.skip(f"{PG_ENV} not set")
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{(tmp_path / 'test.db').as_posix()}"


@pytest.fixture
def pg_url(pg_databases: PgDatabases | None) -> Iterator[str]:
    if pg_databases is None:
        pytest.skip(f"{PG_ENV} not set")
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated database with its data key, on each backend."""
    database = Database.open(db_url)
    migrations.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = Database.open(sqlite_url)
    migrations.upgrade(database)
    yield database
    database.dispose()
