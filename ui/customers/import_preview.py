"""The import wizard's preview table: the first rows of the dry run."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from hvdesk.importing import RowOutcome

_Index = QModelIndex | QPersistentModelIndex


class ImportPreviewModel(QAbstractTableModel):
    """The first rows of the dry run: what will happen to each, and why a row is refused."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RowOutcome] = []

    def set_rows(self, rows: list[RowOutcome]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6  # row, result, name, ID, mobile, problem

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Row"), self.tr("Result"), self.tr("Name"), self.tr("ID number"),
                self.tr("Mobile"), self.tr("Problem"))[section]

    def outcome_text(self, outcome: str) -> str:
        return {"new": self.tr("new"), "update": self.tr("update"),
                "unchanged": self.tr("unchanged"), "rejected": self.tr("rejected")}[outcome]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.rows[index.row()] if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole or (
                role == Qt.ItemDataRole.ToolTipRole and index.column() == 5):
            return (item.row, self.outcome_text(item.outcome), item.name, item.id_masked,
                    item.phone_masked, item.reason)[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and item.outcome == "rejected":
            return QBrush(QColor("#b3261e"))
        return None
