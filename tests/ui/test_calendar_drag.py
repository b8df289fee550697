"""The calendar's day view driven with the mouse: move, resize, refuse, undo, drop customers."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from hvdesk.database import Database
from hvdesk.model import AuditEvent, Visit, VisitMember, VisitStatus
from hvdesk.scheduling.violations import Violation
from tests.factories import Org, make_org
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import (
    Crew,
    at,
    book,
    make_crew,
    open_page,
    plan_day,
    settle,
    team_key,
)
from ui.calendar.page import CalendarPage
from ui.dragdrop import customer_ids_mime
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def crew(sqlite_db: Database, org: Org) -> Crew:
    return make_crew(sqlite_db, org)


def stored(db: Database, visit_id: int) -> tuple[dt.datetime, dt.datetime, VisitStatus]:
    with db.session() as s:
        v = s.get(Visit, visit_id)
        assert v is not None
        return v.planned_start, v.planned_end, v.status


def members(db: Database, visit_id: int) -> set[int]:
    with db.session() as s:
        return set(s.scalars(select(VisitMember.user_id).where(VisitMember.visit_id == visit_id)))


def drag(qtbot: QtBot, page: CalendarPage, start: QPoint, end: QPoint, steps: int = 6) -> None:
    """Press, move in a few steps (as a hand would), release — on the canvas's viewport."""
    viewport = page.canvas.viewport()
    qtbot.mousePress(viewport, LEFT, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * k / steps)
    qtbot.mouseRelease(viewport, LEFT, pos=end)


def slot(page: CalendarPage, team: tuple[int, ...], when: dt.time) -> QPoint:
    """Where to grab-and-drop so the block's top lands at ``when`` (grabbed 8 px below its top)."""
    column = page.canvas.column_of(team_key(team))
    return page.canvas.slot_point(column, when) + QPoint(0, 7)


def test_drag_a_visit_to_another_slot_saves_it(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    assert [p.block.id for p in page.canvas.layout_.placed] == [visit]

    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        drag(
            qtbot,
            page,
            page.canvas.block_point(visit, "top"),
            slot(page, crew.team_a, dt.time(14, 30)),
        )
    start, end, _ = stored(sqlite_db, visit)
    assert start == at(day, 14, 30)
    assert end == at(day, 15, 30)
    block = page.loaded.data.block(visit) if page.loaded else None
    assert block is not None and block.start == at(day, 14, 30)
    assert not page.message_label.isVisible()
    assert page.undo_action.isEnabled()


def test_drag_onto_a_busy_slot_is_refused_and_put_back(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    first = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    busy = book(sqlite_db, crew, crew.customers[1], at(day, 13))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    before = page.canvas.layout_.find(first)[0]
    canvas, viewport = page.canvas, page.canvas.viewport()

    # While dragging over the other visit, the slot is red and says why.
    qtbot.mousePress(viewport, LEFT, pos=canvas.block_point(first, "top"))
    target = slot(page, crew.team_a, dt.time(13, 15))
    qtbot.mouseMove(viewport, target - QPoint(0, 30))
    qtbot.mouseMove(viewport, target)
    preview = canvas._preview()
    assert preview is not None and preview.state == "refused"
    assert f"already in visit {busy}" in canvas.drag_reasons
    qtbot.mouseRelease(viewport, LEFT, pos=target)
    settle(qtbot, page)

    assert stored(sqlite_db, first)[0] == at(day, 9)
    assert page.message_label.isVisible()
    assert f"already in visit {busy}" in page.message_label.text()
    after = page.canvas.layout_.find(first)[0]
    assert (after.x, after.y) == (before.x, before.y)
    assert not page.undo_action.isEnabled()


def test_drag_into_the_night_is_refused(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    # The consent dialog is offered (issue 18); without recorded consent the rule holds.
    offered: list[object] = []
    page.editor.consent_dialog_hook = lambda d: (offered.append(d), QTimer.singleShot(0, d.reject))
    page.canvas.verticalScrollBar().setValue(0)
    drag(
        qtbot, page, page.canvas.block_point(visit, "top"), slot(page, crew.team_a, dt.time(6, 30))
    )
    settle(qtbot, page)
    assert len(offered) == 1
    assert stored(sqlite_db, visit)[0] == at(day, 9)
    text = page.message_label.text()
    assert "quiet hours 22:00–08:00" in text
    assert page.editor.last_refusal[0].code == "night_hours"


def test_undo_and_redo_a_move_go_through_the_service(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        drag(
            qtbot,
            page,
            page.canvas.block_point(visit, "top"),
            slot(page, crew.team_a, dt.time(15, 0)),
        )
    assert stored(sqlite_db, visit)[0] == at(day, 15)

    page.canvas.setFocus()
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        qtbot.keyClick(page.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(sqlite_db, visit)[:2] == (at(day, 9), at(day, 10))
    assert page.canvas.layout_.find(visit)[0].block.start == at(day, 9)

    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        qtbot.keyClick(
            page.canvas,
            Qt.Key.Key_Z,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert stored(sqlite_db, visit)[0] == at(day, 15)
    with sqlite_db.session() as s:
        moves = s.scalars(
            select(AuditEvent).where(AuditEvent.entity == "visit", AuditEvent.action == "update")
        ).all()
    assert len(moves) >= 3  # the drop, the undo, the redo: each audited by the service


def test_resize_by_dragging_the_bottom_edge(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    bottom = page.canvas.block_point(visit, "bottom")
    column = page.canvas.column_of(team_key(crew.team_a))
    target = page.canvas.slot_point(column, dt.time(10, 30))
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        drag(qtbot, page, bottom, QPoint(bottom.x(), target.y()))
    assert stored(sqlite_db, visit)[:2] == (at(day, 9), at(day, 10, 30))
    assert "length" in page.editor.undo_stack.undoText()


def test_drag_to_another_team_column_reassigns(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    book(sqlite_db, crew, crew.customers[1], at(day, 15), team=crew.team_b)
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        drag(
            qtbot,
            page,
            page.canvas.block_point(visit, "top"),
            slot(page, crew.team_b, dt.time(11, 0)),
        )
    assert members(sqlite_db, visit) == set(crew.team_b)
    assert stored(sqlite_db, visit)[0] == at(day, 11)


def test_dropping_customers_creates_visits_one_after_another(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))  # gives team A a column
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    wanted = crew.customers[3:5]
    mime = customer_ids_mime(wanted)
    target = slot(page, crew.team_a, dt.time(13, 0)) - QPoint(0, 7)
    # A drag over the slot previews it; the drop asks the service.
    viewport = page.canvas.viewport()
    copy = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(target, copy, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(target, copy, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, move)
    assert page.canvas.drop_preview is not None and page.canvas.drop_preview.state == "ok"
    drop = QDropEvent(QPointF(target), copy, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        QApplication.sendEvent(viewport, drop)
    with sqlite_db.session() as s:
        made = s.execute(
            select(Visit.id, Visit.customer_id, Visit.planned_start, Visit.planned_end)
            .where(Visit.customer_id.in_(wanted))
            .order_by(Visit.planned_start)
        ).all()
    assert [m.customer_id for m in made] == wanted
    assert made[0].planned_start == at(day, 13)
    assert made[1].planned_start >= made[0].planned_end + dt.timedelta(minutes=10)
    assert all(members(sqlite_db, m.id) == set(crew.team_a) for m in made)
    assert "Visits planned: 2." in page.message_label.text()


def test_a_refused_drop_of_customers_names_the_reason(
    qtbot: QtBot, sqlite_db: Database, crew: Crew, settings: Settings
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    point = slot(page, crew.team_a, dt.time(9, 15)) - QPoint(0, 7)
    assert page.canvas.drop_customers([crew.customers[2]], point)
    settle(qtbot, page)
    assert "already in visit" in page.message_label.text()
    with sqlite_db.session() as s:
        assert s.scalar(select(Visit.id).where(Visit.customer_id == crew.customers[2])) is None


def test_drag_refuse_and_undo_on_each_backend(
    qtbot: QtBot, db: Database, settings: Settings
) -> None:
    """The same round trip on SQLite and PostgreSQL (timestamptz, exclusion constraint)."""
    crew = make_crew(db, make_org(db))
    day = plan_day()
    visit = book(db, crew, crew.customers[0], at(day, 9))
    busy = book(db, crew, crew.customers[1], at(day, 13))
    page = open_page(qtbot, db, sign_in(db, "coord1"), settings, day)
    drag(
        qtbot, page, page.canvas.block_point(visit, "top"), slot(page, crew.team_a, dt.time(13, 0))
    )
    settle(qtbot, page)
    assert stored(db, visit)[0] == at(day, 9)
    assert f"already in visit {busy}" in page.message_label.text()
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        drag(
            qtbot,
            page,
            page.canvas.block_point(visit, "top"),
            slot(page, crew.team_a, dt.time(15, 0)),
        )
    assert stored(db, visit)[0] == at(day, 15)
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        page.undo_action.trigger()
    assert stored(db, visit)[0] == at(day, 9)


def test_a_soft_rule_is_overridden_with_a_written_reason(
    qtbot: QtBot,
    sqlite_db: Database,
    crew: Crew,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Outside the branch's hours is soft: the coordinator gives a reason, which is audited."""
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    asked: list[list[str]] = []

    def reason(violations: tuple[Violation, ...]) -> str:
        asked.append([v.code for v in violations])
        return "客户只在晚上在家"

    monkeypatch.setattr(page.editor, "ask_override_reason", reason)
    viewport, canvas = page.canvas.viewport(), page.canvas
    target = slot(page, crew.team_a, dt.time(20, 30))
    qtbot.mousePress(viewport, LEFT, pos=canvas.block_point(visit, "top"))
    qtbot.mouseMove(viewport, target - QPoint(0, 20))
    qtbot.mouseMove(viewport, target)
    preview = canvas._preview()
    assert preview is not None and preview.state == "soft"  # amber: may be overridden
    assert "outside the branch's visiting hours 08:00–20:00" in canvas.drag_reasons
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        qtbot.mouseRelease(viewport, LEFT, pos=target)
    assert asked == [["outside_branch_hours"]]
    with sqlite_db.session() as s:
        row = s.execute(
            select(Visit.planned_start, Visit.override_reason).where(Visit.id == visit)
        ).one()
        audited = s.scalar(select(AuditEvent.id).where(AuditEvent.action == "override"))
    assert row == (at(day, 20, 30), "客户只在晚上在家")
    assert audited is not None


def test_without_a_reason_the_soft_rule_holds(
    qtbot: QtBot,
    sqlite_db: Database,
    crew: Crew,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    day = plan_day()
    visit = book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    monkeypatch.setattr(page.editor, "ask_override_reason", lambda _violations: "")
    drag(
        qtbot, page, page.canvas.block_point(visit, "top"), slot(page, crew.team_a, dt.time(20, 30))
    )
    settle(qtbot, page)
    assert stored(sqlite_db, visit)[0] == at(day, 9)
    assert "outside the branch's visiting hours 08:00–20:00" in page.message_label.text()
    assert not page.undo_action.isEnabled()


def test_dropped_customers_on_a_soft_slot_ask_for_a_reason(
    qtbot: QtBot,
    sqlite_db: Database,
    crew: Crew,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    day = plan_day()
    book(sqlite_db, crew, crew.customers[0], at(day, 9))
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, "coord1"), settings, day)
    asked: list[str] = []

    def reason(violations: tuple[Violation, ...]) -> str:
        asked.extend(v.code for v in violations)
        return "客户白天上班"

    monkeypatch.setattr(page.editor, "ask_override_reason", reason)
    point = slot(page, crew.team_a, dt.time(19, 30)) - QPoint(0, 7)
    with qtbot.waitSignal(page.sig_updated, timeout=5000):
        assert page.canvas.drop_customers([crew.customers[3]], point)
    assert asked == ["outside_branch_hours"]  # 19:30–20:30 runs past 20:00
    with sqlite_db.session() as s:
        row = s.execute(
            select(Visit.planned_start, Visit.override_reason).where(
                Visit.customer_id == crew.customers[3]
            )
        ).one()
    assert row == (at(day, 19, 30), "客户白天上班")
    assert page.message_label.text() == "Visits planned: 1."
