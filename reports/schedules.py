"""Schedule documents: the branch's day (every team) and a team's week.

One block per team and day, visits in route order; customers masked and
placed by district (the briefing pack carries the addresses).
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hvdesk.documents.model import ScheduleBlock, ScheduleData
from hvdesk.scheduling.teams import team_name
from reports import labels, styles
from reports.labels import label


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text), styles.styles()[style])


def _heading(title: str, data: ScheduleData) -> list[Flowable]:
    if data.last_day == data.title_day:
        span = f"{labels.day(data.title_day)}（{labels.weekday(data.title_day)}）"
    else:
        span = f"{labels.day(data.title_day)} 至 {labels.day(data.last_day)}"
    visits = sum(len(b.rows) for b in data.blocks)
    return [
        _p(title, "title"),
        _p(f"{span} · {data.stamp.branch_name} · {visits} 户 · 热线 "
           f"{data.stamp.branch_hotline or '—'}", "subtitle"),
    ]


def team_of(block: ScheduleBlock) -> str:
    """Everyone on the block's visits, the lead first (a team is usually fixed for a day)."""
    people = {p.user_id: p for r in block.rows for p in r.members} or {
        block.lead.user_id: block.lead
    }
    ordered = sorted(people.values(), key=lambda p: p.user_id != block.lead.user_id)
    return "、".join(f"{p.name}（{p.employee_no}）" for p in ordered)


def block_table(block: ScheduleBlock) -> Table:
    w = styles.FRAME_WIDTH
    head = ["站", "时间", "客户", "区域", "目的", "状态", "通知", "走访编号"]
    widths = [0.06, 0.16, 0.12, 0.2, 0.14, 0.11, 0.11, 0.1]
    rows: list[list[object]] = [[_p(h, "cell_head") for h in head]]
    for r in block.rows:
        row = [
            _p(str(r.stop_no)),
            _p(f"{labels.hm(r.start)}–{labels.hm(r.end)}"),
            _p(r.customer_masked),
            _p(r.area or "—"),
            _p(label(labels.PURPOSE, r.purpose)),
            _p(label(labels.VISIT_STATUS, r.status)),
            _p(label(labels.NOTICE_STATUS, r.notice_status, "未发送")),
            _p(str(r.visit_id)),
        ]
        rows.append(row)
    if not block.rows:
        rows.append([_p("本周没有走访安排。"), *[""] * (len(head) - 1)])
    table = Table(rows, colWidths=[w * x for x in widths], repeatRows=1, hAlign="LEFT")
    cmds = styles.grid()
    if not block.rows:
        cmds.append(("SPAN", (0, 1), (-1, 1)))
    table.setStyle(TableStyle(cmds))
    return table


def branch_day_story(data: ScheduleData) -> list[Flowable]:
    flow = _heading("网点当日走访日程", data)
    if not data.blocks:
        flow.append(_p("当日没有走访安排。", "body"))
    for block in data.blocks:
        count = len(block.rows)
        title = _p(f"{team_name(block.lead.name)} · {count} 户 · {team_of(block)}", "h2")
        flow.append(KeepTogether([title, block_table(block)]))
        flow.append(Spacer(1, 3 * mm))
    return flow


def team_week_story(data: ScheduleData) -> list[Flowable]:
    lead = data.blocks[0].lead if data.blocks else None
    title = "小组周计划" + (f" · {team_name(lead.name)}" if lead else "")
    flow = _heading(title, data)
    if data.blocks:
        # Teams are recomposed now and then: each day's heading names its members.
        flow.append(_p(f"组长：{lead.name}（{lead.employee_no}）" if lead else "", "body"))
    days = {b.day: b for b in data.blocks if b.rows}
    # A run of days without visits is one short line, kept with the day before it,
    # so it never makes a page of its own (the week used to end on a blank page).
    parts: list[list[Flowable]] = [[]]
    empty: list[dt.date] = []

    def close_empty_run() -> None:
        if empty:
            parts[-1].append(_p("、".join(f"{labels.day(d)}（{labels.weekday(d)}）"
                                         for d in empty) + " · 无安排", "body"))
            empty.clear()

    day = data.title_day
    while day <= data.last_day:
        block = days.get(day)
        if block is None:
            empty.append(day)
        else:
            close_empty_run()
            heading = _p(f"{labels.day(day)}（{labels.weekday(day)}） · "
                         f"{len(block.rows)} 户 · {team_of(block)}", "h2")
            parts.append([heading, block_table(block)])
        day += dt.timedelta(days=1)
    close_empty_run()
    for part in filter(None, parts):
        flow += [KeepTogether(part), Spacer(1, 2 * mm)]
    return flow
