"""The one masking rule on the screens each role opens (issue 16.1).

Signed in as each role, the test opens the customer list, the customer file,
a visit's details in the calendar, the report form and the review queue, and
reads every visible text (labels, fields, buttons, tables, window titles):
the masked forms are there, the full values the role may not see never are.
The core side (services, exports, PDFs, CLI) is tests/test_masking_everywhere.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model import ReportOutcome, VisitPurpose
from hvdesk.scheduling import service as scheduling
from hvdesk.visitreports import ReportData
from tests.scheduling_helpers import CUSTOMERS, SHANGHAI, World, id_number, make_world
from tests.ui.conftest import sign_in
from tests.ui.test_calendar_support import at, open_page, plan_day
from tests.ui.test_customer_file import open_file
from tests.ui.test_visitreport_support import backend, finished_visit, open_form
from ui.customers.list_page import CustomerListPage
from ui.settings import Settings
from ui.visitreport.review_queue import ReviewQueuePage

LEFT = Qt.MouseButton.LeftButton
NAME, ID_NUMBER, PHONE = CUSTOMERS[0][0], id_number(1), "13912340000"
FULL_ADDRESS, STREET = "四川省成都市测试路1号", "测试路"
MASKED_NAME, LABEL = "张*", f"张* …{ID_NUMBER[-4:]}"
MASKED_ID, MASKED_PHONE = f"510107********{ID_NUMBER[-4:]}", "139****0000"
MASKED_ADDRESS = "四川省成都市****"
#: Roles that see names and addresses in full on screen (domain.md's table: all of them,
#: for the customers in their scope); ID and mobile numbers are masked for every role.
FULL = {"coord1", "visitor1", "reviewer1", "manager1", "admin"}


def model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            value = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
            if value is not None:
                texts.append(str(value))
    return texts


def visible_text(widget: QWidget) -> str:
    """Every text a user can read in ``widget`` and its visible children."""
    texts = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, QLabel | QLineEdit | QAbstractButton):
            texts.append(child.text())
        elif isinstance(child, QTextEdit | QPlainTextEdit):
            texts.append(child.toPlainText())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QTabWidget):
            texts += [child.tabText(i) for i in range(child.count())]
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            texts += model_texts(child.model())
    return "\n".join(texts)


def check(login: str, text: str, *, masked: str, full: str = NAME) -> None:
    """``text`` shows the customer as ``login`` may see him, and no number in full."""
    assert ID_NUMBER not in text, f"{login}: full ID number on screen"
    assert PHONE not in text, f"{login}: full mobile number on screen"
    if login in FULL:
        assert full in text, f"{login}: expected {full!r}"
    else:
        assert masked in text, f"{login}: expected {masked!r}"
        assert NAME not in text, f"{login}: full name on screen"
        assert STREET not in text, f"{login}: full address on screen"


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return make_world(sqlite_db)


def submitted_report(db: Database, visit_id: int) -> int:
    writer = sign_in(db, "visitor1")
    start = dt.datetime.combine(dt.date.today() - dt.timedelta(days=1), dt.time(10),
                                SHANGHAI)
    data = ReportData(outcome=ReportOutcome.NOBODY_HOME, arrived_at=start,
                      left_at=start + dt.timedelta(minutes=10))
    with db.begin() as s:
        view = vr.open_report(s, writer, visit_id)
        view = vr.save_draft(s, writer, view.id, data, expected_version=view.lock_version)
        return vr.submit(s, writer, view.id, expected_version=view.lock_version).id


@pytest.fixture
def reported(sqlite_db: Database, world: World) -> int:
    """Customer 0's visit by visitor1 and visitor2 yesterday, its report waiting for review."""
    visit = finished_visit(sqlite_db, world, customer=0)
    submitted_report(sqlite_db, visit)
    return visit


@pytest.mark.parametrize("login", ["coord1", "visitor1", "reviewer1", "manager1", "admin"])
def test_customer_list_and_file(qtbot: QtBot, sqlite_db: Database, world: World,
                                reported: int, settings: Settings, login: str) -> None:
    actor = sign_in(sqlite_db, login)
    page = CustomerListPage(sqlite_db, actor, settings)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: not page.model.loading and page.model.rowCount() > 0,
                    timeout=5000)
    listed = visible_text(page)
    check(login, listed, masked=MASKED_NAME)
    assert MASKED_ID in listed and MASKED_PHONE in listed

    dialog = open_file(qtbot, sqlite_db, actor, world.customers[0])
    assert dialog.file is not None, dialog.message_label.text()
    for index in range(dialog.tabs.count()):  # every tab's table is read
        dialog.tabs.setCurrentIndex(index)
        filed = visible_text(dialog)
        if index == 0:
            check(login, filed, masked=MASKED_ADDRESS, full=FULL_ADDRESS)
            check(login, filed, masked=MASKED_NAME)
            assert MASKED_ID in filed and MASKED_PHONE in filed
        else:
            check(login, filed + "\n" + NAME if login in FULL else filed, masked="")


@pytest.mark.parametrize("login", ["coord1", "visitor1", "manager1"])
def test_calendar_details(qtbot: QtBot, sqlite_db: Database, world: World,
                          settings: Settings, login: str) -> None:
    day = plan_day()
    with sqlite_db.begin() as s:
        visit = scheduling.create_visit(
            s, world.coord, customer_id=world.customers[0], start=at(day, 9),
            end=at(day, 10), member_ids=world.team(0, 1), purpose=VisitPurpose.OVERDUE).id
    page = open_page(qtbot, sqlite_db, sign_in(sqlite_db, login), settings, day)
    blocks = [p.block for p in page.canvas.layout_.placed]
    assert [b.id for b in blocks] == [visit]
    check(login, "\n".join(b.customer for b in blocks), masked=MASKED_NAME)
    qtbot.mouseDClick(page.canvas.viewport(), LEFT, pos=page.canvas.block_point(visit))
    dialog = page.details_dialog
    assert dialog is not None and dialog.isVisible()
    check(login, visible_text(dialog), masked=MASKED_NAME)


@pytest.mark.parametrize("login", ["coord1", "visitor1", "reviewer1"])
def test_report_form_tells_which_customer(qtbot: QtBot, sqlite_db: Database, reported: int,
                                          login: str) -> None:
    form = open_form(qtbot, sqlite_db, login, reported)
    # Where the name is masked, the ID number's last four tell the customers apart.
    check(login, visible_text(form), masked=LABEL)


def test_review_queue(qtbot: QtBot, sqlite_db: Database, reported: int) -> None:
    page = ReviewQueuePage(backend(sqlite_db, "reviewer1"))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0 and page.customer is not None,
                    timeout=5000)
    text = visible_text(page)
    check("reviewer1", text, masked=LABEL)
    assert FULL_ADDRESS in text and MASKED_ID in text and MASKED_PHONE in text
