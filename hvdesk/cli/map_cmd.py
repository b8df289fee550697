"""``hvdesk map -o OUT.html [--date D] [--team T]``: a map page that opens in any browser.

More customers than ``hvdesk.mapping.export.EXPORT_POINT_LIMIT`` (20,000) are
drawn as counts per grid cell; --region, --dpd and --search narrow the page
to customers drawn one by one.

The page needs no network: Leaflet, the data and the boundary layer are
copied beside it into ``OUT_files/``. With ``--date`` the teams' routes of
that day are drawn (one team's with ``--team LOGIN``). Audited as an export.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hvdesk.errors import ValidationError
from hvdesk.messages import Msg, cli_language, msg

if TYPE_CHECKING:
    from hvdesk.cli.common import CliContext

#: The values of hvdesk.mapping.tiles.TileProvider and
#: hvdesk.services.customer_list.DpdBucket, spelled out so that registering the
#: command loads neither folium nor the services (tests/test_cli_startup.py
#: compares them).
TILES = ("auto", "osm", "amap", "offline")
DPD_BUCKETS = ("1-30", "31-60", "61-90", "90+")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def register(commands: Any) -> None:
    cmd = commands.add_parser(
        "map",
        help="write a map page of your branch's customers (opens with no network)",
        description="Write a self-contained map page: customers coloured by visit state, the "
        "branch office, and with --date the routes of that day. The scripts and data go into "
        "OUT_files/ beside the page. More than 20,000 customers are drawn as counts per grid "
        "cell (about 40 km); --region, --dpd or --search narrow the page to each customer.",
    )
    cmd.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.html",
                     help="the page to write (its assets go into OUT_files/ beside it)")
    cmd.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="draw the teams' routes of this day"
    )
    cmd.add_argument(
        "--team", metavar="LOGIN", help="only the route of the team this user is in (needs --date)"
    )
    cmd.add_argument(
        "--tiles",
        choices=TILES,
        default="offline",
        help="background: offline boundaries, osm, amap, or auto (osm when reachable) "
        "(default: offline)",
    )
    cmd.add_argument(
        "--region",
        default="",
        metavar="CODE",
        help="only customers registered in this region (2, 4 or 6 digit code); default: all",
    )
    cmd.add_argument(
        "--dpd",
        choices=DPD_BUCKETS,
        help="only customers in this days-past-due bucket; default: all",
    )
    cmd.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help="only customers the list's search box finds with TEXT (name, pinyin, last 4 "
        "digits, contract); default: all",
    )
    cmd.set_defaults(handler=run_map)


def run_map(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.team and args.date is None:
        raise ValidationError("team", msg("cli.map_cmd.team_needs_date",
                "--team needs --date (the day whose route to draw)"))
    from hvdesk.mapping import export
    from hvdesk.mapping.export import export_map
    from hvdesk.mapping.tiles import TileProvider
    from hvdesk.services.customer_list import CustomerQuery, DpdBucket

    db = ctx.database()
    actor = ctx.actor(db)
    query = CustomerQuery(search=args.search, region=args.region,
                          dpd_bucket=DpdBucket(args.dpd) if args.dpd else None)
    with db.begin() as s:
        info = export_map(
            s,
            actor,
            args.output,
            query=query,
            day=args.date,
            team=args.team,
            provider=TileProvider(args.tiles),
            labels=legend(cli_language()),
        )
    language = cli_language()
    routes = msg("cli.map_cmd.route_of", ", route of {day}", day=args.date).render(
        language) if args.date else ""
    if info.cells:
        print(msg("cli.map_cmd.wrote_cells",
                  "wrote {html} (counts in {cells} grid cells{routes}: more than {limit:,} "
                  "customers to draw one by one; narrow it with --region, --dpd or --search to "
                  "see each customer; assets in {assets}/)",
                  html=info.html, cells=info.cells, routes=routes,
                  limit=export.EXPORT_POINT_LIMIT, assets=info.assets.name).render(language))
        return 0
    print(msg("cli.map_cmd.wrote", "wrote {html} ({points} customers{routes}; assets in {assets}/)",
              html=info.html, points=info.points, routes=routes,
              assets=info.assets.name).render(language))
    return 0


def legend(language: str) -> dict[str, Any]:
    """The map's legend and controls in ``language`` (the desk passes the shell's own)."""
    def say(text: Msg) -> str:
        return text.render(language)

    return {
        "title": say(msg("map.title", "Customers")),
        "states": [say(msg("map.state_none", "No visit planned")),
                   say(msg("map.state_planned", "Visit planned")),
                   say(msg("map.state_notified", "Notified")),
                   say(msg("map.state_visited", "Visited")),
                   say(msg("map.state_do_not_visit", "Do not visit"))],
        "approx": say(msg("map.approx", "Approximate (district centre)")),
        "ring": say(msg("map.ring", "Dark ring: days past due (thicker = longer)")),
        "cells": say(msg("map.cells",
                         "Numbered circle: customers in that area (orange: share overdue)")),
        "hint": say(msg("map.hint", "Shift + drag: select an area")),
        "dpd": say(msg("map.dpd", "Days past due")),
        "customers": say(msg("map.customers", "Customers")),
        "route": say(msg("map.route", "Route of the day")),
        "boundaries": say(msg("map.boundaries", "Boundaries")),
        "drag": say(msg("map.drag", "Drag to the customer's home")),
    }
