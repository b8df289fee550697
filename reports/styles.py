"""Styles as data: every paragraph and table style of the documents, in one place.

Sizes in points; colours as hex. A document asks for a style by name
(``styles()["h1"]``); the table styles are lists of reportlab commands.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from reports import fonts

PAGE_SIZE = A4
#: Printable on any office printer (≥ 5 mm unprintable edge) with room for the footer.
MARGIN_LEFT = MARGIN_RIGHT = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#616e7c")
ACCENT = colors.HexColor("#1c5d99")
WARN = colors.HexColor("#b42318")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#eef2f6")
WARN_SHADE = colors.HexColor("#fdecea")

#: name: (size, leading, colour, alignment, space before, space after)
PARAGRAPHS: dict[str, tuple[float, float, Any, int, float, float]] = {
    "title": (22, 28, INK, TA_LEFT, 0, 6),
    "subtitle": (12, 16, MUTED, TA_LEFT, 0, 12),
    "h1": (15, 20, ACCENT, TA_LEFT, 4, 6),
    "h2": (11, 15, ACCENT, TA_LEFT, 6, 3),
    "body": (9.5, 13, INK, TA_LEFT, 0, 2),
    "small": (8, 10.5, MUTED, TA_LEFT, 0, 0),
    "cell": (8.5, 11, INK, TA_LEFT, 0, 0),
    "cell_head": (8.5, 11, colors.white, TA_LEFT, 0, 0),
    "cell_right": (8.5, 11, INK, TA_RIGHT, 0, 0),
    "warning": (9.5, 13, WARN, TA_LEFT, 0, 0),
    "centre": (9, 12, INK, TA_CENTER, 0, 0),
    "footer": (7.5, 9, MUTED, TA_LEFT, 0, 0),
}


@cache
def styles() -> dict[str, ParagraphStyle]:
    font = fonts.register()
    out = {}
    for name, (size, leading, colour, align, before, after) in PARAGRAPHS.items():
        out[name] = ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=leading,
            textColor=colour,
            alignment=align,
            spaceBefore=before,
            spaceAfter=after,
            # CJK text has no spaces: break between any two characters.
            wordWrap="CJK",
        )
    return out


def grid(header: bool = True) -> list[tuple[Any, ...]]:
    """A light grid; the first row shaded as a header when ``header``."""
    cmds: list[tuple[Any, ...]] = [
        # Short cells are plain strings (much cheaper than paragraphs): same look as "cell".
        ("FONTNAME", (0, 0), (-1, -1), fonts.register()),
        ("FONTSIZE", (0, 0), (-1, -1), PARAGRAPHS["cell"][0]),
        ("LEADING", (0, 0), (-1, -1), PARAGRAPHS["cell"][1]),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
        cmds.append(("TEXTCOLOR", (0, 0), (-1, 0), colors.white))
    return cmds


def key_values() -> list[tuple[Any, ...]]:
    """Two-column label/value blocks: labels shaded."""
    return [
        *grid(header=False),
        ("BACKGROUND", (0, 0), (0, -1), SHADE),
        ("BACKGROUND", (2, 0), (2, -1), SHADE),
    ]


def box(colour: Any = WARN, shade: Any = WARN_SHADE) -> list[tuple[Any, ...]]:
    return [
        ("BOX", (0, 0), (-1, -1), 0.8, colour),
        ("BACKGROUND", (0, 0), (-1, -1), shade),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
