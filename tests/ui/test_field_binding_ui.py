"""The customer file refuses a full view of a number copied from another customer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from hvdesk.database import Database
from hvdesk.model import Customer
from hvdesk.services import customers
from hvdesk.services.context import Actor
from hvdesk.services.customers import CustomerInput
from tests.test_customer_file_service import build_customer_file
from tests.ui.conftest import activate
from ui.customers.file_dialog import CustomerFileDialog
from ui.i18n import Translations


def _copy_phone(sqlite_db: Database) -> tuple[Actor, int]:
    built = build_customer_file(sqlite_db)
    coord = built.org.actors["coord1"]
    with sqlite_db.begin() as s:
        other = customers.create_customer(
            s, sqlite_db.cipher, coord, built.org.branch_id,
            CustomerInput(name="王五", id_number="11010519491231002X", phone="13800001111",
                          registered_address="四川省成都市武侯区科华北路2号"))
        copied = s.scalar(select(Customer.phone_enc).where(Customer.id == other.id))
        s.execute(update(Customer.__table__).where(Customer.__table__.c.id == built.customer_id)
                  .values(phone_enc=copied))
    return coord, built.customer_id


def _click_show_phone(qtbot: QtBot, sqlite_db: Database) -> CustomerFileDialog:
    coord, customer_id = _copy_phone(sqlite_db)
    dialog = CustomerFileDialog(sqlite_db, coord, customer_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.file is not None)
    with qtbot.waitSignal(dialog.sig_done):
        qtbot.mouseClick(dialog.show_phone_button, Qt.MouseButton.LeftButton)
    return dialog


def test_copied_phone_shows_one_clear_line(qtbot: QtBot, sqlite_db: Database) -> None:
    dialog = _click_show_phone(qtbot, sqlite_db)
    text = dialog.message_label.text()
    assert "does not belong to this customer" in text
    assert "\n" not in text
    assert "1111" not in dialog.phone_value.text()


def test_copied_phone_is_refused_in_chinese(
    qtbot: QtBot, sqlite_db: Database, translations: Translations
) -> None:
    translations.apply("zh_CN")
    dialog = _click_show_phone(qtbot, sqlite_db)
    text = dialog.message_label.text()
    assert "存储的手机号码不属于该客户" in text and "可能被复制或篡改" in text
    assert "1111" not in dialog.phone_value.text()
