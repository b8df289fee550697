"""Shared set-up of the dashboard, feedback, promise and cost tests (no tests here).

Data is built with the core services, as the desks would: finished visits,
reports written by the team and approved by the reviewer, promises to pay.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.model import ReportOutcome, Visit, VisitMember, VisitPurpose, VisitStatus
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import SHANGHAI, World
from tests.ui.conftest import activate, sign_in
from tests.visitreport_helpers import full_data
from ui.dashboard.page import DashboardPage
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton


def finished_visit(
    db: Database,
    world: World,
    *,
    days_ago: int = 1,
    customer: int = 0,
    status: VisitStatus = VisitStatus.COMPLETED,
    hour: int = 10,
) -> int:
    """A visit of visitor1 and visitor2 that took place ``days_ago`` (an hour, branch time)."""
    day = dt.date.today() - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(hour, 0), SHANGHAI)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        visit = Visit(branch_id=world.branch_id, customer_id=world.customers[customer],
                      purpose=VisitPurpose.OVERDUE, address="四川省成都市测试路1号",
                      planned_start=start, planned_end=start + dt.timedelta(hours=1),
                      status=status)
        visit.members = [VisitMember(user_id=world.visitors[0], is_lead=True, position=0),
                         VisitMember(user_id=world.visitors[1], position=1)]
        s.add(visit)
        s.flush()
        return visit.id


def visit_day(db: Database, visit_id: int) -> dt.date:
    with db.session() as s:
        visit = s.get(Visit, visit_id)
        assert visit is not None
        return visit.planned_start.astimezone(SHANGHAI).date()


def file_report(
    db: Database,
    world: World,
    visit_id: int,
    *,
    submit: bool = True,
    approve: bool = False,
    outcome: ReportOutcome = ReportOutcome.MET_CUSTOMER,
    promise: Decimal | None = Decimal("1500.00"),
    promise_in_days: int = 10,
) -> int:
    """The team's report on the visit (met the customer, a promise to pay by default)."""
    day = visit_day(db, visit_id)
    data = replace(
        full_data(day),
        outcome=outcome,
        promise_amount=promise,
        promise_date=day + dt.timedelta(days=promise_in_days) if promise else None,
    )
    writer = world.actors["visitor1"]
    with db.begin() as s:
        report_id = core.open_report(s, writer, visit_id).id
        core.save_draft(s, writer, report_id, data)
        if submit:
            core.submit(s, writer, report_id)
    if approve:
        approve_report(db, world, report_id)
    return report_id


def approve_report(db: Database, world: World, report_id: int) -> None:
    with db.begin() as s:
        core.approve(s, world.actors["reviewer1"], report_id)


def show(qtbot: QtBot, widget: QWidget, width: int = 1300, height: int = 900) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)


def open_dashboard(
    qtbot: QtBot, db: Database, login: str, settings: Settings
) -> DashboardPage:
    page = DashboardPage(db, sign_in(db, login), settings)
    show(qtbot, page)
    qtbot.waitUntil(lambda: page.board is not None, timeout=10000)
    return page


def press_f5(qtbot: QtBot, page: DashboardPage) -> None:
    """Refresh as a user does, and wait for the figures."""
    activate(qtbot, page)
    page.group_combo.setFocus()
    with qtbot.waitSignal(page.sig_loaded, timeout=10000):
        qtbot.keyClick(page.group_combo, Qt.Key.Key_F5)


def total_cell(page: DashboardPage, card: str, column: str) -> object:
    """The exact figure in a card's table: the period's total row, column ``column``."""
    figures = page.cards[card].model.figures
    return figures.cell("Total", column)


def tick(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a check box or radio button on its indicator, where a user aims."""
    qtbot.mouseClick(button, LEFT, pos=QPoint(8, button.height() // 2))
