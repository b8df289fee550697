"""The customer list page, driven as a user would: typing, clicking, scrolling, selecting."""

from __future__ import annotations

import datetime as dt
import random
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine

from hvdesk.database import Database
from hvdesk.model import Customer, Visit, VisitMember, VisitPurpose, VisitStatus
from hvdesk.services import audit, customer_file, saved_filters
from hvdesk.services import customer_list as service
from hvdesk.services.context import SYSTEM
from hvdesk.services.customer_list import CustomerQuery, DpdBucket, SortKey
from hvdesk.services.customers import CustomerInput
from tests.factories import Org
from tests.scope_helpers import visit_with_report
from tests.test_customer_list_service import Spec, seed_customers
from tests.ui.conftest import activate, sign_in
from ui.customers.filter_bar import DEBOUNCE_MS
from ui.customers.list_model import Column, CustomerListModel
from ui.customers.list_page import CustomerListPage
from ui.i18n import Translations
from ui.settings import Settings

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


@pytest.fixture
def crowd(sqlite_db: Database, org: Org) -> list[int]:
    """450 customers (more than two pages), plus a few we look for by name."""
    rng = random.Random(3)
    specs = [Spec("张三", dpd=95, overdue="5000"), Spec("张三丰", dpd=12),
             Spec("欧阳娜娜", dpd=0, dnv=True)]
    specs += [Spec(rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN]),
                   dpd=rng.choice([0, 0, 0, 5, 20, 35, 70, 120]),
                   overdue=str(rng.randint(0, 90000)),
                   adcode=rng.choice(["510107", "510104", "510108", "110105"]))
              for _ in range(447)]
    return seed_customers(sqlite_db, org.branch_id, specs)


def make_page(qtbot: QtBot, db: Database, settings: Settings, login: str = "coord1",
              ) -> CustomerListPage:
    page = CustomerListPage(db, sign_in(db, login), settings)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    activate(qtbot, page)
    settle(qtbot, page)
    return page


def settle(qtbot: QtBot, page: CustomerListPage) -> None:
    """Wait for the rows of the page's current query (they are read on a worker)."""
    qtbot.waitUntil(lambda: not page.model.loading)


def names(page: CustomerListPage) -> list[str]:
    model = page.model
    return [model.data(model.index(r, Column.NAME)) for r in range(model.rowCount())]


def row_rect_center(page: CustomerListPage, row: int) -> QPoint:
    return page.table.visualRect(page.model.index(row, Column.NAME)).center()


def test_model_passes_the_model_tester(qtmodeltester, qtbot: QtBot, sqlite_db: Database, org: Org,
                                       crowd: list[int]) -> None:
    model = CustomerListModel(sqlite_db, sign_in(sqlite_db, "coord1"),
                              __import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    with qtbot.waitSignal(model.sig_reloaded):
        model.set_query(CustomerQuery())
    qtmodeltester.check(model)
    with qtbot.waitSignal(model.sig_jumped) as jumped:
        model.jump_to_row(420)
    assert jumped.args == [420]
    qtmodeltester.check(model)


def test_typing_in_the_search_box_narrows_the_rows(qtbot: QtBot, sqlite_db: Database, org: Org,
                                                   crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    assert page.model.rowCount() == CustomerListModel.PAGE
    qtbot.waitUntil(lambda: page.count == len(crowd))
    assert page.status_label.text() == "450 customers"
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.filter_bar.search_edit.hasFocus()
    with qtbot.waitSignal(page.model.sig_reloaded, timeout=DEBOUNCE_MS * 10):
        qtbot.keyClicks(page.filter_bar.search_edit, "zs")
    assert set(names(page)) >= {"张三", "张三丰"}
    assert all(n.startswith(("张", "周", "赵")) for n in names(page))  # initials z…s…
    with qtbot.waitSignal(page.model.sig_reloaded, timeout=DEBOUNCE_MS * 10):
        page.filter_bar.search_edit.setText("张三")  # qtbot cannot type CJK
    assert sorted(names(page)) == ["张三", "张三丰"]
    qtbot.waitUntil(lambda: page.status_label.text() == "2 customers")


def test_filters_and_saved_filters(qtbot: QtBot, sqlite_db: Database, org: Org,
                                   crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    bar = page.filter_bar
    bar.dnv_combo.setCurrentIndex(bar.dnv_combo.findData("yes"))
    settle(qtbot, page)
    assert names(page) == ["欧阳娜娜"]
    bar.dnv_combo.setCurrentIndex(0)
    bar.dpd_combo.setCurrentIndex(bar.dpd_combo.findData(DpdBucket.D90_PLUS.value))
    bar.province_combo.setCurrentIndex(bar.province_combo.findData("510000"))
    bar.city_combo.setCurrentIndex(bar.city_combo.findData("510100"))
    bar.district_combo.setCurrentIndex(bar.district_combo.findData("510107"))
    query = page.current_query()
    assert (query.region, query.dpd_bucket) == ("510107", DpdBucket.D90_PLUS)
    settle(qtbot, page)
    assert "张三" in names(page)
    assert all(page.model.row_at(r).days_past_due > 90 for r in range(page.model.rowCount()))

    # Saved on a worker; the change hub brings the new list of saved filters.
    page.save_current_filter("90+ 武侯")
    qtbot.waitUntil(lambda: [f.name for f in page.saved] == ["90+ 武侯"])
    saved = page.saved[0]
    assert saved.query == query
    page.set_query(CustomerQuery())
    assert bar.district_combo.currentData() is None
    settle(qtbot, page)
    page._build_saved_menu()
    titles = [a.text() for a in page.saved_menu.actions()]
    assert "90+ 武侯" in titles
    next(a for a in page.saved_menu.actions() if a.text() == "90+ 武侯").trigger()
    assert page.current_query() == query
    assert bar.district_combo.currentData() == "510107"
    settle(qtbot, page)
    assert "张三" in names(page)
    page.delete_filter(saved, confirm=False)
    qtbot.waitUntil(lambda: page.saved == [])
    with sqlite_db.session() as s:
        assert saved_filters.list_filters(s, sign_in(sqlite_db, "coord1")) == []


def test_clicking_a_header_sorts_in_sql(qtbot: QtBot, sqlite_db: Database, org: Org,
                                        crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.DAYS_PAST_DUE) + 10
    # Default: most days past due first; a click flips it.
    assert page.current_query().sort is SortKey.DAYS_PAST_DUE
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.current_query() == CustomerQuery(sort=SortKey.DAYS_PAST_DUE, descending=False)
    settle(qtbot, page)
    days = [page.model.row_at(r).days_past_due for r in range(page.model.rowCount())]
    assert days == sorted(days) and days[0] == 0
    assert header.sortIndicatorSection() == Column.DAYS_PAST_DUE
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    settle(qtbot, page)
    days = [page.model.row_at(r).days_past_due for r in range(page.model.rowCount())]
    assert days == sorted(days, reverse=True) and days[0] == 120
    # A column without an index does not sort, and the indicator stays put.
    x_phone = header.sectionViewportPosition(Column.PHONE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x_phone, 5))
    assert page.current_query().sort is SortKey.DAYS_PAST_DUE
    assert header.sortIndicatorSection() == Column.DAYS_PAST_DUE


def test_scrolling_to_the_end_fetches_more(qtbot: QtBot, sqlite_db: Database, org: Org,
                                           crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    assert page.model.rowCount() == 200
    bar = page.table.verticalScrollBar()
    previous = 0
    for expected in (400, 450):
        # The range grows when the view lays the new rows out, a moment later.
        qtbot.waitUntil(lambda: bar.maximum() > previous)  # noqa: B023
        previous = bar.maximum()
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda: page.model.rowCount() == expected)  # noqa: B023
    assert not page.model.canFetchMore()
    ids = [page.model.customer_id(r) for r in range(450)]
    assert sorted(ids) == sorted(crowd)


def test_jump_far_down_then_rows_before_fill_in(qtbot: QtBot, sqlite_db: Database, org: Org,
                                                crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    with sqlite_db.session() as s:
        expected = list(service.matching_ids(s, sign_in(sqlite_db, "coord1"), CustomerQuery()))
    with qtbot.waitSignal(page.sig_scrolled) as scrolled:
        page.scroll_to_row(430)
    assert scrolled.args == [430]
    assert page.model.rowCount() == 450
    assert page.table.currentIndex().row() == 430
    # Rows the jump skipped are loaded when asked for (on a worker), in the right order.
    page.model.load_rows(range(450))
    qtbot.waitUntil(lambda: page.model.placeholders() == 0)
    got = [page.model.customer_id(r) for r in range(450)]
    assert got == expected
    with qtbot.waitSignal(page.sig_scrolled) as scrolled:
        page.scroll_to_row(10_000)
    assert scrolled.args == [449]


def test_selection_with_shift_and_ctrl_clicks(qtbot: QtBot, sqlite_db: Database, org: Org,
                                              crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    viewport = page.table.viewport()
    ids = [page.model.customer_id(r) for r in range(6)]
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=row_rect_center(page, 1))
    with qtbot.waitSignal(page.sig_selection_changed) as changed:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ShiftModifier, row_rect_center(page, 3))
    assert changed.args == [ids[1:4]]
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, row_rect_center(page, 5))
    assert page.selected_customer_ids() == [ids[1], ids[2], ids[3], ids[5]]
    # Keyboard: shift+down extends the selection from the current row.
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert page.selected_customer_ids()[-1] == page.model.customer_id(6)


def test_enter_and_double_click_open_the_customer(qtbot: QtBot, sqlite_db: Database, org: Org,
                                                  crowd: list[int], settings: Settings) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    page.table.setFocus()
    page.table.selectionModel().setCurrentIndex(
        page.model.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    with qtbot.waitSignal(page.sig_open_customer) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.customer_id(2)]
    # A real double click starts with a press on the same row (Qt checks).
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=row_rect_center(page, 4))
    with qtbot.waitSignal(page.sig_open_customer) as opened:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=row_rect_center(page, 4))
    assert opened.args == [page.model.customer_id(4)]
    # Down from the search box moves into the list.
    page.focus_search()
    qtbot.keyClick(page.filter_bar.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus()


def test_hidden_column_and_widths_are_remembered(qtbot: QtBot, sqlite_db: Database, org: Org,
                                                 crowd: list[int], tmp_path: Path) -> None:
    settings = Settings(tmp_path / "ui.ini")
    page = make_page(qtbot, sqlite_db, settings)
    header = page.table.horizontalHeader()
    header.customContextMenuRequested.emit(QPoint(10, 5))
    menu = page.column_menu
    phone = next(a for a in menu.actions() if a.text() == "Phone")
    assert phone.isChecked()
    assert not next(a for a in menu.actions() if a.text() == "Name").isEnabled()
    phone.trigger()
    menu.close()
    assert page.table.isColumnHidden(Column.PHONE)
    header.resizeSection(Column.DISTRICT, 222)
    page.close()

    again = make_page(qtbot, sqlite_db, Settings(tmp_path / "ui.ini"))
    assert again.table.isColumnHidden(Column.PHONE)
    assert not again.table.isColumnHidden(Column.ID_NUMBER)
    assert again.table.horizontalHeader().sectionSize(Column.DISTRICT) == 222


def test_a_visitor_lists_his_customers_numbers_masked(
        qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int],
        settings: Settings) -> None:
    # A visitor lists the customers of his own visits (hvdesk.security.scope), by name, with
    # the ID and mobile numbers masked (domain.md "Who sees what").
    with sqlite_db.session() as s:
        ouyang = s.scalars(select(Customer.id).where(Customer.name.like("欧阳%"))).first()
    visit_with_report(sqlite_db, ouyang, [org.actors["visitor1"].user_id])
    page = make_page(qtbot, sqlite_db, settings, login="visitor1")
    page.filter_bar.search_edit.setText("欧阳")
    page.filter_bar.flush()
    settle(qtbot, page)
    assert names(page) == [n for n in names(page) if n.startswith("欧阳") and "*" not in n]
    assert len(names(page)) == 1
    model = page.model
    assert model.data(model.index(0, Column.ID_NUMBER)).count("*") == 8
    assert "****" in model.data(model.index(0, Column.PHONE))


def test_screenshot_in_chinese(qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int],
                               settings: Settings, translations: Translations,
                               qapp: QApplication) -> None:
    from ui.icons import style_sheet  # noqa: PLC0415

    qapp.setStyleSheet(style_sheet())
    try:
        page = make_page(qtbot, sqlite_db, settings)
        qtbot.waitUntil(lambda: page.count is not None)
        assert page.title_label.text() == "客户"
        assert page.model.headerData(Column.DAYS_PAST_DUE, Qt.Orientation.Horizontal) == "逾期天数"
        shots = Path("/tmp/shots")
        shots.mkdir(exist_ok=True)
        assert page.grab().save(str(shots / "customers_zh.png"))
    finally:
        qapp.setStyleSheet("")


def test_selected_rows_drag_as_customer_ids(qtbot: QtBot, sqlite_db: Database, org: Org,
                                            settings: Settings, crowd: list[int]) -> None:
    from ui.dragdrop import CUSTOMER_IDS_MIME, customer_ids_of  # noqa: PLC0415

    page = make_page(qtbot, sqlite_db, settings)
    table = page.table
    assert table.dragEnabled()
    model = page.model
    for row in (0, 2):
        rect = table.visualRect(model.index(row, Column.NAME))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, rect.center())
    indexes = table.selectionModel().selectedIndexes()
    mime = model.mimeData(indexes)
    assert mime.formats() == [CUSTOMER_IDS_MIME]
    assert customer_ids_of(mime) == page.selected_customer_ids()
    assert len(customer_ids_of(mime)) == 2
    # Only ids travel: no name or number in the payload.
    assert model.data(model.index(0, Column.NAME)) not in bytes(
        mime.data(CUSTOMER_IDS_MIME).data()).decode()


class _Reads:
    """SQL statements run off the GUI thread (the workers' reads) while counting."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __enter__(self) -> _Reads:
        event.listen(Engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            self.statements.append(statement)


def test_a_visit_booked_elsewhere_updates_just_that_row(
    qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int], settings: Settings
) -> None:
    """Issue 15: the hub names the customer; only that row is read again (no reload, no count)."""
    page = make_page(qtbot, sqlite_db, settings)
    qtbot.waitUntil(lambda: page.count is not None)
    model = page.model
    before = [[model.data(model.index(r, c)) for c in Column] for r in range(model.rowCount())]
    customer_id = model.customer_id(3)
    assert model.data(model.index(3, Column.NEXT_VISIT)) == ""
    start = dt.datetime(2030, 5, 6, 2, 0, tzinfo=dt.UTC)
    team = [org.actors["visitor1"].user_id, org.actors["coord2"].user_id]
    # As another page (or desk) books it.
    with (_Reads() as reads, qtbot.waitSignal(model.sig_rows_refreshed) as refreshed,
          sqlite_db.begin() as s):
        audit.bind_actor(s, SYSTEM)
        customer = s.get(Customer, customer_id)
        assert customer is not None
        visit = Visit(branch_id=customer.branch_id, customer_id=customer_id,
                      purpose=VisitPurpose.CARE, address=customer.registered_address,
                      planned_start=start, planned_end=start + dt.timedelta(hours=1),
                      status=VisitStatus.PLANNED)
        s.add(visit)
        s.flush()
        for pos, uid in enumerate(team):
            s.add(VisitMember(visit_id=visit.id, user_id=uid, is_lead=pos == 0, position=pos))
    assert refreshed.args == [[customer_id]]
    assert model.data(model.index(3, Column.NEXT_VISIT)) == "2030-05-06 10:00  planned"
    after = [[model.data(model.index(r, c)) for c in Column] for r in range(model.rowCount())]
    changed = [r for r in range(len(before)) if before[r] != after[r]]
    assert changed == [3]
    # The row and its next visit: two statements, keyed by that one id; nothing re-counted.
    assert len(reads.statements) == 2, reads.statements
    assert not any("count(" in sql.lower() for sql in reads.statements)


def test_customers_created_or_no_longer_matching_come_and_go(
    qtbot: QtBot, sqlite_db: Database, org: Org, crowd: list[int], settings: Settings
) -> None:
    page = make_page(qtbot, sqlite_db, settings)
    bar = page.filter_bar
    bar.dnv_combo.setCurrentIndex(bar.dnv_combo.findData("yes"))
    settle(qtbot, page)
    qtbot.waitUntil(lambda: page.count == 1)
    assert names(page) == ["欧阳娜娜"]
    coord = sign_in(sqlite_db, "coord1")
    with qtbot.waitSignal(page.model.sig_membership_changed), sqlite_db.begin() as s:
        created = customer_file.create_customer(s, sqlite_db.cipher, coord, CustomerInput(
            name="钱小红", id_number="11010519491231002X", phone="13700002222",
            registered_address="北京市朝阳区建国路1号", do_not_visit=True,
            do_not_visit_reason="投诉"))
    assert sorted(names(page)) == ["欧阳娜娜", "钱小红"]
    qtbot.waitUntil(lambda: page.count == 2)
    with qtbot.waitSignal(page.model.sig_membership_changed), sqlite_db.begin() as s:
        customer_file.set_do_not_visit(s, sqlite_db.cipher, coord, created.id, created.version,
                                       False, "和解")
    assert names(page) == ["欧阳娜娜"]
    qtbot.waitUntil(lambda: page.count == 1)


def test_sorting_by_the_expected_value_of_a_visit(qtbot: QtBot, sqlite_db: Database, org: Org,
                                                  crowd: list[int], settings: Settings) -> None:
    """Issue 20: the list sorts by the value stored by 'hvdesk priorities refresh'."""
    rng = random.Random(5)
    day = dt.date(2026, 12, 6)
    with sqlite_db.begin() as s:
        for cid in crowd[:200]:  # ranked; the others show "—" and sort as 0
            s.execute(update(Customer).where(Customer.id == cid).values(
                visit_value=Decimal(rng.randint(-300, 3000)), visit_value_on=day))
    page = make_page(qtbot, sqlite_db, settings)
    header = page.table.horizontalHeader()
    page.table.scrollTo(page.model.index(0, Column.VISIT_VALUE))
    assert page.model.headerData(Column.VISIT_VALUE, Qt.Orientation.Horizontal) == "Visit value"
    x = header.sectionViewportPosition(Column.VISIT_VALUE) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.current_query() == CustomerQuery(sort=SortKey.VISIT_VALUE, descending=True)
    settle(qtbot, page)
    values = [page.model.row_at(r).visit_value for r in range(page.model.rowCount())]
    assert values == sorted(values, reverse=True) and values[0] > 0
    shown = page.model.data(page.model.index(0, Column.VISIT_VALUE))
    assert shown == f"{values[0]:,.0f}"
    unranked = next(r for r in range(page.model.rowCount())
                    if page.model.row_at(r).visit_value_on is None)
    assert page.model.data(page.model.index(unranked, Column.VISIT_VALUE)) == "—"
