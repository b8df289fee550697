"""The visit report form: fill, autosave, submit; review, return, approve; amend.

Drafts save themselves :data:`AUTOSAVE_MS` after the last edit and when the
form closes, so a crash loses at most those seconds. Every step goes through
:class:`~ui.visitreport.backend.ReportBackend` (one short transaction on the
GUI thread, like the customer form's saves) with the version the form read,
so a colleague's change is refused instead of overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hvdesk.errors import HvdeskError, StaleEdit, ValidationError
from hvdesk.model.enums import ReportStatus
from hvdesk.visitreports import ReportInvalid, ReportView
from ui.visitreport import labels
from ui.visitreport.attachments import AttachmentBox
from ui.visitreport.backend import ReportBackend
from ui.visitreport.fields import ReportFields
from ui.visitreport.history import HistoryDialog

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


class ReportForm(QDialog):
    """One report, non-modal. ``sig_changed(report_id)`` after every stored step."""

    sig_changed = Signal(int)

    def __init__(self, backend: ReportBackend, view: ReportView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.view = view
        self.dirty = False
        self.prompt: QInputDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.last_saved: dt.datetime | None = None
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
        self.photos = AttachmentBox(self.backend)
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

    # --- editing ----------------------------------------------------------------------
    def _edited(self) -> None:
        if not self.editable:
            return
        self.dirty = True
        if not self.reload_button.isVisible():
            self.autosave_timer.start()
        self._show_save_state()

    def _outcome_changed(self) -> None:
        self.fields.set_required(self.backend.required(self.fields.outcome()))

    def _attachments_changed(self) -> None:
        # Adding a photo moves the report's version: read it again so autosave is not refused.
        try:
            fresh = self.backend.get(self.report_id)
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return
        self.view = fresh
        self.sig_changed.emit(self.report_id)

    def save_draft(self) -> bool:
        """Store the inputs; True when stored (or nothing needed storing)."""
        self.autosave_timer.stop()
        if not self.editable:
            return True
        data, problems = self.fields.data()
        try:
            view = self.backend.save_draft(self.report_id, data, self.view.lock_version)
        except ValidationError as exc:
            self._show_errors({exc.field: str(exc)})
            return False
        except StaleEdit as exc:
            # The other team member saved first: autosave stops retrying until the user
            # chooses to load their version (typing on would be refused each time).
            self.show_message(labels.report_error(exc))
            self.reload_button.show()
            return False
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return False
        self.dirty = False
        self.last_saved = dt.datetime.now()
        self._show_view(view, load_fields=False)
        if problems:
            self._show_errors(problems)
        else:
            self.fields.clear_errors()
            self.show_message("")
        self.sig_changed.emit(self.report_id)
        return True

    def reload(self) -> None:
        """Show the stored report again, dropping the unsaved input (after a stale edit)."""
        try:
            view = self.backend.get(self.report_id)
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return
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

    def submit(self) -> bool:
        if not self.editable or not self.save_draft():
            return False
        _, problems = self.fields.data()
        if problems:
            return False
        try:
            view = self.backend.submit(self.report_id, self.view.lock_version)
        except ReportInvalid as exc:
            self._show_errors(exc.field_errors)
            return False
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return False
        self._stored(view)
        return True

    def approve(self) -> bool:
        comment = self.comment_edit.text().strip() or None
        try:
            view = self.backend.approve(self.report_id, self.view.lock_version, comment)
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return False
        self._stored(view)
        return True

    def request_return(self) -> None:
        """With a comment typed beside the button it returns at once; else asks for one."""
        comment = self.comment_edit.text().strip()
        if comment:
            self.return_report(comment)
            return
        self._ask(self.tr("Return the report"),
                  self.tr("What must the author change?"), self.return_report)

    def return_report(self, comment: str) -> bool:
        try:
            view = self.backend.return_report(self.report_id, comment, self.view.lock_version)
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return False
        self.comment_edit.clear()
        self._stored(view)
        return True

    def request_amend(self) -> None:
        self._ask(self.tr("Amend the approved report"),
                  self.tr("Why must the approved report change? (kept in its history)"),
                  self.amend)

    def amend(self, reason: str) -> bool:
        try:
            view = self.backend.amend(self.report_id, reason)
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return False
        self._stored(view, load_fields=True)
        return True

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

    def open_history(self) -> HistoryDialog | None:
        try:
            revisions = self.backend.history(self.report_id)
        except HvdeskError as exc:
            self.show_message(labels.report_error(exc))
            return None
        self.history_dialog = HistoryDialog(revisions, self.backend.zone, self)
        self.history_dialog.open()
        return self.history_dialog

    # --- closing ------------------------------------------------------------------------
    def done(self, result: int) -> None:
        # Every way out (Close, Esc, the window's X) ends here: keep the last keystrokes.
        if self.dirty and self.editable:
            self.save_draft()
        super().done(result)


def open_report_form(backend: ReportBackend, *, visit_id: int | None = None,
                     report_id: int | None = None,
                     parent: QWidget | None = None) -> ReportForm:
    """The form of a visit's report (created as a draft when the actor may write it).

    Raises :class:`HvdeskError` for the caller to show (no such visit, not allowed).
    """
    if report_id is not None:
        view = backend.get(report_id)
    elif visit_id is not None:
        found = backend.for_visit(visit_id)
        view = found if found is not None else backend.open(visit_id)
    else:
        raise ValueError("give a visit or a report")
    form = ReportForm(backend, view, parent)
    form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return form
