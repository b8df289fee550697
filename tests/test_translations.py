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
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hvdesk.database import Database
from hvdesk.services.auth import authenticate
from tests.factories import PASSWORD, make_org
from ui.i18n import Translations, TsTranslator, load_messages, ts_documents
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


def extracted(tmp_path: Path) -> set[tuple[str, str]]:
    sources = sorted(str(p) for p in (ROOT / "ui").rglob("*.py"))
    target = tmp_path / "extracted.ts"
    subprocess.run([*lupdate(), *sources, "-ts", str(target), "-no-obsolete"],
                   check=True, capture_output=True, timeout=120)
    root = ET.parse(target).getroot()
    return {
        (ctx.findtext("name") or "", msg.findtext("source") or "")
        for ctx in root.iter("context")
        for msg in ctx.iter("message")
    }


def committed() -> dict[tuple[str, str, str], str]:
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
    for (context, source, _), text in committed().items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), (
            context, source)
        if re.search(r"&\w", source):
            assert re.search(r"&\w", text), f"[{context}] {source!r} lost its accelerator"


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
