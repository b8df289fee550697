"""Find files in the top-level ``resources`` package.

``importlib.resources`` resolves the same way from an editable install, a
wheel and a PyInstaller bundle (which collects ``resources`` as package data),
so no code here looks at ``__file__`` or the working directory.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path


def resource(*parts: str) -> Traversable:
    node: Traversable = files("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    return resource(*parts).read_text(encoding="utf-8")


def resource_path(*parts: str) -> Path:
    """A real file-system path (resources are plain files in every install route)."""
    with as_file(resource(*parts)) as path:
        return Path(path)
