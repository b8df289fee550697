"""Translated names for values that come from the core as plain strings.

The core speaks English identifiers and messages and never imports Qt; the
tables below mark those strings for lupdate (``QT_TRANSLATE_NOOP``) so they
get a Chinese translation, and the functions look them up at display time,
falling back to the original for anything not listed.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hvdesk.errors import CiphertextMismatch, HvdeskError, LoginLocked
from hvdesk.messages import Msg, is_english
from hvdesk.security.roles import Role


# Named like Qt's on purpose: lupdate finds the marked strings by this name.
def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Marks ``source`` for lupdate under ``context``; PySide's own is typed ``object``."""
    return source


ROLE_NAMES: dict[Role, str] = {
    Role.ADMIN: QT_TRANSLATE_NOOP("Roles", "Administrator"),
    Role.COORDINATOR: QT_TRANSLATE_NOOP("Roles", "Coordinator"),
    Role.VISITOR: QT_TRANSLATE_NOOP("Roles", "Field visitor"),
    Role.REVIEWER: QT_TRANSLATE_NOOP("Roles", "Reviewer"),
    Role.MANAGER: QT_TRANSLATE_NOOP("Roles", "Manager"),
}

#: Core exception messages a user meets in the shell. Keep them in step with
#: hvdesk/services (tests/ui/test_signin.py checks the sign-in one).
CORE_MESSAGES: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("CoreMessages", "wrong user name or password, or the account is disabled"),
)


def role_name(role: Role) -> str:
    return QCoreApplication.translate("Roles", ROLE_NAMES.get(role, role.value))


def ui_language() -> str:
    """The interface language, for core messages put into words: Chinese when the
    interface is translated to it, else English (the source language).

    Asked of the installed translators, not of QLocale's default: that is what
    the user reads, whatever locale was set last.
    """
    probe = ROLE_NAMES[Role.COORDINATOR]
    return "zh_CN" if QCoreApplication.translate("Roles", probe) != probe else "en"


def error_text(exc: HvdeskError) -> str:
    """The exception's message in the interface language when it is a known one."""
    if exc.args and isinstance(exc.args[0], Msg):
        text = exc.args[0].render(ui_language())
        return text if text.endswith((".", "!", "?", "。", "）")) or not is_english(
            ui_language()) else f"{text[0].upper()}{text[1:]}."
    if isinstance(exc, LoginLocked):
        return QCoreApplication.translate(
            "CoreMessages", "Too many wrong passwords: this login is locked until {0}."
        ).format(exc.until.astimezone().strftime("%H:%M"))
    if isinstance(exc, CiphertextMismatch):
        what = (
            QCoreApplication.translate("CoreMessages", "mobile number")
            if exc.column == "phone_enc"
            else QCoreApplication.translate("CoreMessages", "ID number")
        )
        return QCoreApplication.translate(
            "CoreMessages",
            "The stored {0} does not belong to this customer (customer {1}): it may have been "
            "copied or tampered with.",
        ).format(what, exc.row)
    message = str(exc)
    translated = QCoreApplication.translate("CoreMessages", message)
    if translated == message and message:
        # Untranslated messages still read as a sentence.
        message = message[0].upper() + message[1:]
        return message if message.endswith((".", "!", "?", "。")) else f"{message}."
    return translated
