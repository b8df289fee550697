"""The notices table: one row per :class:`~hvdesk.notices.NoticeView`, and its filter proxy."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Sequence
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
from PySide6.QtGui import QColor

from hvdesk.model import NoticeStatus
from hvdesk.notices import NoticeView
from ui.notices.texts import STATUS_COLOURS, kind_name, problem_text, status_name

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Raw values for sorting (times and counts sort wrongly as text).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
RED = QColor("#b42318")
#: A visit notice with the signature and the hotline takes two parts; more costs extra.
LONG_SEGMENTS = 2
AMBER = QColor("#8a4b08")


class Column(enum.IntEnum):
    CUSTOMER = 0
    PHONE = 1
    KIND = 2
    VISIT = 3
    STATUS = 4
    LENGTH = 5
    PROBLEMS = 6


class Filter(enum.StrEnum):
    ALL = "all"
    DRAFTS = "drafts"
    PROBLEMS = "problems"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    ATTENTION = "attention"
    CANCELLED = "cancelled"


_BY_STATUS = {
    Filter.DRAFTS: NoticeStatus.DRAFT,
    Filter.QUEUED: NoticeStatus.QUEUED,
    Filter.SENT: NoticeStatus.SENT,
    Filter.DELIVERED: NoticeStatus.DELIVERED,
    Filter.FAILED: NoticeStatus.FAILED,
    Filter.CANCELLED: NoticeStatus.CANCELLED,
}

#: Statuses a batch send takes (the core queues drafts outside the SMS hours).
SENDABLE = frozenset({NoticeStatus.DRAFT, NoticeStatus.QUEUED})
#: Statuses whose text may still be edited.
EDITABLE = frozenset({NoticeStatus.DRAFT})


def matches(view: NoticeView, wanted: Filter) -> bool:
    if wanted is Filter.ALL:
        return True
    if wanted is Filter.PROBLEMS:
        return bool(view.problems) and view.status in SENDABLE
    if wanted is Filter.ATTENTION:
        return view.needs_attention
    return view.status is _BY_STATUS[wanted]


def sendable(view: NoticeView) -> bool:
    """Goes out with the batch: pending and with no wording problem."""
    return view.status in SENDABLE and not view.problems


def issue_text(view: NoticeView) -> str:
    """What is wrong with the notice: wording problems, the carrier's error or a reply."""
    if view.problems and view.status in SENDABLE:
        return "; ".join(problem_text(p) for p in view.problems)
    if view.status is NoticeStatus.FAILED and view.error:
        return view.error
    if view.needs_attention and view.reply:
        return f"“{view.reply}”"
    return ""


class NoticeModel(QAbstractTableModel):
    def __init__(self, zone: ZoneInfo, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._zone = zone
        self._rows: list[NoticeView] = []

    # --- content ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[NoticeView]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda v: (v.visit_start, v.id))
        self.endResetModel()

    def replace(self, view: NoticeView) -> None:
        """One notice changed (text saved, cancelled): its row repaints."""
        for row, old in enumerate(self._rows):
            if old.id == view.id:
                self._rows[row] = view
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
                return

    def update_visits(self, visit_ids: frozenset[int], views: Sequence[NoticeView]) -> None:
        """The notices of ``visit_ids`` become ``views`` (read again): rows repaint in place,
        new notices are added, ones gone are dropped; the proxy keeps the order."""
        fresh = {v.id: v for v in views}
        for row in reversed(range(len(self._rows))):
            old = self._rows[row]
            if old.visit_id not in visit_ids:
                continue
            new = fresh.pop(old.id, None)
            if new is None:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
            else:
                self._rows[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh.values())
            self.endInsertRows()

    def rows(self) -> list[NoticeView]:
        return list(self._rows)

    def row_at(self, row: int) -> NoticeView:
        return self._rows[row]

    def find(self, notice_id: int) -> int | None:
        return next((r for r, v in enumerate(self._rows) if v.id == notice_id), None)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))

    # --- Qt -------------------------------------------------------------------------
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
            Column.CUSTOMER: self.tr("Customer"),
            Column.PHONE: self.tr("Phone"),
            Column.KIND: self.tr("Kind"),
            Column.VISIT: self.tr("Visit"),
            Column.STATUS: self.tr("Status"),
            Column.LENGTH: self.tr("Length"),
            Column.PROBLEMS: self.tr("Problems"),
        }
        return titles.get(Column(section)) if 0 <= section < len(Column) else None

    def _local(self, when: dt.datetime) -> dt.datetime:
        aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
        return aware.astimezone(self._zone)

    def display(self, view: NoticeView, column: Column) -> str:
        texts: dict[Column, Callable[[NoticeView], str]] = {
            Column.CUSTOMER: lambda v: v.customer_name,
            Column.PHONE: lambda v: v.phone_masked,
            Column.KIND: lambda v: kind_name(v.kind),
            Column.VISIT: lambda v: f"{self._local(v.visit_start):%m-%d %H:%M}",
            Column.STATUS: lambda v: status_name(v.status),
            Column.LENGTH: lambda v: self.tr("{0} · {1} SMS").format(v.chars, v.segments),
            Column.PROBLEMS: issue_text,
        }
        return texts[column](view)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        view, column = self._rows[index.row()], Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(view, column)
        if role == ID_ROLE:
            return view.id
        if role == SORT_ROLE:
            return self._sort_key(view, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(view, column)
        right = role == Qt.ItemDataRole.TextAlignmentRole and column is Column.LENGTH
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter if right else None

    @staticmethod
    def _colour(view: NoticeView, column: Column) -> QColor | None:
        if column is Column.STATUS:
            return QColor(STATUS_COLOURS.get(view.status, "#1f2937"))
        if column is Column.PROBLEMS:
            # Red for what blocks or broke a notice; amber for a reply to look at.
            return RED if view.problems or view.status is NoticeStatus.FAILED else AMBER
        if column is Column.LENGTH and view.segments > LONG_SEGMENTS:
            return AMBER
        return None

    def _sort_key(self, view: NoticeView, column: Column) -> Any:
        if column is Column.VISIT:
            return view.visit_start.timestamp()
        if column is Column.LENGTH:
            return view.chars
        if column is Column.STATUS:
            return list(NoticeStatus).index(view.status)
        return self.display(view, column)


class NoticeProxy(QSortFilterProxyModel):
    """Filters by :class:`Filter` and sorts by the raw values."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter = Filter.ALL
        self.setSortRole(SORT_ROLE)

    @property
    def status_filter(self) -> Filter:
        return self._filter

    def set_status_filter(self, wanted: Filter) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; the older calls are deprecated there
            self.beginFilterChange()
            self._filter = wanted
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - Qt 6.8
            self._filter = wanted
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, NoticeModel) or source_parent.isValid():
            return True
        return matches(model.row_at(source_row), self._filter)

    def visible(self) -> list[NoticeView]:
        model = self.sourceModel()
        assert isinstance(model, NoticeModel)
        return [model.row_at(self.mapToSource(self.index(r, 0)).row())
                for r in range(self.rowCount())]
