"""SVG icons and the style sheet from the ``resources`` package."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from hvdesk.resources import read_text, resource_path


@cache
def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg``; cached because every QIcon re-reads its file."""
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def style_sheet() -> str:
    icons = resource_path("icons").as_posix()
    return read_text("styles", "app.qss").replace("@ICONS@", icons)
