"""The overview page: counted on a worker, and counted again when a change touches its figures."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.services import customer_file, saved_filters
from hvdesk.services.customer_list import CustomerQuery
from hvdesk.services.customers import CustomerInput
from tests.factories import Org
from tests.ui.conftest import sign_in
from ui.pages.overview import OverviewPage


def test_figures_follow_changes_without_a_reload(
    qtbot: QtBot, sqlite_db: Database, org: Org
) -> None:
    page = OverviewPage(sqlite_db, sign_in(sqlite_db, "coord1"))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.data is not None)
    assert page.data is not None
    before = page.data.customers
    assert page.customers_card.value_label.text() == f"{before:,}"
    coord = org.actors["coord1"]
    # A customer created elsewhere (another page, another desk): counted again, once.
    with qtbot.waitSignal(page.sig_refreshed, timeout=5000), sqlite_db.begin() as s:
        customer_file.create_customer(s, sqlite_db.cipher, coord, CustomerInput(
            name="钱小红", id_number="11010519491231002X", phone="13700002222",
            registered_address="北京市朝阳区建国路1号"))
    assert page.customers_card.value_label.text() == f"{before + 1:,}"
    # A change to nothing it counts leaves it alone.
    with qtbot.assertNotEmitted(page.sig_refreshed, wait=800), sqlite_db.begin() as s:
        saved_filters.save_filter(s, coord, "mine", CustomerQuery())
