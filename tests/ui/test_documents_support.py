"""Shared set-up for the document tests (no tests here): tiny PDFs, jobs, a recorder."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from ui.documents.job import DocumentJob, OutputAction, Progress
from ui.documents.preview import PdfPreviewDialog
from ui.settings import Settings

#: Each page of :func:`tiny_pdf` has a black band at its own height: page n (1-based)
#: at fraction n / (pages + 1) from the top, so a rendering tells the pages apart.
BAND = 0.06


def tiny_pdf(pages: int = 3, landscape_pages: frozenset[int] = frozenset()) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=True)
    for number in range(1, pages + 1):
        size = landscape(A4) if number in landscape_pages else A4
        pdf.setPageSize(size)
        width, height = size
        top = height * (1 - number / (pages + 1))
        pdf.rect(0, top - height * BAND / 2, width, height * BAND, stroke=0, fill=1)
        pdf.setFont("Helvetica", 28)
        pdf.drawString(60, 60, f"page {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def band_position(image: QImage) -> float:
    """Where the black band of a rendered page sits, as a fraction of the height from the top."""
    x = image.width() // 2
    # pdfium leaves the paper transparent: dark means opaque and dark.
    colours = [image.pixelColor(x, y) for y in range(image.height())]
    dark = [y for y, c in enumerate(colours) if c.alpha() > 128 and c.lightness() < 60]
    assert dark, "no band on this page"
    return (sum(dark) / len(dark)) / image.height()


def page_number_of(image: QImage, pages: int) -> int:
    """The page of :func:`tiny_pdf` (with ``pages`` pages) this rendering shows."""
    return round(band_position(image) * (pages + 1))


def render_pages(pdf: bytes, width: int = 200) -> list[QImage]:
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(width, round(width * points.height() / points.width()))
        images.append(document.render(page, size))
    document.close()
    return images


@dataclass
class Recorded:
    """A recorder that remembers what it was told (the audit tests use the real one)."""

    calls: list[tuple[str, str, str, int]] = field(default_factory=list)

    def __call__(self, job: DocumentJob, action: OutputAction, pages: int) -> None:
        self.calls.append((job.kind, job.reference, action, pages))


def tiny_job(pages: int = 3, gate: threading.Event | None = None, **kwargs: object) -> DocumentJob:
    """A job producing :func:`tiny_pdf`; with ``gate``, it reports 1 of 2 and waits for it."""

    def produce(progress: Progress) -> bytes:
        if gate is not None:
            progress(1, 2)
            assert gate.wait(10), "the test never opened the gate"
            progress(2, 2)
        return tiny_pdf(pages, **kwargs)  # type: ignore[arg-type]

    return DocumentJob("briefing_pack", "2026-11-30", "Briefing pack 2026-11-30",
                       "briefing-2026-11-30.pdf", produce)


def open_preview(
    qtbot: QtBot, job: DocumentJob, settings: Settings, recorder: object, wait: bool = True
) -> PdfPreviewDialog:
    dialog = PdfPreviewDialog(job, settings, recorder)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    if wait:
        qtbot.waitUntil(dialog.is_ready, timeout=10000)
    return dialog
