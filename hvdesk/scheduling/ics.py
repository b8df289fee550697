"""Visits as an iCalendar file (RFC 5545) for Outlook and phone calendars.

Re-exporting updates rather than duplicates: each visit's UID is stable
(``visit-<id>@<branch code>.hvdesk``) and its SEQUENCE is the visit's row
version, which grows with every change, so a calendar that imported the file
before replaces its copy; a cancelled visit is sent with STATUS:CANCELLED so
it disappears there too. Times carry TZID (the branch's zone, Asia/Shanghai
on the mainland) with the matching VTIMEZONE, so a phone abroad still shows
local visiting time.

Only what a team needs on a lock screen: the masked customer name, the
district and a neutral purpose word; no ID or phone number, no street
address (the briefing pack has it), never the debt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from hvdesk import __version__
from hvdesk.model import VisitStatus
from hvdesk.model.base import utcnow
from hvdesk.scheduling.listing import STATUS_LABELS, ScheduleRow, schedule_rows, team_text
from hvdesk.services import audit
from hvdesk.services.context import Actor

if TYPE_CHECKING:
    import icalendar

PRODID = f"-//hvdesk//home visit schedule {__version__}//ZH"
_ICAL_STATUS = {
    VisitStatus.PLANNED: "TENTATIVE",
    VisitStatus.NOTIFIED: "TENTATIVE",
    VisitStatus.CONFIRMED: "CONFIRMED",
    VisitStatus.IN_PROGRESS: "CONFIRMED",
    VisitStatus.COMPLETED: "CONFIRMED",
    VisitStatus.NO_SHOW: "CONFIRMED",
    VisitStatus.CANCELLED: "CANCELLED",
    VisitStatus.RESCHEDULED: "CANCELLED",
}


def uid(visit_id: int, branch_code: str) -> str:
    return f"visit-{visit_id}@{branch_code.lower()}.hvdesk"


def summary(row: ScheduleRow) -> str:
    parts = [row.customer_masked, row.district, row.purpose_label]
    return " · ".join(p for p in parts if p)


def build_calendar(
    rows: Sequence[ScheduleRow], *, name: str, stamp: dt.datetime | None = None
) -> icalendar.Calendar:
    import icalendar  # noqa: PLC0415 - loaded for an export, not with the calendar page

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if rows:
        cal.add("x-wr-timezone", rows[0].timezone)
    stamp = stamp or utcnow()
    for row in rows:
        event = icalendar.Event()
        event.add("uid", uid(row.visit_id, row.branch_code))
        event.add("dtstamp", stamp)
        event.add("sequence", row.version)
        event.add("dtstart", row.start)
        event.add("dtend", row.end)
        event.add("summary", summary(row))
        if row.area:
            event.add("location", row.area)
        event.add(
            "description",
            "\n".join(
                [
                    f"团队: {team_text(row)}",
                    f"状态: {STATUS_LABELS[row.status]}",
                    f"访问编号: {row.visit_id}",
                ]
            ),
        )
        event.add("categories", [row.purpose_label])
        event.add("status", _ICAL_STATUS[row.status])
        event.add(
            "transp",
            "TRANSPARENT"
            if row.status in (VisitStatus.CANCELLED, VisitStatus.RESCHEDULED)
            else "OPAQUE",
        )
        cal.add_component(event)
    # One VTIMEZONE per TZID used, generated from the zoneinfo data.
    cal.add_missing_timezones()
    return cal


def export_ics(
    session: Session,
    actor: Actor,
    date_from: dt.date,
    date_to: dt.date,
    *,
    team_logins: Sequence[str] = (),
    file_name: str = "",
) -> tuple[bytes, int]:
    """The .ics bytes and the number of visits in it; the export is audited."""
    rows = schedule_rows(session, actor, date_from, date_to, team_logins=team_logins)
    team = ",".join(team_logins)
    name = f"上门走访 {date_from:%Y-%m-%d}–{date_to:%Y-%m-%d}" + (f" {team}" if team else "")
    data = build_calendar(rows, name=name).to_ical()
    audit.record(
        session,
        actor,
        "export",
        "visit",
        None,
        format="ics",
        rows=len(rows),
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
        team=team or None,
        file=file_name or None,
    )
    session.flush()
    return data, len(rows)
