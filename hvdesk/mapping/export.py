"""A map page written to a file for a browser (``hvdesk map -o OUT.html``): an export.

The page works with no network: scripts, styles and data are copied into a
folder beside it (``OUT_files/``) and the offline boundary layer is the
default background. It holds customer names (masked for roles that may not
see them in full), so writing it is audited like any export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hvdesk.mapping.page import PageInfo, build_page
from hvdesk.mapping.query import load_map_data
from hvdesk.mapping.tiles import TileProvider, resolve_provider
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery


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
    data = load_map_data(session, actor, query, day=day, team=team)
    out.parent.mkdir(parents=True, exist_ok=True)
    info = build_page(data, out, provider=provider, labels=labels, bridge=False, title="hvdesk")
    audit.record(
        session,
        actor,
        "export",
        "customer",
        None,
        kind="map",
        file=out.name,
        customers=info.points,
        routes=len(data.routes),
        day=day.isoformat() if day else None,
        team=team,
        tiles=provider.value,
    )
    return info
