"""The bundle's generated files and installer script, checked without building (fast).

The build itself, and the bundle at work, are tests/test_bundle.py (slow).
"""

from __future__ import annotations

import importlib.util
import re
import struct
from pathlib import Path
from types import ModuleType

import hvdesk

ROOT = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _assets() -> ModuleType:
    # packaging/ is not a package (and "packaging" is also a PyPI library): load the file.
    spec = importlib.util.spec_from_file_location("hvdesk_bundle_assets",
                                                  ROOT / "packaging" / "assets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_version_resource_follows_the_package_version() -> None:
    assets = _assets()
    assert assets.package_version() == hvdesk.__version__
    assert assets.version_tuple("1.2.0rc1") == (1, 2, 0, 0)
    assert assets.version_tuple("2.10") == (2, 10, 0, 0)
    text = assets.version_info_text("1.2.3")
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('ProductVersion', '1.2.3')" in text
    assert "StringStruct('OriginalFilename', 'hvdesk.exe')" in text


def test_icon_holds_every_size_up_to_256_as_png() -> None:
    assets = _assets()
    pngs = {size: PNG_MAGIC + bytes([size % 256]) * 4 for size in (16, 32, 256)}
    data = assets.ico_bytes(pngs)
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 3)
    for index, size in enumerate((16, 32, 256)):
        width, height, _c, _r, _planes, bpp, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index)
        assert (width, height) == (size % 256, size % 256) and bpp == 32
        assert data[offset:offset + length] == pngs[size]
    assert max(assets.ICON_SIZES) == 256 and min(assets.ICON_SIZES) == 16


def test_the_uninstaller_keeps_the_users_data() -> None:
    script = (ROOT / "packaging" / "hvdesk.iss").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^\[(\w+)\]\n(.*?)(?=^\[|\Z)", script, re.MULTILINE | re.DOTALL))
    assert "UninstallRun" not in sections and "Code" not in sections
    deleted = re.findall(r'Name:\s*"([^"]+)"', sections.get("UninstallDelete", ""))
    assert deleted and all(name.startswith("{app}") for name in deleted)
    assert "{autoprograms}" in sections["Icons"]


def test_the_spec_carries_the_run_time_files() -> None:
    spec = (ROOT / "packaging" / "hvdesk.spec").read_text(encoding="utf-8")
    assert 'tree(ROOT / "resources", "resources")' in spec
    assert '"hvdesk" / "migrations", "hvdesk/migrations"' in spec
    entry = (ROOT / "packaging" / "entry.py").read_text(encoding="utf-8")
    assert entry.index("freeze_support()") < entry.index("from ui.launch import main")
