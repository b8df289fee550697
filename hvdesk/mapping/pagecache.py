"""Pages folium wrote, kept in the application's cache folder and used again.

The HTML folium writes depends only on the page's fixed inputs: the tile
provider and its datum, the labels (the language), whether the page talks to
the application and asks for its areas, the scripts and style sheets it names,
the title, the map's zoom limits. What changes from one opening to the next
(where it opens, the branch, the day's routes, place names near the branch, a
notice, the boundaries, the customers) is written beside it as plain scripts
(:mod:`hvdesk.mapping.page`), never into the HTML. So a page is looked up by a
hash of those fixed inputs, hvdesk's version, the writer's own source and the
installed folium, branca and jinja2; a change in any of them writes a new page,
and a later opening (or a later start of the application) reads the file
instead of importing folium.

The assets folder's name differs per page; the cached text holds
:data:`ASSETS_TOKEN` in its place.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import hvdesk
from hvdesk import paths

#: Stands for the page's assets folder (``<stem>_files``) in a cached page.
ASSETS_TOKEN = "hv-page-assets-7f3a"
#: Bumped when the way pages are put together changes in a way the inputs don't show.
FORMAT = 1
_WRITER = Path(__file__).with_name("writer.py")


def default_folder() -> Path:
    """Where the application keeps written pages (``<cache dir>/map-pages``)."""
    return paths.cache_dir() / "map-pages"


def _installed(package: str) -> str:
    """The installed package's identity without importing it (its ``__init__``'s
    size and modification time: an upgrade or reinstall changes them)."""
    spec = importlib.util.find_spec(package)
    origin = spec.origin if spec is not None else None
    if not origin:
        return f"{package}:?"
    try:
        st = os.stat(origin)
    except OSError:
        return f"{package}:?"
    return f"{package}:{st.st_size}:{st.st_mtime_ns}"


def _writer_source() -> bytes:
    try:
        return _WRITER.read_bytes()
    except OSError:  # a frozen build without sources: its version says enough
        return b""


def page_key(inputs: dict[str, Any]) -> str:
    """The hash of a page's fixed ``inputs`` and of everything else that shapes it."""
    digest = hashlib.sha256()
    digest.update(json.dumps(
        {"format": FORMAT, "hvdesk": hvdesk.__version__, "inputs": inputs,
         "installed": [_installed(p) for p in ("folium", "branca", "jinja2")]},
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8"))
    digest.update(_writer_source())
    return digest.hexdigest()[:32]


def read(folder: Path, key: str) -> str | None:
    """The cached page's text, or None (not written yet, or unreadable)."""
    try:
        text = (folder / f"{key}.html").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # A page cut short (a full disk, a killed process) is written again.
    return text if text.rstrip().endswith("</html>") else None


def store(folder: Path, key: str, text: str) -> None:
    """Keep the page (whole or not at all: written aside, then renamed into place).
    A cache that cannot be written costs only the next build."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f"{key}.{os.getpid()}.part"
        part.write_text(text, encoding="utf-8")
        os.replace(part, folder / f"{key}.html")
    except OSError:
        pass
