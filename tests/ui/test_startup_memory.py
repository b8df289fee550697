"""What the application changes at start to hold less memory (issue 19).

PySide6's import hook no longer keeps every imported module's source in
``linecache`` (yet answers its question as before), and the map's QtWebEngine
starts without the GPU unless the desk asks for it.
"""

from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

from ui import feature_check, web_engine


def _import_fresh(tmp_path: Path, name: str, source: str) -> object:
    (tmp_path / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.invalidate_caches()
        # The import statement's way (builtins.__import__, which PySide6 replaces).
        return __import__(name)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)


def test_the_hook_is_replaced_when_the_application_loads() -> None:
    import ui.app  # noqa: F401, PLC0415 - what the application imports first

    feature = sys.modules[feature_check.FEATURE_MODULE]
    assert feature_check.INSTALLED
    assert getattr(feature, feature_check.CHECK) is feature_check.uses_pyside


def test_a_module_imported_later_leaves_no_source_in_linecache(tmp_path: Path) -> None:
    import ui.app  # noqa: F401, PLC0415

    linecache.clearcache()
    _import_fresh(tmp_path, "hv_plain_module", "X = 1\n" * 2000)
    _import_fresh(tmp_path, "hv_qt_module", "from PySide6.QtCore import QObject\n")
    assert not [f for f in linecache.cache if "hv_plain_module" in f or "hv_qt_module" in f]
    # PySide6's answer is the one it gave before: only the Qt module may use __feature__.
    answers = sys.modules[feature_check.FEATURE_MODULE].pyside_feature_dict
    assert answers["hv_plain_module"] == -1
    assert answers["hv_qt_module"] == 0


def test_uses_pyside_reads_the_file(tmp_path: Path) -> None:
    qt = _import_fresh(tmp_path, "hv_mentions", "# PySide6 is named here\n")
    plain = _import_fresh(tmp_path, "hv_silent", "Y = 2\n")
    assert feature_check.uses_pyside(qt)  # type: ignore[arg-type]
    assert not feature_check.uses_pyside(plain)  # type: ignore[arg-type]
    assert not feature_check.uses_pyside(sys)  # built in: no source file


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "--disable-gpu"),
        ({"QTWEBENGINE_CHROMIUM_FLAGS": "--lang=zh-CN"}, "--lang=zh-CN --disable-gpu"),
        ({"QTWEBENGINE_CHROMIUM_FLAGS": "--disable-gpu"}, "--disable-gpu"),
        ({"QTWEBENGINE_CHROMIUM_FLAGS": "--ignore-gpu-blocklist"}, "--ignore-gpu-blocklist"),
        ({"HVDESK_MAP_GPU": "1"}, None),
    ],
)
def test_chromium_starts_without_the_gpu_unless_asked(
    env: dict[str, str], expected: str | None
) -> None:
    given = dict(env)
    web_engine.configure(given)
    assert given.get(web_engine.FLAGS_VARIABLE) == (
        expected if expected is not None else env.get(web_engine.FLAGS_VARIABLE)
    )
