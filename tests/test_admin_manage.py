"""The administration page's core: each action done by an admin, audited, refused to the
roles without the permission (issue 17.3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hvdesk.admin import backups, config, datakey, manage
from hvdesk.database import Database
from hvdesk.errors import PermissionDenied, StaleEdit, ValidationError
from hvdesk.model import AuditEvent, User
from hvdesk.security.roles import Role
from hvdesk.services.context import Actor
from tests.factories import Org, make_org

OTHERS = ("coord1", "visitor1", "reviewer1", "manager1")
NEW_BRANCH = manage.BranchRow(None, "CD02", "成都高新支行", "四川省成都市高新区天府大道1号",
                              "028-87654321")


def _own_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This test's desk choices in its own file (the data key stays where the db put it)."""
    monkeypatch.setattr(config, "config_path", lambda: tmp_path / "database.json")


def _events(db: Database, action: str, entity: str) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).where(
            AuditEvent.action == action, AuditEvent.entity == entity)) or 0)


def _in_session(db: Database, fn: Callable[..., object]) -> Callable[[Actor], object]:
    def run(actor: Actor) -> object:
        with db.begin() as s:
            return fn(s, actor)
    return run


def _actions(db: Database, tmp_path: Path) -> dict[str, Callable[[Actor], object]]:
    return {
        "create user": _in_session(db, lambda s, a: manage.create_user(
            s, a, login="new1", display_name="新人", employee_no="N1", role=Role.VISITOR,
            branch_code="CD01", password="Newpass-1")),
        "reset password": _in_session(db, lambda s, a: manage.reset_password(
            s, a, "visitor1", "Other-pass-2")),
        "disable": _in_session(db, lambda s, a: manage.set_active(s, a, "coord2", False)),
        "role": _in_session(db, lambda s, a: manage.set_role(
            s, a, "coord2", Role.REVIEWER, "CD01")),
        "branch": _in_session(db, lambda s, a: manage.save_branch(s, a, NEW_BRANCH)),
        "export key": lambda a: datakey.export_key_file(db, a, tmp_path / f"{a.login}.key"),
        "backup": lambda a: backups.backup_now(db, a, tmp_path / f"{a.login}.backup.db"),
        "daily settings": lambda a: backups.set_daily(db, a, config.DailyBackup(keep=3)),
    }


def test_roles_without_the_permission_are_refused(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_config(monkeypatch, tmp_path)
    org = make_org(sqlite_db)
    for name, action in _actions(sqlite_db, tmp_path).items():
        for login in OTHERS:
            with pytest.raises(PermissionDenied):
                action(org.actors[login])
            assert not list(tmp_path.glob(f"{login}.*")), name
    assert config.daily_backup() == config.DailyBackup()


def test_an_admin_does_each_and_the_trail_says_so(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_config(monkeypatch, tmp_path)
    org = make_org(sqlite_db)
    admin = org.actors["admin"]
    for action in _actions(sqlite_db, tmp_path).values():
        action(admin)
    with sqlite_db.session() as s:
        coord2 = s.scalar(select(User).where(User.login == "coord2"))
        assert coord2 is not None and coord2.role is Role.REVIEWER and not coord2.active
        assert s.scalar(select(User.id).where(User.login == "new1")) is not None
    for action, entity in (("create", "app_user"), ("reset_password", "app_user"),
                           ("update", "app_user"), ("create", "branch"),
                           ("export", "data_key"), ("backup", "database"),
                           ("settings", "daily_backup")):
        assert _events(sqlite_db, action, entity) >= 1, (action, entity)
    assert config.daily_backup().keep == 3


def test_managers_read_their_branch_only(db: Database) -> None:
    org = make_org(db)
    with db.begin() as s:
        manage.save_branch(s, org.actors["admin"], NEW_BRANCH)
    with db.session() as s:
        mine = manage.branch_rows(s, org.actors["manager1"])
        everything = manage.branch_rows(s, org.actors["admin"])
        people = manage.user_rows(s, org.actors["manager1"])
        with pytest.raises(PermissionDenied):
            manage.branch_rows(s, org.actors["visitor1"])
    assert [b.code for b in mine] == ["CD01"]
    assert [b.code for b in everything] == ["CD01", "CD02"]
    assert {p.branch_code for p in people} == {"CD01"}


def test_branch_edits_are_checked(db: Database) -> None:
    org = make_org(db)
    admin = org.actors["admin"]
    with db.session() as s:
        (branch,) = manage.branch_rows(s, admin)
    changed = manage.BranchRow(**{**_fields(branch), "hotline": "028-11112222",
                                  "visit_window_start": dt.time(9, 0)})
    with db.begin() as s:
        saved = manage.save_branch(s, admin, changed)
    assert saved.hotline == "028-11112222" and saved.version == branch.version + 1
    with pytest.raises(StaleEdit), db.begin() as s:
        manage.save_branch(s, admin, changed)
    bad = manage.BranchRow(**{**_fields(saved), "visit_window_end": dt.time(7, 0)})
    with pytest.raises(ValidationError), db.begin() as s:
        manage.save_branch(s, admin, bad)
    with pytest.raises(ValidationError), db.begin() as s:
        manage.set_role(s, admin, "admin", Role.MANAGER, "CD01")


def _fields(row: manage.BranchRow) -> dict[str, object]:
    return {name: getattr(row, name) for name in manage.BranchRow.__slots__}


def test_daily_backup_when_a_day_has_passed(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_config(monkeypatch, tmp_path)
    make_org(sqlite_db)
    config.store_daily_backup(config.DailyBackup(keep=2, folder=str(tmp_path / "daily")))
    first = backups.daily_if_due(sqlite_db)
    assert first is not None and first.is_file()
    assert backups.daily_if_due(sqlite_db) is None
    assert backups.last_daily() == first
    assert _events(sqlite_db, "backup", "database") == 1
    config.store_daily_backup(config.DailyBackup(enabled=False))
    first.unlink()
    assert backups.daily_if_due(sqlite_db) is None


def test_restore_from_the_page_checks_file_and_key(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_config(monkeypatch, tmp_path)
    org: Org = make_org(sqlite_db)
    admin = org.actors["admin"]
    written = backups.backup_now(sqlite_db, admin, tmp_path / "copy.db")
    with pytest.raises(PermissionDenied):
        backups.check_restore(sqlite_db, org.actors["manager1"], written.path)
    summary = backups.check_restore(sqlite_db, admin, written.path)
    restored, aside = backups.restore_now(sqlite_db, admin, written.path)
    assert restored.database_id == summary.database_id and aside is not None
    assert _events(sqlite_db, "restore", "database") == 1
