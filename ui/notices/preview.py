"""The selected notice in full: its text, the carrier length, and every wording problem.

A draft's text is editable; each keystroke re-runs the core's
``check_wording`` (pure Python, no database), so the length and the problems
follow the text live. Saving goes back to the page (:attr:`sig_save`), which
stores it through the service and hands the new view back with :meth:`show`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.model import NoticeStatus
from hvdesk.notices import NoticeView, WordingReport
from ui.notices.model import EDITABLE, LONG_SEGMENTS
from ui.notices.texts import kind_name, length_text, problem_text, status_name

Checker = Callable[[str], WordingReport]

LOCAL_STYLE = """
QLabel#lengthLabel { color: #4b5563; }
QLabel#lengthLabel[long="true"] { color: #8a4b08; font-weight: 600; }
QLabel#problemsLabel { background: #fdecec; border: 1px solid #f5c2c2; border-radius: 6px;
                       color: #b42318; padding: 7px 10px; }
QLabel#okLabel { color: #1f8a4c; }
QPlainTextEdit#noticeText { background: #ffffff; border: 1px solid #cfd6e0; border-radius: 6px;
                            padding: 6px; font-size: 11pt; }
QPlainTextEdit#noticeText[readOnly="true"] { background: #f8fafc; color: #374151; }
"""


class NoticePreview(QWidget):
    #: (notice id, new text)
    sig_save = Signal(int, str)
    #: notice id
    sig_cancel = Signal(int)
    #: notice id: the customer's reply was dealt with
    sig_handled = Signal(int)
    #: notice id: send this failed notice again
    sig_resend = Signal(int)
    #: the notice (its customer replied "2"): move the visit
    sig_move = Signal(object)

    def __init__(self, checker: Checker, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticePreview")
        self.setStyleSheet(LOCAL_STYLE)
        self._checker = checker
        self._zone = zone
        self.view: NoticeView | None = None
        self.report: WordingReport | None = None
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta_label = QLabel()
        self.meta_label.setObjectName("dialogSubtitle")
        self.meta_label.setWordWrap(True)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("noticeText")
        self.text_edit.textChanged.connect(self._text_changed)
        self.length_label = QLabel()
        self.length_label.setObjectName("lengthLabel")
        self.ok_label = QLabel()
        self.ok_label.setObjectName("okLabel")
        self.problems_label = QLabel()
        self.problems_label.setObjectName("problemsLabel")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("hint")
        self.detail_label.setWordWrap(True)
        self.failure_label = QLabel()
        self.failure_label.setObjectName("problemsLabel")
        self.failure_label.setWordWrap(True)
        self.failure_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton()
        self.revert_button.clicked.connect(self.revert)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._cancel)
        self.handled_button = QPushButton()
        self.handled_button.clicked.connect(
            lambda: self.view is not None and self.sig_handled.emit(self.view.id))
        self._build_actions()
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("hint")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._arrange()
        self.retranslateUi()
        self.show_notice(None)

    def _build_actions(self) -> None:
        """What a coordinator does about a failed notice or a reply asking another time."""
        self.resend_button = QPushButton()
        self.resend_button.setObjectName("primaryButton")
        self.resend_button.clicked.connect(self._resend)
        self.move_button = QPushButton()
        self.move_button.setObjectName("primaryButton")
        self.move_button.clicked.connect(self._move)

    def _arrange(self) -> None:
        length_row = QHBoxLayout()
        length_row.addWidget(self.length_label)
        length_row.addStretch(1)
        length_row.addWidget(self.ok_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.handled_button)
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.resend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        body.addWidget(self.title_label)
        body.addWidget(self.meta_label)
        body.addWidget(self.text_edit, 1)
        body.addLayout(length_row)
        body.addWidget(self.problems_label)
        body.addWidget(self.failure_label)
        body.addWidget(self.detail_label)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 14, 14, 14)
        layout.addWidget(self.empty_label, 1)
        layout.addWidget(self.body, 1)

    def retranslateUi(self) -> None:
        self.save_button.setText(self.tr("Save text"))
        self.save_button.setToolTip(self.tr("Save the edited text (Ctrl+S)"))
        self.revert_button.setText(self.tr("Revert"))
        self.cancel_button.setText(self.tr("Cancel notice"))
        self.handled_button.setText(self.tr("Reply handled"))
        self.handled_button.setToolTip(
            self.tr("The customer was called back: take the notice off the list of replies"))
        self.resend_button.setText(self.tr("Send again…"))
        self.resend_button.setToolTip(
            self.tr("The carrier could not deliver it: send it again under the same key"))
        self.move_button.setText(self.tr("Move the visit…"))
        self.move_button.setToolTip(
            self.tr("The customer asked for another time: choose it, then send the new notice"))
        self.empty_label.setText(self.tr("Select a notice to read its full text."))
        self.ok_label.setText(self.tr("✓ Wording checks passed"))
        self._fill_meta()
        self._show_report()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    # --- content ---------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.view is not None and self.view.status in EDITABLE

    @property
    def dirty(self) -> bool:
        return self.editable and self.view is not None and self.text() != self.view.text

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def show_notice(self, view: NoticeView | None) -> None:
        """Show ``view`` (None: the empty state); the page saves an edit before moving on."""
        self.view = view
        self.empty_label.setVisible(view is None)
        self.body.setVisible(view is not None)
        if view is None:
            self.report = None
            return
        self.text_edit.setReadOnly(not self.editable)
        # The style sheet's [readOnly] selector is evaluated at polish time.
        self.text_edit.style().unpolish(self.text_edit)
        self.text_edit.style().polish(self.text_edit)
        self.text_edit.blockSignals(True)
        self.text_edit.setPlainText(view.text)
        self.text_edit.blockSignals(False)
        self._fill_meta()
        self._recheck()

    def set_checker(self, checker: Checker) -> None:
        """New notice settings (signature, forbidden words): check again with them."""
        self._checker = checker
        if self.view is not None:
            self._recheck()

    def _local(self, when: dt.datetime) -> str:
        aware = when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
        return f"{aware.astimezone(self._zone):%Y-%m-%d %H:%M}"

    def _fill_meta(self) -> None:
        v = self.view
        if v is None:
            return
        self.title_label.setText(f"{v.customer_name} · {v.phone_masked}")
        parts = [kind_name(v.kind), self.tr("visit {0}").format(self._local(v.visit_start)),
                 status_name(v.status)]
        self.meta_label.setText(" · ".join(parts))
        details = []
        if v.sent_at is not None:
            details.append(self.tr("Sent {0}").format(self._local(v.sent_at)))
        if v.delivered_at is not None:
            details.append(self.tr("Delivered {0}").format(self._local(v.delivered_at)))
        if v.status is NoticeStatus.QUEUED:
            details.append(self.tr("Waits for the SMS hours; goes out with the next send."))
        failed = v.status is NoticeStatus.FAILED
        self.failure_label.setText(
            self.tr("Not delivered: {0}. The visit is back to planned until a notice reaches "
                    "the customer.").format(v.error or "—") if failed else "")
        self.failure_label.setVisible(failed)
        if v.reply:
            details.append(self.tr("Customer replied: “{0}”").format(v.reply))
        if v.wants_another_time:
            details.append(self.tr("The customer asks for another time: move the visit."))
        elif v.needs_attention:
            details.append(self.tr("Needs a coordinator's attention."))
        self.detail_label.setText("\n".join(details))
        self.detail_label.setVisible(bool(details))
        self.cancel_button.setVisible(
            v.status in (NoticeStatus.DRAFT, NoticeStatus.QUEUED, NoticeStatus.FAILED))
        self.handled_button.setVisible(v.needs_attention)
        self.resend_button.setVisible(failed)
        self.move_button.setVisible(v.wants_another_time)

    # --- checking --------------------------------------------------------------------
    def _text_changed(self) -> None:
        self._recheck()

    def _recheck(self) -> None:
        if self.view is None:
            return
        self.report = self._checker(self.text())
        self._show_report()

    def _show_report(self) -> None:
        report, v = self.report, self.view
        if report is None or v is None:
            return
        self.length_label.setText(length_text(report.chars, report.segments))
        self.length_label.setProperty("long", report.segments > LONG_SEGMENTS)
        self.length_label.style().unpolish(self.length_label)
        self.length_label.style().polish(self.length_label)
        lines = [f"• {problem_text(p)}" for p in report.problems]
        if lines:
            header = self.tr("This text cannot be sent:")
            self.problems_label.setText("\n".join([header, *lines]))
        self.problems_label.setVisible(bool(lines))
        self.ok_label.setVisible(not lines)
        self.save_button.setVisible(self.editable)
        self.revert_button.setVisible(self.editable)
        self.save_button.setEnabled(self.dirty)
        self.revert_button.setEnabled(self.dirty)

    def problems(self) -> list[str]:
        """The problems shown, in the interface language."""
        return [problem_text(p) for p in self.report.problems] if self.report else []

    # --- actions ---------------------------------------------------------------------
    def save(self) -> None:
        if self.view is not None and self.dirty:
            self.sig_save.emit(self.view.id, self.text())

    def revert(self) -> None:
        if self.view is not None:
            self.show_notice(self.view)

    def _resend(self) -> None:
        if self.view is not None:
            self.sig_resend.emit(self.view.id)

    def _move(self) -> None:
        if self.view is not None:
            self.sig_move.emit(self.view)

    def _cancel(self) -> None:
        if self.view is not None:
            self.sig_cancel.emit(self.view.id)
