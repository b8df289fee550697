"""Shared set-up for the notices UI tests (no tests here): visits tomorrow, a page, clicks."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.model import VisitPurpose
from hvdesk.scheduling import service as scheduling
from tests.scheduling_helpers import NOW, TUESDAY, World, at
from tests.ui.conftest import activate, sign_in
from ui.notices import backend as backend_module
from ui.notices.model import Column
from ui.notices.page import NoticesPage
from ui.settings import Settings

LEFT = Qt.MouseButton.LeftButton
#: Tomorrow's visits, seen from NOW (Monday 09:00): two hours apart, team of two.
HOURS = (10, 12, 14)


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """Every notices backend sees NOW (Monday 09:00 in Chengdu) as the time."""
    monkeypatch.setattr(backend_module, "_utc_now", lambda: NOW)
    return NOW


def book_tomorrow(world: World, count: int = 3) -> list[int]:
    """Visits for the first ``count`` customers on TUESDAY (tomorrow), ids in time order."""
    ids = []
    with world.db.begin() as s:
        for k, hour in enumerate(HOURS[:count]):
            start = at(TUESDAY, hour)
            view = scheduling.create_visit(
                s, world.coord, customer_id=world.customers[k], start=start,
                end=start + dt.timedelta(hours=1), member_ids=world.team(),
                purpose=VisitPurpose.OVERDUE, now=NOW)
            ids.append(view.id)
    return ids


def open_notices(qtbot: QtBot, db: Database, settings: Settings,
                 login: str = "coord1") -> NoticesPage:
    page = NoticesPage(db, sign_in(db, login), settings)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    activate(qtbot, page)
    wait_loaded(qtbot, page)
    return page


def wait_loaded(qtbot: QtBot, page: NoticesPage) -> None:
    """Until every read, write and refresh the page started has come back."""
    qtbot.waitUntil(lambda: not page.busy, timeout=10000)


def click_row(qtbot: QtBot, page: NoticesPage, row: int) -> None:
    rect = page.table.visualRect(page.proxy.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), LEFT, pos=rect.center())


def column(page: NoticesPage, which: Column) -> list[str]:
    """The shown texts of one column, top to bottom."""
    return [str(page.proxy.index(r, which).data()) for r in range(page.proxy.rowCount())]


def by_customer(page: NoticesPage, which: Column) -> dict[str, str]:
    return dict(zip(column(page, Column.CUSTOMER), column(page, which), strict=True))


def type_chinese(widget: QWidget, text: str) -> None:
    """Commit ``text`` as an input method does (key clicks cannot carry Chinese)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def box_button(box: QMessageBox, text: str) -> QPushButton:
    found = [b for b in box.buttons() if b.text() == text]
    assert found, f"no button {text!r} in {[b.text() for b in box.buttons()]}"
    button = found[0]
    assert isinstance(button, QPushButton)
    return button
