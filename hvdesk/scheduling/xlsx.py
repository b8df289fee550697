"""The schedule as an .xlsx workbook: one row per visit, masked like the calendar file.

Written with the importer's safe writer (formula-looking text neutralised,
write-only mode), audited like every export.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hvdesk.importing.workbook import write_rows
from hvdesk.scheduling.listing import STATUS_LABELS, ScheduleRow, schedule_rows, team_text
from hvdesk.services import audit
from hvdesk.services.context import Actor

HEADERS = (
    "日期",
    "开始",
    "结束",
    "网点",
    "客户",
    "区县",
    "走访目的",
    "状态",
    "团队",
    "路线顺序",
    "访问编号",
    "版本",
)
WIDTHS = (12, 8, 8, 8, 12, 12, 10, 10, 36, 8, 10, 6)


def _cells(rows: Sequence[ScheduleRow]) -> Iterator[list[Any]]:
    for r in rows:
        yield [
            r.start.date(),
            r.start.strftime("%H:%M"),
            r.end.strftime("%H:%M"),
            r.branch_code,
            r.customer_masked,
            r.district,
            r.purpose_label,
            STATUS_LABELS[r.status],
            team_text(r),
            r.route_order,
            r.visit_id,
            r.version,
        ]


def export_xlsx(
    session: Session,
    actor: Actor,
    date_from: dt.date,
    date_to: dt.date,
    path: Path,
    *,
    team_logins: Sequence[str] = (),
) -> int:
    """Write the schedule to ``path``; returns the number of visits written."""
    rows = schedule_rows(session, actor, date_from, date_to, team_logins=team_logins)
    count = write_rows(
        path, "schedule", HEADERS, _cells(rows), widths=WIDTHS, number_format={0: "yyyy-mm-dd"}
    )
    audit.record(
        session,
        actor,
        "export",
        "visit",
        None,
        format="xlsx",
        rows=count,
        date_from=date_from.isoformat(),
        date_to=date_to.isoformat(),
        team=",".join(team_logins) or None,
        file=path.name,
    )
    session.flush()
    return count
