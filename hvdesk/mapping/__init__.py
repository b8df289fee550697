"""The customer map: data read for a page, and the Leaflet page built with folium.

``build_page`` and ``PageInfo`` load :mod:`hvdesk.mapping.page`, and with it folium
(and numpy, requests, jinja2: ~0.5 s and ~30 MB), when first used: reading an
area's counts, the stored cells a migration fills, or the CLI need none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hvdesk.mapping.data import (
    BranchPoint,
    Datum,
    MapData,
    MapPoint,
    MapState,
    Route,
    Stop,
)
from hvdesk.mapping.tiles import TileProvider, resolve_provider

if TYPE_CHECKING:
    from hvdesk.mapping.page import PageInfo, build_page

__all__ = [
    "BranchPoint",
    "Datum",
    "MapData",
    "MapPoint",
    "MapState",
    "PageInfo",
    "Route",
    "Stop",
    "TileProvider",
    "build_page",
    "resolve_provider",
]


def __getattr__(name: str) -> Any:
    if name in ("PageInfo", "build_page"):
        from hvdesk.mapping import page  # noqa: PLC0415

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
