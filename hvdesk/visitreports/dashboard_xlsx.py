"""The dashboard as an .xlsx workbook: one row per group, then the total.

Written with the importer's safe writer (formula-looking text neutralised).
The figures are aggregates, no personal data; the export is still audited
when the caller passes its session and actor, like every export.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hvdesk.model import ReportOutcome, VisitStatus
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.visitreports.data import Dashboard, DashboardRow

GROUP_HEADERS = {"week": "周", "team": "团队", "branch": "网点"}
STATUS_HEADERS = {
    VisitStatus.PLANNED: "已计划",
    VisitStatus.NOTIFIED: "已通知",
    VisitStatus.CONFIRMED: "已确认",
    VisitStatus.IN_PROGRESS: "进行中",
    VisitStatus.COMPLETED: "已完成",
    VisitStatus.CANCELLED: "已取消",
    VisitStatus.NO_SHOW: "未见面",
    VisitStatus.RESCHEDULED: "已改期",
}
OUTCOME_HEADERS = {
    ReportOutcome.MET_CUSTOMER: "见到客户",
    ReportOutcome.MET_FAMILY: "见到家属",
    ReportOutcome.NOBODY_HOME: "无人在家",
    ReportOutcome.ADDRESS_INVALID: "地址无效",
    ReportOutcome.REFUSED: "拒绝沟通",
    ReportOutcome.MOVED_AWAY: "已搬离",
}
TAIL_HEADERS = (
    "待审报告",
    "最久待审(天)",
    "已到期承诺",
    "履约承诺",
    "履约率",
    "计费走访",
    "总成本",
    "每次走访成本",
    "成功接触",
    "每次成功接触成本",
    "反馈数",
    "平均满意度",
    "投诉",
)


def headers(dashboard: Dashboard) -> list[str]:
    return [
        GROUP_HEADERS[dashboard.group],
        "走访数",
        *STATUS_HEADERS.values(),
        *OUTCOME_HEADERS.values(),
        *TAIL_HEADERS,
    ]


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def cells(row: DashboardRow) -> list[Any]:
    return [
        row.label,
        row.visits,
        *(row.by_status.get(s, 0) for s in STATUS_HEADERS),
        *(row.by_outcome.get(o, 0) for o in OUTCOME_HEADERS),
        row.reports_awaiting,
        round(row.awaiting_ages[0], 1) if row.awaiting_ages else None,
        row.promises_settled,
        row.promises_kept,
        row.promise_kept_rate,
        row.costed_visits,
        _money(row.total_cost),
        _money(row.cost_per_visit),
        row.successful_contacts,
        _money(row.cost_per_contact),
        row.feedback_count,
        None if row.mean_satisfaction is None else round(row.mean_satisfaction, 2),
        row.complaints,
    ]


def _rows(dashboard: Dashboard) -> Iterator[list[Any]]:
    for row in dashboard.rows:
        yield cells(row)
    total = cells(dashboard.total)
    total[0] = "合计"
    yield total


def export_dashboard_xlsx(
    dashboard: Dashboard,
    path: Path,
    *,
    session: Session | None = None,
    actor: Actor | None = None,
) -> None:
    """Write the dashboard to ``path``; audited when ``session`` and ``actor`` are given."""
    # The workbook writer lives in the importer's package: loaded for the export only.
    from hvdesk.importing.workbook import write_rows  # noqa: PLC0415

    names = headers(dashboard)
    rate_col = names.index("履约率")
    money_cols = [names.index(h) for h in ("总成本", "每次走访成本", "每次成功接触成本")]
    formats = {rate_col: "0.0%", **dict.fromkeys(money_cols, "#,##0.00")}
    widths = [16, 8, *[8] * (len(names) - 2)]
    write_rows(
        Path(path), "dashboard", names, _rows(dashboard), widths=widths, number_format=formats
    )
    if session is not None and actor is not None:
        audit.record(
            session,
            actor,
            "export",
            "dashboard",
            None,
            format="xlsx",
            group=dashboard.group,
            start=dashboard.start.isoformat(),
            end=dashboard.end.isoformat(),
            file=Path(path).name,
        )
        session.flush()
