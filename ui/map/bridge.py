"""The object the page talks to over QWebChannel (registered as ``bridge``).

Slots are called from JavaScript on the GUI thread; each re-emits a typed
signal. Numbers arrive as JavaScript numbers (floats): ids are made ints here.
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
