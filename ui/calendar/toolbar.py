"""The calendar's two header rows: title, count, undo/redo, export, reload; then
navigation, the shown range, the view mode, the column kind and the team filter.

Two rows so the page fits a 1280-wide screen beside the navigation rail. The
toolbar only reports what the user asked for; the page decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling.calendar_query import Resource, week_of
from ui.calendar.layout import ColumnKind, ViewMode
from ui.calendar.texts import holiday_name
from ui.icons import icon


class CalendarToolbar(QWidget):
    sig_step = Signal(int)
    sig_today = Signal()
    sig_mode = Signal(object)  # ViewMode
    sig_columns = Signal(object)  # ColumnKind
    sig_filter = Signal()
    sig_export = Signal(str)  # "ics" or "xlsx"
    sig_refresh = Signal()
    #: "Notices for selected visits" was clicked.
    sig_notices = Signal()

    def __init__(self, stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack = stack
        self.kind = ColumnKind.TEAMS
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.status_label = QLabel()
        self.status_label.setObjectName("pageSubtitle")
        self.prev_button = _tool_button(lambda: self.sig_step.emit(-1), "‹")
        self.next_button = _tool_button(lambda: self.sig_step.emit(1), "›")
        self.today_button = QPushButton()
        self.today_button.clicked.connect(self.sig_today)
        self.range_label = QLabel()
        self.range_label.setObjectName("rangeLabel")
        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[ViewMode, QPushButton] = {}
        for mode in ViewMode:
            button = QPushButton()
            button.setObjectName("viewButton")
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, m=mode: self.sig_mode.emit(m))
            self.view_group.addButton(button)
            self.view_buttons[mode] = button
        self.columns_combo = QComboBox()
        self.columns_combo.currentIndexChanged.connect(self._columns_changed)
        self.filter_combo = QComboBox()
        self.filter_combo.setMinimumWidth(150)
        self.filter_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.sig_filter.emit())
        # Short texts; the command ("Undo Move the visit with …") is the tooltip.
        self.undo_button = _tool_button(stack.undo)
        self.redo_button = _tool_button(stack.redo)
        self.undo_button.setEnabled(False)
        self.redo_button.setEnabled(False)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        stack.undoTextChanged.connect(self._undo_tips)
        stack.redoTextChanged.connect(self._undo_tips)
        self.export_menu = QMenu(self)
        self.export_ics_action = QAction(self)
        self.export_ics_action.triggered.connect(lambda: self.sig_export.emit("ics"))
        self.export_xlsx_action = QAction(self)
        self.export_xlsx_action.triggered.connect(lambda: self.sig_export.emit("xlsx"))
        self.export_menu.addActions([self.export_ics_action, self.export_xlsx_action])
        self.export_button = QPushButton()
        self.export_button.setMenu(self.export_menu)
        self.notices_button = _hidden_button("notices", self.sig_notices.emit)
        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.sig_refresh)
        self._arrange()
        self.retranslateUi()

    def _arrange(self) -> None:
        heading = self._heading = QHBoxLayout()
        heading.setSpacing(8)
        heading.addWidget(self.title_label)
        heading.addSpacing(12)
        heading.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        for widget in (self.notices_button, self.undo_button, self.redo_button, self.export_button,
                       self.refresh_button):
            heading.addWidget(widget)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for widget in (self.prev_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.range_label)
        bar.addStretch(1)
        views = QHBoxLayout()
        views.setSpacing(0)
        for button in self.view_buttons.values():
            views.addWidget(button)
        bar.addLayout(views)
        bar.addSpacing(8)
        bar.addWidget(self.columns_combo)
        bar.addWidget(self.filter_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(14)
        layout.addLayout(heading)
        layout.addLayout(bar)

    def add_command(self, widget: QWidget) -> None:
        """A further button before Export (the document actions add Print)."""
        self._heading.insertWidget(self._heading.indexOf(self.export_button), widget)

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Calendar"))
        self.today_button.setText(self.tr("Today"))
        self.prev_button.setToolTip(self.tr("Previous"))
        self.next_button.setToolTip(self.tr("Next"))
        names = {
            ViewMode.DAY: self.tr("Day"),
            ViewMode.WEEK: self.tr("Week"),
            ViewMode.MONTH: self.tr("Month"),
        }
        for mode, button in self.view_buttons.items():
            button.setText(names[mode])
        self.columns_combo.blockSignals(True)
        self.columns_combo.clear()
        self.columns_combo.addItem(self.tr("Teams"), ColumnKind.TEAMS.value)
        self.columns_combo.addItem(self.tr("Visitors"), ColumnKind.VISITORS.value)
        self.columns_combo.setCurrentIndex(self.columns_combo.findData(self.kind.value))
        self.columns_combo.blockSignals(False)
        self.undo_button.setText(self.tr("Undo"))
        self.redo_button.setText(self.tr("Redo"))
        self._undo_tips()
        self.export_button.setText(self.tr("Export"))
        self.export_ics_action.setText(self.tr("Calendar file (.ics)…"))
        self.export_xlsx_action.setText(self.tr("Schedule workbook (.xlsx)…"))
        self.refresh_button.setToolTip(self.tr("Reload (F5)"))
        self.notices_button.setText(self.tr("Notices for selected visits"))
        self.notices_button.setToolTip(self.tr(
            "Open the SMS notices of the selected visits (click a visit, Ctrl+click for more; "
            "Ctrl+Shift+N)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _undo_tips(self, _text: str = "") -> None:
        stack = self._stack
        if not (shiboken6.isValid(self.undo_button) and shiboken6.isValid(stack)):
            return  # the stack speaks while the page is being torn down
        for button, name, text in (
            (self.undo_button, self.tr("Undo"), stack.undoText()),
            (self.redo_button, self.tr("Redo"), stack.redoText()),
        ):
            button.setToolTip(f"{name}: {text}" if text else name)

    # --- what the page shows ----------------------------------------------------------------
    def show_mode(self, mode: ViewMode, kind: ColumnKind) -> None:
        self.view_buttons[mode].setChecked(True)
        self.kind = kind
        self.columns_combo.blockSignals(True)
        self.columns_combo.setCurrentIndex(self.columns_combo.findData(kind.value))
        self.columns_combo.blockSignals(False)
        self.columns_combo.setEnabled(mode is not ViewMode.MONTH)

    def show_range(self, mode: ViewMode, day: dt.date) -> None:
        locale = self.locale()

        def fmt(when: dt.date, pattern: str) -> str:
            return locale.toString(QDate(when.year, when.month, when.day), pattern)

        if mode is ViewMode.DAY:
            text = fmt(day, self.tr("dddd, MMMM d, yyyy"))
            info = calendar_cn.day_info(day)
            if info.is_holiday:
                text += f"  ·  {holiday_name(info.name)}"
        elif mode is ViewMode.WEEK:
            week = week_of(day)
            first = fmt(week[0], self.tr("MMM d"))
            last = fmt(week[-1], self.tr("MMM d, yyyy"))
            text = f"{first} – {last}"
        else:
            text = fmt(day, self.tr("MMMM yyyy"))
        self.range_label.setText(text)

    def set_resources(self, resources: Sequence[Resource]) -> None:
        """Fill the filter with ``resources``, keeping the current choice when it is still there."""
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        everyone = (
            self.tr("All teams") if self.kind is ColumnKind.TEAMS else self.tr("All visitors")
        )
        self.filter_combo.addItem(everyone, None)
        for resource in resources:
            self.filter_combo.addItem(resource.title, resource.key)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(current)))
        self.filter_combo.blockSignals(False)

    def filter_key(self) -> str | None:
        key = self.filter_combo.currentData()
        return str(key) if key else None

    def _columns_changed(self) -> None:
        value = self.columns_combo.currentData()
        if value is not None:
            self.kind = ColumnKind(value)
            self.sig_columns.emit(self.kind)


def _hidden_button(name: str, slot: Callable[[], None]) -> QPushButton:
    """A button the page shows once the feature behind it is offered."""
    button = QPushButton(icon(name), "")
    button.setEnabled(False)
    button.hide()
    button.clicked.connect(slot)
    return button


def _tool_button(slot: Callable[[], None], text: str = "") -> QToolButton:
    button = QToolButton()
    button.setObjectName("navButton")
    button.setText(text)
    button.clicked.connect(slot)
    return button
