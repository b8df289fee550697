"""Calendar actions beyond dragging: route a team's day, auto-plan, export."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import icalendar
import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import AuditEvent, Visit
from hvdesk.scheduling.routing import haversine_km
from tests.factories import Org
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import (
    Crew,
    at,
    book,
    make_crew,
    open_page,
    plan_day,
    team_key,
    updated,
)
from ui.calendar.layout import ViewMode
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def crew(sqlite_db: Database, org: Org) -> Crew:
    return make_crew(sqlite_db, org, customers=8)


def test_route_button_numbers_the_team_day(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    # Far, near, middle (customers stand further out with their index): a detour as booked.
    visits = [
        book(sqlite_db, crew, crew.customers[5], at(day, 9)),
        book(sqlite_db, crew, crew.customers[0], at(day, 11)),
        book(sqlite_db, crew, crew.customers[3], at(day, 14)),
    ]
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    column = page.canvas.column_of(team_key(crew.team_a))
    # Travel between consecutive stops is drawn in the day view.
    assert len([leg for leg in page.canvas._legs if leg[0].column == column]) == 2
    with updated(qtbot, page):
        qtbot.mouseClick(page.canvas.viewport(), LEFT, pos=page.canvas.route_button_point(column))
    with sqlite_db.session() as s:
        rows = s.execute(select(Visit.id, Visit.route_order).where(Visit.id.in_(visits)))
        order = {r.id: r.route_order for r in rows}
    assert sorted(order.values()) == [1, 2, 3]

    def tour(ids: list[int]) -> float:
        data = page.loaded.data if page.loaded else None
        assert data is not None
        home = (data.branch.latitude or 0.0, data.branch.longitude or 0.0)
        stops = [(b.latitude or 0.0, b.longitude or 0.0) for b in map(data.block, ids) if b]
        points = [home, *stops, home]
        return sum(haversine_km(a, b) for a, b in itertools.pairwise(points))

    routed = sorted(visits, key=order.__getitem__)
    assert tour(routed) <= tour(visits)  # no longer than the order as booked
    shown = {p.block.id: p.block.route_order for p in page.canvas.layout_.placed}
    assert shown == order
    assert "numbered in route order" in page.message_label.text()


def test_autoplan_shows_ghosts_and_accepts_the_checked_ones(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    pane = page.unscheduled
    qtbot.waitUntil(lambda: pane.model.rowCount() == 8, timeout=5000)
    wanted = pane.shown_ids()[:4]
    op = page.autoplan(wanted, (day, day + dt.timedelta(days=4)))
    assert op is not None
    qtbot.waitUntil(lambda: page.plan is not None, timeout=10000)
    assert page.plan is not None
    ghosts = page.plan.proposals
    assert sorted(g.customer_id for g in ghosts) == sorted(wanted)
    assert page.proposals.isVisible() and page.proposals.list.count() == 4
    assert page.mode is ViewMode.WEEK
    placed = [p for p in page.canvas.layout_.placed if p.block.id < 0]
    assert len(placed) == 4
    with sqlite_db.session() as s:
        assert (
            s.scalar(select(Visit.id).where(Visit.customer_id.in_(wanted))) is None
        )  # nothing saved

    # A click on a ghost block unticks it; accept the rest.
    first = placed[0]
    point = page.canvas.to_viewport(first.x + first.w / 2, first.y + 4)
    page.canvas.ensurePolished()
    qtbot.mouseClick(page.canvas.viewport(), LEFT, pos=point)
    assert first.block.id not in page.proposals.checked_ids()
    with updated(qtbot, page):
        qtbot.mouseClick(page.proposals.accept_checked_button, LEFT)
    with sqlite_db.session() as s:
        made = set(s.scalars(select(Visit.customer_id).where(Visit.customer_id.in_(wanted))))
    assert made == set(wanted) - {first.block.customer_id}
    assert page.plan is None and not page.proposals.isVisible()
    assert all(p.block.id > 0 for p in page.canvas.layout_.placed)
    assert "Proposed visits accepted: 3." in page.message_label.text()


def test_discarding_a_proposal_saves_nothing(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    page.autoplan(crew.customers[:2], (day, day))
    qtbot.waitUntil(lambda: page.plan is not None, timeout=10000)
    qtbot.mouseClick(page.proposals.discard_button, LEFT)
    assert page.plan is None
    assert not [p for p in page.canvas.layout_.placed if p.block.id < 0]
    with sqlite_db.session() as s:
        assert s.scalar(select(Visit.id)) is None


@pytest.mark.parametrize("kind", ["ics", "xlsx"])
def test_export_the_shown_week(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings, tmp_path: Path, kind: str
) -> None:
    day = plan_day()
    a = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    book(sqlite_db, crew, crew.customers[1], at(day, 9), team=crew.team_b)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    page.filter_combo.setCurrentIndex(page.filter_combo.findData(team_key(crew.team_a)))
    target = tmp_path / f"week.{kind}"
    op = page.export(kind, target)
    assert op is not None
    qtbot.waitUntil(lambda: page.message_label.isVisible(), timeout=5000)
    assert page.message_label.text() == f"1 visits written to {target}"
    if kind == "ics":
        cal = icalendar.Calendar.from_ical(target.read_bytes())
        events = [e for e in cal.walk("VEVENT")]
        assert [str(e["uid"]).split("@")[0] for e in events] == [f"visit-{a}"]
    else:
        sheet = openpyxl.load_workbook(target).active
        assert sheet is not None and sheet.max_row == 2
    with sqlite_db.session() as s:
        assert s.scalar(select(AuditEvent.id).where(AuditEvent.action == "export")) is not None


def test_month_view_click_selects_a_day(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "month")
    month = page.month_view
    with qtbot.waitSignal(month.sig_day_clicked) as clicked:
        qtbot.mouseClick(month, LEFT, pos=month.day_point(day) + QPoint(0, 5))
    assert clicked.args == [day]


def test_autoplan_by_expected_value_where_plans_are_made(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 20: the dialog proposes by expected value per hour unless the coordinator unticks
    it; the proposal comes from the value planner and places the customers chosen."""
    from hvdesk.scheduling import autoplan_value  # noqa: PLC0415
    from ui.calendar.proposals import AutoPlanDialog  # noqa: PLC0415

    dialog = AutoPlanDialog(4, plan_day(), plan_day())
    qtbot.addWidget(dialog)
    assert dialog.by_value() and dialog.value_check.text()
    dialog.value_check.click()
    assert not dialog.by_value()  # the coordinator's choice

    calls: list[list[int]] = []
    real = autoplan_value.propose_by_value

    def recording(session, actor, customer_ids, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(sorted(customer_ids))
        return real(session, actor, customer_ids, *args, **kwargs)

    monkeypatch.setattr(autoplan_value, "propose_by_value", recording)
    day = plan_day()
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day, "week")
    pane = page.unscheduled
    qtbot.waitUntil(lambda: pane.model.rowCount() == 8, timeout=5000)
    wanted = pane.shown_ids()[:4]
    assert page.autoplan(wanted, (day, day + dt.timedelta(days=4)), by_value=True) is not None
    qtbot.waitUntil(lambda: page.plan is not None, timeout=20000)
    assert page.plan is not None
    assert calls == [sorted(wanted)]
    assert {g.customer_id for g in page.plan.proposals} <= set(wanted)
    assert page.plan.proposals  # a plan to look at, check and accept as before
