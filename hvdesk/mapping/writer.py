"""folium writes the page: the map div, ``L.map`` with its options, the scripts and
style sheets named by :mod:`hvdesk.mapping.page`, and a macro calling ``HV.init``.

Kept apart from the page module so that only a page not found in the page cache
(:mod:`hvdesk.mapping.pagecache`) imports folium, branca and jinja2 (with numpy
and requests: ~0.4 s of CPU and ~35 MB).
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
from branca.element import MacroElement
from jinja2 import Template


class _Init(MacroElement):
    """``HV.init(map, config)`` inside the map's own script, after the map exists; the
    per-open part of the config (``window.HV_OPEN``, a script written beside the page)
    is laid over the fixed part written here."""

    _template = Template(
        "{% macro script(this, kwargs) %}\n"
        "HV.init({{ this._parent.get_name() }}, "
        "Object.assign({{ this.config }}, window.HV_OPEN || {}));\n"
        "{% endmacro %}"
    )

    def __init__(self, config: str) -> None:
        super().__init__()
        self._name = "HvInit"
        self.config = config


def write_html(
    *,
    config_json: str,
    scripts: Sequence[tuple[str, str]],
    styles: Sequence[tuple[str, str]],
    title: str,
    max_zoom: int,
    min_zoom: int,
) -> str:
    """The page's HTML; everything it refers to is in ``scripts`` and ``styles``."""
    fmap = folium.Map(
        location=[35.0, 105.0],
        zoom_start=5,
        tiles=None,
        # Map options, not the (absent) tile layer's: markercluster needs maxZoom.
        maxZoom=max_zoom,
        minZoom=min_zoom,
        prefer_canvas=True,
        control_scale=True,
    )
    # Instance lists: the class-level defaults point at CDNs and are shared.
    fmap.default_js = list(scripts)
    fmap.default_css = list(styles)
    fmap.get_root().title = title  # type: ignore[attr-defined]
    _Init(config_json).add_to(fmap)
    html: str = fmap.get_root().render()
    return html

