"""The object the page talks to over QWebChannel (registered as ``bridge``).

Slots are called from JavaScript on the GUI thread; each re-emits a typed
signal. Numbers arrive as JavaScript numbers (floats): ids are made ints here.
``deliver`` goes the other way: the data of an area the page asked for with
``viewport`` (JSON text, read by ``hvShow`` in ``resources/map/hvmap.js``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal, Slot


def _ids(values: Any) -> list[int]:
    return [int(v) for v in (values or [])]


class MapBridge(QObject):
    sig_clicked = Signal(list)
    sig_selected = Signal(list)
    sig_highlighted = Signal(list)
    sig_loaded = Signal(int)
    sig_placed = Signal(int, float, float)
    #: The page shows this area at this zoom: (request number, south, west, north, east, zoom).
    sig_viewport = Signal(int, float, float, float, float, int)
    #: The page painted the answer to a request: (request number, aggregated 0/1, customers).
    sig_shown = Signal(int, bool, int)
    #: A rectangle drawn over cells: (south, west, north, east); the ids come from the database.
    sig_area = Signal(float, float, float, float)
    #: The page's tiles fail and the user asked for the offline map.
    sig_use_offline = Signal()
    #: To the page: (request number, JSON of the area).
    deliver = Signal(int, str)
    #: The page reached a province whose district outlines it lacks: (province, detail).
    sig_outlines = Signal(str, str)
    #: To the page: (province, detail, GeoJSON text or "" when there are none).
    deliverOutlines = Signal(str, str, str)

    @Slot(list)
    def clicked(self, ids: list[Any]) -> None:
        self.sig_clicked.emit(_ids(ids))

    @Slot(list)
    def selected(self, ids: list[Any]) -> None:
        self.sig_selected.emit(_ids(ids))

    @Slot(list)
    def highlighted(self, ids: list[Any]) -> None:
        self.sig_highlighted.emit(_ids(ids))

    @Slot(int)
    def loaded(self, count: int) -> None:
        self.sig_loaded.emit(int(count))

    @Slot(int, float, float)
    def placed(self, customer_id: int, lat: float, lon: float) -> None:
        self.sig_placed.emit(int(customer_id), float(lat), float(lon))

    @Slot(float, float, float, float, float, float)
    def viewport(
        self, seq: float, south: float, west: float, north: float, east: float, zoom: float
    ) -> None:
        self.sig_viewport.emit(int(seq), south, west, north, east, int(zoom))

    @Slot(float, float, float)
    def shown(self, seq: float, aggregated: float, total: float) -> None:
        self.sig_shown.emit(int(seq), bool(aggregated), int(total))

    @Slot(float, float, float, float)
    def area(self, south: float, west: float, north: float, east: float) -> None:
        self.sig_area.emit(south, west, north, east)

    @Slot()
    def useOffline(self) -> None:
        self.sig_use_offline.emit()

    @Slot(str, str)
    def outlines(self, province: str, detail: str) -> None:
        self.sig_outlines.emit(str(province), str(detail))
