"""Small inputs of the report form: 1–5 scales, optional numbers, times and dates, row tables.

Each input says "no value" plainly (a dash), because a draft may be saved
half-filled and "0" or today's date would be a made-up answer.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCalendarWidget,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from ui.icons import icon

Index = QModelIndex | QPersistentModelIndex
DASH = "—"
_AMOUNT = re.compile(r"^[¥￥]?\s*[0-9][0-9,]*(\.[0-9]{1,2})?$")


def parse_amount(text: str) -> Decimal | None:
    """``¥12,345.60`` → Decimal; empty → None; anything else raises ValueError."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not _AMOUNT.match(cleaned):
        raise ValueError(cleaned)
    try:
        return Decimal(cleaned.lstrip("¥￥").strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(cleaned) from exc


def amount_text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


class ScaleWidget(QWidget):
    """Five exclusive buttons for a 1 (none) … 5 (full) judgement; none pressed is "no value"."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.buttons: list[QToolButton] = []
        for number in range(1, 6):
            button = QToolButton()
            button.setObjectName("scaleButton")
            button.setText(str(number))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.group.addButton(button, number)
            self.buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        self.group.idToggled.connect(self._toggled)
        self.setFocusProxy(self.buttons[0])

    def _toggled(self, _id: int, on: bool) -> None:
        if on:
            self.sig_changed.emit()

    def value(self) -> int | None:
        chosen = self.group.checkedId()
        return chosen if chosen > 0 else None

    def set_value(self, value: int | None) -> None:
        self.group.setExclusive(False)
        for number, button in enumerate(self.buttons, start=1):
            button.setChecked(number == value)
        self.group.setExclusive(True)

    def set_captions(self, low: str, high: str) -> None:
        self.buttons[0].setToolTip(low)
        self.buttons[-1].setToolTip(high)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Typing the digit picks it, as on a paper form's boxes.
        if Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_5:
            self.buttons[event.key() - Qt.Key.Key_1].setChecked(True)
            return
        super().keyPressEvent(event)


class OptionalSpin(QSpinBox):
    """A count that may be unknown: the lowest step shows a dash and means None."""

    def __init__(self, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(-1, maximum)
        self.setSpecialValueText(DASH)
        self.setValue(-1)
        self.setMinimumSize(96, 32)

    def number(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_number(self, value: int | None) -> None:
        self.setValue(-1 if value is None else value)


class OptionalDate(QLineEdit):
    """A date typed as ``YYYY-MM-DD`` or picked from a calendar; empty is "no date"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"^\d{0,4}(-\d{0,2}(-\d{0,2})?)?$"), self))
        self.setPlaceholderText("YYYY-MM-DD")
        self.pick_action = self.addAction(icon("calendar"),
                                          QLineEdit.ActionPosition.TrailingPosition)
        self.pick_action.triggered.connect(self.open_calendar)
        self.calendar_menu: QMenu | None = None

    def day(self) -> dt.date | None:
        """Raises ValueError for a half-typed or impossible date."""
        text = self.text().strip()
        return dt.date.fromisoformat(text) if text else None

    def set_day(self, value: dt.date | None) -> None:
        self.setText("" if value is None else value.isoformat())

    def open_calendar(self) -> QCalendarWidget:
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setGridVisible(False)
        try:
            current = self.day()
        except ValueError:
            current = None
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.clicked.connect(lambda day: self._picked(day, menu))
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        self.calendar_menu = menu
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        return calendar

    def _picked(self, day: QDate, menu: QMenu) -> None:
        menu.close()
        self.setText(day.toString("yyyy-MM-dd"))
        # A pick is an edit like typing: listeners of textEdited hear it.
        self.textEdited.emit(self.text())


class TimeEdit(QLineEdit):
    """``HH:MM`` on the visit's day; empty is "not recorded"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(
            QRegularExpression(r"^([01]?[0-9]|2[0-3])?(:[0-5]?[0-9]?)?$"), self))
        self.setPlaceholderText(self.tr("HH:MM"))
        self.setMaximumWidth(110)

    def time(self) -> dt.time | None:
        """Raises ValueError for a half-typed time."""
        text = self.text().strip()
        if not text:
            return None
        hour, _, minute = text.partition(":")
        if not hour or len(minute) != 2:
            raise ValueError(text)
        return dt.time(int(hour), int(minute))

    def set_time(self, value: dt.datetime | None) -> None:
        self.setText("" if value is None else value.strftime("%H:%M"))


class TextBox(QPlainTextEdit):
    """A few lines of free text; Tab moves on (a report has no tab characters)."""

    def __init__(self, lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(14 + 20 * lines)

    def text(self) -> str:
        return self.toPlainText().strip()


# --- editable row tables ---------------------------------------------------------
@dataclass(frozen=True)
class RowColumn:
    key: str
    title: Callable[[], str]
    #: "text", "money" or "check"
    kind: str = "text"
    #: What a new row holds in this column.
    default: Any = ""


class RowTableModel(QAbstractTableModel):
    """Rows of plain values the user edits in place (people, incomes, debts)."""

    sig_edited = Signal()

    def __init__(self, columns: Sequence[RowColumn], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []
        self.read_only = False

    def set_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = [dict(r) for r in rows]
        self.endResetModel()

    def add_row(self) -> int:
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append({c.key: c.default for c in self.columns})
        self.endInsertRows()
        self.sig_edited.emit()
        return row

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()
            self.sig_edited.emit()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].title()
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.read_only:
            return base
        if self.columns[index.column()].kind == "check":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        column = self.columns[index.column()]
        value = self.rows[index.row()][column.key]
        if column.kind == "check":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind == "money":
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or self.read_only:
            return False
        column = self.columns[index.column()]
        if column.kind == "check" and role == Qt.ItemDataRole.CheckStateRole:
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
            self.rows[index.row()][column.key] = checked
        elif column.kind != "check" and role == Qt.ItemDataRole.EditRole:
            self.rows[index.row()][column.key] = str(value).strip()
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        self.sig_edited.emit()
        return True


class RowTable(QWidget):
    """A :class:`RowTableModel` in a table with Add / Remove buttons."""

    def __init__(self, columns: Sequence[RowColumn], stretch: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowTableModel(columns, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.setMinimumHeight(96)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        row.addWidget(self.table, 1)
        row.addLayout(buttons)
        self.setFocusProxy(self.table)

    def add_row(self) -> None:
        row = self.model.add_row()
        first = self.model.index(row, 0)
        self.table.setCurrentIndex(first)
        self.table.setFocus()
        self.table.edit(first)

    def remove_current(self) -> None:
        self.model.remove_row(self.table.currentIndex().row())

    def set_read_only(self, on: bool) -> None:
        self.model.read_only = on
        self.add_button.setVisible(not on)
        self.remove_button.setVisible(not on)
