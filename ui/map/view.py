"""``MapView``: the customer map in a QWebEngineView, linked to the customer list.

The page is built on a worker (:mod:`ui.workers`) with its own session: the
branch, the day's routes and the boundary layer, but no customers; it goes
into a private temporary folder with the assets beside it (its HTML, which
folium writes, read from the page cache after the first time), and the view
loads it from that file (``setHtml`` is capped at 2 MB). The page then
asks over QWebChannel for the area it shows (``bridge.viewport``) after every
pan or zoom that leaves the area it has; a worker reads that area of the
list's filter (:func:`hvdesk.mapping.viewport.viewport`: customers when few,
counts per grid cell when many) and the answer goes back on
``bridge.deliver``. Clicks and rectangle selections become
``sig_customers_clicked``; :meth:`select_customers` highlights and pans.

The application shares OpenGL contexts from its start (``ui.app.application``),
as QtWebEngine needs, so this module may load when the map is first opened.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.geo.coords import gcj_to_wgs, wgs_to_gcj
from hvdesk.geo.geocode import place_manually
from hvdesk.mapping.data import Datum
from hvdesk.mapping.outlines import district_outlines
from hvdesk.mapping.query import load_map_frame
from hvdesk.mapping.summary import MapSummary, summary
from hvdesk.mapping.tiles import TileProvider, datum_of, network_reachable, resolve_provider
from hvdesk.mapping.viewport import (
    AREA_PICK_LIMIT,
    POINT_LIMIT,
    WORLD,
    WORLD_CELLS_ZOOM,
    Cell,
    area_from_page,
    cells_for,
    frame_view,
    from_base,
    ids_in,
    locations,
    viewport,
    viewport_json,
)
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery, NextVisitState
from ui.labels import error_text
from ui.map.bridge import MapBridge
from ui.map.web_page import LoggingPage
from ui.workers import Op, OpState

if TYPE_CHECKING:
    from hvdesk.mapping.page import PageInfo

Probe = Callable[[str], bool]


class MapView(QWidget):
    """The map page. Signals carry customer ids; slots take them."""

    #: Most customers of an area drawn one by one (beyond: counts per grid cell).
    point_limit = POINT_LIMIT

    # A marker was clicked or a rectangle drawn: select these customers in the list.
    sig_customers_clicked = Signal(list)
    # A rectangle (shift + drag) selected these customers (also sent as clicked).
    sig_area_selected = Signal(list)
    # The page highlighted these (the ids of :meth:`select_customers` it has points for).
    sig_highlighted = Signal(list)
    # The page painted the customers of the area it shows (how many customers).
    sig_loaded = Signal(int)
    # The same, with whether they were drawn as counts per grid cell (total, aggregated).
    sig_shown = Signal(int, bool)
    # A customer was placed by hand and saved (id, WGS-84 lat, lon).
    sig_customer_placed = Signal(int, float, float)
    # Building or saving failed; the text is for the user.
    sig_failed = Signal(str)
    # The line above the map was counted (the counts are in ``summary``).
    sig_summary = Signal()
    # The user chose a tile provider in the box (its value): the section remembers it.
    # Not when the page's "switch to the offline map" does: "auto" falls back by itself.
    sig_provider_chosen = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        *,
        provider: TileProvider | str = TileProvider.AUTO,
        probe: Probe = network_reachable,
        cache_dir: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._actor, self._probe = db, actor, probe
        self._provider_setting = TileProvider(provider)
        self._query = CustomerQuery()
        self._day: dt.date | None = None
        self._team: str | None = None
        self._tmp = (
            None if cache_dir is not None else tempfile.TemporaryDirectory(prefix="hvdesk-map-")
        )
        self._cache_dir = cache_dir or Path(self._tmp.name if self._tmp else ".")
        self._generation = 0
        self._page_path: Path | None = None
        self._datum = Datum.WGS84
        self._loaded = False
        self._pending: list[int] | None = None
        self._op: Op[Any] | None = None
        self.last_page: PageInfo | None = None
        #: The newest area the page asked for; older answers are dropped.
        self._area_seq = 0
        #: What the page shows now: (customers, drawn as cells).
        self.last_shown: tuple[int, bool] | None = None
        #: How many customers the filter leaves, of how many, and how many are placed.
        self.summary: MapSummary | None = None
        self._summary_seq = 0
        #: The cells of every customer of this filter at WORLD_CELLS_ZOOM, once
        #: read: every lower zoom's counts follow from them without a query.
        self._base: tuple[Cell, ...] | None = None
        #: Bumped whenever those cells no longer hold (another filter, another page).
        self._base_seq = 0
        self._base_asked = False

        self.bridge = MapBridge(self)
        self.bridge.sig_clicked.connect(self.sig_customers_clicked)
        self.bridge.sig_selected.connect(self._area_selected)
        self.bridge.sig_highlighted.connect(self.sig_highlighted)
        self.bridge.sig_placed.connect(self._placed)
        self.bridge.sig_viewport.connect(self._fetch_area)
        self.bridge.sig_shown.connect(self._area_shown)
        self.bridge.sig_area.connect(self._pick_area)
        self.bridge.sig_use_offline.connect(lambda: self.set_provider(TileProvider.OFFLINE))
        self.bridge.sig_outlines.connect(self._send_outlines)
        self._build_ui()
        self.retranslateUi()

    # --- widgets ------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.provider_combo = QComboBox()
        for provider in TileProvider:
            self.provider_combo.addItem("", provider.value)
        self.provider_combo.setCurrentIndex(list(TileProvider).index(self._provider_setting))
        self.provider_combo.currentIndexChanged.connect(self._provider_changed)
        self.provider_combo.activated.connect(
            lambda index: self.sig_provider_chosen.emit(str(self.provider_combo.itemData(index))))
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        self.status_label = QLabel()
        # The list's filter and counts, so the map never shows fewer customers unexplained.
        self.filter_label = QLabel()
        self.filter_label.setObjectName("mapFilter")
        self.filter_label.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.title_label)
        bar.addStretch(1)
        bar.addWidget(self.status_label)
        bar.addWidget(self.provider_combo)
        bar.addWidget(self.refresh_button)

        self.web = QWebEngineView(self)
        page = LoggingPage(self.web)
        settings = page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        # Tiles, when a tiled provider is chosen, come from the network.
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
        self.channel = QWebChannel(page)
        self.channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self.channel)
        self.web.setPage(page)
        self.web.loadFinished.connect(self._load_finished)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.filter_label)
        layout.addWidget(self.web, 1)

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Map"))
        names = self._provider_names()
        for i, provider in enumerate(TileProvider):
            self.provider_combo.setItemText(i, names[provider])
        self.provider_combo.setToolTip(self.tr("Background map"))
        self.refresh_button.setText(self.tr("Refresh"))
        self._show_status()
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def labels(self) -> dict[str, Any]:
        """The page's texts, translated (the page itself has no translator)."""
        return {
            "title": self.tr("Customers"),
            "states": [
                self.tr("No visit planned"),
                self.tr("Visit planned"),
                self.tr("Notified"),
                self.tr("Visited"),
                self.tr("Do not visit"),
            ],
            "approx": self.tr("Approximate (district centre)"),
            "ring": self.tr("Dark ring: days past due (thicker = longer)"),
            "cells": self.tr("Numbered circle: customers in that area (orange: share overdue)"),
            "hint": self.tr("Shift + drag: select an area"),
            "dpd": self.tr("Days past due"),
            "customers": self.tr("Customers"),
            "route": self.tr("Route of the day"),
            "boundaries": self.tr("Boundaries"),
            "drag": self.tr("Drag to the customer's home"),
            "tilesFailed": self.tr(
                "The background map cannot be loaded (no internet connection?)."),
            "useOffline": self.tr("Switch to the offline map"),
        }

    def _provider_names(self) -> dict[TileProvider, str]:
        return {
            TileProvider.AUTO: self.tr("Automatic"),
            TileProvider.OSM: self.tr("OpenStreetMap"),
            TileProvider.AMAP: self.tr("AMap (Gaode)"),
            TileProvider.OFFLINE: self.tr("Offline (boundaries only)"),
        }

    def _fallback_notice(self, wanted: TileProvider) -> str:
        return self.tr("{0} cannot be reached (no internet connection?): this is the offline "
                       "map.").format(self._provider_names()[wanted])

    def _show_status(self, text: str | None = None) -> None:
        if text is not None:
            self.status_label.setText(text)
        elif self._op is not None and self._op.running:
            self.status_label.setText(self.tr("Building the map…"))
        elif self._loaded and self.last_shown is not None:
            total, cells = self.last_shown
            if cells:
                self.status_label.setText(
                    self.tr("{0} customers here, counted per area: zoom in to see each one")
                    .format(f"{total:,}"))
            else:
                self.status_label.setText(self.tr("{0} customers on the map").format(f"{total:,}"))
        else:
            self.status_label.setText("")

    # --- public API -----------------------------------------------------------------------
    @property
    def is_loaded(self) -> bool:
        return self._loaded

    @property
    def provider(self) -> TileProvider:
        return self._provider_setting

    def set_provider(self, provider: TileProvider | str) -> None:
        self.provider_combo.setCurrentIndex(list(TileProvider).index(TileProvider(provider)))

    def set_query(self, query: CustomerQuery) -> None:
        """Show the customers the list shows with ``query`` (the page asks again)."""
        self._query = query
        self.reload_area()

    # --- the line above the map -------------------------------------------------------------
    def _count(self) -> None:
        self._summary_seq += 1
        seq, db, actor, query = self._summary_seq, self._db, self._actor, self._query

        def work(_state: OpState) -> tuple[int, MapSummary]:
            with db.session() as session:
                return seq, summary(session, actor, query)

        Op(self, work).success(self._counted).run()

    def _counted(self, result: tuple[int, MapSummary]) -> None:
        seq, counted = result
        if seq == self._summary_seq:  # a newer filter is being counted otherwise
            self.summary = counted
            self._show_summary()
            self.sig_summary.emit()

    def filter_text(self) -> str:
        """The list's filter in words: "张、成都市、逾期 1–30 天" (empty: no filter)."""
        q = self._query
        parts = [q.search.strip()] if q.search.strip() else []
        if self.summary is not None and self.summary.region:
            parts.append(self.summary.region)
        if q.dpd_bucket is not None:
            parts.append(self.tr("{0} days past due").format(q.dpd_bucket.value.replace("-", "–")))
        if q.next_visit is not None:
            parts.append({
                NextVisitState.NONE: self.tr("No visit planned"),
                NextVisitState.PLANNED: self.tr("Visit planned"),
                NextVisitState.NOTIFIED: self.tr("Notified"),
                NextVisitState.CONFIRMED: self.tr("Visit confirmed"),
            }[q.next_visit])
        if q.do_not_visit is not None:
            parts.append(self.tr("Do not visit") if q.do_not_visit else self.tr("Visitable"))
        return self.tr(", ").join(parts)

    def _show_summary(self) -> None:
        s = self.summary
        if s is None:
            self.filter_label.setText("")
            return
        described = self.filter_text()
        if described:
            text = self.tr("{0} / {1} customers, filtered by: {2}").format(
                f"{s.matching:,}", f"{s.everyone:,}", described)
        else:
            text = self.tr("{0} customers").format(f"{s.everyone:,}")
        if s.unplaced > 0:
            text += self.tr("; another {0} cannot be placed on the map (no address "
                            "coordinates)").format(f"{s.unplaced:,}")
        self.filter_label.setText(text)

    def _forget_base(self) -> None:
        self._base, self._base_asked = None, False
        self._base_seq += 1

    def reload_area(self) -> None:
        """Ask the data of the area shown again (the page itself stays)."""
        self._forget_base()
        if self._page_path is None or not self._loaded:
            self.refresh()
            return
        self._loaded = False
        self.run_js("hvRefresh()")
        self._count()

    def set_day(self, day: dt.date | None, team: str | None = None) -> None:
        """Draw the routes of ``day`` (one team's, when ``team`` names a member's login)."""
        self._day, self._team = day, team
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Rebuild the page on a worker; the newest request wins."""
        self._generation += 1
        generation = self._generation
        self._loaded = False
        self._forget_base()
        db, actor, query, day, team = self._db, self._actor, self._query, self._day, self._team
        setting, probe, labels = self._provider_setting, self._probe, self.labels()
        path = self._cache_dir / f"map-{generation}.html"
        limit = self.point_limit
        # Chosen by name and not reachable: the offline map, and the page says why.
        notice = (self._fallback_notice(setting)
                  if setting not in (TileProvider.AUTO, TileProvider.OFFLINE) else None)

        def work(_state: OpState) -> tuple[int, PageInfo, TileProvider]:
            # folium (~0.4 s) loads here, on the worker, for a page not in the page cache.
            from hvdesk.mapping import page, pagecache  # noqa: PLC0415

            provider = resolve_provider(setting, probe)
            with db.session() as session:
                data = load_map_frame(session, actor, day=day, team=team)
                view = frame_view(session, actor, query, data, limit)
            fell_back = provider is TileProvider.OFFLINE and notice is not None
            info = page.build_page(data, path, provider=provider, labels=labels, bridge=True,
                                   dynamic=True, view=view,
                                   notice=notice if fell_back else None,
                                   page_cache=pagecache.default_folder())
            return generation, info, provider

        self._op = Op(self, work).success(self._built).failure(self._build_failed).run()
        self._show_status()
        self._count()

    @Slot(list)
    def select_customers(self, ids: Sequence[int]) -> None:
        """Highlight these customers and pan to them (after loading, if still loading).

        Customers outside the area the page holds are looked up on a worker and
        the map moves to them; they are highlighted when their area arrives.
        """
        wanted = [int(i) for i in ids]
        if not self._loaded:
            self._pending = wanted
            return
        self._pending = None

        def found(count: Any) -> None:
            if wanted and isinstance(count, (int, float)) and int(count) == 0:
                self._locate(wanted)

        self.web.page().runJavaScript(f"hvSelect({json.dumps(wanted)})", 0, found)

    def _locate(self, ids: list[int]) -> None:
        db, actor, query, datum = self._db, self._actor, self._query, self._datum

        def work(_state: OpState) -> list[tuple[float, float]]:
            with db.session() as session:
                return locations(session, actor, query, ids)

        Op(self, work).success(lambda places: self._focus(places, datum)).run()

    def _focus(self, places: list[tuple[float, float]], datum: Datum) -> None:
        if not places:
            return
        if datum is Datum.GCJ02:
            places = [wgs_to_gcj(lat, lon) for lat, lon in places]
        lats, lons = [p[0] for p in places], [p[1] for p in places]
        self.run_js(f"hvFocus({min(lats)}, {min(lons)}, {max(lats)}, {max(lons)})")

    def begin_placement(self, customer_id: int) -> None:
        """Show a draggable pin for the customer; dropping it saves a manual location."""
        self.web.page().runJavaScript(f"hvBeginPlace({int(customer_id)})")

    def run_js(self, script: str, callback: Callable[[Any], None] | None = None) -> None:
        """For tests and the main window's tools: run a snippet that ends in a plain value."""
        if callback is None:
            self.web.page().runJavaScript(script)
        else:
            self.web.page().runJavaScript(script, 0, callback)

    # --- building and loading --------------------------------------------------------------
    def _built(self, result: tuple[int, PageInfo, TileProvider]) -> None:
        from hvdesk.mapping.page import remove_page  # noqa: PLC0415

        generation, info, provider = result
        if generation != self._generation:
            remove_page(info.html)
            return
        old = self._page_path
        self._page_path, self.last_page, self._datum = info.html, info, datum_of(provider)
        self.web.load(QUrl.fromLocalFile(str(info.html)))
        if old is not None and old != info.html:
            remove_page(old)

    def _build_failed(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, HvdeskError) else str(exc)
        self._show_status(self.tr("The map could not be built: {0}").format(text))
        self.sig_failed.emit(text)

    @Slot(bool)
    def _load_finished(self, ok: bool) -> None:
        if not ok:
            self._show_status(self.tr("The map page did not load"))

    # --- areas the page asks for -----------------------------------------------------------
    @Slot(int, float, float, float, float, int)
    def _fetch_area(
        self, seq: int, south: float, west: float, north: float, east: float, zoom: int
    ) -> None:
        self._area_seq = seq
        if self._base is not None and zoom <= WORLD_CELLS_ZOOM:
            self.bridge.deliver.emit(seq, viewport_json(from_base(self._base, zoom), self._datum))
            return
        db, actor, query, datum = self._db, self._actor, self._query, self._datum
        area = area_from_page(south, west, north, east, datum)
        limit = self.point_limit

        def work(_state: OpState) -> tuple[int, str, tuple[Cell, ...], bool]:
            with db.session() as session:
                data = viewport(session, actor, query, area, zoom, limit=limit)
            return seq, viewport_json(data, datum), data.base, data.aggregated

        Op(self, work).success(self._deliver).failure(self._build_failed).run()

    def _deliver(self, result: tuple[int, str, tuple[Cell, ...], bool]) -> None:
        seq, text, base, aggregated = result
        if base:
            self._base = base
        if seq == self._area_seq:  # a newer request is on its way otherwise
            self.bridge.deliver.emit(seq, text)
        if aggregated and self._base is None and not self._base_asked:
            self._read_base()

    def _read_base(self) -> None:
        """The world's counts at WORLD_CELLS_ZOOM, read once after the first area of
        counts: a zoom out to that zoom or less is then answered here, with no query
        while the user waits (a few thousand stored cells, ~30 ms on a worker)."""
        self._base_asked = True
        seq, db, actor, query = self._base_seq, self._db, self._actor, self._query

        def work(_state: OpState) -> tuple[int, tuple[Cell, ...]]:
            with db.session() as session:
                return seq, tuple(cells_for(session, actor, query, WORLD, WORLD_CELLS_ZOOM))

        def done(result: tuple[int, tuple[Cell, ...]]) -> None:
            if result[0] == self._base_seq and self._base is None:
                self._base = result[1]

        Op(self, work).success(done).run()

    @Slot(int, bool, int)
    def _area_shown(self, seq: int, cells: bool, total: int) -> None:
        if seq != self._area_seq:
            return
        self._loaded = True
        self.last_shown = (total, cells)
        self._show_status()
        self.sig_shown.emit(total, cells)
        self.sig_loaded.emit(total)
        if self._pending is not None:
            self.select_customers(self._pending)

    @Slot(str, str)
    def _send_outlines(self, province: str, detail: str) -> None:
        """District outlines the page reached (a file read and unzipped on a worker)."""

        def work(_state: OpState) -> tuple[str, str, str]:
            return province, detail, district_outlines(province, detail)

        Op(self, work).success(lambda r: self.bridge.deliverOutlines.emit(*r)).run()

    @Slot(float, float, float, float)
    def _pick_area(self, south: float, west: float, north: float, east: float) -> None:
        """A rectangle over counts: its customers come from the database."""
        db, actor, query = self._db, self._actor, self._query
        area = area_from_page(south, west, north, east, self._datum)

        def work(_state: OpState) -> list[int]:
            with db.session() as session:
                return list(ids_in(session, actor, query, area, AREA_PICK_LIMIT))

        Op(self, work).success(self._area_selected).run()

    @Slot(list)
    def _area_selected(self, ids: list[int]) -> None:
        self.sig_area_selected.emit(ids)
        self.sig_customers_clicked.emit(ids)

    def _provider_changed(self, index: int) -> None:
        provider = TileProvider(self.provider_combo.itemData(index))
        if provider is not self._provider_setting:
            self._provider_setting = provider
            self.refresh()

    # --- manual placement -------------------------------------------------------------------
    @Slot(int, float, float)
    def _placed(self, customer_id: int, lat: float, lon: float) -> None:
        if self._datum is Datum.GCJ02:
            lat, lon = gcj_to_wgs(lat, lon)
        db, actor = self._db, self._actor

        def work(_state: OpState) -> tuple[int, float, float]:
            with db.begin() as session:
                place_manually(session, actor, customer_id, lat, lon)
            return customer_id, lat, lon

        Op(self, work).success(self._saved_placement).failure(self._placement_failed).run()

    def _placement_failed(self, exc: BaseException) -> None:
        self.run_js("hvEndPlace()")
        text = error_text(exc) if isinstance(exc, HvdeskError) else str(exc)
        self._show_status(self.tr("The location could not be saved: {0}").format(text))
        self.sig_failed.emit(text)

    def _saved_placement(self, result: tuple[int, float, float]) -> None:
        self.run_js("hvEndPlace()")
        self.sig_customer_placed.emit(*result)
        self.reload_area()

    # --- cleanup ------------------------------------------------------------------------------
    def closeEvent(self, event: Any) -> None:
        self.cleanup()
        super().closeEvent(event)

    def cleanup(self) -> None:
        """Delete the built pages (the temporary folder goes with the widget)."""
        if self._page_path is not None:
            from hvdesk.mapping.page import remove_page  # noqa: PLC0415  (a page was built)

            remove_page(self._page_path)
            self._page_path = None
