"""A visit's details (double click on its block), with cancelling for a written reason.

The dialog changes nothing itself: it asks with :attr:`sig_cancel_requested`
and the page goes through the scheduling service, then either closes it or
shows the refusal in :attr:`error_label`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hvdesk.model import NoticeStatus, VisitStatus
from hvdesk.scheduling.calendar_query import VisitBlock
from hvdesk.scheduling.teams import team_title
from ui.calendar.texts import notice_name, purpose_name, status_name


class VisitDetailsDialog(QDialog):
    #: (visit id, reason)
    sig_cancel_requested = Signal(int, str)
    #: The customer's file is wanted (customer id).
    sig_open_customer = Signal(int)
    #: The visit's SMS notices are wanted (visit id).
    sig_notices_wanted = Signal(int)
    #: "Record feedback…" / "Costs…" (visit id); the page opens the dialogs (issue 7).
    sig_feedback_requested = Signal(int)
    sig_costs_requested = Signal(int)
    #: "Write report…" / "Open report…" (visit id); ui/visitreport opens the form.
    sig_open_report = Signal(int)

    def __init__(self, block: VisitBlock, can_cancel: bool, parent: QWidget | None = None,
                 report: str | None = None) -> None:
        """``report``: None hides the report button, "" offers to write one, else a status."""
        super().__init__(parent)
        self.report = report
        self.setObjectName("visitDetails")
        self.setMinimumWidth(420)
        self.block = block
        self.title_label = QLabel(block.customer)
        self.title_label.setObjectName("dialogTitle")
        self.subtitle_label = QLabel(block.district)
        self.subtitle_label.setObjectName("dialogSubtitle")
        self.values = {
            "time": QLabel(f"{block.start:%Y-%m-%d %H:%M}–{block.end:%H:%M}"),
            "team": QLabel(team_title(block.member_names)),
            "purpose": QLabel(),
            "status": QLabel(),
            "notice": QLabel(),
        }
        self.form = QFormLayout()
        self.form.setHorizontalSpacing(16)
        self._labels: dict[str, QLabel] = {}
        for key, value in self.values.items():
            self._labels[key] = QLabel()
            value.setWordWrap(True)
            self.form.addRow(self._labels[key], value)
        self.can_cancel = can_cancel and block.editable
        self._build_buttons()
        self.retranslateUi()

    def _build_after_row(self) -> None:
        self.feedback_button = QPushButton()
        self.feedback_button.setEnabled(self.block.status is VisitStatus.COMPLETED)
        self.feedback_button.clicked.connect(
            lambda: self.sig_feedback_requested.emit(self.block.id))
        self.costs_button = QPushButton()
        self.costs_button.setEnabled(
            self.block.status in (VisitStatus.COMPLETED, VisitStatus.NO_SHOW))
        self.costs_button.clicked.connect(lambda: self.sig_costs_requested.emit(self.block.id))
        # After the visit: its own row, so the bottom row keeps room for its labels.
        self.after_row = QHBoxLayout()
        self.after_row.addWidget(self.feedback_button)
        self.after_row.addWidget(self.costs_button)
        self.after_row.addStretch(1)

    def _build_buttons(self) -> None:
        self.reason_edit = QLineEdit()
        self.reason_edit.textChanged.connect(self._update_buttons)
        self.cancel_visit_button = QPushButton()
        self.cancel_visit_button.setObjectName("dangerButton")
        self.cancel_visit_button.clicked.connect(self._cancel)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorMessage")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.close_button = QPushButton()
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.accept)
        self.customer_button = QPushButton()
        self.customer_button.clicked.connect(
            lambda: self.sig_open_customer.emit(self.block.customer_id)
        )
        self.notices_button = QPushButton()
        self.notices_button.clicked.connect(lambda: self.sig_notices_wanted.emit(self.block.id))
        # Shown once someone listens (the main window, when the user may send notices).
        self.notices_button.hide()
        cancel_row = QHBoxLayout()
        cancel_row.addWidget(self.reason_edit, 1)
        cancel_row.addWidget(self.cancel_visit_button)
        self._build_after_row()
        bottom = self._bottom = QHBoxLayout()
        bottom.addWidget(self.customer_button)
        bottom.addWidget(self.notices_button)
        self.report_button = QPushButton()
        self.report_button.setVisible(self.report is not None)
        self.report_button.clicked.connect(lambda: self.sig_open_report.emit(self.block.id))
        bottom.addWidget(self.report_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.subtitle_label)
        layout.addLayout(self.form)
        if self.can_cancel:
            layout.addLayout(cancel_row)
        else:
            self.reason_edit.hide()
            self.cancel_visit_button.hide()
        layout.addWidget(self.error_label)
        layout.addLayout(self.after_row)
        layout.addLayout(bottom)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Visit"))
        for key, text in (
            ("time", self.tr("Time:")),
            ("team", self.tr("Team:")),
            ("purpose", self.tr("Purpose:")),
            ("status", self.tr("Status:")),
            ("notice", self.tr("Notice:")),
        ):
            self._labels[key].setText(text)
        b = self.block
        self.values["purpose"].setText(purpose_name(b.purpose))
        self.values["status"].setText(status_name(b.status))
        self.values["notice"].setText(notice_name(b.notice_status) or self.tr("No SMS yet"))
        # Not delivered (issue 16): said in red, and the button leads to sending it again.
        failed = b.notice_status is NoticeStatus.FAILED
        self.values["notice"].setStyleSheet("color: #b42318; font-weight: 600;" if failed else "")
        self.reason_edit.setPlaceholderText(self.tr("Reason for cancelling (required)"))
        self.cancel_visit_button.setText(self.tr("Cancel visit"))
        self.close_button.setText(self.tr("Close"))
        self.customer_button.setText(self.tr("Customer file…"))
        self.notices_button.setText(self.tr("Send SMS again…") if failed
                                    else self.tr("SMS notice…"))
        self.feedback_button.setText(self.tr("Record feedback…"))
        self.feedback_button.setToolTip(self.tr("The customer's answers to the post-visit "
                                                "survey (completed visits)"))
        self.costs_button.setText(self.tr("Costs…"))
        self.report_button.setText(self.tr("Open report…") if self.report
                                   else self.tr("Write report…"))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)

    def _update_buttons(self) -> None:
        self.cancel_visit_button.setEnabled(bool(self.reason_edit.text().strip()))

    def _cancel(self) -> None:
        reason = self.reason_edit.text().strip()
        if reason:
            self.sig_cancel_requested.emit(self.block.id, reason)

    def set_report(self, report: str | None) -> None:
        """The visit's report state arrived (a worker read it) or changed (the change hub)."""
        self.report = report
        self.report_button.setVisible(report is not None)
        self.report_button.setText(self.tr("Open report…") if report else self.tr("Write report…"))

    def set_block(self, block: VisitBlock) -> None:
        """The visit changed while the dialog was open (status, notice, time)."""
        self.block = block
        self.values["time"].setText(f"{block.start:%Y-%m-%d %H:%M}–{block.end:%H:%M}")
        self.values["team"].setText(team_title(block.member_names))
        self.feedback_button.setEnabled(block.status is VisitStatus.COMPLETED)
        self.costs_button.setEnabled(block.status in (VisitStatus.COMPLETED, VisitStatus.NO_SHOW))
        self.retranslateUi()

    def add_button(self, button: QPushButton) -> None:
        """A further command beside "Customer file…" (the document actions add theirs)."""
        self._bottom.insertWidget(self._bottom.indexOf(self.customer_button) + 1, button)

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()
