"""A report form in its own process, for the crash-survival test.

``python -m tests.ui.visitreport_crash_app DB_URL VISIT_ID LOGIN PASSWORD`` opens
the visit's report form, types into a few fields as a user would, waits for
the autosave, prints ``AUTOSAVED`` and keeps running until it is killed. The
test kills it with SIGKILL: no close event, no Python clean-up, like a crash
or a pulled plug.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model import ReportOutcome
from hvdesk.services.auth import authenticate
from tests.scheduling_helpers import SHANGHAI
from ui.visitreport.backend import ReportBackend
from ui.visitreport.form import ReportForm

#: What the script types, read back by the test.
ARRIVED = "10:07"
NOTES = "门锁着，敲门无人应答；邻居说客户白天上班"
RECOMMENDATION = "晚上再访"


def type_text(widget: QWidget, text: str) -> None:
    widget.setFocus()
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def fill(form: ReportForm) -> None:
    fields = form.fields
    fields.outcome_combo.setFocus()
    while fields.outcome_combo.currentData() != ReportOutcome.NOBODY_HOME:
        QTest.keyClick(fields.outcome_combo, Qt.Key.Key_Down)
    type_text(fields.arrived_edit, ARRIVED)
    type_text(fields.notes_edit, NOTES)
    type_text(fields.recommendation_edit, RECOMMENDATION)


def main(url: str, visit_id: int, login: str, password: str) -> None:
    app = QApplication([])
    db = Database.open(url)
    with db.begin() as session:
        actor = authenticate(session, login, password)
        view = vr.open_report(session, actor, visit_id)
    form = ReportForm(ReportBackend(db, actor, SHANGHAI), view)
    form.show()

    def saved(_report_id: int) -> None:
        if not form.dirty:
            print("AUTOSAVED", flush=True)

    form.sig_changed.connect(saved)
    QTimer.singleShot(0, lambda: fill(form))
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
