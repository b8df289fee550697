"""The calendar section: day, week and month views, the unscheduled pane, auto-plan, export.

The shown range is read on a worker (with the rules context the drag checks
use) and comes back by callback; answers for a range the user already left
are dropped. Writes go through :class:`~ui.calendar.editing.CalendarEditor`
and the scheduling service, on a worker as well. Afterwards nothing is read
in full again: the page follows the change hub and re-reads just the visits
a change names (its own writes and everyone else's alike), and the customers
of the unscheduled pane a change names. "Today" is the branch's (``hvdesk.clock``).
The view mode, column kind and last date are remembered in the settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.scheduling.calendar_query import DueCustomer, Resource, VisitBlock, week_of
from hvdesk.scheduling.violations import Violation
from hvdesk.services.context import Actor
from ui.calendar.autoplanning import AutoPlanning
from ui.calendar.backend import CalendarBackend, Changed, Loaded, PlanResult
from ui.calendar.block_menu import BlockMenu
from ui.calendar.canvas import CalendarCanvas
from ui.calendar.conflicts import Candidate
from ui.calendar.details import VisitDetailsDialog
from ui.calendar.editing import CalendarEditor
from ui.calendar.extras import AfterVisit, PrintCommands
from ui.calendar.follow import ChangeFollower
from ui.calendar.layout import ColumnKind, ViewMode, month_grid
from ui.calendar.month import MonthView
from ui.calendar.prefs import CalendarPrefs
from ui.calendar.proposals import ProposalPanel
from ui.calendar.service_backend import ServiceBackend
from ui.calendar.toolbar import PAGE_STYLE, CalendarToolbar
from ui.calendar.unscheduled import UnscheduledPane
from ui.calendar.visit_dialogs import ReportState, VisitDialogs
from ui.labels import error_text
from ui.settings import Settings
from ui.workers import Op


class CalendarPage(AutoPlanning, QWidget):
    """The calendar section of the main window.

    Public API for the main window and other sections:

    * ``sig_loaded`` — the shown range was read and drawn;
    * ``sig_updated`` — visits a change named were read again and drawn;
    * ``sig_open_customer(int)`` — "Customer file…" in a visit's dialog;
    * ``sig_notices_wanted(list)`` — the selected visits' SMS notices (shown once
      ``enable_notices()`` was called: the user may send notices);
    * ``go_to(date, mode=None)``, ``set_mode(ViewMode)``, ``refresh()``;
    * ``autoplan(customer_ids)`` — propose visits for customers chosen
      elsewhere (the customer list's selection, the map's);
    * customers dragged from anywhere as :data:`ui.dragdrop.CUSTOMER_IDS_MIME`
      onto a slot become visits (no wiring needed).
    """

    sig_loaded = Signal()
    #: The visits of a change (from the hub) were read again and put in place.
    sig_updated = Signal()
    sig_open_customer = Signal(int)
    #: "Notices for selected visits": the visit ids whose SMS notices are wanted.
    sig_notices_wanted = Signal(list)
    #: "Write report…" / "Open report…" in a visit's dialog (visit id).
    sig_open_report = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        settings: Settings,
        parent: QWidget | None = None,
        backend: CalendarBackend | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setStyleSheet(PAGE_STYLE)
        self.backend = backend if backend is not None else ServiceBackend(db, actor)
        self._db, self._actor = db, actor
        self._settings = settings
        self.prefs = CalendarPrefs(settings)
        self.loaded: Loaded | None = None
        self.plan: PlanResult | None = None
        self._generation = 0
        self._preparing = 0
        self.mode = self.prefs.view
        self.kind = self.prefs.columns
        self.day = self.prefs.day
        self.editor = CalendarEditor(self.backend, self._block, self)
        self.editor.sig_blocks_changed.connect(self._blocks_changed)
        self.editor.sig_message.connect(self.show_message)
        self.editor.sig_busy.connect(
            lambda busy: self.setCursor(Qt.CursorShape.WaitCursor) if busy else self.unsetCursor())
        self.editor.staff_choices = lambda: self.backend.staff_choices(self.loaded)
        self._build()
        self.follower = ChangeFollower(self.backend, self.unscheduled.quiet_spin.value, self)
        self.follower.sig_read.connect(self._followed)
        self.follower.sig_reload_wanted.connect(self.refresh)
        self.follower.sig_follow_ups_wanted.connect(self._reload_follow_ups)
        self.dialogs = VisitDialogs(db, actor, self.editor, self.backend.can_schedule(), self)
        self.dialogs.sig_open_report.connect(self.sig_open_report)
        self.dialogs.sig_open_customer.connect(self.sig_open_customer)
        self.dialogs.sig_notices_wanted.connect(self.sig_notices_wanted)
        self.dialogs.sig_failed.connect(self._failed)
        self.follower.sig_reports_changed.connect(self.dialogs.reports_changed)
        self._build_menu()
        self.follower.sig_failed.connect(self._failed)
        self.editor.sig_refresh_wanted.connect(lambda ids: self.follower.follow(ids, ()))
        #: File ▸ Print and the feedback dialogs: given by the main window (``attach_…``).
        self.documents: PrintCommands | None = None
        self.after_visit: AfterVisit | None = None
        self._show_mode()
        self.reload()
        self.reload_due()

    # --- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        stack = self.editor.undo_stack
        self.toolbar = CalendarToolbar(stack)
        bar = self.toolbar
        bar.sig_step.connect(self.step)
        bar.sig_today.connect(lambda: self.go_to(self.today()))
        bar.sig_mode.connect(self.set_mode)
        bar.sig_columns.connect(self._columns_changed)
        bar.sig_filter.connect(self._draw)
        bar.sig_export.connect(self.export)
        bar.sig_refresh.connect(self.refresh)
        bar.sig_notices.connect(self.notices_for_selection)
        self.notices_action = QAction(self)
        self.notices_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.notices_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.notices_action.setEnabled(False)
        self.notices_action.triggered.connect(self.notices_for_selection)
        self.addAction(self.notices_action)
        # The widgets tests and the main window reach for, under short names.
        self.title_label, self.status_label = bar.title_label, bar.status_label
        self.view_buttons, self.next_button = bar.view_buttons, bar.next_button
        self.columns_combo, self.filter_combo = bar.columns_combo, bar.filter_combo
        self.undo_action = stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = stack.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self._build_views()
        self._build_side()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(14)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.message_label)
        layout.addWidget(self.splitter, 1)

    def _build_views(self) -> None:
        self.canvas = CalendarCanvas()
        self.canvas.can_override = self.backend.can_override()
        self.canvas.checker = self._check
        self.canvas.sig_move_requested.connect(self._move)
        self.canvas.sig_create_requested.connect(self._create)
        self.canvas.sig_open_visit.connect(self.open_visit)
        self.canvas.sig_route_requested.connect(self._route)
        self.canvas.sig_ghost_toggled.connect(self._ghost_toggled)
        self.canvas.sig_day_activated.connect(lambda d: self.go_to(d, ViewMode.DAY))
        self.canvas.sig_drag_entered.connect(self._prepare_drop)
        self.canvas.sig_selection_changed.connect(self._selection_changed)
        self.month_view = MonthView()
        self.month_view.sig_day_activated.connect(lambda d: self.go_to(d, ViewMode.DAY))
        self.views = QStackedWidget()
        self.views.addWidget(self.canvas)
        self.views.addWidget(self.month_view)

    def _build_menu(self) -> None:
        """A block's context menu; notices and the report go out like the details' buttons."""
        menu = self.block_menu = BlockMenu(
            self.editor, self._block, lambda: self.backend.can_schedule(), self)
        menu.offer_notices = lambda: self.toolbar.notices_button.isVisibleTo(self)
        menu.report_state = lambda: self.dialogs.report_state
        menu.sig_open.connect(self.open_visit)
        menu.sig_move.connect(self._move)
        menu.sig_notices.connect(self.sig_notices_wanted)
        menu.sig_report.connect(self.sig_open_report)
        menu.sig_customer.connect(self.sig_open_customer)
        self.canvas.sig_menu_requested.connect(menu.popup)

    def _build_side(self) -> None:
        self.unscheduled = UnscheduledPane()
        self.unscheduled.quiet_spin.setValue(self.prefs.quiet_days)
        self.unscheduled.sig_quiet_days_changed.connect(self._quiet_changed)
        self.unscheduled.sig_autoplan_requested.connect(self.autoplan)
        self.unscheduled.autoplan_button.setVisible(self.backend.can_schedule())
        self.proposals = ProposalPanel()
        self.proposals.sig_accept.connect(self.accept_proposals)
        self.proposals.sig_discard.connect(self.discard_proposals)
        self.proposals.sig_checked_changed.connect(self._show_ghosts)
        self.proposals.list.setMaximumHeight(220)
        self.proposals.hide()
        self.side_panel = QWidget()
        self.side_panel.setObjectName("sidePanel")
        self.side_panel.setMinimumWidth(280)
        side_layout = QVBoxLayout(self.side_panel)
        side_layout.setContentsMargins(12, 12, 12, 12)
        side_layout.setSpacing(12)
        side_layout.addWidget(self.unscheduled, 3)
        side_layout.addWidget(self.proposals, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([1000, 400])  # the pane's five columns readable at 1366

    def retranslateUi(self) -> None:
        """The toolbar and panes retranslate themselves; the grid and month repaint."""
        self.toolbar.retranslateUi()
        self._fill_filter()
        self._draw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- navigation ----------------------------------------------------------------------------
    def span(self) -> tuple[dt.date, dt.date]:
        """The days read for the current view (the day view reads its week: team columns)."""
        days = month_grid(self.day) if self.mode is ViewMode.MONTH else week_of(self.day)
        return days[0], days[-1]

    def shown_span(self) -> tuple[dt.date, dt.date]:
        """The days on screen: the day, its week, or its month."""
        if self.mode is ViewMode.DAY:
            return self.day, self.day
        if self.mode is ViewMode.WEEK:
            week = week_of(self.day)
            return week[0], week[-1]
        first = self.day.replace(day=1)
        return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)

    def set_mode(self, mode: ViewMode) -> None:
        self.go_to(self.day, mode)

    def go_to(self, day: dt.date, mode: ViewMode | None = None) -> None:
        old_span = self.span()
        self.day = day
        self.prefs.day = day
        if mode is not None and mode is not self.mode:
            self.mode = mode
            self.prefs.view = mode
        self._show_mode()
        if self.span() != old_span or self.loaded is None:
            self.reload()
        else:
            self._draw()

    def step(self, direction: int) -> None:
        if self.mode is ViewMode.DAY:
            self.go_to(self.day + dt.timedelta(days=direction))
        elif self.mode is ViewMode.WEEK:
            self.go_to(self.day + dt.timedelta(days=7 * direction))
        else:
            first = self.day.replace(day=1)
            month = first + dt.timedelta(days=32) if direction > 0 else first - dt.timedelta(days=1)
            self.go_to(month.replace(day=1))

    def _show_mode(self) -> None:
        self.toolbar.show_mode(self.mode, self.kind)
        self.views.setCurrentWidget(self.month_view if self.mode is ViewMode.MONTH else self.canvas)
        self.toolbar.show_range(self.mode, self.day)

    def _columns_changed(self, kind: ColumnKind) -> None:
        self.kind = kind
        self.prefs.columns = kind
        self._fill_filter()
        self._draw()

    def _fill_filter(self) -> None:
        self.toolbar.set_resources(self._resources())

    def _resources(self) -> list[Resource]:
        if self.loaded is None:
            return []
        data = self.loaded.data
        return data.team_resources() if self.kind is ColumnKind.TEAMS else data.visitor_resources()

    def resource_filter(self) -> Resource | None:
        key = self.toolbar.filter_key()
        return next((r for r in self._resources() if r.key == key), None) if key else None

    # --- loading ---------------------------------------------------------------------------
    def today(self) -> dt.date:
        """Today at the branch (its zone once the range brought it)."""
        return clock.today(self.loaded.data.branch.zone if self.loaded is not None else None)

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        self.follower.loading()
        first, last = self.span()
        checks = self.mode is not ViewMode.MONTH  # nothing is dragged in the month view
        self.status_label.setText(self.tr("Loading…"))
        op: Op[Loaded] = Op(self, lambda _state: self.backend.load(first, last, checks))
        op.success(lambda loaded: self._loaded(generation, loaded))
        op.failure(self._failed)
        op.run()

    def refresh(self) -> None:
        self.reload()
        self.reload_due()

    def _loaded(self, generation: int, loaded: Loaded) -> None:
        if generation != self._generation:
            return  # the user moved on
        self.loaded = loaded
        self.month_view.today = self.today()
        self._fill_filter()
        self._draw()
        self.sig_loaded.emit()
        self.follower.loaded()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.status_label.setText("")
        self.show_message(error_text(exc), True)

    def _draw(self) -> None:
        self.toolbar.show_range(self.mode, self.day)
        if self.loaded is None:
            return
        data = self.loaded.data
        resource = self.resource_filter()
        if self.mode is ViewMode.MONTH:
            self.month_view.set_blocks(self.day, data.blocks, resource)
        else:
            key = resource.key if resource else None
            self.canvas.set_view(data, self.mode, self.day, self.kind, key)
        first, last = self.shown_span()
        shown = [
            b
            for b in data.blocks
            if first <= b.day <= last and (resource is None or resource.holds(b))
        ]
        self.status_label.setText(self.tr("{0} visits").format(len(shown)))
        self._show_ghosts()

    def reload_due(self) -> None:
        quiet = self.unscheduled.quiet_spin.value()
        op: Op[list[DueCustomer]] = Op(self, lambda _s: self.backend.due(quiet))
        op.success(self._due_loaded)
        op.failure(self._failed)
        op.run()
        self._reload_follow_ups()

    def _reload_follow_ups(self) -> None:
        db, actor, hooks = self._db, self._actor, self.after_visit
        if hooks is None:
            return
        follow: Op[tuple[list[DueCustomer], dict[int, str]]] = Op(
            self, lambda _s: hooks.follow_up_rows(db, actor))
        follow.success(lambda found: self.unscheduled.set_follow_ups(*found))
        follow.failure(self._failed)
        follow.run()

    def _due_loaded(self, rows: list[DueCustomer]) -> None:
        self.unscheduled.set_rows(rows)
        if rows and self.backend.can_schedule():
            ids = [r.id for r in rows]
            values: Op[dict[int, tuple[float, str]]] = Op(
                self, lambda _s: self.backend.priorities(ids))
            values.success(self.unscheduled.set_values)
            values.failure(self._failed)
            values.run()

    def _quiet_changed(self, days: int) -> None:
        self.prefs.quiet_days = days
        self.reload_due()

    # --- in-memory checks and changes ------------------------------------------------------------
    def _block(self, visit_id: int) -> VisitBlock | None:
        return self.loaded.data.block(visit_id) if self.loaded is not None else None

    def _check(self, cand: Candidate) -> list[Violation]:
        if self.loaded is None:
            return []
        return self.backend.check(self.loaded, cand, cand.customer_id)

    def _prepare_drop(self, customer_ids: list[int]) -> None:
        """Customers dragged in: read their rules on a worker while the drag goes on.

        Until the answer is back the drag is checked without the customers' own
        rules (the service checks everything on drop)."""
        loaded = self.loaded
        if loaded is None or not customer_ids:
            return
        op: Op[Loaded] = Op(self, lambda _s: self.backend.with_customers(loaded, customer_ids))
        op.success(self._drop_prepared(loaded))
        op.failure(self._failed)
        self._preparing += 1
        op.finally_(self._prepared)
        op.run()

    def _prepared(self) -> None:
        self._preparing -= 1

    def _drop_prepared(self, asked: Loaded) -> Callable[[Loaded], None]:
        def prepared(extended: Loaded) -> None:
            if self.loaded is asked:  # otherwise a change came first: the next drag asks again
                self.loaded = extended
        return prepared

    def _blocks_changed(self, blocks: list[VisitBlock]) -> None:
        """What a write of ours saved, put in place at once (the hub's re-read follows)."""
        if self.loaded is not None and blocks:
            self.loaded = self.backend.merge(self.loaded, Changed(tuple(blocks)))
            self._draw()

    # --- following the change hub ------------------------------------------------------------
    def _followed(self, changed: Changed, customer_ids: list[int], due: list[DueCustomer]) -> None:
        if customer_ids:
            self.unscheduled.update_rows(customer_ids, due)
        if self.loaded is not None and (changed.blocks or changed.gone):
            self.loaded = self.backend.merge(self.loaded, changed)
            self._fill_filter()
            self._draw()
            self.dialogs.visits_changed(changed.blocks)
        self.sig_updated.emit()

    @property
    def idle(self) -> bool:
        """Nothing is being read or written for this page on a worker (tests wait for it)."""
        return self.follower.idle and self.editor.running == 0 and not self._preparing

    def _move(
        self, block: VisitBlock, start: dt.datetime, end: dt.datetime, members: tuple[int, ...]
    ) -> None:
        """Show the block where it was dropped while the service decides; back if refused."""
        if self.loaded is not None:
            names = self.loaded.data.visitor_names()
            pending = replace(block, start=start, end=end, member_ids=tuple(members),
                              member_names=tuple(names.get(m, "?") for m in members))
            self.loaded = Loaded(self.loaded.data.with_block(pending), self.loaded.context)
            self._draw()

        def then(saved: bool) -> None:
            current = self._block(block.id)
            if not saved and self.loaded is not None and current is not None \
                    and current.version == block.version:
                self.loaded = Loaded(self.loaded.data.with_block(block), self.loaded.context)
                self._draw()

        self.editor.request_change(block, start, end, members, then)

    def _create(
        self, customer_ids: list[int], start: dt.datetime, member_ids: tuple[int, ...]
    ) -> None:
        self.editor.create(customer_ids, start, member_ids, self.canvas.new_visit_minutes)

    def _route(self, resource: Resource, day: dt.date) -> None:
        self.editor.order_route(day, resource.member_ids, resource.title)

    def open_visit(self, visit_id: int) -> VisitDetailsDialog | None:
        block = self._block(visit_id)
        if block is None:
            return None
        self.dialogs.offer_notices = self.toolbar.notices_button.isVisibleTo(self)
        return self.dialogs.open(block)

    @property
    def details_dialog(self) -> VisitDetailsDialog | None:
        return self.dialogs.dialog

    @property
    def follow_up_dialog(self) -> QDialog | None:
        return self.dialogs.follow_up_dialog

    @property
    def report_state(self) -> ReportState | None:
        """Set by the reports feature: a visit's report state (called on a worker)."""
        return self.dialogs.report_state

    @report_state.setter
    def report_state(self, state: ReportState | None) -> None:
        self.dialogs.report_state = state

    # --- notices ---------------------------------------------------------------------------------
    def attach_documents(self, commands: PrintCommands) -> None:
        """File ▸ Print for the shown day (the main window builds it when the user may print)."""
        self.documents = self.dialogs.documents = commands
        self.toolbar.add_command(commands.button)

    def attach_after_visit(self, hooks: AfterVisit) -> None:
        """Broken promises in the side pane, feedback and costs in a visit's details."""
        self.after_visit = self.dialogs.after_visit = hooks
        self._reload_follow_ups()

    def team_members(self) -> tuple[int, ...] | None:
        """The team the calendar is filtered to (printing preselects it)."""
        resource = self.resource_filter()
        return resource.member_ids if resource is not None else None

    def enable_notices(self) -> None:
        """Offer "Notices for selected visits" (the main window knows the user may send them)."""
        self.toolbar.notices_button.show()
        self._selection_changed(sorted(self.canvas.selected))

    def selected_visits(self) -> list[int]:
        return sorted(self.canvas.selected)

    def _selection_changed(self, ids: list[int]) -> None:
        on = bool(ids) and self.toolbar.notices_button.isVisibleTo(self)
        self.toolbar.notices_button.setEnabled(on)
        self.notices_action.setEnabled(on)

    def notices_for_selection(self) -> None:
        ids = self.selected_visits()
        if ids:
            self.sig_notices_wanted.emit(ids)

    def show_message(self, text: str, error: bool = False) -> None:
        self.message_label.setObjectName("errorMessage" if error else "noticeMessage")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- export -----------------------------------------------------------------------------------
    def export(self, kind: str, path: Path | None = None) -> Op[int] | None:
        """Write the shown days (and team, when filtered) as ``kind`` "ics" or "xlsx"."""
        first, last = self.shown_span()
        if path is None:
            if kind == "ics":
                pattern = self.tr("Calendar (*.ics)")
            else:
                pattern = self.tr("Excel workbook (*.xlsx)")
            name = f"visits-{first:%Y%m%d}-{last:%Y%m%d}.{kind}"
            folder = self._settings.last_export_dir
            start = str(Path(folder) / name) if folder else name
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), start, pattern)
            if not chosen:
                return None
            path = Path(chosen)
            self._settings.last_export_dir = str(path.parent)
        resource = self.resource_filter()
        members = resource.member_ids if resource is not None else None
        target = path
        op: Op[int] = Op(self, lambda _s: self.backend.export(kind, target, first, last, members))
        op.success(
            lambda count: self.show_message(
                self.tr("{0} visits written to {1}").format(count, str(target)), False
            )
        )
        op.failure(self._failed)
        return op.run()
