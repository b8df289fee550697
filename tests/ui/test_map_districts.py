"""District outlines on the offline map at every zoom (issue 16.10).

The page carries the coarse outlines of the branch's province; at street zoom
it asks the bridge for the fine ones, and at any zoom it names the province,
city and district at the centre of the view.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.mapping.tiles import TileProvider
from hvdesk.services.auth import actor_by_login
from ui.map import MapView

TODAY = dt.date(2026, 11, 25)
#: The demo branch: Chengdu, Wuhou district (人民南路四段).
WUHOU = (30.625, 104.07)
#: The district layers drawn ("51-coarse,50-coarse"): strings cross runJavaScript plainly.
LAYERS = "(HV.districtLayers || []).join(',')"


@pytest.fixture
def view(qtbot: QtBot, sqlite_db: Database) -> MapView:
    demo.generate(sqlite_db, customers=60, seed=2, today=TODAY)
    with sqlite_db.session() as s:
        actor = actor_by_login(s, "coord1")
    widget = MapView(sqlite_db, actor, provider=TileProvider.OFFLINE, probe=lambda _h: False)
    widget.point_limit = 10  # counts per cell, as a big branch's map opens
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _js(qtbot: QtBot, view: MapView, script: str) -> Any:
    box: list[Any] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def _until(qtbot: QtBot, view: MapView, script: str, wanted: Any, timeout: float = 20.0) -> None:
    """Wait until the page's ``script`` gives ``wanted`` (polled: the answer comes async)."""
    seen: Any = None
    for _ in range(int(timeout / 0.25)):
        seen = _js(qtbot, view, script)
        if wanted(seen) if callable(wanted) else seen == wanted:
            return
        qtbot.wait(250)
    raise AssertionError(f"{script} stayed {seen!r}")


def test_districts_are_outlined_and_named_down_to_the_street(
    qtbot: QtBot, view: MapView
) -> None:
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    lat, lon = WUHOU
    _js(qtbot, view, f"HV.map.setView([{lat}, {lon}], 10, {{animate: false}}); true")
    _until(qtbot, view, LAYERS, lambda v: "51-coarse" in v.split(","))
    # The names drawn on the labels' canvas at this zoom: districts and cities.
    names = _js(qtbot, view, "HV.labels.drawn.join(',')").split(",")
    assert "武侯区" in names and "成都市" in names
    assert _js(qtbot, view, "HV.place") == "四川省 · 成都市 · 武侯区"

    # Street zoom: the fine outlines come over the bridge, and the place stays named.
    _js(qtbot, view, f"HV.map.setView([{lat}, {lon}], 16, {{animate: false}}); true")
    _until(qtbot, view, LAYERS, "51-fine")
    assert _js(qtbot, view, "HV.place") == "四川省 · 成都市 · 武侯区"
    drawn = _js(qtbot, view, "document.querySelectorAll('.leaflet-hvBase-pane canvas').length")
    assert drawn >= 1

    # Zoomed out to the country: no district lines (too many to read), provinces named.
    _js(qtbot, view, "HV.map.setZoom(5, {animate: false}); true")
    _until(qtbot, view, LAYERS, "")
    assert _js(qtbot, view, "HV.place").startswith("四川省")
    names = _js(qtbot, view, "HV.labels.drawn.join(',')").split(",")
    assert "四川省" in names and "成都市" not in names and "武侯区" not in names
    view.cleanup()
