"""First run without the command line: the core steps (issue 17.2)."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy.engine import make_url

from hvdesk import migrations
from hvdesk.admin import config, datakey, manage
from hvdesk.admin import setup as first_run
from hvdesk.admin.setup import KeyState, Problem, ServerAddress, SetupProblem
from hvdesk.database import Database, resolve_url
from hvdesk.errors import PermissionDenied
from hvdesk.security import keys, pg_setup
from hvdesk.security.crypto import encode_key, new_master_key
from hvdesk.security.roles import Role
from hvdesk.services import customers
from hvdesk.services.context import Actor
from tests.factories import make_org
from tests.setup_helpers import (
    ADMIN_PASSWORD,
    PHONE,
    add_customer,
    address_of,
    server_account,
    use_desk,
)


def _admin(opened: first_run.Opened) -> Actor:
    return first_run.create_first_admin(opened, login="boss", display_name="管理员",
                                        employee_no="A1", password=ADMIN_PASSWORD)


def test_local_database_from_one_desk_to_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path / "first")
    assert not config.is_configured()
    file = tmp_path / "shared" / "branch.db"
    opened = first_run.open_local(file)
    assert (opened.key, opened.has_users) == (KeyState.CREATED, False)
    admin = _admin(opened)
    assert admin.role is Role.ADMIN
    with pytest.raises(SetupProblem) as again:
        _admin(opened)
    assert again.value.problem is Problem.HAS_USERS
    customer_id = add_customer(opened.db, admin)
    key_file = datakey.export_key_file(opened.db, admin, tmp_path / "key.hvdkey")
    assert first_run.finish(opened) == first_run.local_url(file)
    assert config.is_configured() and resolve_url() == first_run.local_url(file)
    opened.close()

    use_desk(monkeypatch, tmp_path / "second")
    assert config.remembered_url() is None
    second = first_run.open_local(file)
    try:
        assert (second.key, second.has_users) == (KeyState.MISSING, True)
        for text, problem in (("not a key", Problem.NOT_A_KEY),
                              (encode_key(new_master_key()), Problem.WRONG_KEY)):
            with pytest.raises(SetupProblem) as refused:
                first_run.install_key(second, text)
            assert refused.value.problem is problem
        first_run.install_key(second, first_run.read_key_file(key_file))
        assert first_run.key_state(second.db) is KeyState.FOUND
        with second.db.session() as s:
            assert customers.reveal(s, second.db.cipher, admin, customer_id, "phone") == PHONE
    finally:
        second.close()


def test_demo_database_and_files_that_are_not_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path)
    opened = first_run.open_local(tmp_path / "demo.db", demo=True, customers=20)
    try:
        assert opened.has_users and "admin" in opened.demo_passwords
    finally:
        opened.close()
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    for path, problem in ((text, Problem.NOT_HVDESK), (tmp_path, Problem.FOLDER)):
        with pytest.raises(SetupProblem) as refused:
            first_run.open_local(path)
        assert refused.value.problem is problem


def test_export_needs_the_key_permission(db: Database, tmp_path: Path) -> None:
    org = make_org(db)
    for login in ("coord1", "manager1", "visitor1", "reviewer1"):
        with pytest.raises(PermissionDenied):
            datakey.export_key_file(db, org.actors[login], tmp_path / f"{login}.key")
        with pytest.raises(PermissionDenied):
            datakey.import_key_text(db, org.actors[login], "x")
        assert not (tmp_path / f"{login}.key").exists()


def test_a_remembered_url_never_holds_a_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path)
    with pytest.raises(ValueError, match="password"):
        config.remember("postgresql+psycopg://u:secret@host/db")
    gone = tmp_path / "moved" / "branch.db"
    config.remember(first_run.local_url(gone))
    assert not config.is_configured() and config.remembered_file() == gone.resolve()
    config.config_path().write_text("{broken", encoding="utf-8")
    assert config.remembered_url() is None


def test_unreachable_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    use_desk(monkeypatch, tmp_path)
    with pytest.raises(SetupProblem) as refused:
        first_run.open_server(ServerAddress("127.0.0.1", 1, "hvdesk"), "admin", "x")
    assert refused.value.problem is Problem.UNREACHABLE


@pytest.mark.pg
def test_shared_server_from_one_desk_to_another(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, account = address_of(pg_url), server_account(pg_url)
    password = make_url(pg_url).password or ""
    use_desk(monkeypatch, tmp_path / "first")
    with pytest.raises(SetupProblem) as empty:
        first_run.open_server(address, account, password)
    assert empty.value.problem is Problem.EMPTY and empty.value.can_upgrade
    opened = first_run.prepare_server(address, account, password)
    owner = Database.open(pg_url)
    try:
        assert (opened.key, opened.has_users) == (KeyState.CREATED, False)
        admin = _admin(opened)
        customer_id = add_customer(opened.db, admin)
        key_file = datakey.export_key_file(opened.db, admin, tmp_path / "key.hvdkey")
        assert "@" not in first_run.finish(opened)
        opened.close()

        use_desk(monkeypatch, tmp_path / "second")
        with pytest.raises(SetupProblem) as refused:
            first_run.open_server(address, "boss", "wrong-password")
        assert refused.value.problem is Problem.REFUSED
        second = first_run.open_server(address, "boss", ADMIN_PASSWORD)
        try:
            assert second.actor is not None and second.db.login_role is not None
            assert (second.key, second.has_users) == (KeyState.MISSING, True)
            with pytest.raises(SetupProblem) as wrong:
                first_run.install_key(second, encode_key(new_master_key()))
            assert wrong.value.problem is Problem.WRONG_KEY
            first_run.install_key(second, first_run.read_key_file(key_file))
            with second.db.session() as s:
                assert customers.reveal(s, second.db.cipher, second.actor, customer_id,
                                        "phone") == PHONE
            with second.db.begin() as s:
                manage.create_user(s, second.actor, login="coordx", display_name="协调员",
                                   employee_no="C9", role=Role.COORDINATOR,
                                   branch_code="CD01", password=ADMIN_PASSWORD)
        finally:
            second.close()

        # A coordinator's desk: their own login role reads the key's fingerprint too.
        use_desk(monkeypatch, tmp_path / "third")
        third = first_run.open_server(address, "coordx", ADMIN_PASSWORD)
        try:
            assert third.actor is not None and third.actor.role is Role.COORDINATOR
            first_run.install_key(third, first_run.read_key_file(key_file))
            with third.db.session() as s:
                assert customers.reveal(s, third.db.cipher, third.actor, customer_id,
                                        "phone") == PHONE
        finally:
            third.close()
    finally:
        pg_setup.drop_server_roles(owner)
        owner.dispose()


@pytest.mark.pg
def test_server_at_an_older_schema(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path)
    owner = Database.open(pg_url)
    try:
        migrations.upgrade(owner, "0017")
        address, account = address_of(pg_url), server_account(pg_url)
        with pytest.raises(SetupProblem) as old:
            first_run.open_server(address, account, make_url(pg_url).password or "")
        assert old.value.problem is Problem.OLD_SCHEMA and old.value.can_upgrade
    finally:
        owner.dispose()


class _MemoryKeyring(KeyringBackend):
    """Stands in for Windows Credential Manager."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


def test_the_data_key_goes_to_the_credential_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17.5: with a system keyring the key is kept there, not in a file."""
    store = _MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(store)
    monkeypatch.delenv("HVDESK_KEYRING", raising=False)
    try:
        use_desk(monkeypatch, tmp_path / "first")
        opened = first_run.open_local(tmp_path / "branch.db")
        db_id = opened.db.database_id()
        admin = _admin(opened)
        key_file = datakey.export_key_file(opened.db, admin, tmp_path / "key.hvdkey")
        opened.close()
        assert (keys.KEYRING_SERVICE, f"database:{db_id}") in store.stored
        assert not keys.key_file_path(str(db_id)).exists()

        store.stored.clear()
        use_desk(monkeypatch, tmp_path / "second")
        second = first_run.open_local(tmp_path / "branch.db")
        try:
            assert second.key is KeyState.MISSING
            assert first_run.install_key(second, first_run.read_key_file(key_file)) \
                == "the system keyring"
            assert (keys.KEYRING_SERVICE, f"database:{db_id}") in store.stored
        finally:
            second.close()
    finally:
        keyring.set_keyring(previous)


def test_an_older_local_file_is_upgraded_with_a_copy_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_desk(monkeypatch, tmp_path)
    file = tmp_path / "old.db"
    old = Database.open(first_run.local_url(file))
    migrations.upgrade(old, "0017")
    old.dispose()
    opened = first_run.open_local(file)
    try:
        assert migrations.current_revision(opened.db.engine) == migrations.head_revision()
        assert list(tmp_path.glob("old.db.0017-*.bak"))
    finally:
        opened.close()
