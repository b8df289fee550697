"""Parts of a page that are filled in by hand: ruled lines that take the room
left on the page, and signature lines.

Drawn directly on the canvas (a few strings and lines), so a long pack pays
nothing for table layout here.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from reports import fonts, styles

LINE_GAP = 7 * mm
MIN_LINES = 4
MAX_LINES = 16
HEADING = 18.0
CHECK_ROW = 16.0
#: The conduct checklist's tick boxes: this many per row, rows this far apart.
CONDUCT_COLUMNS = 3
CONDUCT_ROW = 13.0
SIGN_ROW = 8 * mm
NOTE = 12.0


class FindingsForm(Flowable):
    """Heading, tick boxes for who was met and for the conduct checklist, ruled
    lines, one signature line per member.

    Takes what is left of the page (at least ``MIN_LINES`` ruled lines, else it
    moves to the next page), so the section never leaves a half-empty page.
    The checklist's boxes are the same items the report asks about, ticked on
    the doorstep and copied into the report back at the branch.
    """

    def __init__(self, signers: Sequence[str], note: str,
                 conduct: Sequence[str] = ()) -> None:
        super().__init__()
        self.signers = list(signers) or [""]
        self.note = note
        self.conduct = list(conduct)
        self.lines = MIN_LINES

    def _conduct_rows(self) -> int:
        return -(-len(self.conduct) // CONDUCT_COLUMNS)

    def _fixed(self) -> float:
        conduct = (CHECK_ROW + self._conduct_rows() * CONDUCT_ROW) if self.conduct else 0
        return (HEADING + CHECK_ROW + conduct + 3 * mm + len(self.signers) * SIGN_ROW
                + NOTE)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        room = int((avail_height - self._fixed()) // LINE_GAP)
        self.lines = max(MIN_LINES, min(MAX_LINES, room))
        self.height = self._fixed() + self.lines * LINE_GAP
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        font = fonts.register()
        w, top = self.width, self.height
        c.saveState()
        y = top - 14
        c.setFillColor(styles.ACCENT)
        c.setFont(font, styles.PARAGRAPHS["h2"][0])
        c.drawString(0, y, "现场情况记录（手写）")
        y -= CHECK_ROW
        c.setFillColor(styles.INK)
        c.setFont(font, 9)
        c.drawString(0, y, "到达时间 ____:____　离开时间 ____:____　见到：□ 客户本人　□ 家属"
                           "　□ 无人在家　□ 地址无效　□ 拒绝沟通")
        if self.conduct:
            y -= CHECK_ROW
            c.drawString(0, y, "行为规范（逐项勾选，回网点后填入走访报告）：")
            column = w / CONDUCT_COLUMNS
            for i, text in enumerate(self.conduct):
                row, col = divmod(i, CONDUCT_COLUMNS)
                c.drawString(col * column, y - (row + 1) * CONDUCT_ROW, "□ " + text)
            y -= self._conduct_rows() * CONDUCT_ROW
        y -= 4
        c.setStrokeColor(styles.RULE)
        c.setLineWidth(0.6)
        box_top = y
        c.rect(0, y - self.lines * LINE_GAP, w, self.lines * LINE_GAP, stroke=1, fill=0)
        c.setLineWidth(0.4)
        for _ in range(self.lines - 1):
            y -= LINE_GAP
            c.line(0, y, w, y)
        y = box_top - self.lines * LINE_GAP - 3 * mm
        c.setStrokeColor(styles.INK)
        c.setLineWidth(0.6)
        for name in self.signers:
            y -= SIGN_ROW
            c.drawString(0, y + 2, f"走访人员签名{name}：")
            c.line(w * 0.3, y, w * 0.62, y)
            c.drawString(w * 0.66, y + 2, "日期/时间：")
            c.line(w * 0.8, y, w, y)
        c.setFillColor(styles.MUTED)
        c.setFont(font, styles.PARAGRAPHS["small"][0])
        c.drawString(0, y - NOTE + 3, self.note)
        c.restoreState()
