"""The customer map: data read for a page, and the Leaflet page built with folium."""

from hvdesk.mapping.data import (
    BranchPoint,
    Datum,
    MapData,
    MapPoint,
    MapState,
    Route,
    Stop,
)
from hvdesk.mapping.page import PageInfo, build_page
from hvdesk.mapping.tiles import TileProvider, resolve_provider

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
