"""The core's :class:`~hvdesk.visitreports.Dashboard` as charts and exact figures.

One function per card; each returns the :class:`ChartSpec` to draw and the
:class:`Figures` table beside it. The tables end with the period's total row
(the core's ``total``), the number a manager quotes; charts show the groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QObject

from hvdesk.model import ReportOutcome, VisitStatus
from hvdesk.visitreports import Dashboard, DashboardRow
from ui.common.report_texts import OUTCOME_COLOURS, outcome_name
from ui.dashboard.charts import BAD, GOOD, ChartKind, ChartSpec, Series
from ui.dashboard.figures import Cell, Column, Figures, Kind
from ui.visit_names import status_name

#: Age buckets of reports awaiting review, in days: [low, high).
AGE_BUCKETS: tuple[tuple[float, float], ...] = ((0, 1), (1, 3), (3, 7), (7, float("inf")))
AGE_COLOURS = ("#56b4e9", "#2f6fde", "#e69f00", "#d55e00")
#: Visit statuses in the order of the visit's life.
STATUS_ORDER = (
    VisitStatus.PLANNED,
    VisitStatus.NOTIFIED,
    VisitStatus.CONFIRMED,
    VisitStatus.IN_PROGRESS,
    VisitStatus.COMPLETED,
    VisitStatus.NO_SHOW,
    VisitStatus.CANCELLED,
    VisitStatus.RESCHEDULED,
)
CARD_KEYS = ("visits", "outcomes", "awaiting", "promises", "costs", "satisfaction")
#: Chart colours of the statuses: done green, failed red, planned blues, dropped greys.
STATUS_COLOURS: dict[VisitStatus, str] = {
    VisitStatus.PLANNED: "#9bbcf5",
    VisitStatus.NOTIFIED: "#56b4e9",
    VisitStatus.CONFIRMED: "#2f6fde",
    VisitStatus.IN_PROGRESS: "#e69f00",
    VisitStatus.COMPLETED: "#009e73",
    VisitStatus.NO_SHOW: "#d55e00",
    VisitStatus.CANCELLED: "#c3cad5",
    VisitStatus.RESCHEDULED: "#7a869a",
}


@dataclass(frozen=True, slots=True)
class Card:
    key: str
    title: str
    note: str
    spec: ChartSpec
    figures: Figures


def _money(value: object) -> float | None:
    return None if value is None else float(str(value))


def empty_row(key: str, label: str) -> DashboardRow:
    return DashboardRow(
        key=key, label=label, visits=0, by_status={}, by_outcome={}, reports_awaiting=0,
        awaiting_ages=(), promises_settled=0, promises_kept=0, promise_kept_rate=None,
        costed_visits=0, total_cost=Decimal(0), cost_per_visit=None, successful_contacts=0,
        cost_per_contact=None, feedback_count=0, mean_satisfaction=None, complaints=0,
    )


def group_rows(board: Dashboard) -> list[DashboardRow]:
    """The board's rows; by week, every week of the period (a quiet week shows as zero).

    The core leaves out weeks without visits; a time axis with gaps closed up
    would mislead, so they come back here, keyed and labelled as the core does.
    """
    if board.group != "week":
        return list(board.rows)
    known = {r.key: r for r in board.rows}
    rows: list[DashboardRow] = []
    monday = board.start - dt.timedelta(days=board.start.weekday())
    while monday <= board.end:
        year, week, _ = monday.isocalendar()
        key = monday.isoformat()
        rows.append(known.pop(key) if key in known else empty_row(key, f"{year}-W{week:02d}"))
        monday += dt.timedelta(weeks=1)
    # Anything the core keyed otherwise is kept, not dropped.
    return rows + sorted(known.values(), key=lambda r: r.key)


def axis_label(board: Dashboard, row: DashboardRow) -> str:
    """A short category label: a week by its Monday ("11-02"), the table keeps "2026-W45"."""
    if board.group == "week":
        try:
            return dt.date.fromisoformat(row.key).strftime("%m-%d")
        except ValueError:
            return row.label
    return row.label


def age_counts(ages: Sequence[float]) -> list[int]:
    return [sum(1 for a in ages if low <= a < high) for low, high in AGE_BUCKETS]


class FigureBuilder(QObject):
    """Builds the cards; a QObject so every caption goes through ``self.tr``."""

    def cards(self, board: Dashboard) -> list[Card]:
        return [
            self.visits(board),
            self.outcomes(board),
            self.awaiting(board),
            self.promises(board),
            self.costs(board),
            self.satisfaction(board),
        ]

    def group_title(self, board: Dashboard) -> str:
        return {"week": self.tr("Week"), "team": self.tr("Team"), "branch": self.tr("Branch")}[
            board.group
        ]

    def _table(
        self,
        board: Dashboard,
        columns: Sequence[Column],
        cells: Callable[[DashboardRow], Sequence[Cell]],
    ) -> Figures:
        head = (Column(self.group_title(board), Kind.TEXT), *columns)
        rows = [(r.label, *cells(r)) for r in group_rows(board)]
        rows.append((self.tr("Total"), *cells(board.total)))
        return Figures(head, tuple(tuple(row) for row in rows), total_row=True)

    @staticmethod
    def _categories(board: Dashboard) -> tuple[str, ...]:
        return tuple(axis_label(board, r) for r in group_rows(board))

    # --- cards -------------------------------------------------------------------------------
    def visits(self, board: Dashboard) -> Card:
        statuses = [s for s in STATUS_ORDER if board.total.by_status.get(s, 0)] or [
            VisitStatus.COMPLETED
        ]
        series = tuple(
            Series(
                status_name(s),
                tuple(float(r.by_status.get(s, 0)) for r in group_rows(board)),
                STATUS_COLOURS[s],
            )
            for s in statuses
        )
        spec = ChartSpec(
            ChartKind.STACKED, self._categories(board), series, horizontal=board.group != "week"
        )
        figures = self._table(
            board,
            [Column(self.tr("Visits")), *(Column(status_name(s)) for s in statuses)],
            lambda r: (r.visits, *(r.by_status.get(s, 0) for s in statuses)),
        )
        return Card("visits", self.tr("Visits by status"), "", spec, figures)

    def outcomes(self, board: Dashboard) -> Card:
        outcomes = list(ReportOutcome)
        series = tuple(
            Series(
                outcome_name(o),
                tuple(float(r.by_outcome.get(o, 0)) for r in group_rows(board)),
                OUTCOME_COLOURS[o],
            )
            for o in outcomes
            if board.total.by_outcome.get(o, 0)
        )
        spec = ChartSpec(
            ChartKind.STACKED, self._categories(board), series, horizontal=board.group != "week"
        )
        figures = self._table(
            board,
            [Column(self.tr("Reports")), *(Column(outcome_name(o)) for o in outcomes)],
            lambda r: (sum(r.by_outcome.values()), *(r.by_outcome.get(o, 0) for o in outcomes)),
        )
        return Card(
            "outcomes",
            self.tr("Visit outcomes"),
            self.tr("From the visit reports of the period"),
            spec,
            figures,
        )

    def _age_labels(self) -> list[str]:
        return [
            self.tr("Under 1 day"),
            self.tr("1–3 days"),
            self.tr("3–7 days"),
            self.tr("7 days or more"),
        ]

    def awaiting(self, board: Dashboard) -> Card:
        labels = self._age_labels()
        per_row = [age_counts(r.awaiting_ages) for r in group_rows(board)]
        series = tuple(
            Series(labels[k], tuple(float(c[k]) for c in per_row), AGE_COLOURS[k])
            for k in range(len(AGE_BUCKETS))
        )
        spec = ChartSpec(
            ChartKind.STACKED, self._categories(board), series, horizontal=board.group != "week"
        )

        def cells(r: DashboardRow) -> list[Cell]:
            oldest = max(r.awaiting_ages) if r.awaiting_ages else None
            return [r.reports_awaiting, oldest, *age_counts(r.awaiting_ages)]

        figures = self._table(
            board,
            [
                Column(self.tr("Awaiting review")),
                Column(self.tr("Oldest (days)"), Kind.NUMBER),
                *(Column(label) for label in labels),
            ],
            cells,
        )
        return Card(
            "awaiting",
            self.tr("Reports awaiting review"),
            self.tr("By how long they have waited"),
            spec,
            figures,
        )

    def promises(self, board: Dashboard) -> Card:
        kind = ChartKind.LINE if board.group == "week" else ChartKind.BARS
        series = (
            Series(
                self.tr("Promises kept"),
                tuple(r.promise_kept_rate for r in group_rows(board)),
                GOOD,
            ),
        )
        spec = ChartSpec(
            kind, self._categories(board), series, percent=True,
            horizontal=board.group != "week",
        )
        figures = self._table(
            board,
            [
                Column(self.tr("Promises due")),
                Column(self.tr("Kept")),
                Column(self.tr("Kept rate"), Kind.RATE),
            ],
            lambda r: (r.promises_settled, r.promises_kept, r.promise_kept_rate),
        )
        return Card(
            "promises",
            self.tr("Promise-kept rate"),
            self.tr("Promises to pay whose date has passed, kept in full"),
            spec,
            figures,
        )

    def costs(self, board: Dashboard) -> Card:
        series = (
            Series(
                self.tr("Per visit"),
                tuple(_money(r.cost_per_visit) for r in group_rows(board)),
                "#2f6fde",
            ),
            Series(
                self.tr("Per successful contact"),
                tuple(_money(r.cost_per_contact) for r in group_rows(board)),
                "#e69f00",
            ),
        )
        spec = ChartSpec(
            ChartKind.BARS, self._categories(board), series, horizontal=board.group != "week"
        )
        figures = self._table(
            board,
            [
                Column(self.tr("Costed visits")),
                Column(self.tr("Total cost"), Kind.MONEY),
                Column(self.tr("Per visit"), Kind.MONEY),
                Column(self.tr("Successful contacts")),
                Column(self.tr("Per contact"), Kind.MONEY),
            ],
            lambda r: (
                r.costed_visits,
                r.total_cost,
                r.cost_per_visit,
                r.successful_contacts,
                r.cost_per_contact,
            ),
        )
        return Card(
            "costs",
            self.tr("Cost per visit (¥)"),
            self.tr("A successful contact is a visit where the customer or family was met"),
            spec,
            figures,
        )

    def satisfaction(self, board: Dashboard) -> Card:
        series = (
            Series(
                self.tr("Mean satisfaction (1–5)"),
                tuple(r.mean_satisfaction for r in group_rows(board)),
                "#2f6fde",
            ),
        )
        complaints = Series(
            self.tr("Complaints"), tuple(float(r.complaints) for r in group_rows(board)), BAD
        )
        spec = ChartSpec(
            ChartKind.BARS, self._categories(board), series, top=5.0, secondary=complaints,
            horizontal=board.group != "week",
        )
        figures = self._table(
            board,
            [
                Column(self.tr("Feedback")),
                Column(self.tr("Mean satisfaction"), Kind.NUMBER),
                Column(self.tr("Complaints")),
            ],
            lambda r: (r.feedback_count, r.mean_satisfaction, r.complaints),
        )
        return Card(
            "satisfaction",
            self.tr("Satisfaction and complaints"),
            self.tr("Post-visit feedback; complaints on the right axis")
            if board.group == "week"
            else self.tr("Post-visit feedback; complaints on the top axis"),
            spec,
            figures,
        )
