"""A shared PostgreSQL enforces the role table itself (issue 14, part 3).

Each test sets up a database with ``init-server`` and connects as the app
users' own login roles. Roles belong to the whole server: the fixture drops
every role it created, whatever happens.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    StaleEdit,
    ValidationError,
)
from hvdesk.model import AuditEvent, Branch, Customer, LocationPrecision, User, VisitPurpose
from hvdesk.names import name_initials
from hvdesk.notices import gateway_from_settings, prepare_for_visits, send_notices
from hvdesk.scheduling import service as scheduling
from hvdesk.security import pg_roles, pg_setup, pii
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Role
from hvdesk.services import (
    audit,
    auth,
    connect,
    customer_file,
    customer_list,
    customers,
    users,
)
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor
from hvdesk.services.list_query import CustomerQuery
from hvdesk.visitreports import approve, open_report, save_draft, submit
from tests.factories import PASSWORD
from tests.scheduling_helpers import NOW, TUESDAY, World, at, id_number, make_world
from tests.test_notice_world import use_outbox
from tests.visitreport_helpers import full_data, make_visit

pytestmark = pytest.mark.pg

B_CUSTOMERS = 3


@dataclass
class Server:
    url: str
    owner: Database
    world: World
    branch_b: int
    b_customers: list[int]
    actors: dict[str, Actor]
    opened: list[Database] = field(default_factory=list)

    def as_user(self, login: str) -> Database:
        db = Database.open(self.url, login=login, password=PASSWORD)
        self.opened.append(db)
        return db


def _branch_b(owner: Database) -> tuple[int, list[int], dict[str, Actor]]:
    cipher = owner.cipher
    pw = hash_password(PASSWORD, demo=True)
    with owner.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = Branch(code="CQ01", name="重庆渝中支行", address="重庆市渝中区解放碑1号",
                        hotline="023-12345678")
        s.add(branch)
        s.flush()
        people = [
            User(login="coordB", display_name="黄磊", employee_no="CB001",
                 role=Role.COORDINATOR, branch_id=branch.id, password_hash=pw),
            User(login="visitorB", display_name="何静", employee_no="VB001",
                 role=Role.VISITOR, branch_id=branch.id, password_hash=pw),
        ]
        s.add_all(people)
        names = ("钱一", "钱二", "钱三")[:B_CUSTOMERS]
        # Ciphertexts are bound to their row: the ids come first (issue 14).
        ids = pii.reserve_ids(s.connection(), "customer", len(names))
        customers = [
            Customer(id=cid, branch_id=branch.id, name=name, name_initials=name_initials(name),
                     registered_address="重庆市渝中区测试路1号", registered_adcode="500103",
                     latitude=29.56, longitude=106.57,
                     location_precision=LocationPrecision.EXACT,
                     **pii.id_columns(cipher, cid, id_number(100 + k)),
                     **pii.phone_columns(cipher, cid, f"1381234{k:04d}"))
            for k, (cid, name) in enumerate(zip(ids, names, strict=True))
        ]
        s.add_all(customers)
        s.flush()
        return branch.id, [c.id for c in customers], {u.login: actor_for(u) for u in people}


@pytest.fixture
def server(pg_url: str) -> Iterator[Server]:
    owner = Database.open(pg_url)
    migrations.upgrade(owner)
    srv: Server | None = None
    try:
        world = make_world(owner)
        # Visitors see their own visits' customers only (issue 14): visitor1's
        # team visits the first two customers on Wednesday afternoon.
        for k in (0, 1):
            make_visit(world, customer=k, day=TUESDAY + dt.timedelta(days=1), hour=14 + 2 * k,
                       started=False)
        branch_b, b_customers, b_actors = _branch_b(owner)
        pg_setup.init_server(owner)
        srv = Server(pg_url, owner, world, branch_b, b_customers,
                     {**world.actors, **b_actors})
        yield srv
    finally:
        for db in srv.opened if srv else []:
            db.dispose()
        dropped = pg_setup.drop_server_roles(owner)
        owner.dispose()
        assert srv is None or dropped, "the roles were created and must be dropped"


def _refused(db: Database, sql: str) -> str:
    with pytest.raises(DBAPIError) as caught, db.begin() as s:
        s.execute(text(sql))
    return str(caught.value.orig)


def _audit_count(srv: Server, action: str) -> int:
    with srv.owner.session() as s:
        return int(s.scalar(select(func.count()).where(AuditEvent.action == action)) or 0)


# --- the acceptance checks ------------------------------------------------------
def test_visitor_may_not_select_ciphertexts(server: Server) -> None:
    visitor = server.as_user("visitor1")
    for sql in ("SELECT id_enc FROM customer", "SELECT phone_enc FROM customer",
                "SELECT * FROM customer", "SELECT phone_enc FROM notice"):
        assert "permission denied" in _refused(visitor, sql)
    with visitor.session() as s:
        assert s.scalar(text("SELECT count(id_last4) FROM customer")) == len(server.world.customers)
        # An ordinary ORM load leaves the deferred ciphertexts out.
        assert s.scalars(select(Customer)).first() is not None
    coordinator = server.as_user("coord1")
    with coordinator.session() as s:
        assert len(s.execute(text("SELECT id_enc FROM customer")).all()) == len(
            server.world.customers)


def test_other_branch_rows_are_invisible(server: Server) -> None:
    counts = {}
    for login in ("coordB", "visitorB", "coord1", "manager1", "admin"):
        with server.as_user(login).session() as s:
            counts[login] = s.scalar(text("SELECT count(*) FROM customer"))
    a_count = len(server.world.customers)
    assert counts == {"coordB": B_CUSTOMERS, "visitorB": B_CUSTOMERS, "coord1": a_count,
                      "manager1": a_count, "admin": a_count + B_CUSTOMERS}
    with server.as_user("coordB").session() as s:
        assert s.get(Customer, server.world.customers[0]) is None
        logins = set(s.scalars(select(User.login)))
    assert "coord1" not in logins and {"coordB", "visitorB", "admin"} <= logins


def test_writes_into_another_branch_are_refused(server: Server) -> None:
    coord_b = server.as_user("coordB")
    msg = _refused(coord_b, f"INSERT INTO customer_note (customer_id, author_id, text, created_at) "
                            f"VALUES ({server.world.customers[0]}, 1, 'x', now())")
    assert "row-level security" in msg
    with coord_b.begin() as s:
        changed = s.execute(text("UPDATE customer SET name = 'x' WHERE id = :id"),
                            {"id": server.world.customers[0]}).rowcount
    assert changed == 0


def test_audit_trail_is_insert_only(server: Server) -> None:
    for login in ("visitor1", "coord1", "manager1", "admin"):
        db = server.as_user(login)
        for sql in ("TRUNCATE audit_event", "UPDATE audit_event SET action = 'x'",
                    "DELETE FROM audit_event",
                    "DROP TRIGGER audit_event_append_only ON audit_event"):
            msg = _refused(db, sql)
            assert "permission denied" in msg or "must be owner" in msg, (login, sql, msg)
    assert "permission denied" in _refused(server.as_user("visitor1"),
                                           "SELECT * FROM audit_event")
    with server.as_user("manager1").session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent))


def test_full_view_function_requires_a_reason_and_audits(server: Server) -> None:
    visitor = server.as_user("visitor1")
    cid = server.world.customers[0]
    for reason in ("", "   "):
        msg = _refused(visitor, f"SELECT hvdesk_reveal({cid}, 'id_number', '{reason}', NULL)")
        assert "say why" in msg
    before = _audit_count(server, "view_full")
    with visitor.begin() as s:
        value = s.scalar(select(func.hvdesk_reveal(cid, "id_number", "上门核实身份", "desk-1")))
    assert server.owner.cipher.decrypt(pii.CUSTOMER_ID.at(cid), bytes(value)) == id_number(1)
    with server.owner.session() as s:
        event = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert _audit_count(server, "view_full") == before + 1
    assert event is not None and event.actor_login == "visitor1"
    assert event.detail == {"field": "id_number", "reason": "上门核实身份", "via": "server"}
    assert event.desk == "desk-1"
    # Another branch's customer, even with a reason.
    assert "another branch" in _refused(
        visitor, f"SELECT hvdesk_reveal({server.b_customers[0]}, 'phone', 'x', NULL)")


def test_reveal_service_goes_through_the_server_function(server: Server) -> None:
    visitor_db = server.as_user("visitor1")
    v1 = server.actors["visitor1"]
    cid = server.world.customers[1]
    before = _audit_count(server, "view_full")
    with visitor_db.begin() as s, pytest.raises(ValidationError):
        customer_file.reveal(s, visitor_db.cipher, v1, cid, "phone", "")
    with visitor_db.begin() as s:
        phone = customer_file.reveal(s, visitor_db.cipher, v1, cid, "phone", "约定上门时间")
    assert phone == "13912340001"
    assert _audit_count(server, "view_full") == before + 1  # once, by the server
    with visitor_db.begin() as s, pytest.raises((PermissionDenied, NotFound)):
        customer_file.reveal(s, visitor_db.cipher, server.actors["visitor1"],
                             server.b_customers[0], "phone", "x")


# --- the app works through a user's own connection ------------------------------
def test_customer_list_and_masked_file_as_visitor_and_other_branch(server: Server) -> None:
    coord_b = server.as_user("coordB")
    with coord_b.session() as s:
        page = customer_list.fetch_page(s, server.actors["coordB"], CustomerQuery())
        assert {r.id for r in page.rows} == set(server.b_customers)
    visitor_db = server.as_user("visitor1")
    with visitor_db.session() as s:
        page = customer_list.fetch_page(s, server.actors["visitor1"], CustomerQuery())
        assert page.rows
    with visitor_db.begin() as s:
        file = customer_file.load_file(s, visitor_db.cipher, server.actors["visitor1"],
                                       server.world.customers[0])
    assert file.personal.id_number_masked.startswith("510107")
    assert "*" in file.personal.id_number_masked and file.personal.age is None
    assert file.personal.sex == "M"  # sequence 001: odd
    coord_db = server.as_user("coord1")
    with coord_db.begin() as s:
        full = customer_file.load_file(s, coord_db.cipher, server.actors["coord1"],
                                       server.world.customers[0])
    assert full.personal.age is not None and full.personal.sex == "M"


def test_stale_customer_edit_names_the_last_saver_without_the_trail(server: Server) -> None:
    """A coordinator may not read the audit trail on the server: the refusal of a stale
    edit names who saved last from the row, instead of failing on audit_event (soak)."""
    coord_db = server.as_user("coord1")
    actor = server.actors["coord1"]
    customer_id = server.world.customers[2]
    with coord_db.session() as s:
        version = customers.get_customer(s, actor, customer_id).version
    with coord_db.begin() as s:
        customers.update_customer(s, coord_db.cipher, actor, customer_id, version,
                                  {"current_address": "成都市武侯区浆洗街1号"})
    with pytest.raises(StaleEdit, match=r"by coord1 \(at .* UTC\)"), coord_db.begin() as s:
        customers.update_customer(s, coord_db.cipher, actor, customer_id, version,
                                  {"current_address": "成都市武侯区浆洗街2号"})


def test_schedule_notify_report_review_complete_on_own_connections(
    server: Server, tmp_path: Path
) -> None:
    coord_world = dataclasses.replace(server.world, db=server.as_user("coord1"))
    visit_id = make_visit(coord_world)
    with coord_world.db.begin() as s:
        start = at(TUESDAY, 14)
        later = scheduling.create_visit(
            s, server.actors["coord1"], customer_id=server.world.customers[3], start=start,
            end=start + dt.timedelta(hours=1), member_ids=server.world.team(2, 3),
            purpose=VisitPurpose.OVERDUE, now=NOW)
    assert later.id != visit_id
    # Notices: settings (db_meta rows of their own), drafts and a batch to the outbox.
    coord_world.db.dispose()
    # With two branches in the database the notice settings are an admin's (issue 14).
    admin_actors = {**server.world.actors, "coord1": server.actors["admin"]}
    admin_world = dataclasses.replace(server.world, db=server.as_user("admin"),
                                      actors=admin_actors)
    settings = use_outbox(admin_world, str(tmp_path / "outbox"))
    with coord_world.db.begin() as s:
        drafts = prepare_for_visits(s, server.actors["coord1"], [later.id])
    summary = send_notices(coord_world.db, server.actors["coord1"], [d.id for d in drafts],
                           gateway_from_settings(settings), now=NOW)
    assert summary.sent == 1
    visitor_db = server.as_user("visitor1")
    v1 = server.actors["visitor1"]
    with visitor_db.begin() as s:
        rid = open_report(s, v1, visit_id).id
        save_draft(s, v1, rid, full_data())
        submit(s, v1, rid)
    reviewer_db = server.as_user("reviewer1")
    with reviewer_db.begin() as s:
        approve(s, server.actors["reviewer1"], rid)
    with visitor_db.begin() as s:
        scheduling.complete_visit(s, v1, visit_id)
    with server.owner.session() as s:
        actors = set(s.scalars(select(AuditEvent.actor_login).where(
            AuditEvent.entity == "visit_report")))
    assert {"visitor1", "reviewer1"} <= actors
    # The database's identity stays the owner's; notice settings are the coordinators'.
    for sql in ("UPDATE db_meta SET value = 'x' WHERE key = 'database_id'",
                "DELETE FROM db_meta WHERE key = 'pg_role_prefix'"):
        with coord_world.db.begin() as s:
            assert s.execute(text(sql)).rowcount == 0
    assert "row-level security" in _refused(
        coord_world.db, "INSERT INTO db_meta (key, value) VALUES ('key_fingerprint2', 'x')")


# --- login roles follow the user commands ---------------------------------------
def _role_state(srv: Server, name: str) -> tuple[bool, list[str]] | None:
    with srv.owner.session() as s:
        row = s.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"),
                        {"n": name}).first()
        if row is None:
            return None
        groups = list(s.scalars(text(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :n"), {"n": name}))
    return bool(row[0]), groups


def test_user_commands_create_disable_and_repassword_roles(server: Server) -> None:
    admin_db = server.as_user("admin")
    admin = server.actors["admin"]
    with admin_db.begin() as s:
        users.add_user(s, admin, login="newvisitor", display_name="新人", employee_no="V0099",
                       role=Role.VISITOR, branch_code="CQ01", password="Another-456")
    with server.owner.session() as s:
        prefix = s.scalar(text("SELECT value FROM db_meta WHERE key = :k"),
                          {"k": pg_roles.META_ROLE_PREFIX})
    name = pg_roles.login_role_name(prefix, "newvisitor")
    assert _role_state(server, name) == (True, [pg_roles.group_role_name(prefix, "visitor")])
    with server.owner.session() as s:
        assert s.scalar(select(User.db_role).where(User.login == "newvisitor")) == name
    other = server.as_user("visitor2")
    with other.session() as s:
        s.execute(text("SELECT 1"))  # an open session, held by the pool
    with admin_db.begin() as s:
        users.set_active(s, admin, "visitor2", False)
    with pytest.raises(DBAPIError), other.session() as s:
        s.execute(text("SELECT 1"))  # ended, and no new sign-in
    with admin_db.begin() as s:
        users.set_active(s, admin, "newvisitor", False)
    assert _role_state(server, name) == (False, [pg_roles.group_role_name(prefix, "visitor")])
    with admin_db.begin() as s:
        users.set_active(s, admin, "newvisitor", True)
        users.set_password(s, admin, "newvisitor", "Third-pass-789")
    assert _role_state(server, name) == (True, [pg_roles.group_role_name(prefix, "visitor")])
    # Nobody else manages logins, and nobody rewrites another's password hash.
    coord = server.as_user("coord1")
    assert "may not manage" in _refused(
        coord, "SELECT hvdesk_sync_login((SELECT min(id) FROM app_user), NULL)")
    assert "permission denied" in _refused(coord, "UPDATE app_user SET role = 'admin'")
    with coord.begin() as s:
        hit = s.execute(text("UPDATE app_user SET password_hash = 'x' WHERE login <> 'coord1'"))
    assert hit.rowcount == 0
    # A user changes their own password, on the app account and the login role alike.
    visitor_db = server.as_user("visitor1")
    with visitor_db.begin() as s:
        users.set_password(s, server.actors["visitor1"], "visitor1", "Mine-only-123")
    with pytest.raises(PermissionDenied), visitor_db.begin() as s:
        users.set_password(s, server.actors["visitor1"], "visitor2", "Not-yours-123")
    assert "SCRAM" in _refused(
        admin_db, "SELECT hvdesk_sync_login((SELECT min(id) FROM app_user), 'plain-text')")


def test_sign_in_connects_as_the_users_role(server: Server) -> None:
    db, actor = connect.sign_in(server.url, "visitor1", PASSWORD)
    server.opened.append(db)
    assert actor.login == "visitor1" and db.login_role is not None
    with db.session() as s:
        assert s.scalar(text("SELECT session_user")) == db.login_role
    with pytest.raises(AuthenticationFailed):
        connect.sign_in(server.url, "nobody", PASSWORD)
    # Nobody reads password hashes, and one's own connection signs in nobody else.
    for login in ("visitor1", "admin"):
        assert "permission denied" in _refused(server.as_user(login),
                                               "SELECT password_hash FROM app_user")
    with pytest.raises(AuthenticationFailed), db.begin() as s:
        auth.authenticate(s, "coord1", PASSWORD)


def test_init_server_is_idempotent_and_refuses_user_connections(server: Server) -> None:
    again = pg_setup.init_server(server.owner)
    assert again.new_logins == () and again.ungranted == ()
    with pytest.raises(Exception, match="owner"):
        pg_setup.init_server(server.as_user("admin"))
    with server.as_user("visitor1").session() as s, pytest.raises(ProgrammingError):
        s.execute(text("CREATE TABLE x (id int)"))


def test_scram_verifier_is_stored_as_given(server: Server) -> None:
    # The server keeps a verifier as is; a clear password would be hashed anew.
    verifier = pg_roles.scram_verifier("Secret-123")
    with server.owner.begin() as s:
        name = s.scalar(select(User.db_role).where(User.login == "visitor2"))
        s.connection().exec_driver_sql(f"ALTER ROLE \"{name}\" PASSWORD '{verifier}'")
        stored = s.scalar(text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
                          {"n": name})
    assert stored == verifier
    # And it is the verifier the server computes itself from the same salt.
    with server.owner.begin() as s:
        s.execute(text("SET LOCAL password_encryption = 'scram-sha-256'"))
        s.connection().exec_driver_sql(f"ALTER ROLE \"{name}\" PASSWORD 'Secret-123'")
        own = s.scalar(text("SELECT rolpassword FROM pg_authid WHERE rolname = :n"),
                       {"n": name})
    iterations, salt = own.split("$")[1].split(":")
    assert pg_roles.scram_verifier("Secret-123", salt=base64.b64decode(salt),
                                   iterations=int(iterations)) == own


def test_cli_init_server(
    server: Server, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hvdesk.cli import main  # noqa: PLC0415

    assert main(["--db", server.url, "db", "init-server"]) == 0
    out = capsys.readouterr().out
    assert "roles enforced by the server" in out and "warning" not in out
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password\n"))
    assert main(["--db", server.url, "db", "init-server", "--password-of", "admin"]) == 1
    assert "这不是 'admin' 的应用密码" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--db", server.url, "db", "init-server", "--password-of", "admin"]) == 0
    assert "database password of admin set" in capsys.readouterr().out
    assert main(["--db", server.url, "db", "info"]) == 0
    assert "roles enforced by the server: yes" in capsys.readouterr().out


def test_sign_in_before_init_server_uses_the_url_account(pg_url: str) -> None:
    owner = Database.open(pg_url)
    migrations.upgrade(owner)
    try:
        make_world(owner)
        db, actor = connect.sign_in(pg_url, "coord1", PASSWORD)
        assert db.login_role is None and actor.login == "coord1"
        db.dispose()
        with pytest.raises(AuthenticationFailed):
            connect.sign_in(pg_url, "coord1", "wrong-password")
    finally:
        owner.dispose()
    assert connect.needs_user_credentials("postgresql+psycopg://server/hvdesk")
    assert not connect.needs_user_credentials(pg_url)
    assert not connect.needs_user_credentials("sqlite:///x.db")


def test_a_desk_moving_a_customer_updates_the_map_counts_it_may_only_read(
    server: Server,
) -> None:
    """map_cell is kept by a trigger with the owner's rights (migration 0023): a desk's
    role writes no map_cell row itself, yet its customer edits move the counts."""
    from hvdesk.geo.geocode import place_manually  # noqa: PLC0415
    from hvdesk.mapping import viewport as vp  # noqa: PLC0415
    from hvdesk.model import MapCell  # noqa: PLC0415

    coord_db = server.as_user("coord1")
    actor = server.actors["coord1"]
    customer_id = server.world.customers[1]
    with coord_db.begin() as s:
        place_manually(s, actor, customer_id, 45.75, 126.65)  # Harbin: a cell of its own
    area = vp.Bounds(45.7, 126.6, 45.8, 126.7)
    with coord_db.session() as s:
        cells = vp.stored_cells(s, actor, CustomerQuery(), area, 11)
        assert cells is not None and sum(c.count for c in cells) == 1
        assert vp.cells_in(s, actor, CustomerQuery(), area, 11)[0].count == 1
    with pytest.raises(DBAPIError), coord_db.begin() as s:
        s.execute(text("UPDATE map_cell SET n = n + 1"))
    with coord_db.session() as s:
        assert s.scalar(select(func.count()).select_from(MapCell)) > 0


def test_search_counts_under_row_security_are_what_the_list_shows(server: Server) -> None:
    """Signed in as each role, with the server's row security: the count of a search
    (from the side table for a coordinator) equals the rows the list gives."""
    for login in ("coord1", "coordB", "visitor1", "reviewer1", "manager1"):
        desk = server.as_user(login)
        actor = server.actors[login]
        for search in ("张", "钱", "z", "q", "qy", "张三"):
            query = CustomerQuery(search=search)
            with desk.session() as s:
                listed = list(customer_list.matching_ids(s, actor, query, batch=2))
                assert customer_list.count(s, actor, query) == len(listed), (login, search)
                assert customer_list.count(s, actor, query, cap=0) == min(len(listed), 1)
