"""The managers' dashboard: period and grouping, headline numbers, charts with their figures.

The figures are read on a worker (:func:`hvdesk.visitreports.dashboard`) and
come back by callback; an answer for a period the user already left is
dropped. Each chart card flips to a table of the exact numbers. "Export
.xlsx…" writes the figures on screen (the same ``Dashboard`` value) with the
core's :func:`~hvdesk.visitreports.export_dashboard_xlsx`. The complaints and
promises lists are tabs of the same page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk import visitreports as core
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.model import ReportOutcome
from hvdesk.resources import resource_path
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from ui.common.cost_defaults import CostDefaultsDialog
from ui.common.follow import Follower
from ui.dashboard.charts import CARD_STYLE, ChartCard
from ui.dashboard.complaints import ComplaintsTab
from ui.dashboard.convert import CARD_KEYS, FigureBuilder
from ui.dashboard.figures import Kind, display
from ui.dashboard.kpi import Kpi
from ui.dashboard.prefs import GROUPS, PRESETS, DashboardPrefs, preset_span
from ui.dashboard.promises import PromisesTab
from ui.icons import icon
from ui.labels import error_text
from ui.settings import Settings
from ui.workers import Op

PAGE_STYLE = CARD_STYLE + """
QLabel#kpiValue { font-size: 17pt; font-weight: 600; color: #1a56c4; }
QLabel#kpiCaption { color: #4b5563; font-size: 9pt; }
QScrollArea#chartsArea { background: transparent; border: none; }
QWidget#chartsGrid { background: transparent; }
QDateEdit { background: #ffffff; border: 1px solid #cfd6e0; border-radius: 6px; padding: 5px 8px; }
QDateEdit:disabled { background: #f3f4f6; color: #6b7280; }
QDateEdit::drop-down { border: none; width: 24px; }
QDateEdit::down-arrow { image: url(@ICONS@/chevron-down.svg); width: 14px; height: 14px; }
QTabWidget::pane { border: none; border-top: 1px solid #e3e8ef; }
QTabBar::tab { background: transparent; border: none; border-bottom: 2px solid transparent;
               padding: 7px 16px; margin-right: 6px; color: #4b5563; }
QTabBar::tab:selected { color: #1a56c4; border-bottom: 2px solid #2f6fde; font-weight: 600; }
QTabBar::tab:hover:!selected { color: #111827; }
"""


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


#: Tables whose changes move the figures (debounced re-read while shown).
FOLLOWED = ("visit", "visit_member", "visit_report", "report_revision", "feedback",
            "visit_cost", "complaint_case", "repayment", "cost_setting")


class DashboardPage(QWidget):
    """The Dashboard section.

    * ``sig_loaded`` — figures for the chosen period arrived and are drawn;
    * ``refresh()`` (F5), ``export_xlsx(path=None)``;
    * ``cards[key]`` — the chart cards (``visits``, ``outcomes``, ``awaiting``,
      ``promises``, ``costs``, ``satisfaction``), each with ``model`` holding
      its figures; ``board`` — the last :class:`hvdesk.visitreports.Dashboard`.
    """

    sig_loaded = Signal()
    sig_exported = Signal(str)

    def __init__(
        self, db: Database, actor: Actor, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setStyleSheet(PAGE_STYLE.replace("@ICONS@", resource_path("icons").as_posix()))
        self._db = db
        self._actor = actor
        self._settings = settings
        self.prefs = DashboardPrefs(settings)
        self.builder = FigureBuilder(self)
        self.board: core.Dashboard | None = None
        self.defaults_dialog: CostDefaultsDialog | None = None
        self._generation = 0
        # The board's own read writes promise states and its audit event: not followed.
        self.follower = Follower(self, FOLLOWED, self.reload)
        self._build()
        self.retranslateUi()
        self._restore()
        # Nothing is read until the section is shown: signing in is no "viewed the dashboard".

    # --- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("pageSubtitle")
        self.subtitle_label.setWordWrap(True)
        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.clicked.connect(self.refresh)
        # F5 anywhere in the section, not only on the focused button.
        self.refresh_shortcut = QShortcut(QKeySequence("F5"), self)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_shortcut.activated.connect(self.refresh)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(lambda: self.export_xlsx())
        if not self._actor.can(Permission.DATA_EXPORT):  # hide only: see NoticesPage
            self.export_button.hide()
        self.defaults_button = QPushButton()
        self.defaults_button.clicked.connect(self.open_cost_defaults)

        self._build_filters()
        self._build_tabs()
        heading_text = QVBoxLayout()
        heading_text.setSpacing(2)
        heading_text.addWidget(self.title_label)
        heading_text.addWidget(self.subtitle_label)
        heading = QHBoxLayout()
        heading.addLayout(heading_text, 1)
        for button in (self.defaults_button, self.export_button, self.refresh_button):
            heading.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        layout.addLayout(heading)
        layout.addLayout(self.filters)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)

    def _build_filters(self) -> None:
        self.period_label = QLabel()
        self.period_combo = QComboBox()
        self.first_edit = QDateEdit()
        self.last_edit = QDateEdit()
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.dash_label = QLabel("–")
        self.group_label = QLabel()
        self.group_combo = QComboBox()
        self.status_label = QLabel()
        self.status_label.setObjectName("hint")
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        filters = QHBoxLayout()
        filters.setSpacing(8)
        for widget in (self.period_label, self.period_combo, self.first_edit, self.dash_label,
                       self.last_edit):
            filters.addWidget(widget)
        filters.addSpacing(18)
        filters.addWidget(self.group_label)
        filters.addWidget(self.group_combo)
        filters.addStretch(1)
        filters.addWidget(self.status_label)
        self.filters = filters

    def _build_tabs(self) -> None:
        self.kpis = {key: Kpi() for key in ("visits", "met", "awaiting", "kept", "cost", "mood",
                                            "flagged")}
        kpi_row = QHBoxLayout()
        kpi_row.setSpacing(12)
        for kpi in self.kpis.values():
            kpi_row.addWidget(kpi, 1)

        self.cards = {key: ChartCard() for key in CARD_KEYS}
        grid_widget = QWidget()
        grid_widget.setObjectName("chartsGrid")
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        for k, key in enumerate(CARD_KEYS):
            grid.addWidget(self.cards[key], k // 2, k % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        # Headline numbers and charts scroll together: a small window still fits the page.
        figures_layout = QVBoxLayout(grid_widget)
        figures_layout.setContentsMargins(0, 10, 6, 0)
        figures_layout.setSpacing(14)
        figures_layout.addLayout(kpi_row)
        figures_layout.addLayout(grid, 1)
        self.charts_area = QScrollArea()
        self.charts_area.setObjectName("chartsArea")
        self.charts_area.setWidgetResizable(True)
        self.charts_area.setWidget(grid_widget)
        figures_tab = self.charts_area

        self.complaints = ComplaintsTab(self._db, self._actor)
        self.promises = PromisesTab(self._db, self._actor, self._settings)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(figures_tab, "")
        self.tabs.addTab(self.complaints, "")
        self.tabs.addTab(self.promises, "")

    def _restore(self) -> None:
        for weeks in PRESETS:
            self.period_combo.addItem("", weeks)
        for group in GROUPS:
            self.group_combo.addItem("", group)
        self._fill_combo_texts()
        first, last = self.prefs.span()
        self.first_edit.setDate(_qdate(first))
        self.last_edit.setDate(_qdate(last))
        self.period_combo.setCurrentIndex(self.period_combo.findData(self.prefs.weeks))
        self.group_combo.setCurrentIndex(self.group_combo.findData(self.prefs.group))
        self.tabs.setCurrentIndex(min(self.prefs.tab, self.tabs.count() - 1))
        self._enable_dates()
        self.period_combo.currentIndexChanged.connect(self._preset_changed)
        self.first_edit.dateChanged.connect(self._dates_changed)
        self.last_edit.dateChanged.connect(self._dates_changed)
        self.group_combo.currentIndexChanged.connect(self._group_changed)
        self.tabs.currentChanged.connect(self._tab_changed)

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Dashboard"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the figures again (F5)"))
        self.export_button.setText(self.tr("Export .xlsx…"))
        self.export_button.setToolTip(self.tr("Write the figures on screen to an Excel workbook"))
        self.defaults_button.setText(self.tr("Cost defaults…"))
        self.period_label.setText(self.tr("Period:"))
        self.group_label.setText(self.tr("Group by:"))
        self.tabs.setTabText(0, self.tr("Figures"))
        self.tabs.setTabText(1, self.tr("Complaints"))
        self.tabs.setTabText(2, self.tr("Promises to pay"))
        captions = {
            "visits": self.tr("Visits"),
            "met": self.tr("Met the customer"),
            "awaiting": self.tr("Reports awaiting review"),
            "kept": self.tr("Promises kept"),
            "cost": self.tr("Cost per visit (¥)"),
            "mood": self.tr("Mean satisfaction (1–5)"),
            "flagged": self.tr("Reports with proof-of-visit flags"),
        }
        for key, caption in captions.items():
            self.kpis[key].caption_label.setText(caption)
        self._fill_combo_texts()
        self._show()

    def _fill_combo_texts(self) -> None:
        names = {
            4: self.tr("Last 4 weeks"),
            8: self.tr("Last 8 weeks"),
            13: self.tr("Last 13 weeks"),
            26: self.tr("Last 26 weeks"),
            52: self.tr("Last 52 weeks"),
            0: self.tr("Custom"),
        }
        for row in range(self.period_combo.count()):
            self.period_combo.setItemText(row, names[self.period_combo.itemData(row)])
        groups = {"week": self.tr("Week"), "team": self.tr("Team"), "branch": self.tr("Branch")}
        for row in range(self.group_combo.count()):
            self.group_combo.setItemText(row, groups[self.group_combo.itemData(row)])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        # Read on every visit: colleagues approve reports and record repayments at other desks.
        if not event.spontaneous():
            self.refresh()
        super().showEvent(event)

    # --- period and grouping -----------------------------------------------------------------
    def span(self) -> tuple[dt.date, dt.date]:
        return _pydate(self.first_edit.date()), _pydate(self.last_edit.date())

    def group(self) -> core.DashboardGroup:
        value = str(self.group_combo.currentData())
        return next(g for g in GROUPS if g == value)

    def _enable_dates(self) -> None:
        # A preset's dates are in the subtitle; the edits are for a custom period only.
        custom = self.period_combo.currentData() == 0
        for widget in (self.first_edit, self.dash_label, self.last_edit):
            widget.setVisible(custom)

    def _preset_changed(self) -> None:
        weeks = int(self.period_combo.currentData())
        self._enable_dates()
        if weeks:
            self.prefs.weeks = weeks
            first, last = preset_span(weeks, clock.today(clock.DEFAULT_ZONE))
            self._set_dates(first, last)
            self.reload()
        else:
            self.prefs.set_custom(*self.span())

    def _set_dates(self, first: dt.date, last: dt.date) -> None:
        for edit, day in ((self.first_edit, first), (self.last_edit, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _dates_changed(self) -> None:
        first, last = self.span()
        if first > last:
            return
        self.prefs.set_custom(first, last)
        self.reload()

    def _group_changed(self) -> None:
        self.prefs.group = self.group()
        self.reload()

    def _tab_changed(self, index: int) -> None:
        self.prefs.tab = index

    # --- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        self.reload()
        self.complaints.reload()
        self.promises.reload()

    def reload(self) -> Op[core.Dashboard]:
        self._generation += 1
        generation = self._generation
        weeks = int(self.period_combo.currentData() or 0)
        if weeks:
            # "Last 8 weeks" moves with the calendar, also on a page left open overnight.
            self._set_dates(*preset_span(weeks, clock.today(clock.DEFAULT_ZONE)))
        first, last = self.span()
        group = self.group()
        self.status_label.setText(self.tr("Loading…"))
        db, actor = self._db, self._actor

        def work(_state: object) -> core.Dashboard:
            # A transaction: the core re-judges promises and audits the view.
            with db.begin() as session:
                return core.dashboard(session, actor, start=first, end=last, group=group)

        op: Op[core.Dashboard] = Op(self, work)
        op.success(lambda board: self._loaded(generation, board))
        op.failure(self._failed)
        return op.run()

    def _loaded(self, generation: int, board: core.Dashboard) -> None:
        if generation != self._generation:
            return  # the user moved on
        self.board = board
        self.message_label.hide()
        self._show()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.status_label.setText("")
        self.show_message(error_text(exc))

    def show_message(self, text: str, error: bool = True) -> None:
        self.message_label.setObjectName("errorMessage" if error else "noticeMessage")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _show(self) -> None:
        board = self.board
        subtitle = self._actor.branch_name or self.tr("All branches")
        if board is None:
            self.subtitle_label.setText(subtitle)
            return
        self.subtitle_label.setText(
            self.tr("{0} · {1} to {2}").format(subtitle, board.start.isoformat(),
                                               board.end.isoformat())
        )
        # The branch's wall time (the one clock), not the desk's own zone.
        zone = clock.now_in(self._actor.timezone).tzinfo
        generated = board.generated_at.astimezone(zone).strftime("%H:%M")
        self.status_label.setText(self.tr("As of {0}").format(generated))
        for card in self.builder.cards(board):
            self.cards[card.key].set_title(card.title, card.note)
            self.cards[card.key].set_content(card.spec, card.figures)
        total = board.total
        values = {
            "visits": display(total.visits, Kind.COUNT),
            "met": display(total.by_outcome.get(ReportOutcome.MET_CUSTOMER, 0), Kind.COUNT),
            "awaiting": display(total.reports_awaiting, Kind.COUNT),
            "kept": display(total.promise_kept_rate, Kind.RATE),
            "cost": display(total.cost_per_visit, Kind.MONEY),
            "mood": display(total.mean_satisfaction, Kind.NUMBER),
            "flagged": display(board.flagged_reports, Kind.COUNT),
        }
        for key, text in values.items():
            self.kpis[key].value_label.setText(text)

    # --- commands ----------------------------------------------------------------------------
    def export_xlsx(self, path: Path | None = None) -> Op[Path] | None:
        """Write the figures on screen; asks for the file unless ``path`` is given."""
        board = self.board
        if board is None:
            return None
        if path is None:
            name = f"dashboard-{board.start:%Y%m%d}-{board.end:%Y%m%d}.xlsx"
            folder = self.prefs.export_dir
            start = str(Path(folder) / name) if folder else name
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export dashboard"), start, self.tr("Excel workbook (*.xlsx)")
            )
            if not chosen:
                return None
            path = Path(chosen)
            self.prefs.export_dir = str(path.parent)
        target = path
        db, actor = self._db, self._actor

        def work(_state: object) -> Path:
            # The same figures as on screen; the export is audited like every export.
            with db.begin() as session:
                core.export_dashboard_xlsx(board, target, session=session, actor=actor)
            return target

        self.export_button.setEnabled(False)
        op: Op[Path] = Op(self, work)
        op.success(self._exported)
        op.failure(self._export_failed)
        op.finally_(lambda: self.export_button.setEnabled(True))
        return op.run()

    def _exported(self, path: Path) -> None:
        self.show_message(self.tr("Dashboard written to {0}").format(str(path)), error=False)
        self.sig_exported.emit(str(path))

    def _export_failed(self, exc: BaseException) -> None:
        if isinstance(exc, OSError):
            self.show_message(self.tr("Could not write the file: {0}").format(exc.strerror or exc))
            return
        self._failed(exc)

    def open_cost_defaults(self) -> CostDefaultsDialog:
        self.defaults_dialog = CostDefaultsDialog(self._db, self._actor, self)
        self.defaults_dialog.open()
        return self.defaults_dialog
