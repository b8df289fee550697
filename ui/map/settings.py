"""The map's settings, kept in the user's ``ui.ini`` (same pattern as the list's).

``ui.settings.Settings`` offers ``raw``/``store`` for any key; the map declares
its keys once, with types, defaults and the closed set of values.
"""

from __future__ import annotations

from hvdesk.geo.online import PROVIDERS
from hvdesk.mapping.tiles import TileProvider
from ui.settings import Setting, Settings

#: "auto": OpenStreetMap when reachable, else the offline boundary layer.
TILE_PROVIDER = Setting(
    "map/tile_provider", str, TileProvider.AUTO.value, choices=[p.value for p in TileProvider]
)
#: Online geocoder for batch geocoding; "none" sends no address anywhere.
GEOCODER = Setting("map/geocoder", str, "none", choices=list(PROVIDERS))


class MapSettings:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    @property
    def tile_provider(self) -> TileProvider:
        return TileProvider(TILE_PROVIDER.decode(self._settings.raw(TILE_PROVIDER.key)))

    def set_tile_provider(self, provider: TileProvider) -> None:
        self._settings.store(TILE_PROVIDER.key, provider.value)

    @property
    def geocoder(self) -> str:
        return GEOCODER.decode(self._settings.raw(GEOCODER.key))

    def set_geocoder(self, name: str) -> None:
        if name not in PROVIDERS:
            raise ValueError(f"unknown geocoder {name!r}")
        self._settings.store(GEOCODER.key, name)
