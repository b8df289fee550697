"""Core messages reach the screen in the interface language (issue 16)."""

from __future__ import annotations

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from ui.i18n import Translations
from ui.labels import error_text, ui_language


def test_core_messages_follow_the_interface_language(translations: Translations) -> None:
    exc = ValidationError("phone", msg("phone.length",
                                       "mobile number must have 11 digits, got {count}", count=9))
    assert ui_language() == "zh_CN"
    assert error_text(exc) == "手机号应为 11 位，实际 9 位"
    translations.apply("en")
    assert ui_language() == "en"
    assert error_text(exc) == "Mobile number must have 11 digits, got 9."
