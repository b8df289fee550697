"""Tile providers: OpenStreetMap (WGS-84), AMap/Gaode (GCJ-02) and offline (no tiles).

"auto" (the default setting) means OpenStreetMap when its tile server can be
reached and the offline boundary layer otherwise. The reachability probe is a
single TCP connect with a short timeout; callers run it off the GUI thread,
and tests pass the provider explicitly so they never touch the network.
"""

from __future__ import annotations

import enum
import socket
from collections.abc import Callable
from dataclasses import dataclass

from hvdesk.mapping.data import Datum


class TileProvider(enum.StrEnum):
    AUTO = "auto"
    OSM = "osm"
    AMAP = "amap"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class TileSource:
    url: str
    attribution: str
    max_zoom: int
    subdomains: str = "abc"


TILES: dict[TileProvider, TileSource] = {
    TileProvider.OSM: TileSource(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
        19,
    ),
    TileProvider.AMAP: TileSource(
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
        "&copy; 高德地图 AutoNavi",
        18,
        "1234",
    ),
}

#: Zoom range of the map. markercluster builds one grid per zoom level for every
#: point, so each level costs about 0.3 s per 100k customers when the page
#: loads: China fits in the window at 4, houses 10 m apart separate at 16 (the
#: offline layer has nothing finer to show), and street tiles stop at 17.
MIN_ZOOM = 4
OFFLINE_MAX_ZOOM = 16
TILED_MAX_ZOOM = 17


def max_zoom(provider: TileProvider) -> int:
    source = TILES.get(provider)
    return OFFLINE_MAX_ZOOM if source is None else min(source.max_zoom, TILED_MAX_ZOOM)


def datum_of(provider: TileProvider) -> Datum:
    return Datum.GCJ02 if provider is TileProvider.AMAP else Datum.WGS84


def _probe_host(provider: TileProvider) -> str:
    return (
        "tile.openstreetmap.org" if provider is not TileProvider.AMAP else "webrd01.is.autonavi.com"
    )


def network_reachable(host: str, port: int = 443, timeout: float = 1.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def resolve_provider(
    setting: TileProvider | str,
    probe: Callable[[str], bool] = network_reachable,
) -> TileProvider:
    """The provider to draw with: "auto" becomes OSM or offline; a tiled provider
    whose server cannot be reached falls back to offline."""
    provider = TileProvider(setting)
    if provider is TileProvider.OFFLINE:
        return provider
    wanted = TileProvider.OSM if provider is TileProvider.AUTO else provider
    return wanted if probe(_probe_host(wanted)) else TileProvider.OFFLINE
