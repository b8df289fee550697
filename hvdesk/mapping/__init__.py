"""The customer map: data read for a page, and the Leaflet page built with folium.

``build_page`` and ``PageInfo`` load :mod:`hvdesk.mapping.page` when first used;
folium (with numpy, requests, jinja2: ~0.4 s and ~35 MB) loads only when a page's
HTML is not in the page cache (:mod:`hvdesk.mapping.pagecache`). Reading an area's
counts, the stored cells a migration fills, or the CLI need none of it.
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
