"""The exact numbers behind a chart, as a read-only table model.

Every chart on the dashboard has a :class:`Figures` value beside it: the
same numbers (and the counts a rate is made of) as rows and typed columns.
:class:`FiguresModel` shows one, right-aligning and formatting numbers by
column kind and sorting on the raw values, so "the numbers are one click
away" and sort like numbers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget

Index = QModelIndex | QPersistentModelIndex
Cell = str | int | float | Decimal | None
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class Kind(enum.Enum):
    TEXT = "text"
    COUNT = "count"
    #: A share 0..1, shown as a percentage.
    RATE = "rate"
    MONEY = "money"
    #: A plain decimal (km, hours, a mean score).
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    kind: Kind = Kind.COUNT


@dataclass(frozen=True, slots=True)
class Figures:
    columns: tuple[Column, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    #: The last row is the period's total (shown bold, kept last when sorting).
    total_row: bool = False

    def column(self, title: str) -> list[Cell]:
        """The values of the column titled ``title`` (tests and exports read by title)."""
        k = [c.title for c in self.columns].index(title)
        return [row[k] for row in self.rows]

    def cell(self, row_label: str, title: str) -> Cell:
        """The value in the row whose first cell is ``row_label``."""
        k = [c.title for c in self.columns].index(title)
        return next(row[k] for row in self.rows if row[0] == row_label)


def display(value: Cell, kind: Kind) -> str:
    if value is None:
        return "–"
    if kind is Kind.TEXT or isinstance(value, str):
        return str(value)
    if kind is Kind.COUNT:
        return f"{int(value):,}"
    if kind is Kind.RATE:
        return f"{float(value) * 100:.1f}%"
    if kind is Kind.MONEY:
        return f"{float(value):,.2f}"
    return f"{float(value):,.1f}"


def sort_key(value: Cell) -> tuple[int, Any]:
    """Missing values sort first; numbers as numbers."""
    if value is None:
        return (0, 0)
    if isinstance(value, str):
        return (1, value)
    return (1, float(value))


class FiguresModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = Figures()

    def set_figures(self, figures: Figures) -> None:
        self.beginResetModel()
        self.figures = figures
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.figures.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.figures.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        columns = self.figures.columns
        if orientation is not Qt.Orientation.Horizontal or not 0 <= section < len(columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and columns[section].kind is not Kind.TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.figures.rows):
            return None
        column = self.figures.columns[index.column()]
        value = self.figures.rows[index.row()][index.column()]
        is_total = self.figures.total_row and index.row() == len(self.figures.rows) - 1
        if role == Qt.ItemDataRole.DisplayRole:
            return display(value, column.kind)
        if role == Qt.ItemDataRole.FontRole and is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == SORT_ROLE:
            return (is_total, sort_key(value))
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind is not Kind.TEXT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FiguresProxy(QSortFilterProxyModel):
    """Sorts on raw values; before any header click the rows keep the core's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a[0] != b[0]:
            # The total stays at the bottom whichever way the column is sorted.
            descending = self.sortOrder() is Qt.SortOrder.DescendingOrder
            return bool(a[0]) == descending
        return bool(a[1] < b[1])
