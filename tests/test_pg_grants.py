"""The grant table covers the schema (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hvdesk.cli import main
from hvdesk.model import Base
from hvdesk.security import pg_grants, pg_roles, pg_sql
from hvdesk.security.roles import Role


def test_every_table_has_grants_and_a_row_rule() -> None:
    tables = set(Base.metadata.tables)
    covered = set(pg_grants.BASE) | {pg_grants.AUDIT_TABLE} | set(pg_grants.OWNER_ONLY_TABLES)
    assert tables - covered == set(), "add new tables to pg_grants.BASE"
    rowed = (set(pg_sql.BRANCH_TABLES) | set(pg_sql.VIA_CUSTOMER) | set(pg_sql.VIA_VISIT)
             | set(pg_sql.VIA_REPORT) | set(pg_sql.OWN_ROWS)
             | {"cost_setting", "visitor_leave", "app_user", "db_meta", pg_sql.CHANGE_LOG})
    unread = set(pg_sql.UNRESTRICTED) | set(pg_grants.OWNER_ONLY_TABLES)
    assert tables - rowed - unread == set(), "say how the rows reach a branch"


def test_grants_follow_the_role_table() -> None:
    visitor = pg_grants.table_privileges(Role.VISITOR)
    coordinator = pg_grants.table_privileges(Role.COORDINATOR)
    admin = pg_grants.table_privileges(Role.ADMIN)
    assert "INSERT" not in visitor["customer"] and "INSERT" in coordinator["customer"]
    assert "INSERT" in visitor["visit_report"] and "INSERT" not in coordinator["visit_report"]
    assert "INSERT" in admin["app_user"] and "INSERT" not in coordinator["app_user"]
    assert pg_grants.AUDIT_TABLE not in admin  # insert-only, granted apart
    assert not pg_grants.reads_ciphertexts(Role.VISITOR)
    assert pg_grants.reads_ciphertexts(Role.COORDINATOR)
    assert pg_grants.may_reveal(Role.REVIEWER)


def test_role_names_are_prefixed_and_short() -> None:
    prefix = pg_roles.role_prefix("hvdesk_t_0123456789ab")
    assert prefix.startswith("hv_") and len(prefix) == 12
    assert pg_roles.role_prefix("other") != prefix
    assert pg_roles.login_role_name(prefix, "visitor1") == f"{prefix}u_visitor1"
    long = pg_roles.login_role_name(prefix, "x" * 60)
    assert len(long) <= 63 and long != pg_roles.login_role_name(prefix, "x" * 59 + "y")
    # A login never takes a group role's name.
    assert pg_roles.login_role_name(prefix, "visitor") != pg_roles.group_role_name(
        prefix, "visitor")


def test_init_server_on_sqlite_is_refused(
    sqlite_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    assert main(["--db", sqlite_url, "db", "init-server"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "操作系统账户" in err[0]


def test_user_connection_keeps_nothing_of_the_url_account() -> None:
    from hvdesk.database import Database  # noqa: PLC0415

    db = Database.open("postgresql+psycopg://owner:owner-secret@db.example/hvdesk",
                       login="visitor1", password=None)
    url = db.engine.url
    assert url.username == pg_roles.login_role_name(pg_roles.role_prefix("hvdesk"), "visitor1")
    assert url.password is None and "owner" not in str(url)
    db.dispose()


def test_shared_meta_prefixes_are_the_notice_settings() -> None:
    from hvdesk.notices.settings import META_PREFIX  # noqa: PLC0415

    assert pg_grants.META_SHARED_PREFIXES == (META_PREFIX,)
