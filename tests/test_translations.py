"""Every user-visible string of the shell has a finished Chinese translation.

lupdate extracts the strings from ``ui/`` into a scratch .ts file; the test
compares it with the committed ``resources/translations/hvdesk_zh_CN.ts``.
To update the committed file after changing strings, run
``pyside6-lupdate $(git ls-files 'ui/*.py') -ts resources/translations/hvdesk_zh_CN.ts
-no-obsolete -locations none`` and translate what it marks unfinished.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.services.auth import authenticate
from tests.factories import PASSWORD, make_org
from ui.i18n import Text, Translations, TsTranslator, load_messages, ts_documents
from ui.main_window import MainWindow
from ui.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{\d*\}")


def lupdate() -> list[str]:
    beside_python = Path(sys.executable).with_name("pyside6-lupdate")
    if beside_python.exists():
        return [str(beside_python)]
    native = Path(PySide6.__file__).with_name("lupdate")
    if native.exists():
        return [str(native)]
    found = shutil.which("pyside6-lupdate")
    if found:
        return [found]
    pytest.fail("pyside6-lupdate not found: install PySide6 (it ships lupdate)")


def _extract(tmp_path: Path) -> ET.Element:
    target = tmp_path / "extracted.ts"
    if not target.exists():
        sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
        subprocess.run([*lupdate(), *sources, "-ts", str(target), "-no-obsolete"],
                       check=True, capture_output=True, timeout=120)
    return ET.parse(target).getroot()


def extracted(tmp_path: Path, numerus_only: bool = False) -> set[tuple[str, str]]:
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or "")
        for ctx in _extract(tmp_path).iter("context")
        for msg in ctx.iter("message")
        if not numerus_only or msg.get("numerus") == "yes"
    }


def committed() -> dict[tuple[str, str, str], Text]:
    return load_messages("zh_CN")


def test_every_string_has_a_finished_translation(tmp_path: Path) -> None:
    strings = extracted(tmp_path)
    assert len(strings) > 50, "lupdate found suspiciously few strings"
    done = {(context, source) for context, source, _ in committed()}
    missing = sorted(strings - done)
    assert not missing, "untranslated in hvdesk_zh_CN.ts:\n" + "\n".join(
        f"  [{context}] {source!r}" for context, source in missing)
    stale = sorted(done - strings)
    assert not stale, "no longer in ui/, remove from hvdesk_zh_CN.ts:\n" + "\n".join(
        f"  [{context}] {source!r}" for context, source in stale)


def test_committed_file_has_nothing_unfinished() -> None:
    for document in ts_documents("zh_CN"):
        root = ET.fromstring(document)
        assert root.get("language") == "zh_CN"
        unfinished = [
            msg.findtext("source") for msg in root.iter("message")
            if (tr := msg.find("translation")) is None or tr.get("type") is not None
            or not tr.text
        ]
        assert not unfinished


def test_translations_keep_placeholders_and_accelerators() -> None:
    english = load_messages("en")
    for (context, source, _), translated in [*committed().items(), *english.items()]:
        for text in translated if isinstance(translated, tuple) else (translated,):
            assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (
                context, source)
            assert ("%n" in source or "%Ln" in source) == ("%n" in text or "%Ln" in text), (
                context, source)
            if re.search(r"&\w", source):
                assert re.search(r"&\w", text), f"[{context}] {source!r} lost its accelerator"


def test_every_plural_has_its_english_forms(tmp_path: Path) -> None:
    """English mode: "%n visit(s)" reads "1 visit" and "2 visits" (issue 16)."""
    plurals = extracted(tmp_path, numerus_only=True)
    assert len(plurals) >= 5
    english = load_messages("en")
    forms = {(c, s): t for (c, s, _), t in english.items()}
    assert {key for key in plurals if not isinstance(forms.get(key), tuple)
            or len(forms[key]) != 2} == set()
    assert set(forms) <= plurals, "no longer in ui/, remove from hvdesk_en.ts"


def test_english_mode_says_plurals_and_dates_in_english(qapp: QApplication) -> None:
    translations = Translations(qapp)
    try:
        translations.apply("en")
        say = QCoreApplication.translate
        assert say("PromisesTab", "%n promise(s)", None, 1) == "1 promise"
        assert say("PromisesTab", "%n promise(s)", None, 3) == "3 promises"
        assert say("DocumentActions", "{0} · %n visit(s)", None, 1) == "{0} · 1 visit"
        assert QLocale().toString(QDate(2026, 12, 6), "dddd, MMMM d, yyyy") == (
            "Sunday, December 6, 2026")
        translations.apply("zh_CN")
        assert say("PromisesTab", "%n promise(s)", None, 3) == "3 条承诺"
        assert QLocale().toString(QDate(2026, 12, 6), "dddd, MMMM d, yyyy") == (
            "星期日, 十二月 6, 2026")
    finally:
        translations.clear()


def test_translator_falls_back_to_the_source(qapp: QApplication) -> None:
    translator = TsTranslator.from_resource("zh_CN")
    assert len(translator) == len(committed())
    assert not translator.isEmpty()
    assert translator.translate("MainWindow", "&File") == "文件(&F)"
    assert translator.translate("MainWindow", "no such text") is None
    qapp.installTranslator(translator)
    try:
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert QCoreApplication.translate("MainWindow", "no such text") == "no such text"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


def test_switching_language_changes_the_menus(
    qtbot: QtBot, qapp: QApplication, sqlite_db: Database, tmp_path: Path
) -> None:
    make_org(sqlite_db)
    with sqlite_db.begin() as s:
        actor = authenticate(s, "manager1", PASSWORD)
    translations = Translations(qapp)
    try:
        translations.apply("zh_CN")
        window = MainWindow(sqlite_db, actor, Settings(tmp_path / "ui.ini"), translations)
        qtbot.addWidget(window)
        window.show()
        assert window.file_menu.title() == "文件(&F)"
        assert window.help_menu.title() == "帮助(&H)"
        translations.apply("en")
        assert window.file_menu.title() == "&File"
        assert window.help_menu.title() == "&Help"
        assert window.action_about.text() == "&About hvdesk"
        translations.apply("zh_CN")
        assert window.file_menu.title() == "文件(&F)"
        assert window.action_about.text() == "关于 hvdesk(&A)"
    finally:
        translations.clear()
