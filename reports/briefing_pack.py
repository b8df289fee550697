"""The briefing pack of a team's day: a cover with the team, the route map and the
stop table, then one section per visit in route order.

Functions from :mod:`hvdesk.documents.model` values to flowables; the styles
are in :mod:`reports.styles`, the page and footer in :mod:`reports.layout`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hvdesk.documents.model import BriefingData, BriefingVisit, Person, TeamDay
from hvdesk.visitreports.conduct import CHECKLIST
from reports import fonts, labels, styles
from reports.forms import FindingsForm
from reports.labels import label
from reports.qr import QrCode
from reports.static_map import route_map

QR_SIZE = 26 * mm
CELL_SIZE = styles.PARAGRAPHS["cell"][0]
#: Left and right padding of a grid cell (styles.grid) plus a little slack.
CELL_PAD = 8
MAP_HEIGHT = 92 * mm

#: A layout table's cells hold flowables, yet reportlab still selects the cell
#: font (Helvetica by default), which would declare a font the PDF does not embed.
_EMBEDDED_FONT = ("FONTNAME", (0, 0), (-1, -1), fonts.FONT)

def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), styles.styles()[style])


def _fit(text: str, width: float) -> str | Paragraph:
    """A table cell: the plain string when it fits one line (far cheaper), else a paragraph."""
    if "\n" not in text and stringWidth(text, fonts.FONT, CELL_SIZE) <= width - CELL_PAD:
        return text
    return _p(text, "cell")


def _team_line(people: Sequence[Person]) -> str:
    return "、".join(f"{p.name}（{p.employee_no}）" for p in people)


def _table(
    rows: list[list[object]], widths: Sequence[float], cmds: list[tuple[object, ...]],
    repeat: int = 0,
) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=repeat, hAlign="LEFT")
    table.setStyle(TableStyle([_EMBEDDED_FONT, *cmds]))
    return table


def qr_code(payload: str, size: float = QR_SIZE) -> QrCode:
    return QrCode(payload, size)


# --- cover -------------------------------------------------------------------
def cover(data: BriefingData, team: TeamDay) -> list[Flowable]:
    day = f"{labels.day(data.day)}（{labels.weekday(data.day)}）"
    head = [
        _p("上门走访简报", "title"),
        _p(f"{day} · {data.stamp.branch_name} · {len(team.visits)} 户", "subtitle"),
    ]
    members: list[list[object]] = [["成员", "工号", "角色"]]
    for person in team.members:
        role = "组长" if person.user_id == team.lead.user_id else "组员"
        members.append([person.name, person.employee_no, role])
    hotline = [
        ["网点热线", data.stamp.branch_hotline or "—"],
        ["网点地址", _p(data.branch_address, "cell")],
        ["客户改约、投诉", _p("请引导客户拨打网点热线", "cell")],
    ]
    half = styles.FRAME_WIDTH / 2 - 3 * mm
    side = Table(
        [[
            _table(members, [half * 0.4, half * 0.35, half * 0.25], styles.grid()),
            _table(hotline, [half * 0.34, half * 0.66], styles.key_values()[:-1]),
        ]],
        colWidths=[half + 6 * mm, half],
        hAlign="LEFT",
    )
    side.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), _EMBEDDED_FONT,
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    flow: list[Flowable] = [*head, side, Spacer(1, 5 * mm), _p("今日路线", "h2")]
    stops = [(v.stop_no, v.location) for v in team.visits]
    flow.append(route_map(stops, data.branch_location, styles.FRAME_WIDTH, MAP_HEIGHT))
    flow.append(_p("图示为直线连线，仅示意顺序，非实际道路；红色方块为网点。", "small"))
    flow.append(Spacer(1, 3 * mm))
    flow.append(stop_table(team.visits))
    flow.append(Spacer(1, 3 * mm))
    flow.append(_reminder())
    # Once per team: the checklist with each item's rule (each visit's page has
    # the items' tick boxes in its handwritten form).
    flow += _conduct()
    flow.append(PageBreak())
    return flow


def stop_table(visits: Iterable[BriefingVisit]) -> Table:
    w = styles.FRAME_WIDTH
    rows: list[list[object]] = [["站", "时间", "客户", "地址", "目的", "通知"]]
    for v in visits:
        rows.append([
            str(v.stop_no),
            f"{labels.hm(v.start)}–{labels.hm(v.end)}",
            _fit(v.customer_name, w * 0.12),
            _fit(v.current_address or v.registered_address, w * 0.5),
            label(labels.PURPOSE, v.purpose),
            label(labels.NOTICE_STATUS, v.notice_status, "未发送"),
        ])
    return _table(rows, [w * 0.05, w * 0.13, w * 0.12, w * 0.5, w * 0.1, w * 0.1],
                  styles.grid(), repeat=1)


def _reminder() -> Table:
    return _table([[_p("！" + labels.DO_NOT_DISCLOSE, "warning")]], [styles.FRAME_WIDTH],
                  styles.box())


# --- one visit -----------------------------------------------------------------
def visit_section(v: BriefingVisit) -> list[Flowable]:
    w = styles.FRAME_WIDTH
    title = [
        _p(f"第 {v.stop_no} 站 · {labels.hm(v.start)}–{labels.hm(v.end)} · {v.customer_name}",
           "h1"),
        _p(f"走访编号 {v.visit_id} · {label(labels.PURPOSE, v.purpose)} · "
           f"{label(labels.VISIT_STATUS, v.status)} · 走访人员：{_team_line(v.members)}", "small"),
    ]
    header = Table([[title, qr_code(v.qr_payload)]], colWidths=[w - QR_SIZE - 4, QR_SIZE + 4],
                   hAlign="LEFT")
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), _EMBEDDED_FONT,
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    flow: list[Flowable] = [header, *_customer(v), *_loans(v)]
    flow += _history(v)
    flow += _talking_points(v)
    flow += _findings(v)
    flow.append(PageBreak())
    return flow


def _kv(pairs: Sequence[tuple[str, str]]) -> Table:
    w = styles.FRAME_WIDTH
    rows = []
    for i in range(0, len(pairs), 2):
        left, right = pairs[i], pairs[i + 1] if i + 1 < len(pairs) else ("", "")
        rows.append([left[0], _fit(left[1], w * 0.36), right[0], _fit(right[1], w * 0.36)])
    return _table(rows, [w * 0.14, w * 0.36, w * 0.14, w * 0.36], styles.key_values())


def _customer(v: BriefingVisit) -> list[Flowable]:
    w = styles.FRAME_WIDTH
    top = _kv([
        ("客户姓名", v.customer_name),
        ("身份证号", v.id_masked),
        ("联系电话", v.phone),
        ("通知状态", label(labels.NOTICE_STATUS, v.notice_status, "未发送")
         + (f"（{labels.stamp_time(v.notice_sent_at)}）" if v.notice_sent_at else "")),
    ])
    addresses = _table(
        [
            ["户籍地址", _fit(v.registered_address, w * 0.86)],
            ["现住址", _fit(v.current_address or "同户籍地址", w * 0.86)],
            ["定位精度", label(labels.PRECISION, v.location_precision, "未定位")],
        ],
        [w * 0.14, w * 0.86],
        [*styles.grid(header=False), ("BACKGROUND", (0, 0), (0, -1), styles.SHADE)],
    )
    # Opens the visit's page: always fits, so no KeepTogether (it costs a second layout).
    return [_p("客户信息", "h2"), top, addresses]


def _loans(v: BriefingVisit) -> list[Flowable]:
    flow: list[Flowable] = [
        _p("借款概况", "h2"),
        _kv([
            ("逾期天数", f"{v.days_past_due} 天"),
            ("逾期金额", labels.money(v.overdue_amount)),
            ("未还余额", labels.money(v.outstanding)),
            ("最近还款", labels.day(v.last_payment)),
        ]),
    ]
    if len(v.loans) > 1:
        w = styles.FRAME_WIDTH
        head = ("合同号", "产品", "余额", "逾期金额", "逾期天数", "最近还款")
        rows: list[list[object]] = [list(head)]
        rows += [[x.contract_no, _fit(x.product or "—", w * 0.2), labels.money(x.outstanding),
                  labels.money(x.overdue_amount), str(x.days_past_due),
                  labels.day(x.last_payment)]
                 for x in v.loans]
        flow.append(Spacer(1, 2 * mm))
        flow.append(_table(rows, [w * 0.22, w * 0.2, w * 0.16, w * 0.16, w * 0.11, w * 0.15],
                           [*styles.grid(), ("ALIGN", (2, 0), (4, -1), "RIGHT")]))
    return flow


def _history(v: BriefingVisit) -> list[Flowable]:
    w = styles.FRAME_WIDTH
    flow: list[Flowable] = [_p("以往走访", "h2")]
    if v.previous_visits:
        rows: list[list[object]] = [[h for h in
                                     ("日期", "目的", "状态", "结果", "走访人员")]]
        rows += [[labels.day(p.day), label(labels.PURPOSE, p.purpose),
                  label(labels.VISIT_STATUS, p.status),
                  label(labels.OUTCOME, p.outcome), _fit(p.team, w * 0.37)]
                 for p in v.previous_visits]
        flow.append(_table(rows, [w * 0.15, w * 0.15, w * 0.13, w * 0.2, w * 0.37],
                           styles.grid()))
    else:
        flow.append(_p("无以往走访记录。"))
    promises = "；".join(
        f"{labels.day(p.made_on)} 承诺 {labels.money(p.amount)}，还款日 {labels.day(p.due)}"
        for p in v.promises
    ) or "无"
    complaints = "；".join(
        f"{labels.day(c.received_on)} {c.text}"
        + (f"（处理：{c.follow_up}）" if c.follow_up else "")
        for c in v.complaints
    ) or "无"
    flow.append(Spacer(1, 2 * mm))
    flow.append(_table(
        [["还款承诺", _fit(promises, w * 0.86)],
         ["投诉记录", _p(complaints, "warning" if v.complaints else "cell")]],
        [w * 0.14, w * 0.86],
        [*styles.grid(header=False), ("BACKGROUND", (0, 0), (0, -1), styles.SHADE)],
    ))
    return [KeepTogether(flow)]


def _talking_points(v: BriefingVisit) -> list[Flowable]:
    w = styles.FRAME_WIDTH
    household = "、".join(v.household) if v.household else "暂无记录"
    return [KeepTogether([
        _p("走访目的与沟通要点", "h2"),
        _p(f"目的：{label(labels.PURPOSE, v.purpose)}"),
        _p(v.talking_points or "按走访目的沟通，记录客户诉求。"),
        Spacer(1, 2 * mm),
        _table([[_p(f"已知家庭成员/同住人：{household}", "body")],
                [_p("！" + labels.DO_NOT_DISCLOSE, "warning")]],
               [w], styles.box()),
    ])]


def _conduct() -> list[Flowable]:
    """The conduct checklist the report asks about, item by item, with its rule."""
    w = styles.FRAME_WIDTH
    # Plain strings: every item and rule fits its column on one line (checked by a test).
    rows: list[list[object]] = [["行为规范检查（走访报告逐项填写）", "要求与红线"]]
    rows += [["□ " + item.text, item.rule] for item in CHECKLIST]
    cmds = [*styles.grid(), ("BACKGROUND", (1, 0), (1, 0), styles.WARN),
            ("TEXTCOLOR", (1, 1), (1, -1), styles.WARN)]
    return [CondPageBreak(60 * mm), Spacer(1, 1.5 * mm), _table(rows, [w * 0.34, w * 0.66], cmds)]


def _findings(v: BriefingVisit) -> list[Flowable]:
    note = f"回到网点后，在走访报告中扫描右上角二维码（{v.qr_payload}）即可打开本次走访。"
    return [Spacer(1, 1 * mm), FindingsForm([f"（{p.name}）" for p in v.members], note,
                                          [item.text for item in CHECKLIST])]


class _Tick(Flowable):
    """Takes no room; reports progress when layout reaches it (the slow part)."""

    def __init__(self, progress: Callable[[int, int], None], done: int, total: int) -> None:
        super().__init__()
        self.progress, self.done, self.total = progress, done, total

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.progress(self.done, self.total)


# --- the pack ------------------------------------------------------------------
def story(
    data: BriefingData, progress: Callable[[int, int], None] | None = None
) -> list[Flowable]:
    """The whole pack; ``progress(done, total)`` is called as each visit is laid out."""
    total = sum(len(t.visits) for t in data.teams)
    flow: list[Flowable] = []
    done = 0
    for team in data.teams:
        flow += cover(data, team)
        for visit in team.visits:
            done += 1
            section = visit_section(visit)
            if progress is not None:
                section.insert(-1, _Tick(progress, done, total))
            flow += section
    if flow and isinstance(flow[-1], PageBreak):
        flow.pop()
    return flow
