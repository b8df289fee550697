"""The CJK font every document uses, registered with reportlab once per process.

WenQuanYi Micro Hei (``resources/fonts/``, Apache-2.0, licence beside it) has
TrueType outlines, which reportlab embeds as a subset of the glyphs used, so a
PDF shows Chinese on any machine and its text can be copied and searched.
It covers Latin, digits and the CJK punctuation the documents use. There is
one weight: ``<b>`` maps back to the same face, and the styles mark headings
by size and colour instead of shipping a second 5 MB file.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from hvdesk.resources import resource_path

FONT = "HvSans"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
#: Face 0 of the collection is the proportional one (1 is the monospaced).
FACE_INDEX = 0

_lock = threading.Lock()
_registered = False


def register() -> str:
    """Register the font (first call only; thread-safe) and return its name."""
    global _registered
    if _registered:
        return FONT
    with _lock:
        if not _registered:
            path = resource_path(*FONT_FILE)
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=FACE_INDEX))
            # <b>/<i> in paragraphs map back to the same face rather than failing.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT, bold, italic, FONT)
            _registered = True
    return FONT


def covers(text: str) -> bool:
    """True when the font has a glyph for every character of ``text`` (tests, checks)."""
    face = pdfmetrics.getFont(register()).face
    return all(ord(ch) in face.charToGlyph or ch in "\n\r\t" for ch in text)
