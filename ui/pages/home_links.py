"""Where a click on the home page leads: a plain value the main window routes.

The home page imports no other feature; it says *what* the user wants to see
(a day, a visit, a notice, a report, a promise, a complaint, a customer) and
the main window opens the section that handles it (ui/home_routes.py), or the
customer's file when the user has no such section.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class Go(enum.StrEnum):
    #: The calendar on ``day``, ``visit_ids`` selected (a team's day, or one visit).
    DAY = "day"
    #: The notices of ``visit_ids``; ``notice_id`` the current row; ``filter`` a list filter.
    NOTICES = "notices"
    #: The review queue, ``report_id`` current.
    REVIEW = "review"
    #: The reports to write, the row of ``visit_ids[0]`` current.
    REPORTS = "reports"
    #: The dashboard's promises tab (broken ones), ``promise_id`` current.
    PROMISES = "promises"
    #: The dashboard's complaints tab, ``case_id`` current.
    COMPLAINTS = "complaints"
    #: The customer's file.
    CUSTOMER = "customer"


#: The section each destination opens (the customer file is a window of its own).
SECTION_OF: dict[Go, str] = {
    Go.DAY: "calendar",
    Go.NOTICES: "notices",
    Go.REVIEW: "reviews",
    Go.REPORTS: "reports",
    Go.PROMISES: "dashboard",
    Go.COMPLAINTS: "dashboard",
}


@dataclass(frozen=True, slots=True)
class HomeLink:
    go: Go
    day: dt.date | None = None
    visit_ids: tuple[int, ...] = ()
    notice_id: int | None = None
    report_id: int | None = None
    promise_id: int | None = None
    case_id: int | None = None
    #: Where to fall back to when the user has no section for ``go``.
    customer_id: int | None = None
    #: The notices list's filter (``ui.notices.model.Filter`` value), if any.
    filter: str | None = None
