import io
import subprocess
import sys

import pytest
from sqlalchemy import select

from hvdesk import migrations
from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.model import AuditEvent
from hvdesk.services import customers
from hvdesk.services.customers import CustomerInput
from tests.factories import PASSWORD, make_org
from tests.scope_helpers import visit_with_report


@pytest.fixture(autouse=True)
def _cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test user has the factories' password; the CLI asks for it (issue 14).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)



def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("gui", "demo", "db", "key", "user", "audit", "customer"):
        assert f"    {command}" in out


def test_errors_are_one_line_without_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "hvdesk", "--db", "mysql://nowhere/x", "db", "info"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().count("\n") == 0
    assert proc.stderr.startswith("hvdesk: error: 不支持的数据库")
    assert "Traceback" not in proc.stderr


def test_upgrade_info_and_commands_need_a_user(db_url, capsys):
    code, out, _ = run(capsys, "--db", db_url, "db", "upgrade")
    assert code == 0
    assert "upgraded from empty to" in out
    code, out, _ = run(capsys, "--db", db_url, "db", "upgrade")
    assert "already at revision" in out
    code, out, _ = run(capsys, "--db", db_url, "db", "info")
    assert f"revision: {migrations.head_revision()} (current: {migrations.head_revision()})" in out
    code, _, err = run(capsys, "--db", db_url, "user", "list")
    assert code == 1
    assert "--as USER" in err


def test_users_and_roles_from_the_cli(db, capsys, monkeypatch):
    make_org(db)
    code, out, _ = run(capsys, "--db", db.url, "--as", "admin", "user", "add", "visitor9",
                       "--name", "赵六", "--employee-no", "V0009", "--role", "visitor",
                       "--branch", "CD01", stdin="Long-enough-1\n", monkeypatch=monkeypatch)
    assert code == 0, out
    code, out, _ = run(capsys, "--db", db.url, "--as", "admin", "user", "list")
    assert "visitor9" in out
    assert "赵六" in out
    code, _, err = run(capsys, "--db", db.url, "--as", "coord1", "user", "add", "x",
                       "--name", "x", "--employee-no", "X1", "--role", "visitor",
                       "--branch", "CD01", stdin="Long-enough-1\n", monkeypatch=monkeypatch)
    assert code == 1
    assert "无权" in err
    monkeypatch.setenv("HVDESK_USER", "nobody")
    code, _, err = run(capsys, "--db", db.url, "user", "list")
    assert err.strip() == ("hvdesk: error: wrong user name or password, "
                           "or the account is disabled")


def test_customer_show_masks_and_full_view_is_audited(db, capsys):
    org = make_org(db)
    with db.begin() as s:
        view = customers.create_customer(
            s, db.cipher, org.actors["coord1"], org.branch_id,
            CustomerInput(name="李四", id_number="510107199001011248", phone="13912345678",
                          registered_address="四川省成都市武侯区科华北路1号"))
    code, _, err = run(capsys, "--db", db.url, "--as", "visitor1", "customer", "show",
                       str(view.id))
    assert code == 1 and "只能打开本人走访的客户" in err
    visit_with_report(db, view.id, [org.actors["visitor1"].user_id])
    code, out, _ = run(capsys, "--db", db.url, "--as", "visitor1", "customer", "show",
                       str(view.id))
    assert code == 0
    assert "510107********1248" in out
    assert "139****5678" in out
    code, _, err = run(capsys, "--db", db.url, "--as", "visitor1", "customer", "show",
                       str(view.id), "--full")
    assert code == 1
    assert "请说明需要查看完整号码的原因" in err
    code, out, _ = run(capsys, "--db", db.url, "--as", "visitor1", "customer", "show",
                       str(view.id), "--full", "--reason", "上门核对")
    assert "510107199001011248" in out
    with db.session() as s:
        actions = s.scalars(select(AuditEvent.action).where(AuditEvent.actor_login == "visitor1"))
        assert list(actions).count("view_full") == 2


def test_key_export_and_import_share_a_database(db, capsys, monkeypatch, tmp_path):
    make_org(db)
    code, out, _ = run(capsys, "--db", db.url, "--as", "coord1", "key", "export")
    assert code == 1
    code, out, _ = run(capsys, "--db", db.url, "--as", "admin", "key", "export")
    assert code == 0
    exported = out.strip()
    # A second desk: its own profile, no key yet.
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(tmp_path / "desk2"))
    other = Database.open(db.url)
    with pytest.raises(Exception, match="no data key"):
        _ = other.cipher
    code, out, _ = run(capsys, "--db", db.url, "--as", "coord2", "key", "import", "--", exported)
    assert code == 0, out
    assert "data key stored in" in out
    assert Database.open(db.url).cipher.fingerprint == db.cipher.fingerprint
    with db.session() as s:
        got = list(s.scalars(select(AuditEvent.action).where(AuditEvent.entity == "data_key")))
    assert got == ["export", "import"]


def test_first_admin_of_an_empty_database(sqlite_url, capsys, monkeypatch):
    assert run(capsys, "--db", sqlite_url, "db", "upgrade")[0] == 0
    code, _, err = run(capsys, "--db", sqlite_url, "user", "add", "boss", "--name", "老板",
                       "--employee-no", "A1", "--role", "coordinator", "--branch", "X",
                       stdin="Long-enough-1\n", monkeypatch=monkeypatch)
    assert code == 1
    assert "第一个用户必须是管理员" in err
    code, out, _ = run(capsys, "--db", sqlite_url, "user", "add", "boss", "--name", "老板",
                       "--employee-no", "A1", "--role", "admin",
                       stdin="Long-enough-1\n", monkeypatch=monkeypatch)
    assert code == 0, out
    # From now on a user must be named.
    code, _, err = run(capsys, "--db", sqlite_url, "user", "add", "x", "--name", "x",
                       "--employee-no", "A2", "--role", "admin",
                       stdin="Long-enough-1\n", monkeypatch=monkeypatch)
    assert code == 1
    assert "--as USER" in err
