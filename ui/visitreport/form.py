"""The visit report form: fill, autosave, submit; review, return, approve; amend.

Drafts save themselves :data:`AUTOSAVE_MS` after the last edit and when the
form closes, so a crash loses at most those seconds. Every step goes through
:class:`~ui.visitreport.backend.ReportBackend` on the serial write worker, with
the version the previous step left (:class:`_Version`, updated on the worker:
an autosave and the submit right behind it must not refuse each other), so a
colleague's change is refused instead of overwritten. ``busy`` is True while a
step runs; the results come back on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hvdesk import clock
from hvdesk.errors import HvdeskError, StaleEdit, ValidationError
from hvdesk.model.enums import ReportStatus
from hvdesk.visitreports import ReportData, ReportInvalid, ReportView, RevisionView
from ui.visitreport import labels
from ui.visitreport.approval import UndoBar, ask_approval
from ui.visitreport.attachments import AttachmentBox
from ui.visitreport.backend import ReportBackend, read, write
from ui.visitreport.fields import ReportFields
from ui.visitreport.history import HistoryDialog
from ui.workers import Op

T = TypeVar("T")
#: Autosave waits this long after the last keystroke (a burst of typing is one save).
AUTOSAVE_MS = 2000
STYLE = """
QLabel#fieldError { color: #b42318; font-size: 9pt; }
QLabel#fieldCaption[required="true"] { font-weight: 600; }
QLabel#statusChip { background: #eef2f7; color: #374151; border-radius: 10px;
                    padding: 3px 10px; font-weight: 600; }
QLabel#statusChip[status="submitted"] { background: #e8f0fe; color: #1a56c4; }
QLabel#statusChip[status="approved"] { background: #e7f6ec; color: #1e7b3c; }
QLabel#statusChip[status="returned"] { background: #fff4e5; color: #9a5b00; }
QLabel#reviewBanner { background: #fff8eb; border: 1px solid #f6d8a8; border-radius: 6px;
                      color: #7a4b00; padding: 7px 10px; }
QLabel#reviewBanner[status="approved"] { background: #eef9f1; border-color: #b7e2c3;
                                          color: #1e6b37; }
QLabel#saveState { color: #6b7280; font-size: 9pt; }
QToolButton#scaleButton { min-width: 30px; min-height: 26px; border: 1px solid #cfd6e0;
                          border-radius: 6px; background: #ffffff; }
QToolButton#scaleButton:checked { background: #2f6fde; color: #ffffff; border-color: #2f6fde; }
QToolButton#scaleButton:focus { border-color: #2f6fde; }
QWidget#reportFields QGroupBox { background: #ffffff; border: 1px solid #e3e8ef;
    border-radius: 8px; margin-top: 20px; padding: 6px 10px 8px 10px; }
QWidget#reportFields QGroupBox::title { subcontrol-origin: margin; subcontrol-position: top left;
    left: 2px; padding: 0 2px 2px 2px; font-weight: 600; color: #111827; }
QPlainTextEdit { background: #ffffff; border: 1px solid #cfd6e0; border-radius: 6px;
    padding: 2px 4px; }
QPlainTextEdit:focus { border: 1px solid #2f6fde; }
QScrollArea#reportScroll { border: none; background: transparent; }
QWidget#reportBody { background: transparent; }
"""


class _Version:
    """The report's lock version as the last step on the write worker left it."""

    def __init__(self, value: int | None) -> None:
        self.value = value

    def took(self, view: ReportView) -> ReportView:
        self.value = view.lock_version
        return view


class ReportForm(QDialog):
    """One report, non-modal. ``sig_changed(report_id)`` after every stored step;
    ``sig_idle`` when the last step the form started has come back."""

    sig_changed = Signal(int)
    sig_idle = Signal()

    def __init__(self, backend: ReportBackend, view: ReportView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.view = view
        self.dirty = False
        self.prompt: QInputDialog | None = None
        self.confirm_box: QMessageBox | None = None
        #: Opens the print preview of (visit id, revision); set by whoever may print.
        self.printer: Callable[[int, int], object] | None = None
        self.history_dialog: HistoryDialog | None = None
        self.last_saved: dt.datetime | None = None
        self.version = _Version(view.lock_version)
        self.running = 0
        #: Edits so far: a save that started before the last keystroke leaves the form dirty.
        self.edits = 0
        self.setObjectName("reportForm")
        self.setModal(False)
        self.setStyleSheet(STYLE)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        # Fits a 1366×768 screen with the taskbar; the body scrolls.
        self.resize(1240, 680)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_draft)
        self._build()
        self.retranslateUi()
        self._show_view(view, load_fields=True)

    # --- construction ----------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel()
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.status_chip = QLabel()
        self.status_chip.setObjectName("statusChip")
        self.review_banner = QLabel()
        self.review_banner.setObjectName("reviewBanner")
        self.review_banner.setWordWrap(True)
        self.review_banner.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label = QLabel()
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.fields = ReportFields()
        self.fields.sig_edited.connect(self._edited)
        self.fields.sig_outcome_changed.connect(self._outcome_changed)
        self.photos = AttachmentBox(self.backend, self.version, self._step)
        self.photos.sig_changed.connect(self._attachments_changed)
        self.fields.right_column.insertWidget(self.fields.right_column.count() - 1, self.photos)
        body = QWidget()
        body.setObjectName("reportBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        column.addWidget(self.fields)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("reportScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        heading = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title_label)
        titles.addWidget(self.subtitle_label)
        heading.addLayout(titles, 1)
        heading.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addWidget(self.review_banner)
        layout.addWidget(self.message_label)
        layout.addWidget(self.scroll_area, 1)
        self.undo_bar = UndoBar()
        self.undo_bar.sig_undo.connect(self.undo_approval)
        layout.addWidget(self.undo_bar)
        layout.addLayout(self._build_buttons())
        # No default button: Enter in a field must never submit or approve.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)

    def _build_buttons(self) -> QHBoxLayout:
        self.history_button = QPushButton()
        self.history_button.clicked.connect(self.open_history)
        self.save_state = QLabel()
        self.save_state.setObjectName("saveState")
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_draft)
        self.submit_button = QPushButton()
        self.submit_button.clicked.connect(self.submit)
        self.comment_edit = QLineEdit()
        self.comment_edit.setMinimumWidth(260)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(self.request_return)
        self.approve_button = QPushButton()
        self.approve_button.clicked.connect(self.approve)
        self.amend_button = QPushButton()
        self.amend_button.clicked.connect(self.request_amend)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.reload)
        self.reload_button.hide()
        self.save_shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        self.save_shortcut.activated.connect(self.save_draft)
        # Ctrl+Enter is the step forward: submit for the author, approve for a reviewer.
        self.primary_shortcuts = [QShortcut(QKeySequence(key), self)
                                  for key in ("Ctrl+Return", "Ctrl+Enter")]
        for shortcut in self.primary_shortcuts:
            shortcut.activated.connect(self.primary_action)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.history_button)
        row.addWidget(self.reload_button)
        row.addWidget(self.save_state, 1)
        row.addWidget(self.comment_edit, 2)
        for button in (self.return_button, self.approve_button, self.amend_button,
                       self.save_button, self.submit_button, self.close_button):
            row.addWidget(button)
        return row

    def retranslateUi(self) -> None:
        self.history_button.setText(self.tr("History…"))
        self.save_button.setText(self.tr("Save draft"))
        self.save_button.setToolTip(self.tr("Ctrl+S; drafts also save themselves as you type"))
        self.submit_button.setText(self.tr("Submit for review"))
        self.submit_button.setToolTip(self.tr("Ctrl+Enter"))
        self.comment_edit.setPlaceholderText(self.tr("Comment for the author (required to return)"))
        self.return_button.setText(self.tr("Return…"))
        self.approve_button.setText(self.tr("Approve"))
        self.approve_button.setToolTip(self.tr("Ctrl+Enter"))
        self.amend_button.setText(self.tr("Amend…"))
        self.close_button.setText(self.tr("Close"))
        self.reload_button.setText(self.tr("Load their version"))
        self.reload_button.setToolTip(self.tr("Show the report as saved on the other desk; "
                                              "your unsaved input here is dropped"))
        self.fields.retranslateUi()
        self._show_header()
        self._show_save_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- showing ----------------------------------------------------------------------
    @property
    def report_id(self) -> int:
        return self.view.id

    @property
    def editable(self) -> bool:
        return self.view.editable

    @property
    def reviewing(self) -> bool:
        return self.view.status is ReportStatus.SUBMITTED and self.backend.may_review(self.view)

    def _show_view(self, view: ReportView, load_fields: bool) -> None:
        self.view = view
        if load_fields:
            start = view.visit_start.astimezone(self.backend.zone)
            self.fields.set_data(view.data, start)
            self.dirty = False
        self.fields.set_required(self.backend.required(self.fields.outcome()))
        self.fields.set_read_only(not view.editable)
        self.photos.set_attachments(view.id, view.attachments)
        self.photos.set_read_only(not view.editable)
        self.save_button.setVisible(view.editable)
        self.submit_button.setVisible(view.editable)
        reviewing = self.reviewing
        for widget in (self.comment_edit, self.return_button, self.approve_button):
            widget.setVisible(reviewing)
        self.amend_button.setVisible(view.status is ReportStatus.APPROVED
                                     and self.backend.can_write_visit(view))
        self._show_header()
        self._show_save_state()

    def _show_header(self) -> None:
        v = self.view
        self.setWindowTitle(self.tr("Visit report — {0}").format(v.customer_name))
        self.title_label.setText(v.customer_name)
        start = v.visit_start.astimezone(self.backend.zone)
        self.subtitle_label.setText(self.tr("Visit {0} · team {1} · written by {2}").format(
            labels.when(start), "、".join(v.team) or labels.DASH, v.author or labels.DASH))
        self.status_chip.setText(self.tr("{0} · revision {1}").format(
            labels.name(labels.STATUSES, v.status), v.revision))
        self.status_chip.setProperty("status", v.status.value)
        self.status_chip.style().unpolish(self.status_chip)
        self.status_chip.style().polish(self.status_chip)
        banner = self._banner_text()
        self.review_banner.setText(banner)
        self.review_banner.setProperty("status", v.status.value)
        self.review_banner.style().unpolish(self.review_banner)
        self.review_banner.style().polish(self.review_banner)
        self.review_banner.setVisible(bool(banner))

    def _banner_text(self) -> str:
        v = self.view
        reviewed = labels.when(v.reviewed_at.astimezone(self.backend.zone)
                               if v.reviewed_at else None)
        if v.status is ReportStatus.RETURNED:
            return self.tr("Returned by {0} on {1}: {2}").format(
                v.reviewer or labels.DASH, reviewed, v.review_comment or labels.DASH)
        if v.status is ReportStatus.APPROVED:
            text = self.tr("Approved by {0} on {1}.").format(v.reviewer or labels.DASH, reviewed)
            if v.review_comment:
                text += " " + self.tr("Comment: {0}").format(v.review_comment)
            return text
        if v.status is ReportStatus.SUBMITTED and self.backend.can_review \
                and not self.backend.may_review(v):
            return self.tr("You were on this visit or wrote the report: another reviewer "
                           "must review it.")
        if v.amend_reason and v.status is ReportStatus.DRAFT:
            return self.tr("Amending revision {0}: {1}").format(v.revision - 1, v.amend_reason)
        return ""

    def _show_save_state(self) -> None:
        if not self.editable:
            self.save_state.setText("")
        elif self.dirty:
            self.save_state.setText(self.tr("Unsaved changes — saving shortly…"))
        elif self.last_saved is not None:
            self.save_state.setText(self.tr("Draft saved at {0}").format(
                self.last_saved.strftime("%H:%M:%S")))
        else:
            self.save_state.setText(self.tr("Drafts save themselves as you type."))

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # --- running steps ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.running > 0

    def _step(self, work: Callable[[], T], done: Callable[[T], None],
              failed: Callable[[HvdeskError], None] | None = None, *,
              writes: bool = True) -> None:
        """Run ``work`` on a worker; ``done`` / ``failed`` back here (wait cursor meanwhile)."""
        def failure(exc: BaseException) -> None:
            if not isinstance(exc, HvdeskError):
                raise exc
            (failed or self._show_error)(exc)

        self.running += 1
        if self.running == 1:
            self.setCursor(Qt.CursorShape.BusyCursor)
        op = (write if writes else read)(self, work)
        op.success(done).failure(failure).finally_(self._step_done).run()

    def _step_done(self) -> None:
        self.running -= 1
        if self.running == 0:
            self.unsetCursor()
            self.sig_idle.emit()

    def _show_error(self, exc: HvdeskError) -> None:
        self.show_message(labels.report_error(exc))

    # --- editing ----------------------------------------------------------------------
    def _edited(self) -> None:
        if not self.editable:
            return
        self.dirty = True
        self.edits += 1
        if not self.reload_button.isVisible():
            self.autosave_timer.start()
        self._show_save_state()

    def _outcome_changed(self) -> None:
        self.fields.set_required(self.backend.required(self.fields.outcome()))

    def _attachments_changed(self, fresh: ReportView) -> None:
        # Adding a photo moved the report's version (the box read it again on the worker).
        self.view = fresh
        self.sig_changed.emit(self.report_id)

    def _save_work(self, data: ReportData) -> Callable[[], ReportView]:
        backend, report_id, version = self.backend, self.report_id, self.version
        return lambda: version.took(backend.save_draft(report_id, data, version.value))

    def save_draft(self) -> None:
        """Store the inputs on the write worker (nothing when there is nothing to store)."""
        self.autosave_timer.stop()
        if not self.editable or self.reload_button.isVisible():
            return
        data, problems = self.fields.data()
        edits = self.edits
        self._step(self._save_work(data), lambda view: self._saved(view, problems, edits),
                   self._save_failed)

    def _saved(self, view: ReportView, problems: dict[str, str], edits: int) -> None:
        self.dirty = self.edits != edits
        self.last_saved = clock.now_in(self.backend.zone)
        self._show_view(view, load_fields=False)
        if problems:
            self._show_errors(problems)
        else:
            self.fields.clear_errors()
            self.show_message("")
        if self.dirty and not self.autosave_timer.isActive():
            self.autosave_timer.start()
        self.sig_changed.emit(self.report_id)

    def _save_failed(self, exc: HvdeskError) -> None:
        if isinstance(exc, ValidationError):
            self._show_errors({exc.field: str(exc)})
        elif isinstance(exc, StaleEdit):
            # The other team member saved first: autosave stops retrying until the user
            # chooses to load their version (typing on would be refused each time).
            self.autosave_timer.stop()
            self.show_message(labels.report_error(exc))
            self.reload_button.show()
        else:
            self._show_error(exc)

    def reload(self) -> None:
        """Show the stored report again, dropping the unsaved input (after a stale edit)."""
        backend, report_id, version = self.backend, self.report_id, self.version
        self._step(lambda: version.took(backend.get(report_id)), self._reloaded)

    def _reloaded(self, view: ReportView) -> None:
        self.autosave_timer.stop()
        self.reload_button.hide()
        self.last_saved = None
        self._stored(view, load_fields=True)

    def _show_errors(self, errors: dict[str, str]) -> None:
        first, orphans = self.fields.show_errors(errors)
        summary = self.tr("Some fields need attention: see the messages beside them.")
        self.show_message("\n".join([summary, *orphans]))
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first, 50, 80)
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- workflow -----------------------------------------------------------------------
    def primary_action(self) -> None:
        if self.editable:
            self.submit()
        elif self.reviewing:
            self.approve()

    def submit(self) -> None:
        """Save what is typed, then submit it (one step: nothing can slip in between)."""
        self.autosave_timer.stop()
        if not self.editable or self.reload_button.isVisible():
            return
        data, problems = self.fields.data()
        save = self._save_work(data)
        backend, report_id, version = self.backend, self.report_id, self.version
        edits = self.edits

        def work() -> tuple[ReportView, bool]:
            view = save()
            if problems:
                return view, False
            return version.took(backend.submit(report_id, version.value)), True

        def done(result: tuple[ReportView, bool]) -> None:
            view, submitted = result
            if not submitted:
                self._saved(view, problems, edits)
                return
            self.dirty = False
            self._stored(view)

        def failed(exc: HvdeskError) -> None:
            if isinstance(exc, ReportInvalid):
                self.dirty = self.edits != edits
                self._show_errors(exc.field_errors)
            else:
                self._save_failed(exc)

        self._step(work, done, failed)

    def approve(self) -> None:
        """Asks first (:attr:`confirm_box`); approved, "Undo" is offered for a few seconds."""
        self.confirm_box = ask_approval(self, self.view.customer_name, self._approve_now)

    def _approve_now(self) -> None:
        comment = self.comment_edit.text().strip() or None
        backend, report_id, version = self.backend, self.report_id, self.version

        def done(view: ReportView) -> None:
            self._stored(view)
            self.undo_bar.offer()

        self._step(lambda: version.took(backend.approve(report_id, version.value, comment)),
                   done)

    def undo_approval(self) -> None:
        backend, report_id, version = self.backend, self.report_id, self.version
        self._step(lambda: version.took(backend.undo_approval(report_id, version.value)),
                   self._stored)

    def request_return(self) -> None:
        """With a comment typed beside the button it returns at once; else asks for one."""
        comment = self.comment_edit.text().strip()
        if comment:
            self.return_report(comment)
            return
        self._ask(self.tr("Return the report"),
                  self.tr("What must the author change?"), self.return_report)

    def return_report(self, comment: str) -> None:
        backend, report_id, version = self.backend, self.report_id, self.version

        def done(view: ReportView) -> None:
            self.comment_edit.clear()
            self._stored(view)

        self._step(lambda: version.took(backend.return_report(report_id, comment,
                                                              version.value)), done)

    def request_amend(self) -> None:
        self._ask(self.tr("Amend the approved report"),
                  self.tr("Why must the approved report change? (kept in its history)"),
                  self.amend)

    def amend(self, reason: str) -> None:
        backend, report_id, version = self.backend, self.report_id, self.version
        self._step(lambda: version.took(backend.amend(report_id, reason)),
                   lambda view: self._stored(view, load_fields=True))

    def _stored(self, view: ReportView, load_fields: bool = False) -> None:
        self.show_message("")
        self.fields.clear_errors()
        self._show_view(view, load_fields)
        self.sig_changed.emit(self.report_id)

    def _ask(self, title: str, question: str, then: Callable[[str], object]) -> None:
        # open(), not exec(): no nested event loop, and tests answer it directly.
        prompt = QInputDialog(self)
        prompt.setWindowTitle(title)
        prompt.setLabelText(question)
        prompt.setOkButtonText(self.tr("OK"))
        prompt.setCancelButtonText(self.tr("Cancel"))
        prompt.setMinimumWidth(440)
        prompt.textValueSelected.connect(then)
        self.prompt = prompt
        prompt.open()

    def open_history(self) -> None:
        """Read the revisions on a worker; ``history_dialog`` opens when they arrive."""
        backend, report_id = self.backend, self.report_id
        self._step(lambda: backend.history(report_id), self._show_history, writes=False)

    def _show_history(self, revisions: list[RevisionView]) -> None:
        visit_id, printer = self.view.visit_id, self.printer
        self.history_dialog = HistoryDialog(
            revisions, self.backend.zone, self,
            None if printer is None else lambda revision: printer(visit_id, revision))
        self.history_dialog.open()

    # --- closing ------------------------------------------------------------------------
    def done(self, result: int) -> None:
        # Every way out (Close, Esc, the window's X) ends here: keep the last keystrokes.
        if self.dirty and self.editable:
            # The save runs on after the window is gone (its callbacks do not).
            self.save_draft()
        super().done(result)


def open_report_form(backend: ReportBackend, parent: QObject, *,
                     visit_id: int | None = None, report_id: int | None = None,
                     ) -> Op[ReportView]:
    """Read the report of a visit (a new draft when there is none and the actor may write
    it) or a report on a worker; call ``.success(lambda view: ReportForm(...))`` and
    ``.failure(...)`` (an :class:`HvdeskError`: no such visit, not allowed), then ``.run()``.
    """
    if report_id is not None:
        rid = report_id
        return read(parent, lambda: backend.get(rid))
    if visit_id is not None:
        vid = visit_id
        # A write: the first opening creates the draft.
        return write(parent, lambda: backend.for_visit_or_new(vid))
    raise ValueError("give a visit or a report")
