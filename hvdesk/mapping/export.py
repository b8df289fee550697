"""A map page written to a file for a browser (``hvdesk map -o OUT.html``): an export.

The page works with no network: scripts, styles and data are copied into a
folder beside it (``OUT_files/``) and the offline boundary layer is the
default background. It holds customer names (masked for roles that may not
see them in full), so writing it is audited like any export.

A page holds at most :data:`EXPORT_POINT_LIMIT` customers one by one (a
browser draws that many in a few seconds). Beyond it the page shows counts per
grid cell (:data:`EXPORT_CELL_ZOOM`, about 40 km) computed in SQL, and
``PageInfo.cells`` says so: filter (region, days past due, search) to get
each customer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hvdesk.mapping.page import PageInfo, build_page
from hvdesk.mapping.query import load_map_data, load_map_frame
from hvdesk.mapping.tiles import TileProvider, resolve_provider
from hvdesk.mapping.viewport import WORLD, cells_for, cells_view, count_in
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery

#: Most customers an exported page carries one by one.
EXPORT_POINT_LIMIT = 20_000
#: Cells of an aggregated export: 64 pixels at this zoom (about 40 km in China).
EXPORT_CELL_ZOOM = 8


def export_map(
    session: Session,
    actor: Actor,
    out: Path,
    *,
    query: CustomerQuery | None = None,
    day: dt.date | None = None,
    team: str | None = None,
    provider: TileProvider = TileProvider.OFFLINE,
    labels: Mapping[str, Any] | None = None,
) -> PageInfo:
    """Write the map page for ``query`` (and the routes of ``day``) to ``out``."""
    actor.require(Permission.CUSTOMER_VIEW)
    if not actor.can(Permission.DATA_EXPORT):
        actor.require(Permission.PRINT)
    provider = resolve_provider(provider) if provider is TileProvider.AUTO else provider
    query = query or CustomerQuery()
    out.parent.mkdir(parents=True, exist_ok=True)
    total = count_in(session, actor, query, WORLD, EXPORT_POINT_LIMIT)
    if total > EXPORT_POINT_LIMIT:
        data = load_map_frame(session, actor, day=day, team=team)
        cells = cells_for(session, actor, query, WORLD, EXPORT_CELL_ZOOM)
        info = build_page(data, out, provider=provider, labels=labels, title="hvdesk",
                          cells=cells, view=None if data.routes else cells_view(cells))
    else:
        data = load_map_data(session, actor, query, day=day, team=team)
        info = build_page(data, out, provider=provider, labels=labels, title="hvdesk")
    audit.record(
        session,
        actor,
        "export",
        "customer",
        None,
        kind="map",
        file=out.name,
        customers=info.points,
        cells=info.cells,
        routes=len(data.routes),
        day=day.isoformat() if day else None,
        team=team,
        tiles=provider.value,
    )
    return info
