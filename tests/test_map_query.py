"""What the map reads: the list's filter, visit states, masking, the day's routes; the CLI."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hvdesk import demo, migrations
from hvdesk.cli import main
from hvdesk.database import Database
from hvdesk.errors import NotFound
from hvdesk.mapping import MapState
from hvdesk.mapping.query import day_routes, load_map_data, map_points
from hvdesk.model import AuditEvent, Customer, User, Visit, VisitMember, VisitStatus
from hvdesk.services.auth import actor_by_login
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery, DpdBucket, count

TODAY = dt.date(2026, 11, 25)
#: The demo's random passwords, kept for the CLI tests (it asks for them: issue 14).
_PASSWORDS: dict[str, str] = {}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{(tmp_path_factory.mktemp('mapdemo') / 'demo.db').as_posix()}"
    db = Database.open(url)
    migrations.upgrade(db)
    _PASSWORDS.update(demo.generate(db, customers=300, seed=9, today=TODAY).passwords)
    db.dispose()
    return url


@pytest.fixture
def demo_db(demo_url: str) -> Iterator[Database]:
    db = Database.open(demo_url)
    yield db
    db.dispose()


def _actor(db: Database, login: str) -> Actor:
    with db.session() as s:
        return actor_by_login(s, login)


def test_points_follow_the_lists_filter(demo_db: Database) -> None:
    coord = _actor(demo_db, "coord1")
    query = CustomerQuery(dpd_bucket=DpdBucket.D31_60)
    with demo_db.session() as s:
        points = map_points(s, coord, query)
        expected = count(s, coord, query)
    assert points and len(points) == expected  # every demo customer is located
    assert all(31 <= p.days_past_due <= 60 for p in points)
    with demo_db.session() as s:
        everyone = map_points(s, coord)
    assert len(everyone) == 300


def _visitor_customers(db: Database, login: str, located: bool = False) -> set[int]:
    with db.session() as s:
        stmt = (
            select(Visit.customer_id).join(VisitMember, VisitMember.visit_id == Visit.id)
            .join(User, User.id == VisitMember.user_id)
            .join(Customer, Customer.id == Visit.customer_id)
            .where(User.login == login, Visit.status != VisitStatus.CANCELLED)
        )
        if located:
            stmt = stmt.where(Customer.latitude.is_not(None))
        return set(s.scalars(stmt))


def test_states_and_scope(demo_db: Database) -> None:
    with demo_db.session() as s:
        full = {p.customer_id: p for p in map_points(s, _actor(demo_db, "coord1"))}
        own = {p.customer_id: p for p in map_points(s, _actor(demo_db, "visitor1"))}
        dnv = set(s.scalars(select(Customer.id).where(Customer.do_not_visit)))
        open_planned = set(
            s.scalars(select(Visit.customer_id).where(Visit.status == VisitStatus.PLANNED))
        )
        names = {cid: name for cid, name in s.execute(select(Customer.id, Customer.name))}
    states = Counter(p.state for p in full.values())
    assert states[MapState.NONE] and states[MapState.COMPLETED]
    # A visitor's map holds the customers of his own visits only (hvdesk.security.scope).
    assert set(own) == _visitor_customers(demo_db, "visitor1") & set(full)
    for cid, point in full.items():
        assert point.label == names[cid]
        if cid in own:  # named as on every screen (domain.md "Who sees what")
            assert own[cid].label == names[cid]
        if cid in dnv:
            assert point.state is MapState.DO_NOT_VISIT
        elif cid in open_planned:
            assert point.state in (MapState.PLANNED, MapState.NOTIFIED)


def _busiest_day(db: Database) -> tuple[dt.date, str]:
    with db.session() as s:
        start, login = s.execute(
            select(Visit.planned_start, User.login)
            .join(VisitMember, VisitMember.visit_id == Visit.id)
            .join(User, User.id == VisitMember.user_id)
            .where(VisitMember.is_lead, Visit.status != VisitStatus.CANCELLED)
            .order_by(Visit.planned_start.desc())
            .limit(1)
        ).one()
    return start.astimezone(dt.timezone(dt.timedelta(hours=8))).date(), login


def test_day_routes_are_numbered_in_route_order(demo_db: Database) -> None:
    coord = _actor(demo_db, "coord1")
    day, lead = _busiest_day(demo_db)
    with demo_db.session() as s:
        routes = day_routes(s, coord, day)
        mine = day_routes(s, coord, day, team=lead)
        with pytest.raises(NotFound):
            day_routes(s, coord, day, team="nobody")
    assert routes and lead in {r.team for r in routes}
    for route in routes:
        assert [stop.order for stop in route.stops] == list(range(1, len(route.stops) + 1))
        assert [stop.time for stop in route.stops] == sorted(stop.time for stop in route.stops)
    assert len(mine) == 1 and mine[0].team == lead
    with demo_db.session() as s:
        data = load_map_data(s, coord, day=day, team=lead)
    assert data.branch is not None and data.branch.name == "成都武侯服务中心"
    assert "51" in data.provinces and data.routes == tuple(mine)


def test_cli_writes_a_page_that_needs_no_network(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HVDESK_PASSWORD", _PASSWORDS["visitor1"])
    day, lead = _busiest_day(demo_db)
    out = tmp_path / "out" / "day.html"
    code = main(
        [
            "--db",
            str(demo_db.engine.url),
            "--as",
            "visitor1",
            "map",
            "-o",
            str(out),
            "--date",
            day.isoformat(),
            "--team",
            lead,
        ]
    )
    stdout = capsys.readouterr().out
    located = _visitor_customers(demo_db, "visitor1", located=True)
    assert code == 0 and f"{len(located)} 位客户" in stdout  # Chinese by default
    html = out.read_text(encoding="utf-8")
    # The legend speaks the CLI's language too (issue 16).
    assert "未安排走访" in html and "No visit planned" not in html
    assert "day_files/vendor/leaflet/leaflet.js" in html and "qrc:" not in html
    for name in ("points.js", "boundaries.js", "hvmap.js", "vendor/leaflet/leaflet.css"):
        assert (out.parent / "day_files" / name).is_file()
    with demo_db.session() as s:
        event = s.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "export")
            .order_by(AuditEvent.id.desc())
            .limit(1)
        ).one()
    assert event.actor_login == "visitor1" and event.detail["kind"] == "map"
    assert event.detail["customers"] == len(located) and event.detail["team"] == lead


def test_cli_refuses_team_without_date(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HVDESK_PASSWORD", _PASSWORDS["coord1"])
    code = main(
        [
            "--db",
            str(demo_db.engine.url),
            "--as",
            "coord1",
            "map",
            "-o",
            str(tmp_path / "x.html"),
            "--team",
            "visitor1",
        ]
    )
    assert code == 1 and "--team 需要同时指定 --date" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_export_needs_an_actor(
    demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(demo_db.engine.url), "map", "-o", str(tmp_path / "x.html")])
    assert code == 1 and "--as" in capsys.readouterr().err
    with demo_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 300
