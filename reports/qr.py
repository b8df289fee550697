"""A QR code drawn straight onto the canvas.

reportlab's ``QrCodeWidget`` builds one shape object per dark run and tries
all eight mask patterns to score them, which cost more than the rest of a
briefing page together. Here the matrix comes from the same encoder
(``reportlab.graphics.barcode.qrencoder``) with one fixed mask pattern (every
mask is valid; scoring only picks the prettiest) and the dark runs go into
a single filled path.
"""

from __future__ import annotations

import itertools

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.platypus import Flowable

#: Quiet zone in modules (the standard asks for 4; 2 is plenty on white paper).
BORDER = 2
MASK_PATTERN = 2


def matrix(payload: str, level: int = qrencoder.QRErrorCorrectLevel.M) -> list[list[bool]]:
    code = qrencoder.QRCode(None, level)
    code.addData(payload)
    code.version = code.calculate_version()
    code.makeImpl(False, MASK_PATTERN)
    return [[bool(cell) for cell in row] for row in code.modules]


class QrCode(Flowable):
    def __init__(self, payload: str, size: float) -> None:
        super().__init__()
        self.payload = payload
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        modules = matrix(self.payload)
        count = len(modules)
        box = self.size / (count + 2 * BORDER)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(modules):
            y = self.size - (r + BORDER + 1) * box
            c = 0
            for dark, run in itertools.groupby(row):
                n = len(list(run))
                if dark:
                    path.rect((c + BORDER) * box, y, n * box, box)
                c += n
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
