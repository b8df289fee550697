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

The opening's boundaries and place names (a branch's provinces: ~0.2 s of
parsing outlines and the gazetteer) are kept the same way (:func:`kept`), keyed
by the provinces, the branch's position and the files they are read from.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Iterable
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


def stamp(files: Iterable[Path]) -> list[str]:
    """The files' identity (size and modification time; "?" for one not found)."""
    out = []
    for file in files:
        try:
            st = os.stat(file)
        except OSError:
            out.append(f"{file.name}:?")
            continue
        out.append(f"{file.name}:{st.st_size}:{st.st_mtime_ns}")
    return out


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


#: Written last in every kept script: one without it was cut short.
_SCRIPT_END = "\n//end\n"


def read(folder: Path, key: str, suffix: str = ".html") -> str | None:
    """The cached text, or None (not written yet, unreadable or cut short)."""
    try:
        text = (folder / f"{key}{suffix}").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    # A file cut short (a full disk, a killed process) is written again.
    if suffix == ".html":
        return text if text.rstrip().endswith("</html>") else None
    return text.removesuffix(_SCRIPT_END) if text.endswith(_SCRIPT_END) else None


def store(folder: Path, key: str, text: str, suffix: str = ".html") -> None:
    """Keep the text (whole or not at all: written aside, then renamed into place).
    A cache that cannot be written costs only the next build."""
    if suffix != ".html":
        text += _SCRIPT_END
    try:
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f"{key}.{os.getpid()}.part"
        part.write_text(text, encoding="utf-8")
        os.replace(part, folder / f"{key}{suffix}")
    except OSError:
        pass
    _prune(folder)


#: Files kept at most (a page is ~3 KB, an opening's outlines ~0.3 MB); the oldest go.
KEEP = 24


def _prune(folder: Path) -> None:
    try:
        files = sorted((f for f in folder.iterdir() if f.suffix in (".html", ".js")),
                       key=lambda f: f.stat().st_mtime_ns)
        for old in files[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def kept(folder: Path | None, inputs: dict[str, Any], make: Callable[[], str]) -> str:
    """``make()``'s text for ``inputs`` (which must name everything it is made from),
    from ``folder`` when made before; ``folder`` None: made every time."""
    if folder is None:
        return make()
    key = page_key(inputs)
    if (text := read(folder, key, ".js")) is not None:
        return text
    text = make()
    store(folder, key, text, ".js")
    return text
