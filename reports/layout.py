"""The page every document shares: A4 portrait, printable margins, and a footer
with "confidential", who printed it and when, and "page x of y".

The total page count is only known at the end, so the canvas keeps each
page's state and draws the footers when the document is saved (ReportLab's
"numbered canvas" recipe). ``invariant`` fixes the PDF's creation date and
document id so the same data gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from hvdesk.documents.model import Stamp
from reports import fonts, labels, styles

CONFIDENTIAL = "机密 · 仅限内部使用，用后请妥善保管或粉碎"


@dataclass(frozen=True, slots=True)
class Rendered:
    pdf: bytes
    pages: int


class _NumberedCanvas(Canvas):
    """Defers each page until the total is known, then stamps the footer."""

    stamp: Stamp | None = None
    title_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        super().save()

    def _footer(self, total: int) -> None:
        font = fonts.register()
        width, _height = styles.PAGE_SIZE
        left, right = styles.MARGIN_LEFT, width - styles.MARGIN_RIGHT
        y = styles.MARGIN_BOTTOM - 9 * 2.8346
        self.saveState()
        self.setStrokeColor(styles.RULE)
        self.setLineWidth(0.5)
        self.line(left, y + 10, right, y + 10)
        self.setFillColor(styles.WARN)
        self.setFont(font, 7.5)
        self.drawString(left, y, CONFIDENTIAL)
        self.setFillColor(styles.MUTED)
        stamp = type(self).stamp
        if stamp is not None:
            who = f"打印：{stamp.printed_by} · {labels.stamp_time(stamp.printed_at)}"
            self.drawString(left, y - 10, f"{stamp.branch_name} · {who}")
        self.drawRightString(right, y, f"第 {self._pageNumber} 页 / 共 {total} 页")
        if type(self).title_text:
            self.drawRightString(right, y - 10, type(self).title_text)
        self.restoreState()


def render(
    story: Sequence[Flowable],
    *,
    title: str,
    stamp: Stamp,
    invariant: bool = False,
) -> Rendered:
    """Lay ``story`` out on A4 pages with the shared footer; return the PDF and its page count."""
    fonts.register()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=styles.PAGE_SIZE,
        leftMargin=styles.MARGIN_LEFT,
        rightMargin=styles.MARGIN_RIGHT,
        topMargin=styles.MARGIN_TOP,
        bottomMargin=styles.MARGIN_BOTTOM,
        title=title,
        author=stamp.branch_name,
        creator="hvdesk",
        subject=CONFIDENTIAL,
        invariant=1 if invariant else 0,
        # Otherwise every page starts in Helvetica, which is declared and not
        # embedded (pdffonts; issue 16): start in the embedded Chinese font.
        initialFontName=fonts.FONT,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    # A class per call: the footer needs this document's stamp, and reportlab
    # builds the canvas itself from the class it is given.
    canvas_class = type(
        "_Canvas", (_NumberedCanvas,), {"stamp": stamp, "title_text": title}
    )
    doc.build(list(story), canvasmaker=canvas_class)
    return Rendered(out.getvalue(), doc.page)
