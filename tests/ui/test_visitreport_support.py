"""Shared set-up of the report-form tests: a branch, a finished visit, signed-in backends.

Holds no tests itself; the report test modules import from it (like
``test_calendar_support``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model import Visit, VisitMember, VisitPurpose, VisitStatus
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from hvdesk.visitreports import ReportView
from tests.scheduling_helpers import SHANGHAI, World, make_world
from tests.ui.conftest import activate, sign_in
from ui.visitreport.backend import ReportBackend
from ui.visitreport.form import ReportForm, open_report_form

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Scene:
    world: World
    visit_id: int
    #: The visit's day, in branch time.
    day: dt.date


def finished_visit(db: Database, world: World, *, days_ago: int = 1,
                   status: VisitStatus = VisitStatus.COMPLETED, customer: int = 0) -> int:
    """A visit of visitor1 and visitor2 that took place ``days_ago`` (10:00–11:00 branch time)."""
    day = dt.date.today() - dt.timedelta(days=days_ago)
    start = dt.datetime.combine(day, dt.time(10, 0), SHANGHAI)
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


def make_scene(db: Database) -> Scene:
    world = make_world(db)
    visit_id = finished_visit(db, world)
    return Scene(world, visit_id, dt.date.today() - dt.timedelta(days=1))


def backend(db: Database, login: str) -> ReportBackend:
    """Signing in as ``login``: each role gets its own backend, as a new window would."""
    return ReportBackend(db, sign_in(db, login), SHANGHAI)


def show(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    activate(qtbot, widget)


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` into the focused ``widget``: keys for ASCII, an input-method commit
    for Chinese (QTest's key clicks know no CJK keys; an IME commits such text this way)."""
    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def settle(qtbot: QtBot, form: ReportForm) -> None:
    """Wait until every step the form started (saves, submit, review) has come back."""
    qtbot.waitUntil(lambda: not form.busy, timeout=5000)


def stored_view(form: ReportForm) -> ReportView:
    """The form's report as stored, read by the test (as the form's user)."""
    with form.backend.db.begin() as session:
        return vr.get_report(session, form.backend.actor, form.report_id)


def open_form(qtbot: QtBot, db: Database, login: str, visit_id: int) -> ReportForm:
    signed_in = backend(db, login)
    views: list[ReportView] = []
    anchor = QWidget()
    qtbot.addWidget(anchor)
    open_report_form(signed_in, anchor, visit_id=visit_id).success(views.append).run()
    qtbot.waitUntil(lambda: bool(views), timeout=5000)
    form = ReportForm(signed_in, views[0])
    # The test owns the widget: qtbot closes it, WA_DeleteOnClose must not delete it twice.
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    show(qtbot, form)
    return form
