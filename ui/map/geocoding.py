"""Batch geocoding on a worker: every customer without a location, with progress and cancel.

    op = start_batch_geocoding(self, db, actor, MapSettings(settings).geocoder)
    op.with_progress(self._on_progress).success(self._on_done).failure(self._on_error).run()

The function runs on a pool thread with its own session (one transaction:
what was located before a cancel is kept). ``geocoder`` is the setting's
provider name; "none" (the default) sends no address anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from hvdesk.database import Database
from hvdesk.geo.geocode import GeocodeSummary, geocode_missing
from hvdesk.geo.online import make_geocoder
from hvdesk.services.context import Actor
from ui.workers import Op, OpState


def start_batch_geocoding(
    parent: QObject, db: Database, actor: Actor, geocoder: str = "none"
) -> Op[GeocodeSummary]:
    """An op (not yet running) that geocodes the actor's branch; call ``.run()``."""

    def work(state: OpState) -> GeocodeSummary:
        online = make_geocoder(geocoder)
        with db.begin() as session:
            return geocode_missing(
                session,
                actor,
                online=online,
                progress=lambda done, total: state.report(done, total, "geocode"),
                should_stop=lambda: state.cancelled,
            )

    return Op(parent, work)
