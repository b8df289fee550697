"""Table model over audit-trail rows, with times in the branch's zone."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from hvdesk.services.overview import AuditRow
from ui.pages.audit_labels import action_name, record_kind, system_name

Index = QModelIndex | QPersistentModelIndex

#: Raw value for sorting (a UTC timestamp sorts right; a formatted string may not).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(enum.IntEnum):
    TIME = 0
    USER = 1
    ACTION = 2
    RECORD = 3
    DESK = 4


class AuditTableModel(QAbstractTableModel):
    def __init__(
        self, zone: ZoneInfo, rows: Sequence[AuditRow] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[AuditRow] = list(rows)

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def add_newer(self, rows: Sequence[AuditRow], limit: int) -> None:
        """Put newer events (newest first) on top, keeping at most ``limit`` rows."""
        if rows:
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows[:0] = rows
            self.endInsertRows()
        if len(self._rows) > limit:
            self.beginRemoveRows(QModelIndex(), limit, len(self._rows) - 1)
            del self._rows[limit:]
            self.endRemoveRows()

    def newest_id(self) -> int | None:
        return max((r.id for r in self._rows), default=None)

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    def retranslate(self) -> None:
        """Headers and action names are translated on display: ask views to redraw."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            last = self.index(len(self._rows) - 1, len(Column) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    # --- QAbstractTableModel ----------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = {
            Column.TIME: self.tr("Time"),
            Column.USER: self.tr("User"),
            Column.ACTION: self.tr("Action"),
            Column.RECORD: self.tr("Record"),
            Column.DESK: self.tr("Desk"),
        }
        return titles.get(Column(section)) if 0 <= section < len(Column) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == SORT_ROLE:
            return row.at.timestamp() if column == Column.TIME else self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.ACTION and row.detail:
            return "\n".join(f"{key}: {value}" for key, value in row.detail.items())
        return None

    def _display(self, row: AuditRow, column: Column) -> str:
        if column == Column.TIME:
            return row.at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M:%S")
        if column == Column.USER:
            login = system_name(row.actor_login)
            return f"{row.actor_name} ({login})" if row.actor_name else login
        if column == Column.ACTION:
            return action_name(row.action)
        if column == Column.RECORD:
            kind = record_kind(row.entity)
            return f"{kind} #{row.entity_id}" if row.entity_id else kind
        return system_name(row.desk)


class AuditFilterModel(QSortFilterProxyModel):
    """Case-insensitive text filter over every column, sorted on raw values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortRole(SORT_ROLE)
