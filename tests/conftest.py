"""Shared test set-up: isolated profile, headless Qt, SQLite and PostgreSQL databases.

Environment first, before anything imports Qt: tests must never touch the
developer's real profile, keyring or screen.

Databases: migrating a database with Alembic costs ~0.15 s on SQLite and ~0.3 s on
PostgreSQL, more than most tests themselves. Each test process therefore migrates one
template per backend, once, and every test that asks for a migrated database (``db``,
``sqlite_db``) gets its own copy of it: a file copy on SQLite, ``CREATE DATABASE … TEMPLATE``
on PostgreSQL. The copy then goes through ``migrations.upgrade`` like a new database (Alembic
finds nothing to do; the database gets its own id and data key), so a test sees exactly what
a freshly migrated database would be. ``db_url``, ``sqlite_url`` and ``pg_url`` stay empty
unless the test also uses ``db``/``sqlite_db``, which migrate that very URL.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import shutil
import tempfile
import threading
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
# Tests that need a password set it themselves; a developer's own must not leak in.
os.environ.pop("HVDESK_PASSWORD", None)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
os.environ.pop("HVDESK_MAP_GPU", None)

import pytest  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from hvdesk import migrations  # noqa: E402
from hvdesk.database import Database, copy_sqlite_file  # noqa: E402
from hvdesk.security import passwords  # noqa: E402
from ui import web_engine  # noqa: E402

# The map's QtWebEngine starts as the application starts it (software compositing).
web_engine.configure()

#: The production Argon2id setting (RFC 9106: 64 MiB, 3 passes, ~0.13 s a check here).
#: Tests sign in thousands of times, and a first sign-in upgrades the cheap hashes the
#: fixtures (and the demo) write to it, after which every check costs that much: in tests
#: every hash is the demo's cheap one. tests/test_passwords.py puts this one back and checks
#: the setting and the upgrade at sign-in. (Subprocesses keep the real setting.)
PRODUCTION_HASHER = passwords._hasher
passwords._hasher = passwords._demo_hasher

PG_ENV = "HVDESK_TEST_PG_URL"
#: Set to 1 to migrate every test database from scratch (to rule the templates out).
NO_TEMPLATE_ENV = "HVDESK_TEST_NO_TEMPLATE"


def pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{PG_ENV} is not set: on CI the PostgreSQL tests must run, not skip")
    return None


def _templates_enabled() -> bool:
    return os.environ.get(NO_TEMPLATE_ENV, "").lower() not in {"1", "true", "yes", "on"}


def _migrate_schema_only(database: Database) -> None:
    """Alembic to the head revision without the per-database identity.

    ``migrations.upgrade`` gives a database its id and data key only for the symbolic
    "head"; the explicit revision id stops short of that, so every copy gets its own.
    """
    migrations.upgrade(database, migrations.head_revision())
    if database.database_id() is not None:
        raise RuntimeError(
            "the test template database got an identity while migrating: copies would share "
            f"one data key. Set {NO_TEMPLATE_ENV}=1 and fix tests/conftest.py"
        )


def _migrated(url: str) -> Database:
    """Open ``url`` (a template copy or an empty database) and bring it to head."""
    database = Database.open(url)
    migrations.upgrade(database)
    return database


def _unique(prefix: str) -> str:
    """A database name no other test process on the server can pick (xdist workers too)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class SqliteTemplate:
    """One migrated SQLite file per test process, copied for every test that needs one."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._path: Path | None = None

    def _build(self) -> Path:
        path = self.folder / "template.db"
        database = Database.open(f"sqlite:///{path.as_posix()}")
        try:
            _migrate_schema_only(database)
            with database.engine.connect() as conn:
                # Everything into the main file: the copy takes that file alone.
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            database.dispose()
        return path

    def copy_to(self, target: Path) -> None:
        if self._path is None:
            self._path = self._build()
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite_file(self._path, target)


class PgDatabases:
    """Throw-away databases on the test server, one per test.

    ``create`` gives an empty database, ``clone`` a copy of this process's migrated template
    (built on first use, dropped with ``close``). Drops run on a background thread: a test's
    teardown does not wait for the server to remove the files.
    """

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT")
        self._template: str | None = None
        self._template_lock = threading.Lock()
        self._drops: queue.Queue[str | None] = queue.Queue()
        # Two at once: each DROP DATABASE waits for a checkpoint, and concurrent ones share it.
        self._droppers = [
            threading.Thread(target=self._drop_loop, name=f"pg-drop-{n}", daemon=True)
            for n in range(2)
        ]
        for dropper in self._droppers:
            dropper.start()

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def create(self) -> str:
        name = _unique("hvdesk_t_")
        self._execute(f'CREATE DATABASE "{name}"')
        return self._url(name)

    def _ensure_template(self) -> str:
        with self._template_lock:
            if self._template is None:
                name = _unique("hvdesk_template_")
                self._execute(f'CREATE DATABASE "{name}"')
                self._template = name
                database = Database.open(self._url(name))
                try:
                    _migrate_schema_only(database)
                finally:
                    # CREATE DATABASE … TEMPLATE refuses while anyone is connected to it.
                    database.dispose()
            return self._template

    def clone(self) -> str:
        """A new database holding the migrated schema (no identity yet)."""
        template = self._ensure_template()
        name = _unique("hvdesk_t_")
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self._url(name)

    def drop(self, url: str) -> None:
        """Drop the database soon (on the background thread); connections are forced out."""
        name = make_url(url).database
        if name:
            self._drops.put(name)

    def _drop_now(self, name: str) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _drop_loop(self) -> None:
        while (name := self._drops.get()) is not None:
            # A failed drop leaves a database behind on the server, not a failed test.
            with contextlib.suppress(Exception):
                self._drop_now(name)

    def close(self) -> None:
        for _ in self._droppers:
            self._drops.put(None)
        for dropper in self._droppers:
            dropper.join(timeout=120)
        if self._template is not None:
            self._drop_now(self._template)
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[PgDatabases | None]:
    base = pg_base_url()
    if base is None:
        yield None
        return
    dbs = PgDatabases(base)
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


def _wants(request: pytest.FixtureRequest, migrated_fixture: str) -> bool:
    """Will ``migrated_fixture`` migrate this URL? Then start it from the template."""
    return _templates_enabled() and migrated_fixture in request.fixturenames


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    pg_databases: PgDatabases | None,
    sqlite_template: SqliteTemplate,
) -> Iterator[str]:
    """An empty database URL, once for SQLite and once for PostgreSQL.

    (Not empty when the test also uses ``db``: then it is the URL ``db`` opened.)
    """
    from_template = _wants(request, "db")
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        if from_template:
            sqlite_template.copy_to(path)
        yield f"sqlite:///{path.as_posix()}"
        return
    if pg_databases is None:
        pytest.skip(f"{PG_ENV} not set")
    url = pg_databases.clone() if from_template else pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def sqlite_url(tmp_path: Path, request: pytest.FixtureRequest,
               sqlite_template: SqliteTemplate) -> str:
    """An empty SQLite file's URL (the one ``sqlite_db`` opened, when the test uses that)."""
    path = tmp_path / "test.db"
    if _wants(request, "sqlite_db"):
        sqlite_template.copy_to(path)
    return f"sqlite:///{path.as_posix()}"


@pytest.fixture
def pg_url(pg_databases: PgDatabases | None) -> Iterator[str]:
    """An empty PostgreSQL database's URL."""
    if pg_databases is None:
        pytest.skip(f"{PG_ENV} not set")
    url = pg_databases.create()
    yield url
    pg_databases.drop(url)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    """A migrated database with its data key, on each backend."""
    database = _migrated(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = _migrated(sqlite_url)
    yield database
    database.dispose()


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (pyproject addopts): a worker per core (2 to 4) for a folder or the whole suite.

    Running named files or tests stays in one process: starting workers (each imports Qt and
    the app) costs more than it saves there. ``PYTEST_XDIST_AUTO_NUM_WORKERS`` overrides, and
    ``-n 0`` on the command line turns the workers off.
    """
    override = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if override:
        return int(override)
    root = config.invocation_params.dir
    folders = [arg for arg in config.args if (root / arg.split("::")[0]).is_dir()]
    workers = min(4, os.cpu_count() or 1)
    return workers if folders and workers > 1 else 0


def pytest_unconfigure(config: pytest.Config) -> None:
    """The profile folder (keys, settings, data dir) goes with the test process."""
    shutil.rmtree(_PROFILE, ignore_errors=True)
