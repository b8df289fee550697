"""The map asks for what it shows: pans and zooms bring each area's data over the bridge.

Run with HVDESK_GUI_SQL=fail: every read happens on a worker.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.mapping.tiles import TileProvider
from hvdesk.model import Customer
from hvdesk.services.auth import actor_by_login
from hvdesk.services.customer_list import CustomerQuery
from ui.map import MapView

TODAY = dt.date(2026, 11, 25)


def _no_network(_host: str) -> bool:
    raise AssertionError("the offline map must not probe the network")


@pytest.fixture
def demo_db(sqlite_db: Database) -> Database:
    demo.generate(sqlite_db, customers=400, seed=7, today=TODAY)
    return sqlite_db


@pytest.fixture
def view(qtbot: QtBot, demo_db: Database) -> Iterator[MapView]:
    with demo_db.session() as s:
        actor = actor_by_login(s, "coord1")
    widget = MapView(demo_db, actor, provider=TileProvider.OFFLINE, probe=_no_network)
    widget.point_limit = 40  # a 400-customer branch behaves like a big one
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.cleanup()


def _js(qtbot: QtBot, view: MapView, script: str) -> Any:
    box: list[Any] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def test_zoomed_out_counts_zoomed_in_customers(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    with qtbot.waitSignal(view.sig_shown, timeout=60_000) as first:
        view.refresh()
    total, cells = first.args or (0, False)
    assert cells is True and total > 40
    # The counts are drawn on one canvas (no element per cell) and add up to the total.
    drawn = _js(qtbot, view, "HV.cells")
    assert drawn > 0 and drawn == _js(qtbot, view, "HV.cellLayer.count()")
    assert _js(qtbot, view, "HV.cellLayer._cells.reduce(function (n, c) { return n + c[2]; }, 0)") \
        == total
    assert _js(qtbot, view, "document.querySelectorAll('.leaflet-marker-icon').length") <= 1
    # Each disc stays inside its own cell's square: none covers another.
    assert _js(qtbot, view, "HV.cellLayer.overlaps()") == 0
    assert _js(qtbot, view, "HV.count") == 0  # no customer drawn one by one
    # The world's counts are read once, on a worker, for the zooms out to come.
    qtbot.waitUntil(lambda: view._base is not None, timeout=20_000)

    # Zoom into one customer's street: the customers of that area arrive.
    with demo_db.session() as s:
        cid, lat, lon = s.execute(
            select(Customer.id, Customer.latitude, Customer.longitude)
            .where(Customer.latitude.is_not(None)).order_by(Customer.id).limit(1)
        ).one()
    asked = _js(qtbot, view, "HV.asked")
    with qtbot.waitSignal(view.sig_shown, timeout=20_000) as zoomed:
        view.run_js(f"HV.map.setView([{lat}, {lon}], 16, {{animate: false}}); true")
    n, cells = zoomed.args or (0, True)
    assert cells is False and 0 < n <= 40
    assert _js(qtbot, view, "HV.asked") == asked + 1
    assert _js(qtbot, view, f"HV.markerOf({cid}) !== null") is True
    assert _js(qtbot, view, "HV.cells") == 0

    # A small pan stays inside the area the page holds: nothing is asked.
    _js(qtbot, view, "HV.map.panBy([40, 30], {animate: false}); true")
    qtbot.wait(300)
    assert _js(qtbot, view, "HV.asked") == asked + 1

    # Zooming out again brings counts.
    with qtbot.waitSignal(view.sig_shown, timeout=20_000) as out:
        view.run_js("HV.map.setZoom(8, {animate: false}); true")
    assert (out.args or [0, False])[1] is True

    # Counts of the whole world (zoom 9 and less) are no customers one by one: zooming
    # in again asks for the street's customers.
    asked = _js(qtbot, view, "HV.asked")
    with qtbot.waitSignal(view.sig_shown, timeout=20_000) as back:
        view.run_js(f"HV.map.setView([{lat}, {lon}], 16, {{animate: false}}); true")
    assert (back.args or [0, True])[1] is False
    assert _js(qtbot, view, "HV.asked") == asked + 1
    assert _js(qtbot, view, f"HV.markerOf({cid}) !== null") is True


def test_a_click_on_a_cell_zooms_to_its_square(qtbot: QtBot, view: MapView) -> None:
    with qtbot.waitSignal(view.sig_shown, timeout=60_000) as first:
        view.refresh()
    assert (first.args or [0, False])[1] is True
    zoom = _js(qtbot, view, "HV.map.getZoom()")
    # Nothing happens where no cell is drawn (a click on the bare map).
    assert _js(qtbot, view, "HV.cellLayer.cellAt(L.point(2, 2)) === null") is True
    # The biggest cell, clicked at its pixel on the canvas as a user would.
    with qtbot.waitSignal(view.sig_shown, timeout=20_000):
        box = json.loads(_js(qtbot, view, "hvClickCell(0)"))
    assert len(box) == 4
    assert _js(qtbot, view, "HV.map.getZoom()") > zoom
    south, west, north, east = box
    inside = (f"(function (c) {{ return c.lat > {south} && c.lat < {north} && c.lng > {west} "
              f"&& c.lng < {east}; }})(HV.map.getCenter())")
    assert _js(qtbot, view, inside) is True


def test_a_narrow_filter_sends_every_customer_at_once(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    query = CustomerQuery(search="王")
    with demo_db.session() as s:
        expected = s.scalar(select(func.count()).select_from(Customer).where(
            Customer.name.contains("王"), Customer.latitude.is_not(None)))
    assert expected is not None and 0 < expected <= 40
    with qtbot.waitSignal(view.sig_shown, timeout=60_000) as shown:
        view.set_query(query)
    assert shown.args == [expected, False]
    # Panning and zooming ask nothing more: the page holds them all.
    asked = _js(qtbot, view, "HV.asked")
    _js(qtbot, view, "HV.map.setZoom(6, {animate: false}); HV.map.panBy([300, 200]); true")
    qtbot.wait(400)
    assert _js(qtbot, view, "HV.asked") == asked


def test_a_rectangle_over_counts_selects_from_the_database(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    box = (30.55, 103.95, 30.75, 104.15)
    with demo_db.session() as s:
        inside = set(s.scalars(select(Customer.id).where(
            Customer.latitude.between(box[0], box[2]), Customer.longitude.between(box[1], box[3]))))
    with qtbot.waitSignal(view.sig_area_selected, timeout=20_000) as picked:
        _js(qtbot, view, "hvSelectArea({}, {}, {}, {})".format(*box))
    assert picked.args is not None and set(picked.args[0]) == inside and inside


def test_selecting_a_customer_outside_the_view_moves_the_map_there(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    with demo_db.session() as s:
        far = s.scalar(select(Customer.id).where(Customer.latitude < 30.0)
                       .order_by(Customer.id).limit(1))
    if far is None:
        pytest.skip("the demo put nobody outside Chengdu")
    with qtbot.waitSignal(view.sig_highlighted, timeout=30_000,
                          check_params_cb=lambda got: got == [far]):
        view.select_customers([far])
