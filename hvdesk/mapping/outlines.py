"""District (county-level) outlines for the offline map, per province and detail.

``resources/map/boundaries/districts/<province>-<detail>.json.gz`` (built by
:mod:`hvdesk.geo.boundary_build`): "coarse" (~300 m) from zoom 8, "fine"
(~50 m) from zoom 12, so that a street-level view still shows which district
it is in and where its border runs. A page carries the coarse outlines of the
branch's provinces; the application's page asks the bridge for the others,
and for the fine ones, as the view reaches them (a few hundred KB at most).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib.resources.abc import Traversable

from hvdesk.resources import resource

DETAILS = ("coarse", "fine")
#: The zoom from which each detail is drawn (below the first: no districts).
FROM_ZOOM = {"coarse": 8, "fine": 12}


def _file(province: str, detail: str) -> Traversable:
    return resource("map", "boundaries", "districts", f"{province}-{detail}.json.gz")


def available(province: str, detail: str = "coarse") -> bool:
    return (detail in DETAILS and len(province) == 2 and province.isdigit()
            and _file(province, detail).is_file())


@lru_cache(maxsize=16)
def district_outlines(province: str, detail: str) -> str:
    """The province's district outlines as GeoJSON text ("" when there are none):
    features ``{code, name, label: [lat, lon]}`` in WGS-84."""
    if not available(province, detail):
        return ""
    return gzip.decompress(_file(province, detail).read_bytes()).decode("utf-8")
