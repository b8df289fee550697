"""Every revision of a report with its workflow steps (created, submitted, returned…)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hvdesk.model.enums import ReportStatus
from hvdesk.visitreports import RevisionView
from ui.visitreport import labels
from ui.visitreport.summary import report_html

#: Opens the print preview of one approved revision (its number); the main window's
#: document commands, None for someone who may not print.
RevisionPrinter = Callable[[int], object]


class HistoryDialog(QDialog):
    def __init__(self, revisions: Sequence[RevisionView], zone: dt.tzinfo,
                 parent: QWidget | None = None, printer: RevisionPrinter | None = None) -> None:
        super().__init__(parent)
        self._printer = printer
        self.setObjectName("reportHistory")
        self.revisions = list(revisions)
        self._zone = zone
        self.resize(900, 600)
        self.list = QListWidget()
        self.list.setMaximumWidth(260)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        self.title_label = QLabel()
        self.title_label.setObjectName("dialogTitle")
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        # An earlier approved revision stays printable after an amendment (issue 16).
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_revision)
        self.print_button.setVisible(printer is not None)
        bottom = QHBoxLayout()
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addWidget(self.title_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.list.currentRowChanged.connect(self._show)
        self.retranslateUi()
        if self.revisions:
            self.list.setCurrentRow(len(self.revisions) - 1)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("Report history"))
        self.title_label.setText(self.tr("Revisions and review steps"))
        self.close_button.setText(self.tr("Close"))
        self.print_button.setText(self.tr("Print this revision…"))
        current = self.list.currentRow()
        self.list.clear()
        for rev in self.revisions:
            text = self.tr("Revision {0} · {1}").format(
                rev.revision, labels.name(labels.STATUSES, rev.status))
            if rev.current:
                text += " " + self.tr("(current)")
            self.list.addItem(text)
        if current >= 0:
            self.list.setCurrentRow(current)

    def _when(self, value: dt.datetime | None) -> str:
        return labels.when(value.astimezone(self._zone) if value else None)

    def selected(self) -> RevisionView | None:
        row = self.list.currentRow()
        return self.revisions[row] if 0 <= row < len(self.revisions) else None

    def print_revision(self) -> None:
        rev = self.selected()
        if self._printer is not None and rev is not None and rev.status is ReportStatus.APPROVED:
            self.accept()  # the preview is a window of its own: nothing modal in its way
            self._printer(rev.revision)

    def _show(self, row: int) -> None:
        rev = self.revisions[row] if 0 <= row < len(self.revisions) else None
        self.print_button.setEnabled(rev is not None and rev.status is ReportStatus.APPROVED)
        self.print_button.setToolTip("" if self.print_button.isEnabled()
                                     else self.tr("Only an approved revision can be printed."))
        if rev is None:
            self.browser.clear()
            return
        steps = []
        for event in rev.events:
            line = f"{self._when(event.at)} · {escape(labels.name(labels.EVENTS, event.action))}"
            line += f" · {escape(event.actor)}"
            if event.comment:
                line += f": <i>{escape(event.comment)}</i>"
            steps.append(line)
        written = self.tr("Written by {0}").format(rev.author)
        head = [f"<p><b>{escape(written)}</b>"]
        if rev.reviewer:
            head.append(escape(self.tr("Reviewed by {0} on {1}").format(
                rev.reviewer, self._when(rev.reviewed_at))))
        if rev.superseded_reason:
            head.append(escape(self.tr("Replaced on {0} because: {1}").format(
                self._when(rev.superseded_at), rev.superseded_reason)))
        html = "<br>".join(head) + "</p>"
        title = self.tr("Steps")
        html += f"<h3>{escape(title)}</h3>" + ("<br>".join(steps) or labels.DASH)
        html += report_html(rev.data, self._zone)
        self.browser.setHtml(html)
