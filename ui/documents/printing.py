"""Printing a PDF: the system print dialog, then each chosen page rendered onto the printer.

Qt cannot hand a PDF to a printer as is, so each page is rasterised by
QtPdf (pdfium) at the printer's resolution, capped at :data:`MAX_DPI`, and
drawn onto the printer's paper with the page's own orientation. The page
range, current page, page order and (where the driver does not do it) the
number of copies chosen in the dialog are honoured.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

#: A4 at 1200 dpi is a 560 MB bitmap; 300 dpi keeps text crisp on paper at 35 MB a page.
MAX_DPI = 300

_Option = QAbstractPrintDialog.PrintDialogOption


class PrintFailed(Exception):
    """The printer could not be opened (no printer, an unwritable output file)."""


def ask_printer(parent: QWidget, page_count: int, title: str) -> QPrinter | None:
    """The printer the user chose in the system print dialog, or None when cancelled.

    What "Current page" means is the caller's: see :func:`pages_to_print`.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    printer.setFullPage(True)  # the PDF pages carry their own margins
    printer.setFromTo(1, page_count)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.setOptions(
        _Option.PrintPageRange | _Option.PrintCurrentPage | _Option.PrintToFile
        | _Option.PrintCollateCopies | _Option.PrintShowPageSize
    )
    dialog.setMinMax(1, page_count)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def pages_to_print(printer: QPrinter, page_count: int, current_page: int = 0) -> list[int]:
    """The 0-based pages to print, in print order, as the user asked in the dialog."""
    kind = printer.printRange()
    if kind is QPrinter.PrintRange.CurrentPage:
        pages = [current_page] if 0 <= current_page < page_count else []
    elif kind is QPrinter.PrintRange.PageRange and not printer.pageRanges().isEmpty():
        pages = [
            number - 1
            for span in printer.pageRanges().toRangeList()
            for number in range(span.from_, span.to + 1)
            if 1 <= number <= page_count
        ]
    else:
        pages = list(range(page_count))
    if printer.pageOrder() is QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    # Most drivers repeat the job themselves; the PDF writer does not.
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _ in range(copies)]


def print_pdf(
    document: QPdfDocument,
    printer: QPrinter,
    pages: list[int],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Render ``pages`` of ``document`` onto ``printer``; the number of sheets sent.

    Raises :class:`PrintFailed` when the printer cannot be opened.
    """
    if not pages:
        return 0
    painter = QPainter()
    _orient(printer, document.pagePointSize(pages[0]))
    if not painter.begin(printer):
        raise PrintFailed(printer.outputFileName() or printer.printerName())
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        options = QPdfDocumentRenderOptions()
        for done, page in enumerate(pages):
            points = document.pagePointSize(page)
            if done:
                _orient(printer, points)
                printer.newPage()
            image = document.render(page, _pixels(points, dpi), options)
            painter.drawImage(_fit(points, QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))),
                              image)
            if progress is not None:
                progress(done + 1, len(pages))
    finally:
        painter.end()
    return len(pages)


def _orient(printer: QPrinter, points: QSizeF) -> None:
    landscape = points.width() > points.height()
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )


def _pixels(points: QSizeF, dpi: int) -> QSize:
    def scale(length: float) -> int:
        return max(1, round(length * dpi / 72))

    return QSize(scale(points.width()), scale(points.height()))


def _fit(points: QSizeF, paper: QRectF) -> QRectF:
    """The largest rectangle of the page's proportions centred on the paper."""
    scale = min(paper.width() / points.width(), paper.height() / points.height())
    size = QSizeF(points.width() * scale, points.height() * scale)
    corner = QPointF(
        paper.left() + (paper.width() - size.width()) / 2,
        paper.top() + (paper.height() - size.height()) / 2,
    )
    return QRectF(corner, size)
