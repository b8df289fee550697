"""The map section of the main window, built the first time it is shown.

QtWebEngine starts a browser process; a user who never opens the map (and
every window in the tests) should not pay for it. Once built, the map follows
the customer list: it shows the list's filter, a marker click or a rectangle
selects those customers in the list, and rows selected in the list are
highlighted on the map.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from hvdesk.database import Database
from hvdesk.mapping.tiles import TileProvider
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery
from ui.customers.list_page import CustomerListPage
from ui.map.settings import MapSettings
from ui.map.view import MapView
from ui.settings import Settings


class MapSection(QWidget):
    #: Customers picked on the map (marker click or rectangle), already selected in the list.
    sig_picked = Signal(list)

    def __init__(self, db: Database, actor: Actor, settings: Settings,
                 customers: CustomerListPage | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self._db, self._actor, self._settings = db, actor, settings
        self._customers = customers
        self.view: MapView | None = None
        self._shown_query: CustomerQuery | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        if customers is not None:
            customers.sig_selection_changed.connect(self._list_selected)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        view = self.ensure_view()
        query = self._customers.current_query() if self._customers is not None else None
        if query is not None and (view.last_page is None or query != self._shown_query):
            self._shown_query = query
            view.set_query(query)
        elif view.last_page is None:
            view.refresh()

    def ensure_view(self) -> MapView:
        if self.view is None:
            self.view = MapView(self._db, self._actor,
                                provider=MapSettings(self._settings).tile_provider, parent=self)
            self.view.sig_customers_clicked.connect(self._map_picked)
            self.view.sig_provider_chosen.connect(
                lambda value: MapSettings(self._settings).set_tile_provider(TileProvider(value)))
            self._layout.addWidget(self.view)
            selected = self._customers.selected_customer_ids() if self._customers else []
            if selected:
                self.view.select_customers(selected)
        return self.view

    def _map_picked(self, ids: list[int]) -> None:
        if self._customers is not None:
            self._customers.select_customers(ids)
        self.sig_picked.emit(ids)

    def _list_selected(self, ids: list[int]) -> None:
        if self.view is not None:
            self.view.select_customers(ids)
