"""Issue 16.7/16.9 in the report screens: approving asks and can be undone for a few
seconds; an earlier approved revision prints from the history after an amendment; the
form opens in front of the visit dialog that asked for it."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from hvdesk import visitreports as vr
from hvdesk.database import Database
from hvdesk.model import ReportOutcome, ReportStatus
from tests.ui.test_visitreport_support import (
    LEFT,
    Scene,
    backend,
    make_scene,
    open_form,
    settle,
)
from tests.visitreport_helpers import full_data
from ui.i18n import Translations
from ui.visitreport.opener import ReportOpener
from ui.visitreport.review_queue import ReviewQueuePage


@pytest.fixture
def scene(sqlite_db: Database) -> Scene:
    return make_scene(sqlite_db)


def submitted(scene: Scene, notes: str = "第一版") -> int:
    world = scene.world
    v1 = world.actors["visitor1"]
    with world.db.begin() as s:
        rid = vr.open_report(s, v1, scene.visit_id).id
        data = full_data(scene.day, notes=notes)
        vr.save_draft(s, v1, rid, data)
        vr.submit(s, v1, rid)
    return rid


def answer(qtbot: QtBot, box: QMessageBox | None, text: str) -> None:
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    (button,) = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, LEFT)


def test_approving_asks_and_can_be_undone_for_a_few_seconds(
    qtbot: QtBot, sqlite_db: Database, scene: Scene, translations: Translations
) -> None:
    submitted(scene)
    form = open_form(qtbot, sqlite_db, "reviewer1", scene.visit_id)
    qtbot.mouseClick(form.approve_button, LEFT)
    assert form.confirm_box is not None
    assert form.confirm_box.text() == f"批准 {form.view.customer_name} 的走访报告？"
    answer(qtbot, form.confirm_box, "取消")  # a second thought: nothing happens
    settle(qtbot, form)
    assert form.view.status is ReportStatus.SUBMITTED and not form.undo_bar.isVisible()

    qtbot.mouseClick(form.approve_button, LEFT)
    answer(qtbot, form.confirm_box, "批准")
    settle(qtbot, form)
    assert form.view.status is ReportStatus.APPROVED
    assert form.undo_bar.isVisible()
    assert form.undo_bar.undo_button.text() == "撤销（10 秒）"
    form.undo_bar.timer.timeout.emit()  # a second goes by
    assert form.undo_bar.undo_button.text() == "撤销（9 秒）"
    qtbot.mouseClick(form.undo_bar.undo_button, LEFT)
    settle(qtbot, form)
    assert form.view.status is ReportStatus.SUBMITTED
    assert form.approve_button.isVisible() and not form.undo_bar.isVisible()

    # Approved again and left alone: the offer goes when the time is up.
    qtbot.mouseClick(form.approve_button, LEFT)
    answer(qtbot, form.confirm_box, "批准")
    settle(qtbot, form)
    for _ in range(10):
        form.undo_bar.timer.timeout.emit()
    assert not form.undo_bar.isVisible()
    assert form.view.status is ReportStatus.APPROVED


def test_the_last_approved_revision_prints_from_the_history(
    qtbot: QtBot, sqlite_db: Database, scene: Scene, translations: Translations
) -> None:
    rid = submitted(scene)
    world = scene.world
    with world.db.begin() as s:
        vr.approve(s, world.actors["reviewer1"], rid)
        vr.amend(s, world.actors["visitor1"], rid, "金额记错")
    form = open_form(qtbot, sqlite_db, "coord1", scene.visit_id)
    printed: list[tuple[int, int]] = []
    form.printer = lambda visit, revision: printed.append((visit, revision))
    qtbot.mouseClick(form.history_button, LEFT)
    qtbot.waitUntil(lambda: form.history_dialog is not None)
    history = form.history_dialog
    assert history is not None
    assert history.print_button.isVisible()
    assert not history.print_button.isEnabled()  # revision 2 is a draft
    history.list.setCurrentRow(0)
    assert history.print_button.isEnabled() and history.print_button.text() == "打印此版本…"
    qtbot.mouseClick(history.print_button, LEFT)
    assert printed == [(scene.visit_id, 1)]
    assert not history.isVisible()


def test_the_form_opens_in_front_of_the_visit_dialog(
    qtbot: QtBot, sqlite_db: Database, scene: Scene
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    opener = ReportOpener(sqlite_db, backend(sqlite_db, "visitor1").actor, window,
                          backend(sqlite_db, "visitor1").zone)
    details = QDialog(window)
    details.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    details.open()
    qtbot.waitExposed(details)
    opener.open_visit(scene.visit_id)
    qtbot.waitUntil(lambda: bool(opener.forms), timeout=5000)
    (form,) = opener.forms.values()
    assert form.parent() is details and form.isVisible()
    details.close()
    qtbot.waitUntil(lambda: not shiboken6.isValid(details))
    assert form.parent() is window and form.isVisible()  # kept, with what was typed
    form.fields.outcome_combo.setCurrentIndex(
        form.fields.outcome_combo.findData(ReportOutcome.NOBODY_HOME))
    form.close()


def test_the_queue_offers_undo_after_ctrl_enter(
    qtbot: QtBot, sqlite_db: Database, scene: Scene, translations: Translations
) -> None:
    rid = submitted(scene)
    page = ReviewQueuePage(backend(sqlite_db, "reviewer1"))
    page.resize(1300, 720)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.current is not None, timeout=5000)
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    assert page.undo_bar.isVisible()
    qtbot.mouseClick(page.undo_bar.undo_button, LEFT)
    qtbot.waitUntil(lambda: page.message_label.text() == "已撤销批准。", timeout=5000)
    with sqlite_db.session() as s:
        assert vr.get_report(s, backend(sqlite_db, "reviewer1").actor, rid).status \
            is ReportStatus.SUBMITTED
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)  # back in the queue
