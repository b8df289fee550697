"""The look every read-only list in the app shares, and its model of frozen rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

ROW_HEIGHT = 32
Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
#: Raw values for sorting (amounts and dates sort wrongly as formatted text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
#: What an empty cell shows.
DASH = "—"


def setup_read_only_table(table: QTableView) -> QTableView:
    """Whole-row selection, no editing, no grid, alternating rows, no row numbers."""
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    table.horizontalHeader().setHighlightSections(False)
    return table


class Column(Generic[Row]):
    def __init__(
        self,
        display: Callable[[Row], str],
        sort: Callable[[Row], Any] | None = None,
        align: Qt.AlignmentFlag = LEFT,
    ) -> None:
        self.display = display
        self.sort = sort or display
        self.align = align


class RowsModel(QAbstractTableModel, Generic[Row]):
    """Read-only rows of one dataclass type, one :class:`Column` per column."""

    def __init__(self, rows: Sequence[Row] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = list(rows)
        self._columns = self.columns()

    def columns(self) -> list[Column[Row]]:
        raise NotImplementedError

    def headers(self) -> list[str]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def append_row(self, row: Row) -> None:
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def replace_row(self, row: int, value: Row) -> None:
        """Show ``value`` in place of row ``row`` (a refreshed row keeps its place)."""
        self._rows[row] = value
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def insert_row(self, row: int, value: Row) -> None:
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, value)
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(self._columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._columns[section].align
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        return None
