"""First run of a desk: which database, the data key, the first admin (issue 17.2).

The steps the setup dialog walks, without Qt, each on a worker:

1. :func:`open_local` (a file on this computer, made and migrated if new,
   optionally with the demo branch) or :func:`open_server` (a shared
   PostgreSQL: as the user's own login role, or as a server account that may
   set the database up, see :func:`prepare_server`);
2. :func:`key_state`, then :func:`install_key` (pasted text or a file the
   admin exported) when this desk has none or a wrong one;
3. :func:`create_first_admin` when the database has nobody in it yet;
4. :func:`finish`: the choice is remembered for the next start.

What goes wrong is a :class:`SetupProblem` with a :class:`Problem` kind the
dialog puts into words and a way forward (retry, choose another, upgrade).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import URL

from hvdesk import migrations
from hvdesk.admin import config
from hvdesk.database import Database
from hvdesk.errors import (
    AuthenticationFailed,
    DatabaseError,
    HvdeskError,
    KeyUnavailable,
    ValidationError,
)
from hvdesk.messages import msg
from hvdesk.model import DbMeta, User
from hvdesk.security import keys, pg_roles, pg_setup
from hvdesk.security.crypto import decode_key
from hvdesk.security.roles import Role
from hvdesk.services import audit, connect, users
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor

DEFAULT_PORT = 5432
DEMO_CUSTOMERS = 500


class Problem(enum.StrEnum):
    UNREACHABLE = "unreachable"
    NO_DATABASE = "no_database"
    REFUSED = "refused"
    #: The schema is older than this program (or absent): an upgrade is due.
    OLD_SCHEMA = "old_schema"
    #: No hvdesk tables at all on the server.
    EMPTY = "empty"
    NEWER_SCHEMA = "newer_schema"
    NOT_A_KEY = "not_a_key"
    WRONG_KEY = "wrong_key"
    FOLDER = "folder"
    NOT_HVDESK = "not_hvdesk"
    HAS_USERS = "has_users"


class SetupProblem(HvdeskError):
    """A step could not be done; ``problem`` says which way forward the dialog offers."""

    def __init__(self, problem: Problem, detail: str = "", *, can_upgrade: bool = False) -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail
        #: The account given may bring the schema up to date (:func:`prepare_server`).
        self.can_upgrade = can_upgrade


class KeyState(enum.StrEnum):
    #: This desk holds the database's key (keyring or key file).
    FOUND = "found"
    #: The database was made now, with a new key.
    CREATED = "created"
    MISSING = "missing"
    #: A key is stored for this database but does not fit it.
    WRONG = "wrong"


@dataclass(frozen=True, slots=True)
class ServerAddress:
    host: str
    port: int
    database: str

    def desk_url(self) -> str:
        """What a desk remembers: server and database, no account."""
        return URL.create("postgresql+psycopg", host=self.host.strip(), port=self.port,
                          database=self.database.strip()).render_as_string()

    def account_url(self, login: str, password: str) -> str:
        return URL.create("postgresql+psycopg", username=login, password=password or None,
                          host=self.host.strip(), port=self.port,
                          database=self.database.strip()).render_as_string(hide_password=False)


@dataclass
class Opened:
    """A database the setup reached, and what it knows about it so far."""

    db: Database
    #: What the next start opens (never with a password in it).
    url: str
    key: KeyState
    has_users: bool
    #: Signed in on a shared server as this user (their audited sign-in).
    actor: Actor | None = None
    #: The demo's logins and their passwords, shown once.
    demo_passwords: dict[str, str] = field(default_factory=dict)

    def close(self) -> None:
        self.db.dispose()


# --- reaching the database -----------------------------------------------------
def local_url(path: Path) -> str:
    return f"sqlite:///{path.expanduser().resolve().as_posix()}"


def _schema(db: Database) -> str:
    """"empty", "old", "current" or "newer"."""
    revision = migrations.current_revision(db.engine)
    if revision is None:
        return "empty" if not db.has_schema() else "old"
    if revision == migrations.head_revision():
        return "current"
    return "old" if revision in migrations.known_revisions() else "newer"


def open_local(path: Path, *, demo: bool = False, customers: int = DEMO_CUSTOMERS) -> Opened:
    """A database file on this computer: made if new, upgraded if older (copy kept)."""
    path = path.expanduser()
    if path.is_dir():
        raise SetupProblem(Problem.FOLDER, str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SetupProblem(Problem.FOLDER, str(path.parent)) from exc
    if path.exists() and path.stat().st_size:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise SetupProblem(Problem.NOT_HVDESK, path.name)
    url = local_url(path)
    db = Database.open(url)
    try:
        state = _schema(db)
        if state == "newer":
            raise SetupProblem(Problem.NEWER_SCHEMA)
        new = db.database_id() is None
        migrations.upgrade_with_backup(db)
        opened = Opened(db, url, KeyState.CREATED if new else key_state(db), False)
        with db.session() as s:
            opened.has_users = users.has_users(s)
        if demo and new and not opened.has_users:
            from hvdesk import demo as demo_data  # noqa: PLC0415 - the generator loads on demand

            result = demo_data.generate(db, customers=customers, seed=1)
            opened.demo_passwords = dict(result.passwords)
            opened.has_users = True
        return opened
    except BaseException:
        db.dispose()
        raise


def _classify(exc: DatabaseError) -> Problem:
    text = str(exc).lower()
    if re.search(r'database "[^"]*" does not exist', text):
        return Problem.NO_DATABASE
    if any(w in text for w in ("password authentication", "role", "authentication",
                               "not permitted to log in", "no password supplied",
                               "permission denied")):
        return Problem.REFUSED
    return Problem.UNREACHABLE


def _reach(url: str) -> Database:
    try:
        db = Database.open(url)
    except DatabaseError as exc:
        raise SetupProblem(Problem.UNREACHABLE, str(exc)) from exc
    try:
        db.check_connection()
    except DatabaseError as exc:
        db.dispose()
        raise SetupProblem(_classify(exc)) from exc
    return db


def _enforced(db: Database) -> bool:
    with db.session() as s:
        return s.scalar(select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX)) \
            is not None


def open_server(address: ServerAddress, login: str, password: str) -> Opened:
    """A shared PostgreSQL, first as the user's own login role (the desks' way in),
    else as a server account given by IT (which may set the database up)."""
    login = login.strip()
    if not address.host.strip() or not address.database.strip() or not login:
        raise SetupProblem(Problem.REFUSED, "address, database and user name are needed")
    try:
        db, actor = connect.sign_in(address.desk_url(), login, password)
    except AuthenticationFailed:
        db, actor = None, None
    except DatabaseError as exc:
        text = str(exc)
        if "schema" in text:
            raise SetupProblem(Problem.OLD_SCHEMA) from exc
        problem = _classify(exc)
        if problem is not Problem.REFUSED:
            raise SetupProblem(problem) from exc
        db, actor = None, None
    if db is not None and actor is not None:
        with db.session() as s:
            has = users.has_users(s)
        return Opened(db, address.desk_url(), key_state(db), has, actor=actor)
    # Not an app user with a role of their own: perhaps the server account IT gave.
    db = _reach(address.account_url(login, password))
    try:
        state = _schema(db)
        if state == "newer":
            raise SetupProblem(Problem.NEWER_SCHEMA)
        if state == "empty":
            raise SetupProblem(Problem.EMPTY, can_upgrade=True)
        if state == "old" or not _enforced(db):
            raise SetupProblem(Problem.OLD_SCHEMA, can_upgrade=True)
        with db.session() as s:
            has = users.has_users(s)
        return Opened(db, address.desk_url(), key_state(db), has)
    except BaseException:
        db.dispose()
        raise


def prepare_server(address: ServerAddress, login: str, password: str) -> Opened:
    """As the server account: migrate, make the server enforce the roles, then open."""
    db = _reach(address.account_url(login, password))
    try:
        if _schema(db) == "newer":
            raise SetupProblem(Problem.NEWER_SCHEMA)
        new = db.database_id() is None
        migrations.upgrade(db)
        pg_setup.init_server(db)
    except DatabaseError as exc:
        raise SetupProblem(Problem.REFUSED, str(exc)) from exc
    finally:
        db.dispose()
    opened = open_server(address, login, password)
    if new:
        opened.key = KeyState.CREATED
    return opened


# --- the data key ------------------------------------------------------------------
def key_state(db: Database) -> KeyState:
    db_id = db.database_id()
    if db_id is None or keys.load_key(db_id) is None:
        return KeyState.MISSING
    db.reset_cipher()
    try:
        _ = db.cipher
    except KeyUnavailable:
        return KeyState.WRONG
    return KeyState.FOUND


def read_key_file(path: Path) -> str:
    """The key text of a file the admin exported (first non-empty line)."""
    try:
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        raise SetupProblem(Problem.NOT_A_KEY, path.name) from exc
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if not lines:
        raise SetupProblem(Problem.NOT_A_KEY, path.name)
    return lines[0]


def install_key(opened: Opened, text: str) -> str:
    """Keep a key this database was given for this desk, after checking it fits;
    where it is kept (the keyring, or the key file)."""
    try:
        key = decode_key(text.strip())
    except (ValueError, HvdeskError) as exc:
        raise SetupProblem(Problem.NOT_A_KEY) from exc
    try:
        where = opened.db.set_key(key)
        _ = opened.db.cipher
    except KeyUnavailable as exc:
        raise SetupProblem(Problem.WRONG_KEY) from exc
    opened.key = KeyState.FOUND
    if opened.actor is not None:
        with opened.db.begin() as s:
            audit.record(s, opened.actor, "import", "data_key", opened.db.database_id(),
                         via="setup")
    return where


# --- the first admin ------------------------------------------------------------------
def create_first_admin(opened: Opened, *, login: str, display_name: str, employee_no: str,
                       password: str) -> Actor:
    """The database's first user, an admin (recorded as the system: nobody else exists)."""
    with opened.db.begin() as s:
        if users.has_users(s):
            raise SetupProblem(Problem.HAS_USERS)
        if not display_name.strip():
            raise ValidationError("display_name", msg("admin.admin_name_needed",
                                                      "give the admin's name"))
        if not employee_no.strip():
            raise ValidationError("employee_no", msg("admin.admin_employee_no_needed",
                                                      "give the admin's employee number"))
        users.add_user(s, SYSTEM, login=login, display_name=display_name,
                       employee_no=employee_no, role=Role.ADMIN, branch_code=None,
                       password=password)
        user = s.scalar(select(User).where(User.login == login.strip()))
        assert user is not None
        actor = actor_for(user)
    opened.has_users = True
    return actor


def finish(opened: Opened) -> str:
    """Remember the database for the next start; the URL remembered."""
    config.remember(opened.url)
    return opened.url
