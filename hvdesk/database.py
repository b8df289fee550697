"""Engines, sessions and the per-database data key.

SQLite (default, one file in the user data directory) gets WAL, foreign keys
and a busy timeout on every connection; PostgreSQL is any
``postgresql+psycopg://`` URL. The key that encrypts personal data belongs to
the database (named by the id stored in ``db_meta``) but is kept outside it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hvdesk import changes
from hvdesk.errors import DatabaseError, KeyUnavailable
from hvdesk.messages import msg
from hvdesk.model import DbMeta
from hvdesk.paths import default_database_path
from hvdesk.security import audit_chain, keys, owner_only, pg_roles
from hvdesk.security.crypto import FieldCipher, new_master_key

#: The session type the UI's workers hand to the services (the UI itself imports no
#: SQLAlchemy: queries live in the core).
__all__ = ["Database", "Session", "make_engine", "resolve_url"]

ENV_URL = "HVDESK_DB_URL"
FIELD_FORMAT_BOUND = "2"
META_DATABASE_ID = "database_id"
META_KEY_FINGERPRINT = "key_fingerprint"
#: "2" once every encrypted value is bound to its row (migration 0011 and after);
#: until then the cipher also reads the old unbound format.
META_FIELD_FORMAT = "field_format"
#: Progress of a re-encryption (binding old values, or a key rotation), JSON.
META_REENCRYPT = "reencrypt"


def resolve_url(explicit: str | None = None) -> str:
    """``--db`` wins over ``HVDESK_DB_URL``, then the database first-run setup
    remembered, then the default file."""
    from hvdesk.admin import config  # noqa: PLC0415 - it reads paths only; no cycle at import

    url = explicit or os.environ.get(ENV_URL) or config.remembered_url()
    if url:
        return url
    return f"sqlite:///{default_database_path().as_posix()}"


#: Each SQLite connection's page cache, in KiB (see ``_sqlite_pragmas``).
SQLITE_CACHE_KIB = 32768
#: SQLite's memory in the whole process (every pooled connection's page cache
#: together), in bytes: past it a connection reuses its own cached pages instead
#: of taking more. At 1M customers, with the pool lending the warm connection first
#: (bench/search_typing.py; bench/app_memory.py, list + calendar + map, issue 19):
#: 16 MB: typed searches p95 38-46 ms, the app 343 MB RSS; 32 MB: 38-39 ms, 348 MB;
#: 48 MB: 34-45 ms, 358 MB (the target: p95 < 100 ms, < 350 MB).
SQLITE_HEAP_LIMIT = 16 * 1024 * 1024
#: The page cache of a one-off read of many rows (:func:`passing_read`), in KiB.
PASSING_CACHE_KIB = 2048


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A 32 MB page cache per connection, not SQLite's 2 MB (a search that looked up
    # ten thousand customers of a million-row file took 740 ms with it) and not a
    # memory map of the file: mapped, every page a query touched stayed resident in
    # the app (16 pages per fault): at a million customers bench/customers_list.py
    # peaked at 1166 MB mapped and 209 MB with this cache, its filters and searches
    # then at p95 20 ms (bench/search_typing.py: typed searches p95 34 ms) (issue 19).
    cur.execute("PRAGMA mmap_size=0")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.execute(f"PRAGMA soft_heap_limit={SQLITE_HEAP_LIMIT}")
    cur.close()
    # The audit chain trigger (migration 0009) hashes each new event with it.
    audit_chain.register_sqlite(dbapi_conn)


@contextmanager
def passing_read(session: Session) -> Iterator[None]:
    """A read of many rows once (a branch's history for the priorities' fit).

    On SQLite the session's connection keeps a small page cache meanwhile, then its
    usual one, empty: the pages such a read passes through are not read again
    soon, and a full cache of them stayed in the application (the calendar's
    priorities at 1M customers: ~30 MB, issue 19). Elsewhere nothing changes.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql(f"PRAGMA cache_size=-{PASSING_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")


def copy_sqlite_file(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file through its backup API, whatever the journal mode."""
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def _mark_login_role(role: str, _dbapi_conn: Any, record: Any) -> None:
    # Services ask the connection (pg_roles.connection_role) whether the
    # server enforces the roles, e.g. to reveal through the auditing function.
    record.info[pg_roles.CONNECTION_ROLE_KEY] = role


def make_engine(url: str, *, create_folder: bool = False) -> Engine:
    """An engine for ``url``; a SQLite file's folder is made only with ``create_folder``.

    The default file's folder (the user data directory) is ours to create; a
    folder someone named that does not exist is more likely a typo than a wish.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(msg("database.database_url_url",
                "not a database URL: {url!r}",
                url=url)) from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            if create_folder:
                folder.mkdir(parents=True, exist_ok=True)
            elif not folder.is_dir():
                raise DatabaseError(
                    msg("database.folder_database_url",
                            "the folder of the database {url} does not exist ({folder}): "
                            "create it first or name another file",
                            url=url, folder=folder)
                )
            # One desk: the OS account is the boundary, so the file (and the
            # WAL and shm files SQLite creates with the same mode) is owner-only.
            owner_only.prepare(Path(parsed.database).expanduser())
        # The connection returned last is lent next (not each in turn): its page cache
        # is the warm one, and the others, seldom needed, keep theirs small instead of
        # each caching the same pages (issue 19).
        engine = create_engine(parsed, pool_use_lifo=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_pre_ping=True)
    raise DatabaseError(
        msg("database.unsupported_database_parsed",
                "unsupported database {parsed!r}: use sqlite:/// or postgresql+psycopg://",
                parsed=parsed.get_backend_name())
    )


@dataclass
class Database:
    """One open database: engine, session factory and (once unlocked) its cipher."""

    url: str
    engine: Engine
    _factory: sessionmaker[Session] = field(init=False, repr=False)
    _cipher: FieldCipher | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # Results leave the session usable by widgets without lazy loads.
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        # Every commit says what it changed (screens and other desks follow).
        changes.track(self._factory)

    #: On a shared PostgreSQL: the app user's own login role this desk uses.
    login_role: str | None = field(default=None, init=False)

    @classmethod
    def open(
        cls, url: str | None = None, *, login: str | None = None, password: str | None = None
    ) -> Database:
        """Open a database; with ``login`` a PostgreSQL one as that user's own role.

        The URL's user and password (if any) are replaced by the user's login
        role and password, so a desk never needs the owner's credentials. On
        SQLite ``login`` changes nothing: the OS account is the boundary there.
        """
        resolved = resolve_url(url)
        default = not (url or os.environ.get(ENV_URL))
        if login is None:
            return cls(resolved, make_engine(resolved, create_folder=default))
        parsed = make_url(resolved)
        if parsed.get_backend_name() != "postgresql":
            return cls(resolved, make_engine(resolved, create_folder=default))
        if not parsed.database:
            raise DatabaseError(msg("database.postgresql_url_names",
                    "the PostgreSQL URL names no database"))
        role = pg_roles.login_role_name(pg_roles.role_prefix(parsed.database), login.strip())
        # Built anew, not with URL.set (which keeps a password when given None):
        # nothing of the URL's own account may reach the user's connection.
        user_url = URL.create(parsed.drivername, username=role, password=password or None,
                              host=parsed.host, port=parsed.port, database=parsed.database,
                              query=parsed.query)
        engine = make_engine(user_url.render_as_string(hide_password=False))
        event.listen(engine, "connect", partial(_mark_login_role, role))
        db = cls(user_url.render_as_string(hide_password=True), engine)
        db.login_role = role
        return db

    # --- what it is -------------------------------------------------------
    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        name = self.engine.url.database
        return Path(name) if name and name != ":memory:" else None

    def describe(self) -> str:
        """For the status bar: a local file or server/database, never a password."""
        if self.is_sqlite:
            path = self.sqlite_path
            return f"SQLite: {path}" if path else "SQLite: memory"
        u = self.engine.url
        port = f":{u.port}" if u.port else ""
        return f"PostgreSQL: {u.host or 'localhost'}{port}/{u.database}"

    # --- sessions ---------------------------------------------------------
    def session(self) -> Session:
        return self._factory()

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self._factory.begin() as session:
            yield session

    # --- schema and key ---------------------------------------------------
    def has_schema(self) -> bool:
        return inspect(self.engine).has_table(DbMeta.__tablename__)

    def database_id(self) -> str | None:
        if not self.has_schema():
            return None
        with self.session() as s:
            return s.scalar(select(DbMeta.value).where(DbMeta.key == META_DATABASE_ID))

    def initialise_identity(self) -> str:
        """Give a freshly migrated database its id and data key (idempotent)."""
        with self.begin() as s:
            existing = s.get(DbMeta, META_DATABASE_ID)
            if existing is not None:
                return existing.value
            db_id = str(uuid.uuid4())
            key = keys.load_key(db_id) if os.environ.get(keys.ENV_KEY) else None
            key = key or new_master_key()
            cipher = FieldCipher.from_master_key(key)
            s.add(DbMeta(key=META_DATABASE_ID, value=db_id))
            s.add(DbMeta(key=META_KEY_FINGERPRINT, value=cipher.fingerprint))
        keys.store_key(db_id, key)
        self._cipher = None  # unlocked on first use, with the database's format
        return db_id

    @property
    def cipher(self) -> FieldCipher:
        if self._cipher is None:
            self._cipher = self._unlock()
        return self._cipher

    def _unlock(self) -> FieldCipher:
        db_id = self.database_id()
        if db_id is None:
            raise DatabaseError(msg("cli.session_cmds.database_set_up",
                    "the database is not set up yet: run 'hvdesk db upgrade'"))
        with self.session() as s:
            meta = {m.key: m.value for m in s.scalars(select(DbMeta).where(DbMeta.key.in_(
                (META_KEY_FINGERPRINT, META_FIELD_FORMAT, META_REENCRYPT))))}
        expected = meta.get(META_KEY_FINGERPRINT)
        cipher = FieldCipher.from_master_key(keys.require_key(db_id))
        if expected is not None and expected != cipher.fingerprint:
            cipher = self._finish_key_swap(db_id, expected) or cipher
        if expected is not None and expected != cipher.fingerprint:
            raise KeyUnavailable(
                msg("database.data_key_found",
                        "the data key found for this database does not fit it (another "
                        "database's key, or the key from before a rotation?): import the right "
                        "one with 'hvdesk key import'")
            )
        job = meta.get(META_REENCRYPT)
        if job is not None and json.loads(job).get("target") != cipher.fingerprint:
            raise KeyUnavailable(
                msg("database.data_key_rotation",
                        "a data key rotation was interrupted: finish it with 'hvdesk key "
                        "rotate' (an admin, with no other desk connected)")
            )
        return cipher.with_legacy(meta.get(META_FIELD_FORMAT) != FIELD_FORMAT_BOUND)

    def _finish_key_swap(self, db_id: str, expected: str) -> FieldCipher | None:
        """A rotation committed but stopped before swapping the stored keys: swap now."""
        pending = keys.load_stored_key(keys.pending_name(db_id))
        if pending is None:
            return None
        cipher = FieldCipher.from_master_key(pending)
        if cipher.fingerprint != expected:
            return None
        keys.store_key(db_id, pending)
        keys.delete_key(keys.pending_name(db_id))
        return cipher

    def reset_cipher(self) -> None:
        """Forget the unlocked cipher (after a re-encryption changed key or format)."""
        self._cipher = None

    def export_key(self) -> bytes:
        """The master key, for handing to another desk (caller audits)."""
        db_id = self.database_id()
        if db_id is None:
            raise DatabaseError(msg("cli.session_cmds.database_set_up",
                    "the database is not set up yet: run 'hvdesk db upgrade'"))
        self._unlock()  # refuses a key that does not fit
        return keys.require_key(db_id)

    def set_key(self, key: bytes) -> str:
        """Store a key a colleague exported, after checking it fits."""
        db_id = self.database_id()
        if db_id is None:
            raise DatabaseError(msg("cli.session_cmds.database_set_up",
                    "the database is not set up yet: run 'hvdesk db upgrade'"))
        cipher = FieldCipher.from_master_key(key)
        with self.session() as s:
            expected = s.get(DbMeta, META_KEY_FINGERPRINT)
        if expected is not None and expected.value != cipher.fingerprint:
            raise KeyUnavailable(msg("database.key_does_belong",
                    "that key does not belong to this database"))
        where = keys.store_key(db_id, key)
        self._cipher = None
        return where

    def backup_sqlite(self, suffix: str) -> Path | None:
        """Copy the SQLite file beside itself with the online-backup API (WAL-safe)."""
        path = self.sqlite_path
        if path is None or not path.exists():
            return None
        target = path.with_name(f"{path.name}.{suffix}.bak")
        owner_only.prepare(target)
        copy_sqlite_file(path, target)
        return target

    def check_connection(self) -> None:
        try:
            with self.engine.connect():
                pass
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise DatabaseError(msg("database.open_database_self",
                    "cannot open the database ({self}): {reason}",
                    self=self.describe(), reason=reason)) from exc

    def dispose(self) -> None:
        self.engine.dispose()


