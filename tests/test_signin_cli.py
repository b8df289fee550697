"""Issue 14, sign-in everywhere: ``--as`` needs a password or a ``login`` session; lockout."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.errors import AuthenticationFailed
from hvdesk.model import AuditEvent, CliSession, User
from hvdesk.model.base import utcnow
from hvdesk.security import tokens
from hvdesk.services import auth, sessions
from tests.factories import PASSWORD, make_org

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_password_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HVDESK_PASSWORD", raising=False)
    monkeypatch.delenv("HVDESK_USER", raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def actions(db: Database, login: str) -> list[str]:
    with db.session() as s:
        return list(s.scalars(select(AuditEvent.action).where(AuditEvent.actor_login == login)
                              .order_by(AuditEvent.id)))


def test_as_alone_is_refused_in_one_line(sqlite_db: Database) -> None:
    make_org(sqlite_db)
    env = {k: v for k, v in os.environ.items() if k not in {"HVDESK_PASSWORD", "HVDESK_USER"}}
    proc = subprocess.run(
        [sys.executable, "-m", "hvdesk", "--db", sqlite_db.url, "--as", "admin", "key", "export"],
        cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env,
        check=False, timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("hvdesk: error: --as admin 需要 admin 的密码")
    # Nothing was exported, nobody signed in.
    assert "export" not in actions(sqlite_db, "admin")


def test_key_export_with_each_password_source(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(db)
    base = ("--db", db.url, "--as", "admin")
    code, _, err = run(capsys, *base, "key", "export")
    assert code == 1 and err.count("\n") == 1 and "需要 admin 的密码" in err
    # --password-stdin
    stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--password-stdin", *base, "key", "export")
    assert code == 0, err
    key = out.strip()
    assert key
    # HVDESK_PASSWORD
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, *base, "key", "export")
    assert (code, out.strip()) == (0, key)
    monkeypatch.delenv("HVDESK_PASSWORD")
    # The prompt, on a terminal
    prompts: list[str] = []
    tty = io.StringIO("")
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", tty)
    monkeypatch.setattr(getpass, "getpass", lambda p: prompts.append(p) or PASSWORD)
    code, out, _ = run(capsys, *base, "key", "export")
    assert (code, out.strip()) == (0, key)
    assert prompts == ["password for admin: "]
    # A wrong password is refused like any other.
    monkeypatch.setattr(getpass, "getpass", lambda p: "nope")
    code, out, err = run(capsys, *base, "key", "export")
    assert code == 1 and out == ""
    assert err == "hvdesk: error: wrong user name or password, or the account is disabled\n"
    got = actions(db, "admin")
    assert got.count("sign_in") == 3 and got.count("export") == 3
    assert got.count("sign_in_failed") == 1


def test_login_session_then_logout(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(db)
    stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = run(capsys, "--db", db.url, "--password-stdin", "login", "admin")
    assert code == 0, err
    assert out.startswith("signed in as admin until ")
    db_id = db.database_id()
    assert db_id
    stored = tokens.load(db_id)
    assert stored is not None and stored.login == "admin"
    # HVDESK_KEYRING=off in tests: an owner-only file; the database has only the hash.
    path = tokens.token_file_path(db_id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with db.session() as s:
        row = s.scalars(select(CliSession)).one()
    assert stored.token not in row.token_hash and len(row.token_hash) == 64
    # No password needed now, with or without --as for the same user.
    code, out, _ = run(capsys, "--db", db.url, "key", "export")
    assert code == 0 and out.strip()
    code, out, _ = run(capsys, "--db", db.url, "--as", "admin", "user", "list")
    assert code == 0 and "coord1" in out
    # Another user still needs his own password.
    code, _, err = run(capsys, "--db", db.url, "--as", "coord1", "user", "list")
    assert code == 1 and "需要 coord1 的密码" in err
    code, out, _ = run(capsys, "--db", db.url, "logout")
    assert code == 0 and "has ended" in out
    assert tokens.load(db_id) is None and not path.exists()
    with db.session() as s:
        assert s.scalars(select(CliSession)).all() == []
    code, _, err = run(capsys, "--db", db.url, "key", "export")
    assert code == 1 and "--as USER" in err
    assert {"session_start", "session_end"} <= set(actions(db, "admin"))
    code, out, _ = run(capsys, "--db", db.url, "logout")
    assert code == 0 and "no login session" in out


def test_session_ends_on_expiry_password_change_and_other_database(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    org = make_org(db)
    db_id = db.database_id()
    assert db_id
    with db.begin() as s:
        actor = auth.authenticate(s, "coord1", PASSWORD)
        token, expires = sessions.start(s, actor, db_id, hours=1)
    with db.session() as s:
        assert sessions.resume(s, token, db_id).login == "coord1"
        with pytest.raises(AuthenticationFailed, match="expired or ended"):
            sessions.resume(s, token, db_id, now=expires + dt.timedelta(seconds=1))
        with pytest.raises(AuthenticationFailed, match="expired or ended"):
            sessions.resume(s, token, "another-database")
        with pytest.raises(AuthenticationFailed, match="expired or ended"):
            sessions.resume(s, token + "x", db_id)
    # The CLI: an ended session without --as says so in one line.
    tokens.store(db_id, "coord1", token)
    with db.begin() as s:
        s.execute(update(User).where(User.login == "coord1").values(password_hash="changed"))
    code, _, err = run(capsys, "--db", db.url, "user", "list")
    assert code == 1 and err.count("\n") == 1 and "sign in again with 'hvdesk login'" in err
    # Named with --as and a password, the command still runs (the admin's session is not his).
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "--db", db.url, "--as", "admin", "user", "list")
    assert code == 0, err
    assert org.actors["coord1"].login == "coord1"


def test_five_wrong_passwords_lock_the_login_and_are_audited(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(db)
    monkeypatch.setenv("HVDESK_PASSWORD", "wrong-guess")
    for _ in range(auth.POLICY.max_failures - 1):
        code, _, err = run(capsys, "--db", db.url, "--as", "admin", "key", "export")
        assert code == 1 and "wrong user name or password" in err
    code, _, err = run(capsys, "--db", db.url, "--as", "admin", "key", "export")
    assert code == 1 and err.count("\n") == 1 and "locked until" in err
    # Now even the right password is refused, without being checked.
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "--db", db.url, "--as", "admin", "key", "export")
    assert code == 1 and out == "" and "locked until" in err
    with db.session() as s:
        user = s.scalars(select(User).where(User.login == "admin")).one()
        assert user.locked_until is not None
        minutes = (user.locked_until - utcnow()).total_seconds() / 60
        assert auth.POLICY.lock_minutes - 1 < minutes <= auth.POLICY.lock_minutes
        events = s.scalars(select(AuditEvent).where(AuditEvent.actor_login == "admin")
                           .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["sign_in_failed"] * 5 + ["sign_in_locked",
                                                                   "sign_in_refused"]
    assert [e.detail["failures"] for e in events[:5]] == [1, 2, 3, 4, 5]
    assert all(e.detail["via"] == "cli" for e in events)
    assert events[5].detail["minutes"] == auth.POLICY.lock_minutes
    # Another admin lifts the lock early (or it runs out): the right password works again.
    with db.begin() as s:
        s.execute(update(User).where(User.login == "admin")
                  .values(locked_until=utcnow() - dt.timedelta(seconds=1)))
    code, out, err = run(capsys, "--db", db.url, "--as", "admin", "key", "export")
    assert code == 0, err
    with db.session() as s:
        user = s.scalars(select(User).where(User.login == "admin")).one()
        assert (user.failed_count, user.locked_until) == (0, None)


def test_a_good_password_resets_the_count_and_unlock_lifts_a_lock(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(db)
    for _ in range(auth.POLICY.max_failures - 1):
        with pytest.raises(AuthenticationFailed), db.begin() as s:
            auth.authenticate(s, "coord1", "bad")
    with db.begin() as s:
        auth.authenticate(s, "coord1", PASSWORD)
    with pytest.raises(AuthenticationFailed, match="wrong user name"), db.begin() as s:
        auth.authenticate(s, "coord1", "bad")  # counting starts again
    for _ in range(auth.POLICY.max_failures - 1):
        with pytest.raises(AuthenticationFailed), db.begin() as s:
            auth.authenticate(s, "coord1", "bad")
    with pytest.raises(AuthenticationFailed, match="locked"), db.begin() as s:
        auth.authenticate(s, "coord1", PASSWORD)
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "--db", db.url, "--as", "coord2", "user", "unlock", "coord1")
    assert code == 1 and "无权" in err
    code, out, err = run(capsys, "--db", db.url, "--as", "admin", "user", "unlock", "coord1")
    assert code == 0, err
    assert out == "coord1 may sign in again\n"
    code, _, err = run(capsys, "--db", db.url, "--as", "coord1", "user", "list")
    assert code == 1 and "无权" in err  # signed in; the role decides the rest
    assert "unlock" in actions(db, "admin")


def test_unknown_logins_are_audited_without_a_user(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(db)
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code, _, err = run(capsys, "--db", db.url, "--as", "mallory", "key", "export")
    assert code == 1
    assert err == "hvdesk: error: wrong user name or password, or the account is disabled\n"
    with db.session() as s:
        event = s.scalars(select(AuditEvent).where(AuditEvent.actor_login == "mallory")).one()
    assert (event.action, event.actor_id, event.detail["unknown_login"]) == (
        "sign_in_failed", None, True)


def test_user_passwd_takes_both_passwords_from_stdin(
    db: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_org(db)
    stdin(monkeypatch, f"{PASSWORD}\nA-new-Password-9\n")
    code, _, err = run(capsys, "--db", db.url, "--as", "admin", "--password-stdin",
                       "user", "passwd", "visitor1")
    assert code == 0, err
    with db.begin() as s:
        assert auth.authenticate(s, "visitor1", "A-new-Password-9").login == "visitor1"


def test_upgrading_an_older_database_needs_the_admin_password(
    db_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text  # noqa: PLC0415

    from hvdesk import migrations  # noqa: PLC0415
    from hvdesk.security.passwords import hash_password  # noqa: PLC0415

    old = Database.open(db_url)
    migrations.upgrade(old, "0008")  # before the lockout columns and sessions
    with old.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO app_user (login, display_name, employee_no, role, active,"
            " password_hash, created_at, version) VALUES ('boss', 'B', 'A1', 'admin', :on, :h,"
            " :at, 1)"), {"h": hash_password(PASSWORD, demo=True), "on": True,
                          "at": dt.datetime(2026, 1, 1)})
    old.dispose()
    code, _, err = run(capsys, "--db", db_url, "--as", "boss", "db", "upgrade")
    assert code == 1 and "需要 boss 的密码" in err
    monkeypatch.setenv("HVDESK_PASSWORD", "wrong")
    code, _, err = run(capsys, "--db", db_url, "--as", "boss", "db", "upgrade")
    assert code == 1 and "wrong user name or password" in err
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code, out, err = run(capsys, "--db", db_url, "--as", "boss", "db", "upgrade")
    assert code == 0, err
    assert "upgraded from 0008 to" in out
    # The existing account got the lockout columns' defaults and signs in as usual.
    code, out, err = run(capsys, "--db", db_url, "--as", "boss", "key", "export")
    assert code == 0 and out.strip(), err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="a pseudo-terminal needs POSIX")
def test_the_prompt_on_a_real_terminal(sqlite_db: Database) -> None:
    import pty  # noqa: PLC0415 - POSIX only

    make_org(sqlite_db)
    env = {k: v for k, v in os.environ.items() if k not in {"HVDESK_PASSWORD", "HVDESK_USER"}}
    pid, fd = pty.fork()
    if pid == 0:  # the child: hvdesk with the terminal as standard input
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "hvdesk", "--db", sqlite_db.url,
                                   "--as", "admin", "key", "export"], env)
    out = b""
    try:
        while b"password for admin: " not in out:
            out += os.read(fd, 1024)
        os.write(fd, PASSWORD.encode() + b"\n")
        while True:
            chunk = os.read(fd, 1024)
            if not chunk:
                break
            out += chunk
    except OSError:  # the child closed the terminal
        pass
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, out
    text = out.decode()
    assert PASSWORD not in text  # not echoed
    assert text.strip().splitlines()[-1].endswith("=")  # the key (base64)


def test_desks_guessing_at_once_still_lock_the_login(db: Database) -> None:
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    make_org(db)

    def guess(_: int) -> str:
        try:
            with db.begin() as s:
                auth.authenticate(s, "coord2", "guess", via="cli")
        except AuthenticationFailed as exc:
            return str(exc)
        return "signed in"

    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(pool.map(guess, range(auth.POLICY.max_failures)))
    assert "signed in" not in answers
    with db.session() as s:
        user = s.scalars(select(User).where(User.login == "coord2")).one()
        events = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.actor_login == "coord2")))
    assert user.locked_until is not None
    assert events.count("sign_in_failed") == auth.POLICY.max_failures
    assert events.count("sign_in_locked") == 1
