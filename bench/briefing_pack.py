"""Briefing pack: pages per second for a team's day of 10 and of 100 visits,
against a plain reportlab document of the same pages and content (the floor).

    python bench/briefing_pack.py [--sizes 10,100] [--repeat 3] [--customers 3000]

A demo database (``hvdesk.demo``, SQLite in a temporary folder) gets one more
day on which one visitor leads ``size`` visits of demo customers (with their
loans, earlier visits, reports, notices and complaints). Measured, best of
``--repeat``:

* hvdesk: :func:`reports.api.briefing_pack` end to end: permission, the data
  queries, the layout and the PDF (invariant mode, full phone numbers);
* floor: the same :class:`~hvdesk.documents.model.BriefingData`, already in
  memory, laid out by a straightforward reportlab script (``SimpleDocTemplate``,
  paragraphs and tables with the same texts, the same QR matrix drawn as
  rectangles, "page x of y" footer), with no query and none of the
  project's code.

* canvas (issue 19's anchor): the text of hvdesk's own pack, page by page as
  pypdf reads it back, drawn line by line on a bare reportlab canvas with the
  same embedded font: what writing those pages costs with no layout at all.

All are timed in wall-clock and CPU seconds (best of the rounds); the
ratios are taken on CPU time, which other work on a busy machine moves less.
Targets (issue 8): 100 visits < 4 s; hvdesk within 1.5x of the floor. The cold
process around a pack (imports, sign-in) is measured by bench/startup.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import itertools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402
from reportlab.graphics.barcode import qrencoder  # noqa: E402
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)
from sqlalchemy import func, select  # noqa: E402

from hvdesk import demo, migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.documents import briefing  # noqa: E402
from hvdesk.documents.model import BriefingData  # noqa: E402
from hvdesk.model import Customer, User, Visit, VisitMember, VisitPurpose  # noqa: E402
from hvdesk.security.roles import Role  # noqa: E402
from hvdesk.services import audit, auth  # noqa: E402
from hvdesk.services.context import SYSTEM, Actor  # noqa: E402
from reports import api, fonts  # noqa: E402
from reports.static_map import _city_rings, _districts  # noqa: E402

DAY = dt.date(2027, 3, 2)
TARGET_100_S, TARGET_RATIO = 4.0, 1.5


# --- data ----------------------------------------------------------------------
def add_day(db: Database, size: int, offset: int) -> int:
    """``size`` visits on DAY + offset days led by the first visitor; returns the lead id."""
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        lead, partner = s.scalars(
            select(User).where(User.role == Role.VISITOR).order_by(User.id).limit(2)
        ).all()
        customers = s.scalars(
            select(Customer).where(Customer.latitude.is_not(None)).order_by(Customer.id)
            .offset(offset * 100).limit(size)
        ).all()
        start = dt.datetime.combine(DAY + dt.timedelta(days=offset), dt.time(8, 0),
                                    tzinfo=dt.timezone(dt.timedelta(hours=8)))
        purposes = list(VisitPurpose)
        for n, customer in enumerate(customers):
            # Five-minute slots: the pack does not care whether the day is feasible.
            at = start + dt.timedelta(minutes=5 * n)
            visit = Visit(branch_id=customer.branch_id, customer_id=customer.id,
                          purpose=purposes[n % len(purposes)],
                          address=customer.current_address or customer.registered_address,
                          planned_start=at, planned_end=at + dt.timedelta(minutes=5),
                          route_order=size - n,
                          talking_points="了解客户近况及近期困难，介绍可选的还款安排；"
                                         "只与客户本人沟通账户情况。")
            visit.members = [VisitMember(user_id=lead.id, is_lead=True, position=0),
                             VisitMember(user_id=partner.id, position=1)]
            s.add(visit)
        return lead.id


# --- the floor: plain reportlab ------------------------------------------------
def _floor_story(data: BriefingData) -> list[Any]:
    """The pack's texts, tables and drawings, written the plain way in one function."""
    font = fonts.register()  # the same embedded font: glyphs cost the same

    def style(size: float, colour: Any = colors.black) -> ParagraphStyle:
        return ParagraphStyle(f"s{size}", fontName=font, fontSize=size, leading=size * 1.35,
                              textColor=colour, wordWrap="CJK")

    body, small, h1, h2 = style(9.5), style(8), style(15, colors.navy), style(11, colors.navy)
    cell, red = style(8.5), style(9.5, colors.red)
    grid = TableStyle([("FONTNAME", (0, 0), (-1, -1), font),
                       ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                       ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.grey),
                       ("VALIGN", (0, 0), (-1, -1), "TOP")])
    w = A4[0] - 36 * mm
    kv = [w * 0.14, w * 0.36, w * 0.14, w * 0.36]
    story: list[Any] = []
    for team in data.teams:
        story += [Paragraph("上门拜访简报", style(22)),
                  Paragraph(f"{data.day} · {data.stamp.branch_name} · {len(team.visits)} 户", body)]
        story.append(Table([["成员", "工号", "角色"]] + [[p.name, p.employee_no, "组员"]
                                                     for p in team.members], style=grid))
        story.append(Table([["网点热线", data.stamp.branch_hotline],
                            ["网点地址", Paragraph(data.branch_address, cell)]], style=grid))
        story.append(_FloorMap(team, data.branch_location))
        story.append(Table(
            [["站", "时间", "客户", "地址", "目的", "通知"]] + [
                [str(v.stop_no), f"{v.start:%H:%M}–{v.end:%H:%M}", v.customer_name,
                 Paragraph(v.current_address or v.registered_address, cell), v.purpose,
                 str(v.notice_status)]
                for v in team.visits],
            colWidths=[w * 0.05, w * 0.13, w * 0.12, w * 0.5, w * 0.1, w * 0.1], style=grid,
            repeatRows=1))
        story += [Paragraph("请勿向第三方透露客户借款信息。", red), PageBreak()]
        for v in team.visits:
            story.append(Table([[[Paragraph(f"第 {v.stop_no} 站 · {v.start:%H:%M} · "
                                            f"{v.customer_name}", h1),
                                  Paragraph(f"拜访编号 {v.visit_id} · {v.purpose}", small)],
                                 _FloorQr(v.qr_payload)]], colWidths=[w - 80, 80]))
            story.append(Paragraph("客户信息", h2))
            story.append(Table([
                ["客户姓名", Paragraph(v.customer_name, cell), "身份证号",
                 Paragraph(v.id_masked, cell)],
                ["联系电话", Paragraph(v.phone, cell), "通知状态",
                 Paragraph(str(v.notice_status), cell)],
            ], colWidths=kv, style=grid))
            story.append(Table([["户籍地址", Paragraph(v.registered_address, cell)],
                                ["现住址", Paragraph(v.current_address or "", cell)],
                                ["定位精度", str(v.location_precision)]],
                               colWidths=[w * 0.14, w * 0.86], style=grid))
            story += [Paragraph("借款概况", h2), Table([
                ["逾期天数", Paragraph(str(v.days_past_due), cell), "逾期金额",
                 Paragraph(str(v.overdue_amount), cell)],
                ["未还余额", Paragraph(str(v.outstanding), cell), "最近还款",
                 Paragraph(str(v.last_payment), cell)],
            ], colWidths=kv, style=grid)]
            if len(v.loans) > 1:
                story.append(Table([[x.contract_no, Paragraph(x.product, cell), str(x.outstanding),
                                     str(x.overdue_amount), str(x.days_past_due),
                                     str(x.last_payment)] for x in v.loans], style=grid))
            story.append(Paragraph("以往拜访", h2))
            story.append(Table([["日期", "目的", "状态", "结果", "拜访人"]]
                               + [[str(p.day), p.purpose, p.status, str(p.outcome),
                                   Paragraph(p.team, cell)] for p in v.previous_visits],
                               style=grid))
            story.append(Table([
                ["还款承诺", Paragraph("；".join(f"{p.amount} {p.due}" for p in v.promises), cell)],
                ["投诉记录", Paragraph("；".join(c.text for c in v.complaints), cell)]],
                colWidths=[w * 0.14, w * 0.86], style=grid))
            story += [Paragraph("拜访目的与沟通要点", h2), Paragraph(v.purpose, body),
                      Paragraph(v.talking_points or "", body),
                      Table([[Paragraph("已知家庭成员：" + "、".join(v.household), body)],
                             [Paragraph("请勿向第三方透露客户借款信息。", red)]], colWidths=[w])]
            story.append(Table([["行为规范检查", "红线（严禁）"]]
                               + [["□ 两人同行，佩戴工作证", "✕ 不得向家属、邻居透露借款信息"]] * 7,
                               colWidths=[w * 0.42, w * 0.58], style=grid))
            story.append(_FloorForm([p.name for p in v.members], v.qr_payload))
            story.append(PageBreak())
    return story[:-1]


class _FloorMap(Flowable):
    """Stops and straight legs over the same outline data, in a clipped box."""

    def __init__(self, team: Any, branch: tuple[float, float] | None) -> None:
        super().__init__()
        self.points = [v.location for v in team.visits if v.location]
        self.branch = branch

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.w = aw
        return aw, 92 * mm

    def draw(self) -> None:
        c, h = self.canv, 92 * mm
        pts = self.points + ([self.branch] if self.branch else [])
        lat0, lat1 = min(p[0] for p in pts) - 0.02, max(p[0] for p in pts) + 0.02
        lon0, lon1 = min(p[1] for p in pts) - 0.02, max(p[1] for p in pts) + 0.02

        def xy(lat: float, lon: float) -> tuple[float, float]:
            return (lon - lon0) / (lon1 - lon0) * self.w, (lat - lat0) / (lat1 - lat0) * h

        c.saveState()
        clip = c.beginPath()
        clip.rect(0, 0, self.w, h)
        c.clipPath(clip, stroke=0, fill=0)
        for (x0, y0, x1, y1), ring in _city_rings():
            if x1 < lon0 or x0 > lon1 or y1 < lat0 or y0 > lat1:
                continue
            path = c.beginPath()
            path.moveTo(*xy(ring[0][1], ring[0][0]))
            for lon, lat in ring[1:]:
                path.lineTo(*xy(lat, lon))
            c.drawPath(path)
        c.setFont(fonts.FONT, 8)
        for lon, lat, name in _districts():
            if lon0 < lon < lon1 and lat0 < lat < lat1:
                c.drawCentredString(*xy(lat, lon), name)
        line = [xy(*p) for p in pts]
        for a, b in itertools.pairwise(line):
            c.line(*a, *b)
        for n, (x, y) in enumerate(line[: len(self.points)], start=1):
            c.circle(x, y, 6.5, fill=1)
            c.drawCentredString(x, y - 2.6, str(n))
        c.restoreState()


class _FloorForm(Flowable):
    def __init__(self, names: list[str], note: str) -> None:
        super().__init__()
        self.names, self.note = names, note

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.w = aw
        return aw, 64 * mm

    def draw(self) -> None:
        c, y = self.canv, 64 * mm - 14
        c.setFont(fonts.FONT, 11)
        c.drawString(0, y, "现场情况记录（手写）")
        c.setFont(fonts.FONT, 9)
        c.drawString(0, y - 16, "到达时间 ____:____　离开时间 ____:____　见到：□ 客户本人　□ 家属")
        for k in range(5):
            c.line(0, y - 20 - k * 7 * mm, self.w, y - 20 - k * 7 * mm)
        y -= 20 + 4 * 7 * mm + 3 * mm
        for name in self.names:
            y -= 8 * mm
            c.drawString(0, y + 2, f"拜访人签名（{name}）：")
            c.line(self.w * 0.3, y, self.w * 0.62, y)
            c.drawString(self.w * 0.66, y + 2, "日期/时间：")
        c.drawString(0, y - 10, self.note)


class _FloorQr(Flowable):
    def __init__(self, payload: str) -> None:
        super().__init__()
        self.payload = payload

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 26 * mm, 26 * mm

    def draw(self) -> None:
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(self.payload)
        code.version = code.calculate_version()
        code.makeImpl(False, 2)
        box = 26 * mm / (len(code.modules) + 4)
        path = self.canv.beginPath()
        for r, row in enumerate(code.modules):
            for c, dark in enumerate(row):
                if dark:
                    path.rect((c + 2) * box, 26 * mm - (r + 3) * box, box, box)
        self.canv.drawPath(path, stroke=0, fill=1)


class _FloorCanvas(Canvas):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._saved:
            self.__dict__.update(state)
            self.setFont(fonts.FONT, 7.5)
            self.drawString(18 * mm, 12 * mm, "机密 · 仅限内部使用")
            self.drawRightString(A4[0] - 18 * mm, 12 * mm,
                                 f"第 {self._pageNumber} 页 / 共 {len(self._saved)} 页")
            super().showPage()
        super().save()


def canvas_only(pages: list[list[str]]) -> bytes:
    """The same text and font on a bare canvas: no flowables, no layout."""
    out = io.BytesIO()
    c = Canvas(out, pagesize=A4, invariant=1)
    for lines in pages:
        c.setFont(fonts.FONT, 9)
        y = A4[1] - 40
        for line in lines:
            c.drawString(40, y, line)
            y -= 11
        c.showPage()
    c.save()
    return out.getvalue()


def page_texts(pdf: bytes) -> list[list[str]]:
    return [[line for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(pdf)).pages]


def floor(data: BriefingData) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=20 * mm, invariant=1)
    doc.build(_floor_story(data), canvasmaker=_FloorCanvas)
    return out.getvalue()


# --- measuring -------------------------------------------------------------------
def best(fn: Callable[[], bytes], repeat: int) -> tuple[float, float, bytes]:
    """Best wall-clock and best CPU seconds of ``repeat`` runs, and the last result."""
    walls, cpus, result = [], [], b""
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), result


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--customers", type=int, default=3000)
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    db = Database.open(f"sqlite:///{_PROFILE / 'bench.db'}")
    migrations.upgrade(db)
    print(f"demo database: {args.customers} customers …", file=sys.stderr)
    demo.generate(db, customers=args.customers, seed=1)
    fonts.register()  # once per process, as in the app: not part of a pack's time
    with db.session() as s:
        actor: Actor = auth.actor_by_login(s, "coord1")
    print(f"{'visits':>6} {'pages':>6} | {'hvdesk s':>8} {'cpu s':>6} {'pages/s':>8} | "
          f"{'floor s':>8} {'cpu s':>6} {'pages/s':>8} | {'ratio':>5} | "
          f"{'canvas s':>8} {'cpu s':>6} {'ratio':>5}")
    verdict = []
    for offset, size in enumerate(sizes):
        lead = add_day(db, size, offset)
        day = DAY + dt.timedelta(days=offset)
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Visit)
                            .where(Visit.planned_start >= dt.datetime.combine(
                                day, dt.time(), tzinfo=dt.UTC))) >= size
            cipher = db.cipher

            def ours(s: Any = s, day: dt.date = day, lead: int = lead, cipher: Any = cipher
                     ) -> bytes:
                pdf: bytes = api.briefing_pack(s, actor, day, team_lead_id=lead,
                                               invariant=True, cipher=cipher)
                s.rollback()  # drop the audit row: every round starts alike
                return pdf

            t_ours, c_ours, pdf = best(ours, args.repeat)
            data = briefing.gather(s, actor, day, team_lead_id=lead, cipher=cipher,
                                   invariant=True)
            t_floor, c_floor, floor_pdf = best(lambda data=data: floor(data), args.repeat)
        texts = page_texts(pdf)
        t_canvas, c_canvas, _ = best(functools.partial(canvas_only, texts), args.repeat)
        n, n_floor = pages(pdf), pages(floor_pdf)
        # CPU time: the machine's other work moves wall time more than it moves CPU time.
        ratio = c_ours / c_floor
        print(f"{size:>6} {n:>6} | {t_ours:>8.2f} {c_ours:>6.2f} {n / t_ours:>8.1f} | "
              f"{t_floor:>8.2f} {c_floor:>6.2f} {n_floor / t_floor:>8.1f} | {ratio:>5.2f} | "
              f"{t_canvas:>8.2f} {c_canvas:>6.2f} {c_ours / c_canvas:>5.1f}"
              + ("" if n == n_floor else f"  (floor: {n_floor} pages)"))
        if size == 100:
            verdict.append(f"100 visits: {t_ours:.2f} s wall, {c_ours:.2f} s CPU "
                           f"(target < {TARGET_100_S:.0f} s) "
                           + ("ok" if t_ours < TARGET_100_S else "MISSED"))
        verdict.append(f"{size} visits: {ratio:.2f}x the floor's CPU time "
                       f"(target <= {TARGET_RATIO}) "
                       + ("ok" if ratio <= TARGET_RATIO else "MISSED"))
    print("\n".join(verdict))
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
