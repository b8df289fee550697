"""The map in QtWebEngine (offscreen): page loads offline, clicks reach Python and back."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.geo.geocode import GeocodeSummary
from hvdesk.mapping import export as export_module
from hvdesk.mapping.export import export_map
from hvdesk.mapping.tiles import TileProvider
from hvdesk.model import Customer, LocationPrecision
from hvdesk.security import scope
from hvdesk.services.auth import actor_by_login
from hvdesk.services.customer_list import CustomerQuery, DpdBucket
from ui.map import MapView
from ui.map.geocoding import start_batch_geocoding

TODAY = dt.date(2026, 11, 25)
SCREENSHOT = os.environ.get("HVDESK_MAP_SCREENSHOT", "")


def _no_network(_host: str) -> bool:
    raise AssertionError("the offline map must not probe the network")


@pytest.fixture
def demo_db(sqlite_db: Database) -> Database:
    demo.generate(sqlite_db, customers=400, seed=7, today=TODAY)
    return sqlite_db


@pytest.fixture
def view(qtbot: QtBot, demo_db: Database) -> Iterator[MapView]:
    with demo_db.session() as s:
        actor = actor_by_login(s, "visitor1")  # his own visits' customers only
        # A visitor's map holds his own visits' customers (issue 14's scope rule).
        mine = s.scalar(select(func.count()).select_from(Customer).where(
            scope.customer_filter(actor), Customer.latitude.is_not(None)))
    widget = MapView(demo_db, actor, provider=TileProvider.OFFLINE, probe=_no_network)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.sig_loaded, timeout=60_000) as loaded:
        widget.refresh()
    assert loaded.args is not None and loaded.args[0] == mine > 20
    yield widget
    widget.cleanup()


def _js(qtbot: QtBot, view: MapView, script: str) -> Any:
    box: list[Any] = []
    view.run_js(script, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=10_000)
    return box[0]


def _visible(s: Session) -> ColumnElement[bool]:
    """The customers on the view's map: visitor1's own visits' (issue 14's scope rule)."""
    return scope.customer_filter(actor_by_login(s, "visitor1"))


def _some_ids(db: Database, n: int) -> list[int]:
    """The first ``n`` customers on the map of the view's visitor (his own visits')."""
    with db.session() as s:
        visitor = actor_by_login(s, "visitor1")
        return list(
            s.scalars(
                select(Customer.id)
                .where(Customer.latitude.is_not(None), scope.customer_filter(visitor))
                .order_by(Customer.id)
                .limit(n)
            )
        )


def test_clicking_a_marker_selects_the_customer(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    target = _some_ids(demo_db, 5)[3]
    with qtbot.waitSignal(view.sig_customers_clicked, timeout=10_000) as clicked:
        assert _js(qtbot, view, f"hvClickCustomer({target})") is True
    assert clicked.args == [[target]]
    # The popup shows the escaped name, as every screen names the customer to this role.
    popup = _js(qtbot, view, "document.querySelector('.hv-popup').innerHTML")
    with demo_db.session() as s:
        name = s.get(Customer, target).name  # type: ignore[union-attr]
    assert f"<b>{name}</b>" in popup


def test_selecting_in_python_highlights_on_the_map(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    ids = _some_ids(demo_db, 3)
    with qtbot.waitSignal(view.sig_highlighted, timeout=10_000) as highlighted:
        view.select_customers(ids)
    assert highlighted.args == [ids]
    assert _js(qtbot, view, "HV.highlighted.length") == 3
    with qtbot.waitSignal(view.sig_highlighted, timeout=10_000) as one:
        view.select_customers([ids[0], 999_999_999])  # unknown ids are skipped
    assert one.args == [[ids[0]]]


def test_rectangle_selection_reports_the_customers_inside(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    box = (30.5, 104.0, 30.7, 104.2)
    margin = 0.02  # customers at one point are spread a few metres apart on the map
    with demo_db.session() as s:
        located = [
            (i, float(lat or 0), float(lon or 0))
            for i, lat, lon in s.execute(select(Customer.id, Customer.latitude, Customer.longitude)
                                         .where(_visible(s)))
        ]
    with qtbot.waitSignal(view.sig_area_selected, timeout=10_000) as area:
        _js(qtbot, view, "hvSelectArea({}, {}, {}, {})".format(*box))
    assert area.args is not None
    chosen = set(area.args[0])
    inside = {
        i
        for i, lat, lon in located
        if box[0] + margin < lat < box[2] - margin and box[1] + margin < lon < box[3] - margin
    }
    outside = {
        i
        for i, lat, lon in located
        if not (box[0] - margin < lat < box[2] + margin and box[1] - margin < lon < box[3] + margin)
    }
    assert inside and inside <= chosen and not chosen & outside


def test_offline_page_draws_boundaries_branch_and_hollow_centroids(
    qtbot: QtBot, view: MapView, demo_db: Database
) -> None:
    assert _js(qtbot, view, "document.querySelectorAll('.leaflet-tile').length") == 0
    assert _js(qtbot, view, "HV_BOUNDARIES.provinces.features.length") == 34
    assert _js(qtbot, view, "document.querySelectorAll('.hv-branch').length") == 1
    assert view.last_shown is not None
    assert _js(qtbot, view, "HV.count") == view.last_shown[0]
    with demo_db.session() as s:
        approx = s.scalar(
            select(Customer.id)
            .where(Customer.location_precision == LocationPrecision.DISTRICT, _visible(s))
            .limit(1)
        )
    if approx is not None:
        # Drawn hollow and dashed: a district centre, not the house.
        assert _js(qtbot, view, f"HV.markerOf({approx}).options.dashArray") == "3 2"
    if SCREENSHOT:
        qtbot.wait(1500)  # let the canvas paint
        view.grab().save(SCREENSHOT)


def test_filter_is_the_lists(qtbot: QtBot, view: MapView, demo_db: Database) -> None:
    with qtbot.waitSignal(view.sig_loaded, timeout=60_000) as loaded:
        view.set_query(CustomerQuery(dpd_bucket=DpdBucket.D90_PLUS))
    with demo_db.session() as s:
        expected = len(
            s.scalars(
                select(Customer.id).where(
                    Customer.days_past_due > 90, Customer.latitude.is_not(None), _visible(s)
                )
            ).all()
        )
    assert loaded.args == [expected]


def test_dragging_a_pin_saves_a_manual_location(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.session() as s:
        actor = actor_by_login(s, "coord1")
    widget = MapView(demo_db, actor, provider=TileProvider.OFFLINE, probe=_no_network)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    with qtbot.waitSignal(widget.sig_loaded, timeout=60_000):
        widget.refresh()
    target = _some_ids(demo_db, 1)[0]
    widget.begin_placement(target)
    qtbot.waitUntil(lambda: _js(qtbot, widget, "!!HV.placing") is True, timeout=10_000)
    with qtbot.waitSignal(widget.sig_customer_placed, timeout=20_000) as placed:
        _js(
            qtbot,
            widget,
            "HV.placing.setLatLng([30.6512, 104.0831]); HV.placing.fire('dragend'); true",
        )
    assert placed.args == [target, 30.6512, 104.0831]
    with demo_db.session() as s:
        c = s.get(Customer, target)
        assert c is not None and c.location_precision is LocationPrecision.MANUAL
        assert (c.latitude, c.longitude) == (30.6512, 104.0831)
    qtbot.waitUntil(lambda: widget.is_loaded, timeout=60_000)  # rebuilt after saving
    widget.cleanup()


def test_cli_page_opens_in_a_plain_browser_view(
    qtbot: QtBot, demo_db: Database, tmp_path: Path
) -> None:
    """The exported page: no bridge, no network, all markers added."""
    with demo_db.session() as s:
        actor = actor_by_login(s, "visitor1")
    with demo_db.begin() as s:
        info = export_map(s, actor, tmp_path / "export.html")
    web = QWebEngineView()
    qtbot.addWidget(web)
    web.resize(800, 600)
    web.show()
    with qtbot.waitSignal(web.loadFinished, timeout=30_000) as finished:
        web.load(QUrl.fromLocalFile(str(info.html)))
    assert finished.args == [True]
    box: list[Any] = []

    def poll() -> bool:
        web.page().runJavaScript("HV.ready ? HV.count : -1", 0, box.append)
        return bool(box) and box[-1] == info.points

    qtbot.waitUntil(poll, timeout=30_000)


def test_an_exported_page_of_many_draws_its_cells_on_a_canvas(
    qtbot: QtBot, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More customers than a page may hold one by one: counts per cell, drawn offline."""
    monkeypatch.setattr(export_module, "EXPORT_POINT_LIMIT", 20)
    with demo_db.begin() as s:
        info = export_map(s, actor_by_login(s, "coord1"), tmp_path / "cells.html")
    assert info.cells > 0 and info.points == 0
    web = QWebEngineView()
    qtbot.addWidget(web)
    web.resize(800, 600)
    web.show()
    with qtbot.waitSignal(web.loadFinished, timeout=30_000):
        web.load(QUrl.fromLocalFile(str(info.html)))
    box: list[Any] = []

    def poll() -> bool:
        web.page().runJavaScript("HV.ready && HV.mode === 'cells' ? HV.cells : -1", 0, box.append)
        return bool(box) and box[-1] == info.cells

    qtbot.waitUntil(poll, timeout=30_000)
    # At the zoom the cells were counted for (and closer) no disc covers another.
    overlaps: list[Any] = []
    zoom = export_module.EXPORT_CELL_ZOOM
    web.page().runJavaScript(f"HV.map.setZoom({zoom}, {{animate: false}}); "
                             "HV.cellLayer.overlaps()", 0, overlaps.append)
    qtbot.waitUntil(lambda: bool(overlaps), timeout=10_000)
    assert overlaps[0] == 0


def test_batch_geocoding_runs_on_a_worker(qtbot: QtBot, demo_db: Database) -> None:
    with demo_db.begin() as s:
        s.execute(update(Customer).where(Customer.id <= 120).values(latitude=None, longitude=None))
        actor = actor_by_login(s, "coord1")
    parent = QWidget()
    qtbot.addWidget(parent)
    progress: list[tuple[int, int]] = []
    done: list[GeocodeSummary] = []
    op = start_batch_geocoding(parent, demo_db, actor)
    op.with_progress(lambda d, t, _label: progress.append((d, t))).success(done.append).run()
    qtbot.waitUntil(lambda: bool(done), timeout=30_000)
    assert done[0].located == 120 and not done[0].cancelled
    assert progress and progress[-1][1] == 120
    with demo_db.session() as s:
        assert s.scalar(select(Customer.id).where(Customer.latitude.is_(None))) is None
