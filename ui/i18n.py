"""Qt translations read straight from the Linguist ``.ts`` sources.

Compiled ``.qm`` files are generated code, so none is committed: the ``.ts``
file is parsed at start-up (a few milliseconds) by a small QTranslator
subclass. Source strings are English; Simplified Chinese is the default
language of the interface.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)

from hvdesk.resources import resource

#: Language codes offered to the user, with their names in their own language
#: (an endonym is never translated: a user must find their language in any UI).
LANGUAGE_NAMES: dict[str, str] = {"zh_CN": "简体中文", "en": "English"}
SOURCE_LANGUAGE = "en"

Key = tuple[str, str, str]
#: A translation: one text, or the plural forms of a ``%n`` message (``numerus="yes"``).
Text = str | tuple[str, ...]


def plural_form(language: str, n: int) -> int:
    """Which of a message's plural forms ``n`` takes: English has two, Chinese one."""
    return 0 if language.startswith("zh") or n == 1 else 1


def parse_ts(text: str) -> dict[Key, Text]:
    """Finished translations in a .ts document, keyed by (context, source, comment).

    Unfinished, vanished and obsolete messages are left out so the source
    text shows instead of a stale or empty translation.
    """
    root = ET.fromstring(text)
    messages: dict[Key, Text] = {}
    for ctx in root.iter("context"):
        ctx_name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source")
            tr = msg.find("translation")
            if source is None or tr is None or tr.get("type") is not None:
                continue
            key = (ctx_name, source, msg.findtext("comment") or "")
            if msg.get("numerus") == "yes":
                forms = tuple(f.text or "" for f in tr.iter("numerusform"))
                if forms and all(forms):
                    messages[key] = forms
            elif tr.text:
                messages[key] = tr.text
    return messages


def ts_documents(language: str) -> list[str]:
    """The shell's .ts file, then one per feature in ``translations/<language>/``.

    Features keep their own file so that work on separate screens never edits
    the same translation document.
    """
    documents = [resource("translations", f"hvdesk_{language}.ts").read_text(encoding="utf-8")]
    if language == SOURCE_LANGUAGE:
        # English needs no translation, only its plural forms (hvdesk_en.ts).
        return documents
    folder = resource("translations", language)
    if folder.is_dir():
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".ts"):
                documents.append(entry.read_text(encoding="utf-8"))
    return documents


def load_messages(language: str) -> dict[Key, Text]:
    messages: dict[Key, Text] = {}
    for document in ts_documents(language):
        messages.update(parse_ts(document))
    return messages


class TsTranslator(QTranslator):
    """A QTranslator over messages parsed from a .ts file."""

    def __init__(self, messages: dict[Key, Text], language: str, parent: QObject | None = None):
        super().__init__(parent)
        self._messages = messages
        self._language = language

    @classmethod
    def from_resource(cls, language: str, parent: QObject | None = None) -> TsTranslator:
        return cls(load_messages(language), language, parent)

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None, not "": Qt then asks the next translator and finally shows the source.
        found = self._messages.get((context, source_text, disambiguation or ""))
        if found is None and disambiguation:
            found = self._messages.get((context, source_text, ""))
        if isinstance(found, tuple):
            # Qt puts the number in for %n afterwards.
            return found[min(plural_form(self._language, n), len(found) - 1)]
        return found

    def isEmpty(self) -> bool:
        return False

    def language(self) -> str:
        return self._language

    def __len__(self) -> int:
        return len(self._messages)


class Translations:
    """Installs the translators for one language at a time on the application.

    Installing or removing a translator makes Qt send every widget a
    LanguageChange event; the widgets retranslate themselves on it.
    """

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def apply(self, language: str) -> None:
        if language not in LANGUAGE_NAMES:
            raise ValueError(f"unknown language {language!r}")
        self.clear()
        if language != SOURCE_LANGUAGE:
            qt_own = _qt_base_translator(language, self._app)
            if qt_own is not None:
                self._installed.append(qt_own)
        # English too: the source text has no plural forms ("%n visit(s)").
        self._installed.append(TsTranslator.from_resource(language, self._app))
        for translator in self._installed:
            self._app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        self.language = language
        # Qt posts LanguageChange to each window; deliver now so that the whole
        # interface speaks the new language when apply() returns.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)

    def clear(self) -> None:
        """Back to the source language: remove every translator this object installed."""
        for old in self._installed:
            self._app.removeTranslator(old)
        self._installed = []
        self.language = SOURCE_LANGUAGE


def _qt_base_translator(language: str, parent: QObject) -> QTranslator | None:
    """Qt's own strings (standard buttons, context menus), when the wheel ships them."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    translator = QTranslator(parent)
    if translator.load(f"qtbase_{language}", str(folder)):
        return translator
    return None
