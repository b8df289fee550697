"""The map section of the main window: built when first shown, linked to the customer list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from hvdesk.database import Database
from hvdesk.mapping.tiles import TileProvider
from hvdesk.model import Customer, LocationPrecision
from tests.factories import Org
from tests.test_customer_list_service import Spec, seed_customers
from tests.ui.conftest import click_rail, open_window
from ui.customers.list_page import CustomerListPage
from ui.i18n import Translations
from ui.map.settings import MapSettings
from ui.map_link import MapSection
from ui.settings import Settings

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.map import MapView


def _open_map(qtbot: QtBot, window: MainWindow, section: MapSection) -> MapView:
    """The user clicks 地图 in the rail; the section's view once its page has loaded."""
    click_rail(qtbot, window, "地图")
    view = section.view
    assert view is not None
    qtbot.waitUntil(lambda: view.is_loaded, timeout=30_000)
    return view


def test_map_is_built_on_first_show_and_follows_the_list(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    ids = seed_customers(sqlite_db, org.branch_id,
                         [Spec("张三", dpd=40), Spec("李四", dpd=0), Spec("王五", dpd=100)])
    with sqlite_db.begin() as s:  # placed, so they have markers
        for n, cid in enumerate(ids):
            s.execute(update(Customer).where(Customer.id == cid).values(
                latitude=30.64 + n / 100, longitude=104.04 + n / 100,
                location_precision=LocationPrecision.STREET, location_source="test"))
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    section = window.pages["map"]
    customers = window.pages["customers"]
    assert isinstance(section, MapSection)
    assert isinstance(customers, CustomerListPage)
    # No browser process until the user asks for the map.
    assert section.view is None

    view = _open_map(qtbot, window, section)

    # A pick on the map (marker click or rectangle) selects those rows in the list.
    # (the list looks the rows up on a worker)
    with qtbot.waitSignals([section.sig_picked, customers.sig_customers_selected]):
        view.sig_customers_clicked.emit([ids[0], ids[2]])
    assert sorted(customers.selected_customer_ids()) == sorted([ids[0], ids[2]])
    assert "2" in window.statusBar().currentMessage()

    # Rows selected in the list are highlighted on the map.
    # The page answers every hvSelect; wait for the answer to this one.
    with qtbot.waitSignal(view.sig_highlighted, timeout=10_000,
                          check_params_cb=lambda got: got == [ids[1]]) as highlighted:
        customers.sig_selection_changed.emit([ids[1]])
    assert highlighted.args[0] == [ids[1]]
    view.cleanup()


def test_the_tile_provider_the_user_picks_is_remembered(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    window = open_window(qtbot, sqlite_db, "coord1", settings, translations)
    section = window.pages["map"]
    assert isinstance(section, MapSection)
    view = _open_map(qtbot, window, section)
    assert view.provider is TileProvider.AUTO

    # The page's own "switch to the offline map" (tiles failed) is not kept: "auto"
    # falls back by itself, and comes back when the tiles do.
    view.bridge.sig_use_offline.emit()
    assert view.provider is TileProvider.OFFLINE
    assert MapSettings(Settings(settings.path)).tile_provider is TileProvider.AUTO

    # The user picks AMap in the box with the keyboard (the item above "offline").
    view.provider_combo.setFocus()
    with qtbot.waitSignal(view.sig_provider_chosen):
        qtbot.keyClick(view.provider_combo, Qt.Key.Key_Up)
    assert view.provider is TileProvider.AMAP
    # What the next start reads (a second Settings on the same file).
    assert MapSettings(Settings(settings.path)).tile_provider is TileProvider.AMAP
    view.cleanup()
