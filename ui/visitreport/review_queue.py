"""The reviewers' section: submitted reports oldest first, one beside its customer's file.

Keyboard first: Up/Down move through the queue, Ctrl+Enter approves, Ctrl+R
returns with the comment typed in the box (or puts the cursor there), Enter
opens the full form, F5 reloads. After a decision the next report is
selected, so a reviewer works down the queue without the mouse. Every read
and decision runs on a worker; the queue follows the change hub, re-reading
only the rows of the visits a change names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hvdesk.changes import OpChanges
from hvdesk.errors import HvdeskError
from hvdesk.services.customer_file import CustomerFile
from hvdesk.visitreports import QueueItem, ReportView
from ui.hub import ChangeHub
from ui.tables import Column, RowsModel, setup_read_only_table
from ui.visit_rows import CustomerVisitModel
from ui.visitreport import labels
from ui.visitreport.approval import UndoBar
from ui.visitreport.backend import ReportBackend, read, write
from ui.visitreport.summary import report_html
from ui.workers import Op

Index = QModelIndex | QPersistentModelIndex
STYLE = """
QWidget#sidePanel { background: #ffffff; border: 1px solid #e3e8ef; border-radius: 8px; }
QLabel#reportHeading { font-size: 12pt; font-weight: 600; color: #111827; }
QTextBrowser#reportText { border: none; background: #ffffff; }
QGroupBox { font-weight: 600; }
"""


class QueueModel(RowsModel[QueueItem]):
    def __init__(self, zone: dt.tzinfo, parent: QObject | None = None) -> None:
        self.zone = zone
        super().__init__(parent=parent)

    def headers(self) -> list[str]:
        return [self.tr("Waiting"), self.tr("Customer"), self.tr("Visit"), self.tr("Outcome"),
                self.tr("Written by"), self.tr("Revision"), self.tr("Checks")]

    def columns(self) -> list[Column[QueueItem]]:
        return [
            Column(lambda q: labels.age_text(q.age), lambda q: q.age),
            Column(lambda q: q.customer_name),
            Column(lambda q: labels.when(q.visit_start.astimezone(self.zone)),
                   lambda q: q.visit_start),
            Column(lambda q: labels.name(labels.OUTCOMES, q.outcome)),
            Column(lambda q: q.author),
            Column(self._revision, lambda q: q.revision),
            # Proof-of-visit flags (issue 20): shown for the reviewer, never a refusal.
            Column(lambda q: f"⚠ {len(q.flags)}" if q.flags else "", lambda q: len(q.flags)),
        ]

    def _revision(self, item: QueueItem) -> str:
        text = str(item.revision)
        if item.resubmitted:
            text += " · " + self.tr("resubmitted")
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Reports the reviewer may not decide (four eyes) stay listed, greyed.
        if (role == Qt.ItemDataRole.ForegroundRole and index.isValid()
                and not self.row_at(index.row()).can_review):
            return QColor("#9ca3af")
        return super().data(index, role)

    def remove(self, report_id: int) -> int:
        """Drop the report's row; returns the row it had (-1 if absent)."""
        for row in range(self.rowCount()):
            if self.row_at(row).report_id == report_id:
                self.remove_row(row)
                return row
        return -1

    def update_visits(self, visit_ids: frozenset[int], items: list[QueueItem]) -> None:
        """The rows of ``visit_ids`` become ``items`` (read again): updated in place,
        dropped when no longer waiting, inserted in submission order when new."""
        fresh = {q.visit_id: q for q in items}
        for row in reversed(range(self.rowCount())):
            old = self.row_at(row)
            if old.visit_id not in visit_ids:
                continue
            new = fresh.pop(old.visit_id, None)
            if new is None:
                self.remove_row(row)
            else:
                self.replace_row(row, new)
        for item in fresh.values():
            key = (item.submitted_at, item.report_id)
            row = next((r for r in range(self.rowCount())
                        if (self.row_at(r).submitted_at, self.row_at(r).report_id) > key),
                       self.rowCount())
            self.insert_row(row, item)


#: Tables whose rows change what a queue row shows.
FOLLOWED = ("visit_report", "report_revision", "visit", "visit_member", "customer")


class ReviewQueuePage(QWidget):
    """``sig_loaded`` after the queue was read; ``sig_refreshed`` after rows a change named
    were read again; ``sig_shown`` after the current report and file were read."""

    sig_loaded = Signal()
    sig_refreshed = Signal()
    sig_shown = Signal()

    def __init__(self, backend: ReportBackend, parent: QWidget | None = None,
                 hub: ChangeHub | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        #: The report whose details are being read (answers for another are dropped).
        self._showing: int | None = None
        self.setObjectName("page")
        self.setStyleSheet(STYLE)
        self.current: ReportView | None = None
        self.customer: CustomerFile | None = None
        #: Opens a report's form (``ReportOpener.open_report``: one form per report).
        self.opener: Callable[[int], object] | None = None
        self._build()
        self.retranslateUi()
        (hub or ChangeHub.instance()).sig_changed.connect(self._on_changes)
        self.reload()

    # --- construction ----------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("pageSubtitle")
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.model = QueueModel(self.backend.zone, parent=self)
        self.table = setup_read_only_table(QTableView())
        self.table.setModel(self.model)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _index: self.open_form())
        self._build_detail()
        self._build_actions()

    def _build_detail(self) -> None:
        self.report_heading = QLabel()
        self.report_heading.setObjectName("reportHeading")
        self.report_heading.setWordWrap(True)
        self.report_text = QTextBrowser()
        self.report_text.setObjectName("reportText")
        self.report_text.setOpenLinks(False)
        self.file_box = QGroupBox()
        file_form = QFormLayout(self.file_box)
        file_form.setHorizontalSpacing(12)
        self.file_values = {key: QLabel() for key in ("id", "phone", "address", "loans", "dnv")}
        self.file_captions = {key: QLabel() for key in self.file_values}
        for key, value in self.file_values.items():
            value.setWordWrap(True)
            file_form.addRow(self.file_captions[key], value)
        self.visits_model = CustomerVisitModel(parent=self)
        self.visits_table = setup_read_only_table(QTableView())
        self.visits_table.setModel(self.visits_model)
        self.visits_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.visits_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.visits_table.horizontalHeader().setStretchLastSection(True)
        self.visits_label = QLabel()
        self.visits_label.setObjectName("sectionTitle")

        report_panel = QWidget()
        report_panel.setObjectName("sidePanel")
        column = QVBoxLayout(report_panel)
        column.setContentsMargins(12, 10, 12, 10)
        column.addWidget(self.report_heading)
        column.addWidget(self.report_text, 1)
        customer_panel = QWidget()
        column = QVBoxLayout(customer_panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.file_box)
        column.addWidget(self.visits_label)
        column.addWidget(self.visits_table, 1)
        right = QSplitter(Qt.Orientation.Horizontal)
        right.addWidget(report_panel)
        right.addWidget(customer_panel)
        right.setSizes([520, 420])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 480])

    def _build_actions(self) -> None:
        self.comment_edit = QLineEdit()
        self.comment_edit.returnPressed.connect(self.return_current)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(self.return_current)
        self.approve_button = QPushButton()
        self.approve_button.setDefault(True)
        self.approve_button.clicked.connect(self.approve_current)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_form)
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.reload)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("hint")
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.comment_edit, 1)
        actions.addWidget(self.return_button)
        actions.addWidget(self.approve_button)
        self._build_layout(actions)

    def _build_layout(self, actions: QHBoxLayout) -> None:
        heading = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        heading.addLayout(titles, 1)
        heading.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(12)
        layout.addLayout(heading)
        layout.addWidget(self.message_label)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(actions)
        layout.addWidget(self.hint_label)
        # Issue 16.7: no question in the way of Ctrl+Enter, but a few seconds to take it back.
        self.undo_bar = UndoBar()
        self.undo_bar.sig_undo.connect(self._undo_approval)
        self.approved_last: int | None = None
        layout.addWidget(self.undo_bar)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.shortcuts: list[QShortcut] = []
        for key, slot in (("Ctrl+Return", self.approve_current),
                          ("Ctrl+Enter", self.approve_current),
                          ("Ctrl+R", self.return_current), ("F5", self.reload)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)
        self._set_actions_enabled()

    def retranslateUi(self) -> None:
        self.title_label.setText(self.tr("Reviews"))
        self.comment_edit.setPlaceholderText(self.tr("Comment for the author (needed to return)"))
        self.return_button.setText(self.tr("Return with comment"))
        self.return_button.setToolTip(self.tr("Ctrl+R"))
        self.approve_button.setText(self.tr("Approve"))
        self.approve_button.setToolTip(self.tr("Ctrl+Enter"))
        self.open_button.setText(self.tr("Open report…"))
        self.refresh_button.setText(self.tr("Reload"))
        self.hint_label.setText(self.tr(
            "↑/↓ move through the queue · Ctrl+Enter approves · Ctrl+R returns with the "
            "comment · Enter opens the full report · F5 reloads"))
        self.file_box.setTitle(self.tr("Customer file"))
        for key, text in (("id", self.tr("ID number:")), ("phone", self.tr("Mobile:")),
                          ("address", self.tr("Registered address:")),
                          ("loans", self.tr("Loans:")), ("dnv", self.tr("Do not visit:"))):
            self.file_captions[key].setText(text)
        self.visits_label.setText(self.tr("Visit history"))
        self.model.retranslate()
        self.visits_model.retranslate()
        self._show_counts()
        self._show_current()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- loading ---------------------------------------------------------------------
    def reload(self) -> Op[list[QueueItem]]:
        keep = self.current.id if self.current is not None else None
        op = read(self, self.backend.queue)
        op.success(lambda items: self._loaded(items, keep))
        op.failure(self._failed)
        return op.run()

    def _on_changes(self, changes: OpChanges) -> None:
        if changes.all_of("visit_report"):
            self.reload()
            return
        if not changes.touches(*FOLLOWED) or not changes.visits:
            return
        shown = {self.model.row_at(r).visit_id for r in range(self.model.rowCount())}
        # A report newly submitted names its visit too, so every named visit is asked for.
        visits = changes.visits if changes.touches("visit_report") else changes.visits & shown
        if not visits:
            return
        op = read(self, lambda: self.backend.queue(visits))
        op.success(lambda items: self._refreshed(visits, items))
        op.failure(self._failed)
        op.run()

    def _refreshed(self, visits: frozenset[int], items: list[QueueItem]) -> None:
        item = self.current_item()
        row = self.table.currentIndex().row()
        self.model.update_visits(visits, items)
        now = self.current_item()
        if now is None or item is None or now.report_id != item.report_id:
            self._select(row)
        elif now.visit_id in visits:
            self._show_item(now)
        self._show_counts()
        self.sig_refreshed.emit()

    def _loaded(self, items: list[QueueItem], keep: int | None) -> None:
        self.show_message("")
        self.model.set_rows(items)
        self.table.resizeColumnsToContents()
        row = next((r for r, q in enumerate(items) if q.report_id == keep), 0)
        self._select(row)
        self._show_counts()
        self.sig_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, HvdeskError):
            raise exc
        self.show_message(labels.report_error(exc))

    def _show_counts(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            self.subtitle_label.setText(self.tr("No report is waiting for review."))
            return
        oldest = self.model.row_at(0).age
        self.subtitle_label.setText(self.tr("{0} reports waiting · the oldest for {1}").format(
            count, labels.age_text(oldest)))

    def _select(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self.table.clearSelection()
            self._row_changed(QModelIndex(), QModelIndex())
            return
        row = min(max(row, 0), self.model.rowCount() - 1)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def current_item(self) -> QueueItem | None:
        row = self.table.currentIndex().row()
        return self.model.row_at(row) if 0 <= row < self.model.rowCount() else None

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current, self.customer = None, None
        item = self.model.row_at(current.row()) if current.isValid() else None
        self.comment_edit.clear()
        self._show_current()
        self._set_actions_enabled()
        if item is not None:
            self._show_item(item)

    def _show_item(self, item: QueueItem) -> None:
        """Read one report and one file on a worker (a quick read: ↑/↓ stay immediate)."""
        backend, report_id = self.backend, item.report_id
        self._showing = report_id

        def work() -> tuple[ReportView, CustomerFile]:
            return backend.get(report_id), backend.customer_file(item.customer_id)

        def shown(result: tuple[ReportView, CustomerFile]) -> None:
            if self._showing != report_id:
                return  # the reviewer moved on meanwhile
            self.current, self.customer = result
            self._show_current()
            self._set_actions_enabled()
            self.sig_shown.emit()

        read(self, work).success(shown).failure(self._failed).run()

    def _show_current(self) -> None:
        view, zone = self.current, self.backend.zone
        if view is None:
            self.report_heading.setText(self.tr("Choose a report in the queue."))
            self.report_text.clear()
        else:
            start = labels.when(view.visit_start.astimezone(zone))
            self.report_heading.setText(self.tr("{0} · visit {1} · by {2}").format(
                view.customer_name, start, view.author))
            html = report_html(view.data, zone)
            if view.attachments:
                html += "<p>" + self.tr("{0} photos attached").format(len(view.attachments))
                html += "</p>"
            item = self.current_item()
            if item is not None and item.flags:
                html += "<p><b>" + self.tr("Proof-of-visit checks") + "</b><br>"
                html += "<br>".join("⚠ " + escape(f.message) for f in item.flags) + "</p>"
            self.report_text.setHtml(html)
        f = self.customer
        if f is None:
            for value in self.file_values.values():
                value.setText(labels.DASH)
            self.visits_model.set_rows([])
            return
        p = f.personal
        self.file_values["id"].setText(p.id_number_masked)
        self.file_values["phone"].setText(p.phone_masked)
        self.file_values["address"].setText(p.registered_address)
        totals = f.loan_totals
        self.file_values["loans"].setText(self.tr(
            "{0} loans · outstanding {1} · overdue {2} · {3} days past due").format(
                len(f.loans), labels.money(totals.outstanding), labels.money(totals.overdue),
                totals.days_past_due))
        self.file_values["dnv"].setText(
            self.tr("Yes — {0}").format(p.do_not_visit_reason or labels.DASH)
            if p.do_not_visit else self.tr("No"))
        self.visits_model.set_rows(f.visits)
        self.visits_table.resizeColumnsToContents()

    def _set_actions_enabled(self) -> None:
        item = self.current_item()
        ok = item is not None and item.can_review and self.current is not None
        for widget in (self.approve_button, self.return_button, self.comment_edit):
            widget.setEnabled(ok)
        self.open_button.setEnabled(item is not None)
        if item is not None and not item.can_review:
            self.show_message(self.tr(
                "You were on this visit or wrote the report: another reviewer must review it."))

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- decisions -------------------------------------------------------------------
    def approve_current(self) -> bool:
        view = self.current
        if view is None or not self.approve_button.isEnabled():
            return False
        comment = self.comment_edit.text().strip() or None
        self.approved_last = view.id
        self._decide(view.id, lambda: self.backend.approve(view.id, view.lock_version, comment))
        return True

    def _undo_approval(self) -> None:
        report_id, backend = self.approved_last, self.backend
        if report_id is None:
            return
        self.approved_last = None
        op = write(self, lambda: backend.undo_approval(report_id, None))
        # Submitted again, the report comes back into the queue with the change hub.
        op.success(lambda _view: self.show_message(self.tr("Approval undone.")))
        op.failure(self._failed).run()

    def return_current(self) -> bool:
        view = self.current
        if view is None or not self.return_button.isEnabled():
            return False
        comment = self.comment_edit.text().strip()
        if not comment:
            self.show_message(self.tr("Write what the author must change, then return it."))
            self.comment_edit.setFocus()
            return False
        self._decide(view.id, lambda: self.backend.return_report(view.id, comment,
                                                                 view.lock_version))
        return True

    def _decide(self, report_id: int, work: Callable[[], ReportView]) -> None:
        """Run the decision on the write worker; the buttons wait until it came back."""
        for widget in (self.approve_button, self.return_button, self.comment_edit):
            widget.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        op = write(self, work)
        op.success(lambda _view: self._decided(report_id))
        op.failure(self._decision_failed)
        op.finally_(self.unsetCursor)
        op.run()

    def _decision_failed(self, exc: BaseException) -> None:
        self._failed(exc)
        self._set_actions_enabled()

    def _decided(self, report_id: int) -> None:
        self.show_message("")
        if report_id == self.approved_last:
            self.undo_bar.offer()
        row = self.model.remove(report_id)
        self._select(row)
        self._show_counts()
        self.table.setFocus()

    def open_form(self) -> None:
        """The current report's form, through the main window's opener (one form per report)."""
        item = self.current_item()
        if item is not None and self.opener is not None:
            self.opener(item.report_id)
