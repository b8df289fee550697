"""The audit trail proves itself: a hash chain the database keeps, checked by `audit verify`.

Every tamper is done with the database's own tools as its owner (see
audit_chain_helpers); `hvdesk audit verify` must name the event.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import func, insert, literal, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from hvdesk import demo, importing, migrations
from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.model import AuditEvent, User
from hvdesk.security import audit_chain
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM, Actor
from tests.audit_chain_helpers import pg_dsn, raw, raw_events, rewrite_from, unlocked
from tests.data.importfiles import row, write_csv
from tests.factories import PASSWORD, make_org


def _cli(capsys, monkeypatch, db: Database, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code = main(["--db", db.url, "--as", "admin", "audit", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _record(db: Database, n: int, actor: Actor = SYSTEM, **detail: object) -> None:
    with db.begin() as s:
        for k in range(n):
            audit.record(s, actor, "test", "thing", k, **detail)


def _verify(db: Database, anchors=()) -> audit_chain.ChainReport:
    with db.session() as s:
        return audit_chain.verify(audit._raw_events(s), anchors)


pg = pytest.mark.pg


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = Database.open(pg_url)
    migrations.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def trail(db: Database) -> Database:
    make_org(db)
    _record(db, 10)
    return db


def _middle(db: Database) -> int:
    events = raw_events(db)
    return events[len(events) // 2].id


# --- an intact chain --------------------------------------------------------------------
def test_every_event_is_chained_and_verify_passes(trail, capsys, monkeypatch):
    events = raw_events(trail)
    assert events[0].prev_hash == audit_chain.GENESIS
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
        assert after.id > before.id
    code, out, err = _cli(capsys, monkeypatch, trail, "verify")
    assert (code, err) == (0, "")
    # Every event before the check's own is counted (the CLI's sign-in included).
    after = raw_events(trail)
    assert f"audit chain intact: {len(after) - 1} events" in out
    assert len(after) - 1 >= len(events)
    # The check is audited, and the trail stays intact with it.
    assert after[-1].action == "verify"
    assert _verify(trail).ok


def test_awkward_values_hash_the_same_in_python_and_in_the_database(db):
    """PostgreSQL's trigger hashes in SQL: verify in Python agrees on every field shape."""
    make_org(db)
    odd = Actor(user_id=None, login="a|b", role=Role.ADMIN, branch_id=None, desk="desk|1\n2")
    with db.begin() as s:
        audit.record(s, odd, "test", "x:y", None, text="中文|\"q\"\\ \n\t\u0001", n=1.5,
                     nested={"b": [1, None, True], "a": "é"})
        audit.record(s, odd, "test", "e", "1:2|3")
        audit.record(s, odd, "test", "e", "")
    assert _verify(db).ok


def test_bulk_insert_select_paths_chain_too(db):
    """The importer writes events with INSERT … SELECT and executemany: the trigger chains each."""
    org = make_org(db)
    table = AuditEvent.__table__
    with db.begin() as s:
        s.execute(insert(table), [
            {"at": dt.datetime.now(dt.UTC), "actor_id": None, "actor_login": "x",
             "action": "create", "entity": "e", "entity_id": str(k), "desk": "d",
             "detail": {"k": k}} for k in range(5)])
        s.execute(insert(table).from_select(
            ["at", "actor_id", "actor_login", "action", "entity", "entity_id", "desk", "detail"],
            select(literal(dt.datetime.now(dt.UTC), table.c.at.type),
                   User.id, User.login, literal("create"), literal("app_user"),
                   func.cast(User.id, table.c.entity_id.type), literal("d"),
                   literal({}, table.c.detail.type))))
    assert len(raw_events(db)) > 5 + len(org.actors)
    assert _verify(db).ok


def test_anchor_prints_count_and_hash_and_verify_accepts_it(trail, capsys, monkeypatch,
                                                            tmp_path):
    code, out, _ = _cli(capsys, monkeypatch, trail, "anchor")
    assert code == 0
    (anchor,) = audit_chain.parse_anchors(out)
    assert out.strip() == str(anchor)
    events = raw_events(trail)
    assert events[anchor.count - 1].hash == anchor.hash
    assert events[-1].action == "anchor"  # taking it is recorded, after it
    _record(trail, 3)
    log = tmp_path / "anchors.txt"
    log.write_text(f"head office, Monday\n{anchor}\n", encoding="utf-8")
    code, out, err = _cli(capsys, monkeypatch, trail, "verify", "--anchor", str(log),
                          "--anchor", str(anchor))
    assert (code, err) == (0, ""), err
    assert "2 anchor(s) match" in out


def test_verify_needs_audit_view(trail, capsys, monkeypatch):
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    code = main(["--db", trail.url, "--as", "visitor1", "audit", "verify"])
    _, err = capsys.readouterr()
    assert code == 1
    assert "查看审计日志" in err  # the permission, named in Chinese (HVDESK_LANG unset)


def test_audit_listing_still_works_without_a_subcommand(trail, capsys, monkeypatch):
    code, out, _ = _cli(capsys, monkeypatch, trail, "--limit", "3")
    assert code == 0
    assert len(out.strip().splitlines()) == 3


# --- tampering with the database's own tools --------------------------------------------
def _broken(capsys, monkeypatch, db, *extra: str) -> str:
    code, out, err = _cli(capsys, monkeypatch, db, "verify", *extra)
    assert code == 1, out
    assert out == ""
    assert err.count("\n") == 1
    return err


def test_a_changed_event_is_named(trail, capsys, monkeypatch):
    victim = _middle(trail)
    unlocked(trail, [(f"UPDATE audit_event SET actor_login = 'nobody' WHERE id = {victim}", ())])
    err = _broken(capsys, monkeypatch, trail)
    assert f"event {victim} was changed" in err


def test_a_changed_detail_or_time_is_named(trail, capsys, monkeypatch):
    victim = _middle(trail)
    unlocked(trail, [(f"UPDATE audit_event SET at = at + interval '1 day' WHERE id = {victim}"
                      if not trail.is_sqlite else
                      f"UPDATE audit_event SET at = '2020-01-01 00:00:00.000000' "
                      f"WHERE id = {victim}", ())])
    assert f"event {victim} was changed" in _broken(capsys, monkeypatch, trail)


def test_a_removed_event_is_named(trail, capsys, monkeypatch):
    victim = _middle(trail)
    unlocked(trail, [(f"DELETE FROM audit_event WHERE id = {victim}", ())])
    err = _broken(capsys, monkeypatch, trail)
    assert f"event {victim} was removed" in err


def test_removing_the_first_events_is_named(trail, capsys, monkeypatch):
    first = raw_events(trail)[0].id
    unlocked(trail, [(f"DELETE FROM audit_event WHERE id <= {first + 1}", ())])
    assert f"events before event {first + 2} were removed" in _broken(capsys, monkeypatch, trail)


def _forged(db: Database, event_id: int, prev: str) -> tuple[str, tuple[object, ...]]:
    at = "2026-12-01 10:00:00.000000" if db.is_sqlite else "2026-12-01T10:00:00Z"
    fields = (event_id, at, None, "admin", "view_full", "customer", "1", "desk", "{}", prev)
    return ("INSERT INTO audit_event (id, at, actor_id, actor_login, action, entity, entity_id, "
            "desk, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*fields, audit_chain.event_hash(*fields)))


def test_an_event_slipped_in_before_the_last_is_named(trail, capsys, monkeypatch):
    """A correctly hashed forgery in the chain's middle: the event after it links past it."""
    *_, before, last = raw_events(trail)
    unlocked(trail, [(f"UPDATE audit_event SET id = {last.id + 1} WHERE id = {last.id}", ()),
                     _forged(trail, last.id, before.hash or "")])
    assert f"event {last.id} was inserted" in _broken(capsys, monkeypatch, trail)


@pg
def test_an_event_forged_into_an_id_gap_is_named(pg_db, capsys, monkeypatch):
    """PostgreSQL leaves a gap where a transaction rolled back: a forgery placed there shows."""
    make_org(pg_db)
    _record(pg_db, 2)
    with pg_db.session() as s:
        audit.record(s, SYSTEM, "test", "rolled back")
        s.flush()
        s.rollback()
    _record(pg_db, 2)
    events = raw_events(pg_db)
    gap = next(b for a, b in itertools.pairwise(e.id for e in events) if b > a + 1) - 1
    before = next(e for e in events if e.id == gap - 1)
    assert _verify(pg_db).ok  # a gap alone is not a break
    unlocked(pg_db, [_forged(pg_db, gap, before.hash or "")])
    assert f"event {gap} was inserted" in _broken(capsys, monkeypatch, pg_db)


def test_a_forged_event_appended_at_the_end_reads_as_an_append(trail):
    """Whoever may write with the triggers off (the file's owner, the server's owner) can
    append a well-formed event: the chain orders and seals, it cannot tell who appended."""
    last = raw_events(trail)[-1]
    unlocked(trail, [_forged(trail, last.id + 1, last.hash or "")])
    _record(trail, 2)
    assert _verify(trail).ok


def test_an_event_inserted_without_a_hash_is_named(trail, capsys, monkeypatch):
    last = raw_events(trail)[-1]
    unlocked(trail, [(
        "INSERT INTO audit_event (id, at, actor_login, action, entity, desk, detail) "
        f"VALUES ({last.id + 1}, '2026-12-01 10:00:00', 'admin', 'x', 'y', 'd', '{{}}')", ())])
    assert f"event {last.id + 1} was inserted" in _broken(capsys, monkeypatch, trail)


def test_a_rewritten_chain_passes_the_links_but_not_the_anchor(trail, capsys, monkeypatch,
                                                              tmp_path):
    code, out, _ = _cli(capsys, monkeypatch, trail, "anchor")
    anchor = out.strip()
    _record(trail, 3)
    events = raw_events(trail)
    victim = events[2].id
    rewrite_from(trail, events, victim, actor_login="someone_else")
    code, out, _ = _cli(capsys, monkeypatch, trail, "verify")
    assert code == 0, "a consistent rewrite keeps every link"
    err = _broken(capsys, monkeypatch, trail, "--anchor", anchor)
    assert "the trail was rewritten" in err
    assert anchor.split(":")[1] in err


def test_an_anchor_beyond_the_trail_means_events_were_removed(trail, capsys, monkeypatch):
    _, out, _ = _cli(capsys, monkeypatch, trail, "anchor")
    anchor = audit_chain.parse_anchors(out)[0]
    events = raw_events(trail)
    unlocked(trail, [(f"DELETE FROM audit_event WHERE id >= {events[-3].id}", ())])
    # The tail is gone and the chain from the start is still whole:
    assert f"the anchor {anchor}" in _broken(capsys, monkeypatch, trail, "--anchor",
                                             str(anchor))


def test_bad_anchor_argument_is_one_line(trail, capsys, monkeypatch, tmp_path):
    err = _broken(capsys, monkeypatch, trail, "--anchor", str(tmp_path / "missing.txt"))
    assert "既不是 COUNT:HASH，也不是可读取的文件" in err


def test_sqlite_update_still_refused_after_the_chain_sealed_a_row(sqlite_db):
    make_org(sqlite_db)
    with pytest.raises(SADatabaseError, match="append-only"), sqlite_db.begin() as s:
        s.execute(text("UPDATE audit_event SET hash = NULL"))


# --- PostgreSQL: the server's clock, the server's actor, no TRUNCATE -------------------------
@pg
@pytest.mark.parametrize("statement", ["TRUNCATE audit_event", "TRUNCATE app_user CASCADE",
                                       "TRUNCATE customer_note"])
def test_truncate_is_refused_on_postgresql(pg_db, statement):
    make_org(pg_db)
    with pytest.raises(SADatabaseError, match="append-only"), pg_db.begin() as s:
        s.execute(text(statement))
    assert _verify(pg_db).count > 0


def test_the_clock_of_the_trail(db, monkeypatch):
    """PostgreSQL stamps events with its own clock; on SQLite the desk's clock is the clock."""
    make_org(db)
    next_week = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
    monkeypatch.setattr(audit, "utcnow", lambda: next_week)
    _record(db, 1)
    with db.session() as s:
        server_now = s.scalar(select(func.now())) if not db.is_sqlite else None
        at = s.scalars(select(AuditEvent.at).order_by(AuditEvent.id.desc())).first()
    assert at is not None
    if db.is_sqlite:
        assert at == next_week
    else:
        assert abs(at - server_now) < dt.timedelta(minutes=1)
    assert _verify(db).ok


@pg
def test_an_app_users_own_login_role_is_the_actor(pg_db):
    """Connected as a user's own role, the desk cannot write another name into the trail."""
    make_org(pg_db)
    role = f"hvq_{uuid.uuid4().hex[:12]}"
    with pg_db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        user = User(login=role, display_name="临时", employee_no=role[-8:], role=Role.VISITOR,
                    branch_id=None, password_hash="x")
        s.add(user)
        s.flush()
        user_id = user.id
    raw(pg_db, [f'CREATE ROLE "{role}" LOGIN',
                f'GRANT INSERT ON audit_event TO "{role}"'])
    try:
        dsn = pg_dsn(pg_db.url)
        with psycopg.connect(dsn, user=role, autocommit=True) as own:
            own.execute(
                "INSERT INTO audit_event (at, actor_id, actor_login, action, entity, desk, detail)"
                " VALUES ('2030-01-01T00:00:00Z', NULL, 'admin', 'view_full', 'customer', 'd',"
                " '{}')")
            with pytest.raises(psycopg.Error):
                own.execute("SELECT * FROM audit_chain_lock")
        with pg_db.session() as s:
            last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert last is not None
        assert (last.actor_login, last.actor_id) == (role, user_id)
        assert last.at.year < 2030
        assert _verify(pg_db).ok
    finally:
        raw(pg_db, [f'REVOKE ALL ON audit_event FROM "{role}"',
                    f'DROP ROLE "{role}"'])


@pg
def test_concurrent_desks_keep_the_chain(pg_db):
    """Six desks (own engines) append at once, some several events per transaction."""
    make_org(pg_db)
    desks = [Database.open(pg_db.url) for _ in range(6)]
    barrier = threading.Barrier(len(desks))
    errors: list[BaseException] = []

    def work(k: int, desk: Database) -> None:
        try:
            barrier.wait()
            for round_ in range(15):
                with desk.begin() as s:
                    for j in range(1 + (k + round_) % 3):
                        audit.record(s, SYSTEM, "test", f"desk{k}", f"{round_}.{j}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k, d)) for k, d in enumerate(desks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for d in desks:
        d.dispose()
    assert not errors, errors
    report = _verify(pg_db)
    assert report.ok, report.problem
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).where(AuditEvent.entity.like("desk%"))) == sum(
            1 + (k + r) % 3 for k in range(6) for r in range(15))


def test_two_sqlite_desks_on_one_file_keep_the_chain(sqlite_db):
    make_org(sqlite_db)
    desks = [Database.open(sqlite_db.url) for _ in range(3)]

    def work(desk: Database) -> None:
        for _ in range(20):
            with desk.begin() as s:
                audit.record(s, SYSTEM, "test", "desk", None)

    threads = [threading.Thread(target=work, args=(d,)) for d in desks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for d in desks:
        d.dispose()
    report = _verify(sqlite_db)
    assert report.ok, report.problem


# --- migration 0009 chains what was there ---------------------------------------------------
def test_0009_chains_the_existing_events(db_url):
    db = Database.open(db_url)
    migrations.upgrade(db, "0008")
    with db.engine.begin() as conn:
        for k in range(4):
            conn.execute(text(
                "INSERT INTO audit_event (at, actor_login, action, entity, entity_id, desk,"
                " detail) VALUES (:at, 'system', 'old', 'x', :k, 'desk', :d)"),
                {"at": dt.datetime(2026, 11, 1, 8, k, tzinfo=dt.UTC)
                 if db_url.startswith("postgresql") else f"2026-11-01 08:0{k}:00.000000",
                 "k": str(k), "d": f'{{"n": {k}}}'})
    migrations.upgrade(db)
    _record(db, 2)
    events = raw_events(db)
    assert [e.action for e in events] == ["old"] * 4 + ["test"] * 2
    assert _verify(db).ok
    migrations.downgrade(db, "0008")
    migrations.upgrade(db)
    assert _verify(db).ok
    db.dispose()


@pg
def test_an_import_does_not_hold_the_chain_while_it_writes(pg_db, tmp_path):
    """The importer writes its events at the end: other desks append meanwhile, unblocked."""
    org = make_org(pg_db)
    path = write_csv(tmp_path / "big.csv", (row(i) for i in range(2500)))
    other = Database.open(pg_db.url)
    appended: list[str] = []

    def progress(stage: str, done: int, _total: int) -> None:
        if stage == "writing" and done:
            with other.begin() as s:
                s.execute(text("SET LOCAL lock_timeout = '3s'"))
                audit.record(s, SYSTEM, "test", "meanwhile", done)
            appended.append(str(done))

    with pg_db.begin() as s:
        importing.import_customers(s, pg_db.cipher, org.actors["coord1"], path,
                                   progress=progress, today=dt.date(2026, 12, 1))
    other.dispose()
    assert len(appended) == 2
    report = _verify(pg_db)
    assert report.ok, report.problem
    with pg_db.session() as s:
        assert s.scalar(select(func.count()).where(AuditEvent.entity == "customer")) >= 2500


def test_the_demo_and_the_app_after_it_keep_the_chain(db):
    demo.generate(db, customers=40, seed=3, today=dt.date(2026, 11, 25))
    _record(db, 2)
    report = _verify(db)
    assert report.ok, report.problem
    assert report.count > 10
