"""Issue 16.9: the new-customer form checks the ID and mobile numbers as they are typed,
says why Save is disabled, and lists every problem at once when Save is pressed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from tests.factories import Org
from tests.ui.test_notices_support import type_chinese
from ui.customers.customer_form import CustomerForm
from ui.i18n import Translations

LEFT = Qt.MouseButton.LeftButton
#: A valid number (check character X) and the same with a wrong check character.
GOOD_ID = "11010519491231002X"
BAD_ID = "110105194912310021"


@pytest.fixture
def form(qtbot: QtBot, sqlite_db: Database, org: Org, translations: Translations) -> CustomerForm:
    form = CustomerForm(sqlite_db, org.actors["coord1"])
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_numbers_are_checked_as_typed(qtbot: QtBot, form: CustomerForm) -> None:
    errors = form.errors
    qtbot.keyClicks(form.id_edit, BAD_ID[:10])
    assert not errors["id_number"].isVisible()  # half typed is not wrong
    qtbot.keyClicks(form.id_edit, BAD_ID[10:])
    assert errors["id_number"].isVisible()
    assert errors["id_number"].text() == "校验位应为 X"
    assert form.id_edit.property("invalid") is True
    qtbot.keyClick(form.id_edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(form.id_edit, "X")
    assert not errors["id_number"].isVisible()  # corrected: the message goes at once
    assert form.id_edit.property("invalid") is False

    qtbot.keyClicks(form.phone_edit, "+86 137 0000 2")
    assert not errors["phone"].isVisible()  # the country code is not part of the count
    form.phone_edit.clear()
    qtbot.keyClicks(form.phone_edit, "1370000")
    form.phone_edit.editingFinished.emit()  # leaving the field judges what is there
    assert errors["phone"].isVisible() and "11" in errors["phone"].text()
    qtbot.keyClicks(form.phone_edit, "2222")
    assert not errors["phone"].isVisible()


def test_the_form_says_why_save_is_disabled(qtbot: QtBot, form: CustomerForm) -> None:
    assert not form.save_button.isEnabled()
    assert form.needs_label.isVisible()
    assert form.needs_label.text() == "保存前还需填写：姓名、身份证号、手机号、户籍地址。"
    assert form.save_button.toolTip() == form.needs_label.text()
    type_chinese(form.name_edit, "钱")
    qtbot.keyClicks(form.id_edit, GOOD_ID)
    assert form.needs_label.text() == "保存前还需填写：手机号、户籍地址。"
    qtbot.keyClicks(form.phone_edit, "13700002222")
    type_chinese(form.registered_edit, "北京")
    assert form.save_button.isEnabled() and not form.needs_label.isVisible()
    qtbot.mouseClick(form.dnv_check, LEFT)
    assert not form.save_button.isEnabled()
    assert form.needs_label.text() == "保存前还需填写：原因。"


def test_save_lists_every_problem_at_once(qtbot: QtBot, form: CustomerForm) -> None:
    type_chinese(form.name_edit, "钱")
    qtbot.keyClicks(form.id_edit, "1101051949")  # short: judged only when saving
    qtbot.keyClicks(form.phone_edit, "0288888888")  # a landline
    type_chinese(form.registered_edit, "北京")
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.isVisible() and form.op is None  # nothing sent to the service
    assert form.errors["id_number"].isVisible() and form.errors["phone"].isVisible()
    lines = form.message_label.text().splitlines()
    assert lines[0] == "请先更正以下字段再保存："
    assert [line.split("：")[0] for line in lines[1:]] == ["• 身份证号", "• 手机号"]
    assert form.id_edit.hasFocus() or not form.isActiveWindow()
