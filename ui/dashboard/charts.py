"""Dashboard cards: a QtCharts chart with its exact figures one click away.

A :class:`ChartSpec` is plain data (categories, series, kind); :func:`build_chart`
draws it. A :class:`ChartCard` holds the chart and a table of the same
:class:`~ui.dashboard.figures.Figures`, switched by two toggle buttons
("Chart" / "Table"), so a manager can check a bar against the number behind it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QKeySequence, QPainter, QPen, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ui.dashboard.figures import Figures, FiguresModel, FiguresProxy
from ui.tables import setup_read_only_table

#: A palette that stays apart for the colour-blind (Okabe–Ito), in the app's tone.
PALETTE = (
    "#2f6fde", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7a869a", "#f0e442",
)
GOOD, BAD, NEUTRAL = "#009e73", "#d55e00", "#7a869a"


class ChartKind(enum.Enum):
    STACKED = "stacked"
    BARS = "bars"
    LINE = "line"


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    color: str = ""


@dataclass(frozen=True, slots=True)
class ChartSpec:
    kind: ChartKind
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    #: Values are shares 0..1: the axis reads 0–100 %.
    percent: bool = False
    #: A fixed axis maximum (a 1–5 score); None: a round number above the data.
    top: float | None = None
    #: Drawn on its own axis on the right (a count beside a score).
    secondary: Series | None = None
    #: Bars along the value axis, groups down the side (teams and branches: long names).
    horizontal: bool = False

    @property
    def empty(self) -> bool:
        """Nothing to draw: no value at all (a 0 % rate is a value; a zero count is not)."""
        values = [v for s in self.series for v in s.values]
        if self.secondary is not None:
            values += list(self.secondary.values)
        if self.percent:
            return not self.categories or all(v is None for v in values)
        return not self.categories or not any(values)


def _color(series: Series, k: int) -> QColor:
    return QColor(series.color or PALETTE[k % len(PALETTE)])


def _top(spec: ChartSpec) -> float:
    if spec.top is not None:
        return spec.top
    if spec.percent:
        return 100.0
    if spec.kind is ChartKind.STACKED:
        sums = [
            sum(s.values[i] or 0 for s in spec.series) for i in range(len(spec.categories))
        ]
        top = max(sums, default=0.0)
    else:
        top = max((v or 0 for s in spec.series for v in s.values), default=0.0)
    return max(top, 1.0)


def _blank_chart(spec: ChartSpec) -> QChart:
    chart = QChart()
    chart.setBackgroundRoundness(0)
    chart.setBackgroundBrush(QColor("#ffffff"))
    chart.setBackgroundPen(QPen(Qt.PenStyle.NoPen))
    chart.setMargins(QMargins(0, 4, 0, 0))
    chart.layout().setContentsMargins(0, 0, 0, 0)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    # Many series (outcomes, statuses) read better as a list beside the plot.
    legend = chart.legend()
    right = legend_right(spec)
    legend.setAlignment(Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignBottom)
    legend_font = QFont(legend.font())
    legend_font.setPointSizeF(9)
    legend.setFont(legend_font)
    legend.setVisible(len(spec.series) + (spec.secondary is not None) > 1)
    return chart


def _style_axis(axis: QBarCategoryAxis | QValueAxis) -> None:
    font = QFont(axis.labelsFont())
    font.setPointSizeF(8.5)
    axis.setLabelsFont(font)
    axis.setGridLineColor(QColor("#eef1f5"))
    axis.setLinePen(QPen(QColor("#cfd6e0")))


def _value_axis(top: float, percent: bool, fixed: bool) -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, top)
    if fixed:
        axis.setTickCount(6 if top == 5 else 5)
    else:
        # Round steps (0, 20, 40 …), not quarters of an odd maximum.
        axis.applyNiceNumbers()
    step = (axis.max() - axis.min()) / max(axis.tickCount() - 1, 1)
    if percent:
        axis.setLabelFormat("%.0f%%")
    else:
        axis.setLabelFormat("%.0f" if step >= 1 and step == int(step) else "%.1f")
    _style_axis(axis)
    return axis


def _lines(chart: QChart, spec: ChartSpec, axes: tuple[QBarCategoryAxis, QValueAxis]) -> None:
    scale = 100.0 if spec.percent else 1.0
    for k, series in enumerate(spec.series):
        line = QLineSeries()
        line.setName(series.name)
        pen = QPen(_color(series, k))
        pen.setWidthF(2.5)
        line.setPen(pen)
        line.setPointsVisible(True)
        for i, value in enumerate(series.values):
            if value is not None:
                # Category axes place category i at x = i.
                line.append(float(i), float(value) * scale)
        chart.addSeries(line)
        for axis in axes:
            line.attachAxis(axis)


def _tip(bar_set: QBarSet, spec: ChartSpec) -> Callable[[bool, int], None]:
    """Hovering a bar shows its group, series and exact value."""

    def show(status: bool, index: int) -> None:
        if not status or not 0 <= index < len(spec.categories):
            QToolTip.hideText()
            return
        value = bar_set.at(index)
        text = f"{value:.1f}%" if spec.percent else f"{value:,.2f}".rstrip("0").rstrip(".")
        QToolTip.showText(QCursor.pos(), f"{spec.categories[index]}\n{bar_set.label()}: {text}")

    return show


def _bars(chart: QChart, spec: ChartSpec, axes: tuple[QBarCategoryAxis, QValueAxis]) -> None:
    scale = 100.0 if spec.percent else 1.0
    stacked = spec.kind is ChartKind.STACKED
    bars: QAbstractBarSeries
    if spec.horizontal:
        bars = QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
    else:
        bars = QStackedBarSeries() if stacked else QBarSeries()
    # Few groups (one branch): slimmer bars rather than slabs filling the plot.
    few = min(1.0, max(len(spec.categories), 1) / 4)
    bars.setBarWidth((0.6 if not spec.horizontal or stacked else 0.75) * max(few, 0.35))
    for k, series in enumerate(spec.series):
        bar_set = QBarSet(series.name)
        bar_set.setColor(_color(series, k))
        bar_set.setBorderColor(_color(series, k))
        bar_set.append([float(v or 0) * scale for v in series.values])
        bar_set.hovered.connect(_tip(bar_set, spec))
        bars.append(bar_set)
    chart.addSeries(bars)
    for axis in axes:
        bars.attachAxis(axis)


def legend_right(spec: ChartSpec) -> bool:
    return len(spec.series) > 4


def axis_labels(spec: ChartSpec) -> list[str]:
    """Every k-th label along a crowded time axis (26 or 52 weeks, or beside a legend).

    The category axis needs unique labels: the skipped ones become distinct
    runs of zero-width spaces, which draw nothing.
    """
    labels = list(spec.categories)
    if spec.horizontal:
        return labels
    room = 6 if legend_right(spec) else 10
    step = max(1, math.ceil(len(labels) / room))
    return [label if i % step == 0 else "\u200b" * (i + 1) for i, label in enumerate(labels)]


def build_chart(spec: ChartSpec) -> QChart:
    """Columns over weeks; horizontal bars for teams and branches (long names stay readable)."""
    chart = _blank_chart(spec)
    categories = QBarCategoryAxis()
    categories.append(axis_labels(spec))
    _style_axis(categories)
    categories.setGridLineVisible(False)
    categories.setTruncateLabels(False)
    values = _value_axis(_top(spec), spec.percent, spec.top is not None or spec.percent)
    if spec.horizontal:
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        # The first group on top, as in the table.
        categories.setReverse(True)
    else:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    if spec.kind is ChartKind.LINE and not spec.horizontal:
        _lines(chart, spec, (categories, values))
    else:
        _bars(chart, spec, (categories, values))
    if spec.secondary is not None:
        _add_secondary(chart, spec, spec.secondary, categories)
    return chart


def _add_secondary(
    chart: QChart, spec: ChartSpec, series: Series, categories: QBarCategoryAxis
) -> None:
    top = max((v or 0 for v in series.values), default=0.0)
    axis = _value_axis(max(top, 4.0), False, False)
    axis.setGridLineVisible(False)
    color = QColor(series.color or BAD)
    axis.setLabelsColor(color)
    side = Qt.AlignmentFlag.AlignTop if spec.horizontal else Qt.AlignmentFlag.AlignRight
    chart.addAxis(axis, side)
    points: QLineSeries | QScatterSeries
    if spec.horizontal:
        # Groups are not a sequence: points, not a line.
        points = QScatterSeries()
        points.setColor(color)
        points.setBorderColor(color)
        points.setMarkerSize(11)
    else:
        points = QLineSeries()
        pen = QPen(color)
        pen.setWidthF(2.5)
        points.setPen(pen)
        points.setPointsVisible(True)
    points.setName(series.name)
    for i, value in enumerate(series.values):
        x, y = (float(value or 0), float(i)) if spec.horizontal else (float(i), float(value or 0))
        points.append(x, y)
    chart.addSeries(points)
    points.attachAxis(categories)
    points.attachAxis(axis)


class ChartCard(QFrame):
    """Title, Chart/Table toggle, and either the chart or its figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setMinimumHeight(330)
        self.title_label = QLabel()
        self.title_label.setObjectName("cardTitle")
        self.note_label = QLabel()
        self.note_label.setObjectName("hint")
        self.note_label.setWordWrap(True)
        self.chart_button = QToolButton()
        self.table_button = QToolButton()
        self.toggle = QButtonGroup(self)
        for k, button in enumerate((self.chart_button, self.table_button)):
            button.setObjectName(("toggleLeft", "toggleRight")[k])
            button.setCheckable(True)
            self.toggle.addButton(button, k)
        self.chart_button.setChecked(True)
        self.toggle.idClicked.connect(self.show_page)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setBackgroundBrush(QColor("#ffffff"))
        self.view.setMinimumHeight(240)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = self._build_table()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.view)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty_label)
        self.spec: ChartSpec | None = None
        self._lay_out()
        self.retranslateUi()

    def _build_table(self) -> QTableView:
        self.model = FiguresModel(self)
        self.proxy = FiguresProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        setup_read_only_table(self.table)
        # The group's name fits its text; the figures share the rest (no sideways scrolling).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(56)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Ctrl+C copies the figures as tab-separated text, ready for a spreadsheet or mail.
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy_figures)
        return self.table

    def _lay_out(self) -> None:
        heading = QHBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.title_label, 1)
        heading.addWidget(self.chart_button)
        heading.addWidget(self.table_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(heading)
        layout.addWidget(self.note_label)
        layout.addWidget(self.pages, 1)
        self.note_label.hide()

    def retranslateUi(self) -> None:
        self.chart_button.setText(self.tr("Chart"))
        self.table_button.setText(self.tr("Table"))
        self.table_button.setToolTip(
            self.tr("The exact figures behind the chart; Ctrl+C copies them")
        )
        self.empty_label.setText(self.tr("Nothing in this period"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def set_title(self, title: str, note: str = "") -> None:
        self.title_label.setText(title)
        self.note_label.setText(note)
        self.note_label.setVisible(bool(note))

    def set_content(self, spec: ChartSpec, figures: Figures) -> None:
        self.spec = spec
        # Horizontal bars get a line of height per group, so names never overlap.
        rows = len(spec.categories) if spec.horizontal else 0
        self.view.setMinimumHeight(max(240, 24 * rows + 90))
        old = self.view.chart()
        self.view.setChart(build_chart(spec))
        if old is not None:
            old.deleteLater()
        self.model.set_figures(figures)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.show_page(self.toggle.checkedId())

    def show_page(self, which: int) -> None:
        if which == 1:
            self.pages.setCurrentWidget(self.table)
        elif self.spec is None or self.spec.empty:
            self.pages.setCurrentWidget(self.empty_label)
        else:
            self.pages.setCurrentWidget(self.view)

    def figures_text(self) -> str:
        """The selected rows (every row when none is), with the headers, tab-separated."""
        proxy = self.proxy
        chosen = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        rows = chosen or list(range(proxy.rowCount()))
        columns = range(proxy.columnCount())
        lines = ["\t".join(str(proxy.headerData(c, Qt.Orientation.Horizontal)) for c in columns)]
        lines += ["\t".join(str(proxy.index(r, c).data()) for c in columns) for r in rows]
        return "\n".join(lines)

    def copy_figures(self) -> None:
        QApplication.clipboard().setText(self.figures_text())

    def show_table(self) -> None:
        self.table_button.setChecked(True)
        self.show_page(1)


CARD_STYLE = """
QLabel#cardTitle { font-weight: 600; color: #111827; font-size: 10.5pt; }
QToolButton#toggleLeft, QToolButton#toggleRight {
    border: 1px solid #cfd6e0; background: #ffffff; padding: 3px 12px; color: #4b5563; }
QToolButton#toggleLeft { border-top-left-radius: 5px; border-bottom-left-radius: 5px; }
QToolButton#toggleRight { border-top-right-radius: 5px; border-bottom-right-radius: 5px;
                          border-left: none; }
QToolButton#toggleLeft:checked, QToolButton#toggleRight:checked {
    background: #e8f0fe; color: #1a56c4; border-color: #9bbcf5; }
"""
