"""A draft survives the desk dying: autosave in one process, SIGKILL, reopen in another."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.model import ReportOutcome, ReportStatus
from tests.factories import PASSWORD
from tests.ui import visitreport_crash_app as app
from tests.ui.test_visitreport_support import make_scene, open_form

ROOT = Path(__file__).resolve().parents[2]
#: Generous: a cold interpreter imports Qt and SQLAlchemy on a shared 2-core machine.
START_TIMEOUT = 120


def _lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line.strip())


def test_draft_survives_a_killed_process(qtbot: QtBot, sqlite_db: Database) -> None:
    scene = make_scene(sqlite_db)
    url = sqlite_db.url
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.visitreport_crash_app", url, str(scene.visit_id),
         "visitor1", PASSWORD],
        cwd=ROOT, env=dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_lines, args=(proc.stdout, lines), daemon=True).start()
    try:
        seen = []
        while "AUTOSAVED" not in seen:
            try:
                seen.append(lines.get(timeout=START_TIMEOUT))
            except queue.Empty:
                proc.kill()
                _, err = proc.communicate(timeout=30)
                raise AssertionError(f"no autosave from the form process: {seen} {err}") from None
        assert proc.poll() is None, "the form process must still be running when killed"
    finally:
        proc.kill()  # SIGKILL: no close event, no clean-up
        proc.wait(timeout=30)
    assert proc.returncode == -9

    form = open_form(qtbot, sqlite_db, "visitor1", scene.visit_id)
    fields = form.fields
    assert form.view.status is ReportStatus.DRAFT
    assert fields.outcome() is ReportOutcome.NOBODY_HOME
    assert fields.arrived_edit.text() == app.ARRIVED
    assert fields.notes_edit.toPlainText() == app.NOTES
    assert fields.recommendation_edit.toPlainText() == app.RECOMMENDATION
