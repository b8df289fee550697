"""The customer file dialog and the create/edit form, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from hvdesk.database import Database
from hvdesk.model import AuditEvent, Customer, CustomerNote
from hvdesk.services import customer_file
from hvdesk.services.context import Actor
from hvdesk.services.customers import CustomerInput
from tests.test_customer_file_service import (
    ID_NUMBER,
    Built,
    build_customer_file,
    other_branch_actor,
)
from tests.ui.conftest import activate
from ui.customers.customer_form import CustomerForm
from ui.customers.file_dialog import CustomerFileDialog
from ui.customers.file_models import (
    CustomerFeedbackModel,
    CustomerLoanModel,
    CustomerVisitModel,
)
from ui.i18n import Translations

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def built(sqlite_db: Database) -> Built:
    return build_customer_file(sqlite_db)


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    activate(qtbot, widget)


def open_file(qtbot: QtBot, db: Database, actor: Actor, customer_id: int) -> CustomerFileDialog:
    dialog = CustomerFileDialog(db, actor, customer_id)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    # Read on a worker: shown once it arrives (or refused, with the reason on the message line).
    qtbot.waitUntil(lambda: dialog.file is not None or dialog.message_label.isVisible())
    return dialog


def open_form(qtbot: QtBot, dialog: CustomerFileDialog) -> CustomerForm:
    """Ctrl+E in the file opens the edit form."""
    show(qtbot, dialog)
    before = dialog.form
    qtbot.keyClick(dialog, Qt.Key.Key_E, CTRL)
    form = dialog.form
    assert form is not None and form is not before
    qtbot.waitExposed(form)
    activate(qtbot, form)
    return form


def answer(qtbot: QtBot, get: Callable[[], QInputDialog | None], text: str) -> None:
    """Put ``text`` into the open reason prompt and press OK."""
    qtbot.waitUntil(lambda: (prompt := get()) is not None and prompt.isVisible())
    prompt = get()
    assert prompt is not None
    prompt.setTextValue(text)
    prompt.accept()


def saved_customer(db: Database, customer_id: int) -> Customer:
    with db.session() as s:
        customer = s.get(Customer, customer_id)
        assert customer is not None
        return customer


def test_file_shows_overview_loans_visits_feedback_and_notes(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    assert not dialog.isModal()
    assert dialog.title_label.text() == "赵建国"
    assert dialog.id_value.text() == "510107********1236"
    assert dialog.phone_value.text() == "138****5678"
    assert dialog.region_value.text() == "四川省成都市武侯区"
    assert dialog.age_sex_value.text().endswith("岁，男")
    assert dialog.dnv_value.text() == "否"
    assert [dialog.tabs.tabText(i) for i in range(5)] == [
        "概况", "贷款（2）", "走访（2）", "反馈与投诉（1）", "备注（0）"]
    loans = dialog.loans_model
    assert loans.index(0, 0).data() == "CD-2024-0001"
    assert loans.index(0, 3).data() == "32,000.50"
    assert loans.index(0, 5).data() == "45"
    visits = dialog.visits_model
    assert visits.index(0, 0).data() == "2026-03-20 14:30–15:30"  # branch time
    assert visits.index(0, 1).data() == "客户关怀"
    assert visits.index(0, 3).data() == "张伟（组长）、李静"
    assert visits.index(0, 5).data() == "已送达（共 2 条通知）"
    assert visits.index(1, 4).data() == "见到本人 · 已提交"
    assert dialog.feedback_model.index(0, 6).data() == "来访时间太早"
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert not [text for text in shown if ID_NUMBER in text or "13812345678" in text]


def test_qt_models_pass_the_model_tester(qtmodeltester, sqlite_db: Database, built: Built
                                         ) -> None:
    with sqlite_db.session() as s:
        f = customer_file.load_file(s, sqlite_db.cipher, built.org.actors["coord1"],
                                    built.customer_id)
    for model in (CustomerLoanModel(f.loans), CustomerVisitModel(f.visits),
                  CustomerFeedbackModel(f.feedback)):
        qtmodeltester.check(model)


def test_show_full_as_coordinator_is_audited(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    qtbot.mouseClick(dialog.show_id_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.id_value.text() == ID_NUMBER)
    assert dialog.reason_prompt is None
    assert not dialog.show_id_button.isEnabled()
    assert dialog.phone_value.text() == "138****5678"
    with sqlite_db.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "view_full"))
        assert event is not None
        assert (event.actor_login, event.detail["field"]) == ("coord1", "id_number")
    with qtbot.waitSignal(dialog.sig_loaded):
        dialog.reload()  # a reload masks it again
    assert dialog.id_value.text() == "510107********1236"


def test_show_full_as_visitor_needs_a_reason(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["visitor1"], built.customer_id)
    assert not dialog.edit_button.isVisible()
    qtbot.mouseClick(dialog.show_phone_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_done):
        answer(qtbot, lambda: dialog.reason_prompt, "   ")
    assert dialog.message_label.isVisible()
    assert dialog.message_label.text() == "请说明查看完整号码的原因"
    assert dialog.phone_value.text() == "138****5678"
    with sqlite_db.session() as s:
        assert s.scalar(select(func.count()).where(AuditEvent.action == "view_full")) == 0

    qtbot.mouseClick(dialog.show_phone_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_done):
        answer(qtbot, lambda: dialog.reason_prompt, "上门前电话确认")
    assert dialog.phone_value.text() == "138 1234 5678"
    assert not dialog.message_label.isVisible()
    with sqlite_db.session() as s:
        event = s.scalar(select(AuditEvent).where(AuditEvent.action == "view_full"))
        assert event is not None and event.detail["reason"] == "上门前电话确认"


def test_edit_and_save_shows_the_new_value(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    form = open_form(qtbot, dialog)
    assert form.id_fixed.text() == "510107********1236"  # the ID cannot be edited
    assert form.id_edit.parent() is None or not form.id_edit.isVisible()
    assert form.phone_edit.text() == ""  # never filled with the full number
    form.current_edit.setText("成都市锦江区春熙路1号")
    qtbot.keyClicks(form.phone_edit, "139-0000-1111")
    with qtbot.waitSignal(dialog.sig_customer_changed) as changed:
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    assert changed.args == [built.customer_id]
    assert not form.isVisible()
    # The change hub brings the saved values into the open file.
    qtbot.waitUntil(lambda: dialog.current_value.text() == "成都市锦江区春熙路1号")
    assert dialog.phone_value.text() == "139****1111"
    customer = saved_customer(sqlite_db, built.customer_id)
    assert (customer.version, customer.phone_last4) == (2, "1111")


def test_invalid_phone_is_shown_under_the_field_and_nothing_saved(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    form = open_form(qtbot, dialog)
    form.current_edit.setText("成都市锦江区春熙路1号")
    qtbot.keyClicks(form.phone_edit, "1390000")
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: form.op is None)
    assert form.isVisible()
    assert form.errors["phone"].isVisible()
    assert form.errors["phone"].text() == "手机号应为 11 位，实际为 7 位"
    assert not form.errors["name"].isVisible()
    assert form.phone_edit.property("invalid") is True
    customer = saved_customer(sqlite_db, built.customer_id)
    assert customer.version == 1
    assert customer.current_address != "成都市锦江区春熙路1号"


def test_stale_edit_shows_the_conflict_and_keeps_the_input(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    form = open_form(qtbot, dialog)
    form.current_edit.setText("成都市锦江区春熙路1号")
    qtbot.keyClicks(form.phone_edit, "13900001111")
    # Meanwhile another desk changes the same customer.
    with sqlite_db.begin() as s:
        customer_file.update_customer(
            s, sqlite_db.cipher, built.org.actors["coord2"], built.customer_id, 1,
            {"current_address": "成都市青羊区草市街2号",
             "registered_address": "四川省成都市武侯区新地址9号"})
    qtbot.keyClick(form, Qt.Key.Key_S, CTRL)

    # Refused on the worker, then the saved values are read again on another.
    qtbot.waitUntil(lambda: "coord2" in form.message_label.text())
    assert form.isVisible()
    message = form.message_label.text()
    assert "coord2" in message and "未保存任何内容" in message
    # The user's input is kept; the colleague's change to a field the user left alone is taken.
    assert form.current_edit.text() == "成都市锦江区春熙路1号"
    assert form.phone_edit.text() == "13900001111"
    assert form.registered_edit.text() == "四川省成都市武侯区新地址9号"
    assert form.conflicts["current_address"].isVisible()
    assert "成都市青羊区草市街2号" in form.conflicts["current_address"].text()
    assert set(form.conflict_fields) == {"current_address", "phone"}
    assert "同事" in form.conflicts["registered_address"].text()
    customer = saved_customer(sqlite_db, built.customer_id)
    assert (customer.version, customer.current_address) == (2, "成都市青羊区草市街2号")
    assert customer.phone_last4 == "5678"

    # Saving again applies the user's input on top of the colleague's.
    with qtbot.waitSignal(form.sig_saved):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    customer = saved_customer(sqlite_db, built.customer_id)
    assert customer.version == 3
    assert customer.current_address == "成都市锦江区春熙路1号"
    assert customer.registered_address == "四川省成都市武侯区新地址9号"
    assert customer.phone_last4 == "1111"


def test_ctrl_enter_adds_a_note(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["reviewer1"], built.customer_id)
    dialog.tabs.setCurrentIndex(4)
    qtbot.keyClicks(dialog.note_edit, "Income papers checked")
    with qtbot.waitSignal(dialog.sig_done):
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, CTRL)
    assert dialog.note_edit.toPlainText() == ""
    assert dialog.notes_model.rowCount() == 1
    assert dialog.notes_model.index(0, 1).data() == "刘洋"
    assert dialog.notes_model.index(0, 2).data() == "Income papers checked"
    assert dialog.tabs.tabText(4) == "备注（1）"
    # Plain Enter is a new line, not a submission.
    qtbot.keyClicks(dialog.note_edit, "line one")
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
    assert dialog.notes_model.rowCount() == 1
    with sqlite_db.session() as s:
        assert s.scalar(select(CustomerNote.text)) == "Income papers checked"
    # An empty note is refused with a message, not added.
    dialog.note_edit.clear()
    with qtbot.waitSignal(dialog.sig_done):
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, CTRL)
    assert dialog.message_label.text() == "备注为空"
    assert dialog.notes_model.rowCount() == 1


def test_do_not_visit_toggle_needs_a_reason(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    qtbot.mouseClick(dialog.dnv_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_done):
        answer(qtbot, lambda: dialog.reason_prompt, "")
    assert dialog.message_label.text() == "请填写“勿访”的原因"
    assert saved_customer(sqlite_db, built.customer_id).do_not_visit is False

    qtbot.mouseClick(dialog.dnv_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_customer_changed):
        answer(qtbot, lambda: dialog.reason_prompt, "客户投诉，暂停走访")
    qtbot.waitUntil(lambda: dialog.dnv_value.text() == "是 — 客户投诉，暂停走访")
    assert dialog.dnv_button.text() == "恢复走访…"

    qtbot.mouseClick(dialog.dnv_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_done):
        answer(qtbot, lambda: dialog.reason_prompt, " ")
    assert dialog.message_label.text() == "请填写取消“勿访”的原因"
    assert saved_customer(sqlite_db, built.customer_id).do_not_visit is True


def test_clearing_do_not_visit_in_the_form_asks_why(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    with sqlite_db.begin() as s:
        customer_file.set_do_not_visit(s, sqlite_db.cipher, built.org.actors["coord1"],
                                       built.customer_id, 1, True, "客户投诉")
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    form = open_form(qtbot, dialog)
    assert form.dnv_reason_edit.text() == "客户投诉"
    form.dnv_check.setChecked(False)
    assert form.dnv_reason_edit.isEnabled() and form.dnv_reason_edit.text() == ""
    assert not form.save_button.isEnabled()
    qtbot.keyClicks(form.dnv_reason_edit, "settled")
    with qtbot.waitSignal(dialog.sig_customer_changed):
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: dialog.dnv_value.text() == "否")
    assert saved_customer(sqlite_db, built.customer_id).do_not_visit is False


def test_create_a_customer_through_the_form(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    form = CustomerForm(sqlite_db, built.org.actors["coord1"])
    qtbot.addWidget(form)
    show(qtbot, form)
    assert form.windowTitle() == "新建客户"
    assert not form.save_button.isEnabled()
    form.name_edit.setText("钱小红")
    qtbot.keyClicks(form.id_edit, "11010519491231002x")
    qtbot.keyClicks(form.phone_edit, "+86 137 0000 2222")
    assert not form.save_button.isEnabled()  # registered address still empty
    form.registered_edit.setText("北京市朝阳区建国路1号")
    assert form.save_button.isEnabled()
    form.dnv_check.setChecked(True)
    assert not form.save_button.isEnabled()  # do-not-visit needs its reason
    form.dnv_check.setChecked(False)
    with qtbot.waitSignal(form.sig_saved) as saved:
        qtbot.keyClick(form, Qt.Key.Key_S, CTRL)
    new_id = saved.args[0]
    customer = saved_customer(sqlite_db, new_id)
    assert (customer.name, customer.id_last4, customer.phone_last4) == ("钱小红", "002X", "2222")
    assert customer.branch_id == built.org.branch_id
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], new_id)
    assert dialog.region_value.text() == "北京市朝阳区"


def test_duplicate_id_number_is_shown_under_the_id_field(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    form = CustomerForm(sqlite_db, built.org.actors["coord1"])
    qtbot.addWidget(form)
    show(qtbot, form)
    form.name_edit.setText("同号人")
    qtbot.keyClicks(form.id_edit, ID_NUMBER)
    qtbot.keyClicks(form.phone_edit, "13700002222")
    form.registered_edit.setText("四川省成都市武侯区")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.errors["id_number"].isVisible())
    assert form.errors["id_number"].text() == "已存在使用该身份证号的客户"
    assert form.isVisible()


def test_escape_asks_before_discarding_changes(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    form = open_form(qtbot, dialog)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: closes at once
    assert not form.isVisible()

    form = open_form(qtbot, dialog)
    qtbot.keyClicks(form.phone_edit, "139")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    box = form.discard_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    keep = next(b for b in box.buttons()
                if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.phone_edit.text() == "139"
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    box = form.discard_box
    assert box is not None
    qtbot.waitExposed(box)
    discard = next(b for b in box.buttons()
                   if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert saved_customer(sqlite_db, built.customer_id).version == 1
    # Esc closes the file itself too.
    show(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_another_branch_sees_nothing(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    dialog = open_file(qtbot, sqlite_db, other_branch_actor(sqlite_db), built.customer_id)
    assert dialog.message_label.text() == "coord9 无权查看其他支行的客户"
    assert dialog.file is None
    assert not dialog.tabs.isEnabled()
    assert QApplication.activeModalWidget() is None


def test_an_open_file_follows_changes_to_its_customer(
    qtbot: QtBot, sqlite_db: Database, built: Built, translations: Translations
) -> None:
    """A note or an edit made elsewhere (another window, another desk) shows in the open file;
    a change to another customer reads nothing."""
    dialog = open_file(qtbot, sqlite_db, built.org.actors["coord1"], built.customer_id)
    assert dialog.notes_model.rowCount() == 0
    with qtbot.waitSignal(dialog.sig_loaded), sqlite_db.begin() as s:
        customer_file.add_note(s, built.org.actors["reviewer1"], built.customer_id, "From afar")
    assert dialog.notes_model.rowCount() == 1
    assert dialog.tabs.tabText(4) == "备注（1）"
    with qtbot.waitSignal(dialog.sig_loaded), sqlite_db.begin() as s:
        customer_file.update_customer(s, sqlite_db.cipher, built.org.actors["coord2"],
                                      built.customer_id, 1,
                                      {"current_address": "成都市青羊区草市街2号"})
    assert dialog.current_value.text() == "成都市青羊区草市街2号"
    coord = built.org.actors["coord1"]
    with sqlite_db.begin() as s:
        other = customer_file.create_customer(s, sqlite_db.cipher, coord, CustomerInput(
            name="钱小红", id_number="11010519491231002X", phone="13700002222",
            registered_address="北京市朝阳区建国路1号"))
    with qtbot.assertNotEmitted(dialog.sig_loaded, wait=500), sqlite_db.begin() as s:
        customer_file.add_note(s, coord, other.id, "another customer")
