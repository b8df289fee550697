"""folium and QtWebEngine load when the map is first built, not when the application starts
(issue 19): the app's imports stay those of the window the user sees first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str) -> list[str]:
    script = (
        "import json, sys\n"
        f"{code}\n"
        "print(json.dumps(sorted(m for m in sys.modules\n"
        "    if m.split('.')[0] in ('folium', 'branca')\n"
        "    or m.startswith('PySide6.QtWebEngine'))))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=env)
    loaded: list[str] = json.loads(proc.stdout.strip().splitlines()[-1])
    return loaded


def test_starting_the_application_loads_neither_folium_nor_qtwebengine() -> None:
    assert _loaded_after("import ui.app, ui.main_window, ui.launch") == []


def test_folium_loads_with_the_first_map_page(tmp_path: Path) -> None:
    code = (
        "from pathlib import Path\n"
        "import ui.map_link\n"
        "from hvdesk.mapping import MapData, build_page\n"
        f"build_page(MapData(), Path({str(tmp_path / 'm.html')!r}), dynamic=True, bridge=True)\n"
    )
    assert "folium" in _loaded_after(code)


def test_a_page_in_the_page_cache_is_built_without_folium(tmp_path: Path) -> None:
    """A later opening, or a later start of the application, reads the page folium wrote."""
    build = (
        "from pathlib import Path\n"
        "import ui.map_link\n"
        "from hvdesk.mapping import MapData, build_page\n"
        "info = build_page(MapData(), Path({path!r}), dynamic=True, bridge=True,\n"
        f"                  page_cache=Path({str(tmp_path / 'cache')!r}))\n"
        "assert info.cached is {cached}\n"
    )
    first = build.format(path=str(tmp_path / "m1.html"), cached=False)
    assert "folium" in _loaded_after(first)
    later = build.format(path=str(tmp_path / "m2.html"), cached=True)
    assert not [m for m in _loaded_after(later) if m.split(".")[0] in ("folium", "branca")]
