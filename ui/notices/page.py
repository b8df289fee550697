"""The Notices section: a day's (or chosen visits') SMS notices, previewed, edited and sent.

Reads and writes go through :class:`~ui.notices.backend.NoticeBackend`. The list is read
on a worker (answers for a day the user already left are dropped); a batch send runs on a
worker behind a progress dialog whose Cancel stops between two chunks, so what went out
stays recorded and the rest stays as it was. Notices with a wording problem never join.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hvdesk.changes import OpChanges
from hvdesk.clock import DEFAULT_ZONE
from hvdesk.database import Database
from hvdesk.errors import HvdeskError
from hvdesk.model import NoticeStatus
from hvdesk.notices import (
    NoticeSettings,
    NoticeView,
    ReceiptSummary,
    SendSummary,
    WordingReport,
)
from hvdesk.resources import resource_path
from hvdesk.services.context import Actor
from ui.hub import ChangeHub
from ui.icons import icon
from ui.notices.backend import Clock, NoticeBackend, PrepareResult
from ui.notices.batch import BatchSender
from ui.notices.model import (
    ID_ROLE,
    SENDABLE,
    Column,
    Filter,
    NoticeModel,
    NoticeProxy,
    sendable,
)
from ui.notices.prefs import NoticePrefs
from ui.notices.preview import NoticePreview
from ui.notices.reschedule import VisitMover
from ui.notices.settings_dialog import NoticeSettingsDialog
from ui.notices.style import LOCAL_STYLE
from ui.notices.texts import (
    core_error,
    receipt_summary_text,
    send_problem,
    send_summary_text,
    skip_text,
)
from ui.settings import Settings
from ui.tables import setup_read_only_table
from ui.workers import Op

T = TypeVar("T")


class NoticesPage(QWidget):
    """The Notices section of the main window.

    Public API: ``show_day(date)``, ``show_visits(visit_ids)`` (the calendar's "Notices for
    selected visits"), ``refresh()``, ``prepare()``, ``send_day()``, ``retry_failed()``,
    ``import_receipts(path=None)``, ``open_settings()``; ``sig_loaded`` after each full read,
    ``sig_refreshed`` after the rows a change named were read again (it follows the hub).
    """

    sig_loaded = Signal()
    sig_refreshed = Signal()
    sig_sent = Signal(object)  # SendSummary

    def __init__(
        self,
        db: Database,
        actor: Actor,
        settings: Settings,
        parent: QWidget | None = None,
        backend: NoticeBackend | None = None,
        clock: Clock | None = None,
        zone: ZoneInfo | None = None,
        hub: ChangeHub | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setStyleSheet(LOCAL_STYLE.replace("@ICONS@", resource_path("icons").as_posix()))
        self.backend = backend if backend is not None else NoticeBackend(
            db, actor, zone or ZoneInfo(DEFAULT_ZONE), clock)
        self.prefs = NoticePrefs(settings)
        self.day = self.prefs.day(self.backend.today())
        self.visit_ids: list[int] | None = None
        #: The shared settings, read with every full load (the defaults until then).
        self.notice_settings = NoticeSettings()
        self.receipts_dialog: QFileDialog | None = None
        self.settings_dialog: NoticeSettingsDialog | None = None
        self.last_summary: SendSummary | ReceiptSummary | None = None
        self._generation = 0
        self._shown_generation = 0
        self._writes = 0
        self.batch = BatchSender(self.backend, self)
        self.batch.sig_sent.connect(self._sent)
        self.batch.sig_failed.connect(self._failed)
        self.batch.sig_finished.connect(self._batch_finished)
        self.batch.sig_message.connect(self.show_message)
        self.batch.sig_busy.connect(lambda _busy: self._update_actions())
        self._build()
        self.retranslateUi()
        (hub or ChangeHub.instance()).sig_changed.connect(self._on_changes)
        self.reload()

    # --- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.scope_label = QLabel()
        self.scope_label.setObjectName("pageSubtitle")
        self.whole_day_button = QPushButton()
        self.whole_day_button.setObjectName("linkButton")
        self.whole_day_button.clicked.connect(lambda: self.show_day(self.day))
        self._build_toolbar()
        self.message_label = QLabel()
        self.message_label.setObjectName("noticeMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()
        self.status_label = QLabel()
        self.status_label.setObjectName("pageSubtitle")
        self._build_table()
        self.preview = NoticePreview(self._check, self.backend.zone)
        self.preview.sig_save.connect(self.save_text)
        self.preview.sig_cancel.connect(self.cancel_notice)
        self.preview.sig_handled.connect(self.mark_handled)
        self.preview.sig_resend.connect(lambda i: self.batch.ask_retry(self.model.rows(), i))
        self.mover = VisitMover(self.backend, self, self.preview.sig_move, self.show_message)
        side = QWidget()
        side.setObjectName("sidePanel")
        side.setMinimumWidth(340)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.preview)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([640, 420])
        self._arrange()

    def _build_toolbar(self) -> None:
        self.date_caption, self.filter_caption = QLabel(), QLabel()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd ddd")
        self.date_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
        self.date_edit.dateChanged.connect(self._date_changed)
        self.filter_combo = QComboBox()
        for value in Filter:
            self.filter_combo.addItem("", value.value)
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(self.prefs.filter.value))
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)
        self.refresh_button = QPushButton(icon("refresh"), "")
        self.refresh_button.clicked.connect(self.refresh)
        self.prepare_button = QPushButton()
        self.prepare_button.clicked.connect(self.prepare)
        self.send_button = QPushButton()
        self.send_button.setObjectName("primaryButton")
        self.send_button.clicked.connect(self.send_day)
        self.retry_button = QPushButton()
        self.retry_button.clicked.connect(self.retry_failed)
        self.receipts_button = QPushButton()
        self.receipts_button.clicked.connect(lambda: self.import_receipts())
        self.settings_button = QPushButton(icon("settings"), "")
        self.settings_button.clicked.connect(self.open_settings)
        if not self.backend.can_configure():  # hide only: showing a parentless child opens a window
            self.settings_button.hide()
        # Window-wide, yet only while this section is the one shown (Qt ignores the
        # shortcuts of hidden widgets), so the calendar's F5 never clashes with ours.
        self.shortcuts: dict[str, QShortcut] = {}
        for name, keys, slot in (("send", QKeySequence("Ctrl+Return"), self.send_day),
                                 ("refresh", QKeySequence("F5"), self.refresh)):
            shortcut = QShortcut(keys, self)
            shortcut.activated.connect(slot)
            self.shortcuts[name] = shortcut

    def _build_table(self) -> None:
        self.model = NoticeModel(self.backend.zone, self)
        self.proxy = NoticeProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.set_status_filter(self.prefs.filter)
        self.table = setup_read_only_table(QTableView())
        self.table.setObjectName("noticeTable")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.VISIT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((Column.CUSTOMER, 90), (Column.PHONE, 120), (Column.KIND, 90),
                              (Column.VISIT, 100), (Column.STATUS, 86), (Column.LENGTH, 110)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

    def _arrange(self) -> None:
        heading = QHBoxLayout()
        heading.addWidget(self.title_label)
        heading.addSpacing(12)
        heading.addWidget(self.scope_label, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addWidget(self.whole_day_button, 0, Qt.AlignmentFlag.AlignBottom)
        heading.addStretch(1)
        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.date_caption)
        filters.addWidget(self.date_edit)
        filters.addSpacing(16)
        filters.addWidget(self.filter_caption)
        filters.addWidget(self.filter_combo)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (self.prepare_button, self.send_button, self.retry_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.receipts_button)
        actions.addWidget(self.settings_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addLayout(heading)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status_label)

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("SMS notices"))
        self.whole_day_button.setText(self.tr("Show the whole day"))
        self.date_caption.setText(self.tr("Visits on:"))
        self.filter_caption.setText(self.tr("Show:"))
        names = {
            Filter.ALL: self.tr("All notices"),
            Filter.DRAFTS: self.tr("Drafts"),
            Filter.PROBLEMS: self.tr("With wording problems"),
            Filter.QUEUED: self.tr("Queued"),
            Filter.SENT: self.tr("Sent"),
            Filter.DELIVERED: self.tr("Delivered"),
            Filter.FAILED: self.tr("Failed"),
            Filter.ATTENTION: self.tr("Replies to look at"),
            Filter.CANCELLED: self.tr("Cancelled"),
        }
        for row in range(self.filter_combo.count()):
            self.filter_combo.setItemText(row, names[Filter(self.filter_combo.itemData(row))])
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Read the notices again (F5)"))
        self.prepare_button.setText(self.tr("Prepare drafts"))
        self.prepare_button.setToolTip(
            self.tr("Write a draft notice for every visit that has none yet"))
        self.send_button.setToolTip(self.tr("Send the drafts without problems (Ctrl+Enter)"))
        self.retry_button.setText(self.tr("Retry failed"))
        self.receipts_button.setText(self.tr("Import receipts…"))
        self.settings_button.setText(self.tr("Notice settings…"))
        self.model.retranslate()
        self._show_scope()
        self._update_actions()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- scope ---------------------------------------------------------------------------
    def show_day(self, day: dt.date) -> None:
        self.visit_ids = None
        if day != self.day:
            self.date_edit.setDate(QDate(day.year, day.month, day.day))  # reloads
        else:
            self._show_scope()
            self.reload()

    def show_visits(self, visit_ids: Sequence[int]) -> None:
        """Only these visits' notices (chosen in the calendar), whatever their day."""
        self.visit_ids = sorted(set(visit_ids))
        self._show_scope()
        self.reload()

    def _date_changed(self, qdate: QDate) -> None:
        self.day = dt.date(qdate.year(), qdate.month(), qdate.day())
        self.prefs.set_day(self.day)
        self.visit_ids = None
        self._show_scope()
        self.reload()

    def _filter_changed(self) -> None:
        wanted = Filter(self.filter_combo.currentData())
        self.prefs.filter = wanted
        self.proxy.set_status_filter(wanted)
        self._select_current()
        self._update_actions()

    def set_filter(self, wanted: Filter) -> None:
        self.filter_combo.setCurrentIndex(self.filter_combo.findData(wanted.value))

    def _show_scope(self) -> None:
        chosen = self.visit_ids is not None
        self.whole_day_button.setVisible(chosen)
        self.date_edit.setEnabled(not chosen)
        if self.visit_ids is not None:
            self.scope_label.setText(
                self.tr("{0} visits chosen in the calendar").format(len(self.visit_ids)))
            self.send_button.setText(self.tr("Send these notices"))
        else:
            self.scope_label.setText(self.tr("Visits on {0}").format(
                self.locale().toString(self.date_edit.date(), "yyyy-MM-dd dddd")))
            self.send_button.setText(self.tr("Send day's notices"))

    # --- reading -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.reload()

    def reload(self) -> Op[tuple[NoticeSettings, list[NoticeView]]]:
        self._generation += 1
        generation = self._generation
        day, ids, backend = self.day, self.visit_ids, self.backend
        self.status_label.setText(self.tr("Loading…"))
        op: Op[tuple[NoticeSettings, list[NoticeView]]] = Op(
            self, lambda _s: backend.load(day, ids))
        op.success(lambda loaded: self._loaded(generation, *loaded))
        op.failure(self._failed)
        return op.run()

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.all_of("notice"):
            self.reload()
            return
        if not changes.visits or not changes.touches("notice", "visit", "customer"):
            return
        shown = {v.visit_id for v in self.model.rows()}
        visits = changes.visits if changes.touches("notice") else changes.visits & shown
        if self.visit_ids is not None:
            visits = visits & frozenset(self.visit_ids)
        if not visits:
            return
        backend, generation = self.backend, self._generation
        day = None if self.visit_ids is not None else self.day
        op: Op[list[NoticeView]] = self._track(
            Op(self, lambda _state: backend.notices_of(visits, day)))
        op.success(lambda views: self._refreshed(generation, visits, views))
        op.failure(self._failed)
        op.run()

    def _refreshed(self, generation: int, visits: frozenset[int],
                   views: list[NoticeView]) -> None:
        if generation != self._generation:
            return  # a full read is under way
        self.model.update_visits(visits, views)
        current = self.preview.view
        if current is not None and current.visit_id in visits and not self.preview.dirty:
            self._select(current.id)
        self._update_actions()
        self.sig_refreshed.emit()

    @property
    def loading(self) -> bool:
        """A read is under way whose answer has not been shown yet."""
        return self._shown_generation != self._generation

    def _loaded(self, generation: int, settings: NoticeSettings,
                rows: list[NoticeView]) -> None:
        if generation != self._generation:
            return  # the user moved on
        self._shown_generation = generation
        self.notice_settings = settings
        self.preview.set_checker(self._check)
        keep = self.preview.view.id if self.preview.view is not None else None
        self.model.set_rows(rows)
        self._select(keep)
        self._update_actions()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self._shown_generation = self._generation
        self.status_label.setText("")
        self.show_message(core_error(exc), True)

    def _check(self, text: str) -> WordingReport:
        return self.backend.check(text, self.notice_settings)

    # --- selection -----------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        edited = self.preview.view
        if edited is not None and self.preview.dirty:
            # Moving on keeps the edit: a draft stays a draft, and its check still holds it back.
            self.save_text(edited.id, self.preview.text())
        if not current.isValid():
            self.preview.show_notice(None)
            return
        row = self.proxy.mapToSource(current).row()
        self.preview.show_notice(self.model.row_at(row))

    def _select(self, notice_id: int | None) -> None:
        for r in range(self.proxy.rowCount()):
            if notice_id is None or self.proxy.index(r, 0).data(ID_ROLE) == notice_id:
                self.table.selectionModel().setCurrentIndex(
                    self.proxy.index(r, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows)
                return
        self.preview.show_notice(None)

    def _select_current(self) -> None:
        self._select(self.preview.view.id if self.preview.view is not None else None)

    def select_notice(self, notice_id: int) -> bool:
        """Make ``notice_id`` the current row (showing it in the preview); False if hidden."""
        self._select(notice_id)
        return self.preview.view is not None and self.preview.view.id == notice_id

    # --- state of the actions -------------------------------------------------------------------
    def _update_actions(self) -> None:
        rows = self.model.rows()
        ready = [v for v in rows if sendable(v)]
        blocked = [v for v in rows if v.status in SENDABLE and v.problems]
        failed = [v for v in rows if v.status is NoticeStatus.FAILED]
        busy = self.batch.busy
        self.send_button.setEnabled(bool(ready) and not busy)
        self.retry_button.setEnabled(bool(failed) and not busy)
        self.prepare_button.setEnabled(not busy)
        self.status_label.setText(self.tr(
            "{0} notices · {1} ready to send · {2} with wording problems · {3} failed").format(
                len(rows), len(ready), len(blocked), len(failed)))

    def show_message(self, text: str, error: bool = False) -> None:
        self.message_label.setObjectName("errorMessage" if error else "noticeMessage")
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- drafts ----------------------------------------------------------------------------------
    def prepare(self) -> Op[PrepareResult]:
        day, ids = self.day, self.visit_ids
        op: Op[PrepareResult] = self._track(Op(self, lambda _s: self.backend.prepare(day, ids)))
        op.success(self._prepared)
        op.failure(self._failed)
        return op.run()

    def _prepared(self, prepared: PrepareResult) -> None:
        lines = []
        if prepared.drafts:
            lines.append(self.tr("{0} draft notices prepared.").format(len(prepared.drafts)))
        elif not prepared.skipped:
            lines.append(self.tr("Every visit already has its notice; nothing to prepare."))
        if prepared.skipped:
            lines.append(self.tr("{0} visits got no notice:").format(len(prepared.skipped)))
            lines += [f"• {who}: {skip_text(reason)}" for who, reason in prepared.skipped]
        # The new drafts arrive through the change hub.
        self.show_message("\n".join(lines), error=bool(prepared.skipped))

    def save_text(self, notice_id: int, text: str) -> None:
        backend = self.backend
        self._apply(lambda: backend.update_text(notice_id, text), self.tr("Text saved."))

    def cancel_notice(self, notice_id: int) -> None:
        self.batch.confirm(
            self.tr("Cancel notice"),
            self.tr("Cancel this notice? It will not be sent."),
            "",
            self.tr("Cancel notice"),
            lambda: self._cancel(notice_id),
            destructive=True,
        )

    def mark_handled(self, notice_id: int) -> None:
        backend = self.backend
        self._apply(lambda: backend.acknowledge(notice_id))

    def _cancel(self, notice_id: int) -> None:
        backend = self.backend
        self._apply(lambda: backend.cancel(notice_id))

    @property
    def busy(self) -> bool:
        """A read, a write or a refresh after a change is on its way (or a batch sends)."""
        return self.loading or self._writes > 0 or self.batch.busy

    def _track(self, op: Op[T]) -> Op[T]:
        """Count ``op`` in :attr:`busy` until it has come back."""
        def finished() -> None:
            self._writes -= 1

        self._writes += 1
        return op.finally_(finished)

    def _apply(self, change: Callable[[], NoticeView], done_text: str = "") -> None:
        """One short write on a worker; the changed row repaints when it is back."""
        def done(view: NoticeView) -> None:
            self.model.replace(view)
            # The preview may have moved on to another notice meanwhile.
            if self.preview.view is None or self.preview.view.id == view.id:
                self.preview.show_notice(view)
            self._update_actions()
            if done_text:
                self.show_message(done_text)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            self.show_message(core_error(exc), True)

        self._track(Op(self, lambda _s: change())).success(done).failure(failed).run()

    # --- sending --------------------------------------------------------------------------------
    def send_day(self) -> QMessageBox | None:
        """Ask, then send every pending notice without wording problems."""
        if self.preview.dirty:
            self.show_message(self.tr("Save or revert the edited text first."), True)
            return None
        return self.batch.ask_send(self.model.rows())

    def retry_failed(self) -> QMessageBox | None:
        return self.batch.ask_retry(self.model.rows())

    @property
    def confirm_box(self) -> QMessageBox | None:
        return self.batch.confirm_box

    def _sent(self, summary: SendSummary) -> None:
        self.last_summary = summary
        text = send_summary_text(summary)
        if summary.problems:
            who = {v.id: v.customer_name for v in self.model.rows()}
            text += "\n" + "\n".join(f"• {send_problem(p, who)}" for p in summary.problems)
        self.show_message(text, error=bool(summary.failed))
        self.sig_sent.emit(summary)

    def _batch_finished(self) -> None:
        self._update_actions()  # the sent rows arrive through the change hub

    # --- receipts and settings ------------------------------------------------------------------
    def import_receipts(self, path: Path | None = None) -> QFileDialog | Op[ReceiptSummary]:
        """Ask for the platform's receipts file (remembering the folder), then apply it."""
        if path is not None:
            return self._import(path)
        dialog = QFileDialog(self, self.tr("Import receipts"), self.prefs.receipts_dir,
                             self.tr("Receipts (*.csv *.json);;All files (*)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda chosen: self._import(Path(chosen)))
        self.receipts_dialog = dialog
        dialog.open()
        return dialog

    def _import(self, path: Path) -> Op[ReceiptSummary]:
        self.prefs.receipts_dir = str(path.parent)
        op: Op[ReceiptSummary] = self._track(
            Op(self, lambda _s: self.backend.import_receipts(path)))
        op.success(self._imported)
        op.failure(self._failed)
        return op.run()

    def _imported(self, summary: ReceiptSummary) -> None:
        self.last_summary = summary
        self.show_message(receipt_summary_text(summary))

    def open_settings(self) -> None:
        """Read the settings on a worker; ``settings_dialog`` opens when they arrive."""
        backend = self.backend
        self.settings_dialog = None
        op: Op[NoticeSettings] = Op(self, lambda _s: backend.settings())
        op.success(self._show_settings).failure(self._failed).run()

    def _show_settings(self, current: NoticeSettings) -> None:
        dialog = NoticeSettingsDialog(current, self.backend.save_settings, self)
        dialog.accepted.connect(self.refresh)
        self.settings_dialog = dialog
        dialog.open()
