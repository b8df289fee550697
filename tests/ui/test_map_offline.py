"""The map without internet (issue 16.10): it says so plainly and offers the offline map.

Tiles that fail to load (a server that refuses, as without a network) bring a
message across the map with a button that switches to the offline boundary
map; a tiled provider chosen by name but unreachable falls back to the
offline map and the page says why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from hvdesk import demo
from hvdesk.database import Database
from hvdesk.mapping import tiles
from hvdesk.mapping.tiles import TileProvider, TileSource
from hvdesk.services.auth import actor_by_login
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery
from ui.map import MapView

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def demo_db(sqlite_db: Database) -> Database:
    demo.generate(sqlite_db, customers=120, seed=3, today=TODAY)
    return sqlite_db


@pytest.fixture
def coord(demo_db: Database) -> Actor:
    with demo_db.session() as s:
        return actor_by_login(s, "coord1")


def _view(qtbot: QtBot, db: Database, actor: Actor, provider: TileProvider,
          reachable: bool) -> MapView:
    widget = MapView(db, actor, provider=provider, probe=lambda _host: reachable)
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


@pytest.fixture
def refused_tiles(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing listens on port 9 of this machine: every tile fails at once, as offline.
    monkeypatch.setitem(tiles.TILES, TileProvider.OSM,
                        TileSource("http://127.0.0.1:9/{z}/{x}/{y}.png", "test", 17))


def test_tiles_that_do_not_load_are_reported_with_a_way_to_the_offline_map(
    qtbot: QtBot, demo_db: Database, coord: Actor, refused_tiles: None
) -> None:
    view = _view(qtbot, demo_db, coord, TileProvider.OSM, reachable=True)
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    notice = view.labels()["tilesFailed"]
    qtbot.waitUntil(lambda: _js(qtbot, view, "HV.notice || ''").startswith(notice),
                    timeout=20_000)
    assert _js(qtbot, view, "HV.tileErrors") >= 3
    assert view.labels()["useOffline"] in _js(qtbot, view, "HV.notice")

    # The button: the offline map, drawn from local boundaries.
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        _js(qtbot, view, "document.querySelector('.hv-notice-action').click(); true")
    assert view.provider is TileProvider.OFFLINE
    assert _js(qtbot, view, "HV.map.getContainer().classList.contains('hv-offline')") is True
    assert _js(qtbot, view, "HV.notice || ''") == ""
    view.cleanup()


def test_a_provider_chosen_by_name_but_unreachable_says_why_the_map_is_offline(
    qtbot: QtBot, demo_db: Database, coord: Actor
) -> None:
    view = _view(qtbot, demo_db, coord, TileProvider.AMAP, reachable=False)
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    assert _js(qtbot, view, "HV.map.getContainer().classList.contains('hv-offline')") is True
    text = _js(qtbot, view, "HV.notice || ''")
    assert view.tr("AMap (Gaode)") in text and "offline" in text
    view.cleanup()


def test_automatic_without_network_is_the_offline_map_without_a_message(
    qtbot: QtBot, demo_db: Database, coord: Actor
) -> None:
    view = _view(qtbot, demo_db, coord, TileProvider.AUTO, reachable=False)
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    assert _js(qtbot, view, "HV.map.getContainer().classList.contains('hv-offline')") is True
    assert _js(qtbot, view, "HV.notice || ''") == ""
    view.cleanup()


def test_the_list_filter_and_its_counts_are_shown_above_the_map(
    qtbot: QtBot, demo_db: Database, coord: Actor
) -> None:
    from sqlalchemy import func, select, update  # noqa: PLC0415

    from hvdesk.model import Customer  # noqa: PLC0415

    with demo_db.begin() as s:
        everyone = s.scalar(select(func.count()).select_from(Customer)) or 0
        surname = s.scalar(select(func.substr(Customer.name, 1, 1)).group_by(
            func.substr(Customer.name, 1, 1)).order_by(func.count().desc()).limit(1)) or "张"
        like = Customer.name.like(f"{surname}%")
        matching = s.scalar(select(func.count()).where(like)) or 0
        one = s.scalar(select(Customer.id).where(like).limit(1))
        s.execute(update(Customer).where(Customer.id == one)
                  .values(latitude=None, longitude=None))
    view = _view(qtbot, demo_db, coord, TileProvider.OFFLINE, reachable=False)
    with qtbot.waitSignal(view.sig_shown, timeout=60_000):
        view.refresh()
    qtbot.waitUntil(lambda: view.summary is not None, timeout=10_000)
    assert view.filter_label.text() == f"{everyone:,} customers" or \
        view.filter_label.text().startswith(f"{everyone:,}")

    with qtbot.waitSignal(view.sig_summary, timeout=20_000):
        view.set_query(CustomerQuery(search=surname))
    assert view.summary is not None
    assert (view.summary.matching, view.summary.everyone) == (matching, everyone)
    assert view.summary.unplaced >= 1
    text = view.filter_label.text()
    assert f"{matching:,} / {everyone:,}" in text and surname in text
    assert f"another {view.summary.unplaced:,} cannot be placed" in text
    view.cleanup()
