"""Icons and the style sheet load from the resources package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from hvdesk.resources import resource_path
from ui.icons import icon, style_sheet

ICONS = ["app", "overview", "audit", "settings", "sign-out", "search", "refresh", "chevron-down"]


@pytest.mark.parametrize("name", ICONS)
def test_icons_render(qapp: QApplication, name: str) -> None:
    image = icon(name).pixmap(24, 24).toImage()
    assert not image.isNull()
    painted = [image.pixelColor(x, y).alpha() for x in range(24) for y in range(24)]
    assert max(painted) > 0, "the SVG drew nothing"


def test_style_sheet_points_at_real_files() -> None:
    sheet = style_sheet()
    assert "@ICONS@" not in sheet
    assert "WenQuanYi Micro Hei" in sheet
    urls = re.findall(r"url\(([^)]+)\)", sheet)
    assert urls
    for url in urls:
        assert Path(url).is_file(), url
    assert Path(url).parent == resource_path("icons")
