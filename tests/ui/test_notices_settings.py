"""The notice settings dialog: gateway fields, refusals in words, no token in the database."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.notices import NoticeSettings, load_settings
from tests.factories import Org
from tests.ui.test_notices_support import LEFT, open_notices, type_chinese
from ui.i18n import Translations
from ui.notices.settings_dialog import NoticeSettingsDialog
from ui.settings import Settings


def open_dialog(qtbot: QtBot, sqlite_db: Database, settings: Settings) -> NoticeSettingsDialog:
    page = open_notices(qtbot, sqlite_db, settings)
    qtbot.mouseClick(page.settings_button, LEFT)
    qtbot.waitUntil(lambda: page.settings_dialog is not None)
    dialog = page.settings_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def save(qtbot: QtBot, dialog: NoticeSettingsDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), LEFT)
    qtbot.waitUntil(lambda: dialog.saving is not None and not dialog.saving.running)


def stored(db: Database) -> NoticeSettings:
    with db.session() as s:
        return load_settings(s)


def test_http_gateway_shows_its_fields_and_refuses_a_plain_http_url(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    dialog = open_dialog(qtbot, sqlite_db, settings)
    assert dialog.outbox_row.isVisibleTo(dialog) and not dialog.token_edit.isVisibleTo(dialog)
    dialog.gateway_combo.setCurrentIndex(dialog.gateway_combo.findData("http"))
    assert not dialog.outbox_row.isVisibleTo(dialog)
    assert dialog.url_edit.isVisibleTo(dialog) and dialog.token_edit.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.url_edit, "http://sms.example.com/send")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text() == "网关地址必须以 https:// 开头"
    assert stored(sqlite_db).gateway == "outbox"


def test_the_token_goes_to_the_keyring_or_nothing_is_saved(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    """The tests run with no keyring: the refusal is shown and the gateway stays as it was."""
    dialog = open_dialog(qtbot, sqlite_db, settings)
    dialog.gateway_combo.setCurrentIndex(dialog.gateway_combo.findData("http"))
    qtbot.keyClicks(dialog.url_edit, "https://sms.example.com/send")
    qtbot.keyClicks(dialog.token_edit, "s3cret-token")
    assert dialog.token_edit.displayText() != "s3cret-token"  # masked
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_label.text().startswith("没有系统密钥环可保存短信网关令牌")
    assert stored(sqlite_db).gateway == "outbox"
    # Without a token the URL alone is saved (a token may come from HVDESK_SMS_TOKEN).
    dialog.token_edit.clear()
    save(qtbot, dialog)
    assert not dialog.isVisible()
    saved = stored(sqlite_db)
    assert (saved.gateway, saved.http_url) == ("http", "https://sms.example.com/send")
    assert "s3cret" not in repr(saved)


@pytest.mark.parametrize(
    ("signature", "expected"), [("惠民金融", "【惠民金融】"), ("【新签名】", "【新签名】")])
def test_signature_and_words_are_saved_cleaned(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations,
    signature: str, expected: str,
) -> None:
    dialog = open_dialog(qtbot, sqlite_db, settings)
    dialog.signature_edit.clear()
    dialog.signature_edit.setFocus()
    type_chinese(dialog.signature_edit, signature)
    dialog.words_edit.setFocus()
    type_chinese(dialog.words_edit, "上门, 催\n 法务 ")
    save(qtbot, dialog)
    assert not dialog.isVisible()
    saved = stored(sqlite_db)
    assert saved.signature == expected
    assert saved.extra_forbidden_words == ("上门", "催", "法务")


def test_a_one_letter_signature_is_refused_in_words(
    qtbot: QtBot, sqlite_db: Database, org: Org, settings: Settings, translations: Translations
) -> None:
    dialog = open_dialog(qtbot, sqlite_db, settings)
    dialog.signature_edit.clear()
    qtbot.keyClicks(dialog.signature_edit, "X")
    save(qtbot, dialog)
    assert dialog.error_label.isVisibleTo(dialog)
    assert dialog.error_label.text() == "签名应为公司名称，2 到 20 个字"
