"""The approved visit report as filed: who, when, what was found, who approved it."""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from hvdesk.documents.model import IncomeLine, ReportData
from reports import labels, styles
from reports.labels import label


def _p(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), styles.styles()[style])


def _kv(pairs: list[tuple[str, str]]) -> Table:
    w = styles.FRAME_WIDTH
    rows = []
    for i in range(0, len(pairs), 2):
        left, right = pairs[i], pairs[i + 1] if i + 1 < len(pairs) else ("", "")
        rows.append([_p(left[0]), _p(left[1]), _p(right[0]), _p(right[1])])
    table = Table(rows, colWidths=[w * 0.15, w * 0.35, w * 0.15, w * 0.35], hAlign="LEFT")
    table.setStyle(TableStyle(styles.key_values()))
    return table


def _wide(pairs: list[tuple[str, str]]) -> Table:
    w = styles.FRAME_WIDTH
    table = Table([[_p(k), _p(v)] for k, v in pairs], colWidths=[w * 0.15, w * 0.85],
                  hAlign="LEFT")
    table.setStyle(TableStyle([*styles.grid(header=False),
                               ("BACKGROUND", (0, 0), (0, -1), styles.SHADE)]))
    return table


def _amounts(lines: tuple[IncomeLine, ...], names: dict[str, str]) -> str:
    if not lines:
        return "无"
    return "；".join(f"{label(names, x.source)} ¥{x.monthly}" for x in lines)


def _score(value: int | None) -> str:
    return "—" if value is None else f"{value} / 5"


def story(data: ReportData) -> list[Flowable]:
    team = "、".join(f"{p.name}（{p.employee_no}）" for p in data.team)
    reviewer = (
        f"{data.reviewer.name}（{data.reviewer.employee_no}）" if data.reviewer else "—"
    )
    flow: list[Flowable] = [
        _p("上门走访报告", "title"),
        _p(f"走访编号 {data.visit_id} · 报告编号 {data.report_id} · 第 {data.version} 版 · 已审批",
           "subtitle"),
        _p("审批", "h2"),
        _kv([
            ("审批人", reviewer),
            ("审批时间", labels.stamp_time(data.approved_at)),
            ("填写人", f"{data.author.name}（{data.author.employee_no}）"),
            ("提交时间", labels.stamp_time(data.submitted_at)),
            ("版本", f"第 {data.version} 版"),
            ("审批意见", data.review_comment or "—"),
        ]),
        _p("走访信息", "h2"),
        _kv([
            ("客户姓名", data.customer_name),
            ("身份证号", data.id_masked),
            ("走访目的", label(labels.PURPOSE, data.purpose)),
            ("计划时间", labels.stamp_time(data.planned_start)),
            ("到达时间", labels.stamp_time(data.arrived_at)),
            ("离开时间", labels.stamp_time(data.left_at)),
            ("走访结果", label(labels.OUTCOME, data.outcome)),
            ("客户态度", label(labels.ATTITUDE, data.attitude)),
        ]),
        _wide([("走访地址", data.address), ("走访人员", team),
               ("在场人员", data.people_present or "—")]),
        _p("家庭与财务", "h2"),
        _kv([
            ("家庭人数", "—" if data.household_size is None else str(data.household_size)),
            ("被抚养人数", "—" if data.dependants is None else str(data.dependants)),
            ("住房", label(labels.HOUSING, data.housing)),
            ("还款能力", _score(data.ability_to_repay)),
            ("还款意愿", _score(data.willingness_to_repay)),
            ("", ""),
        ]),
        _wide([
            ("收入来源（月）", _amounts(data.income_sources, labels.INCOME)),
            ("其他负债", _amounts(data.other_debts, labels.DEBT)),
            ("资产", data.assets or "—"),
        ]),
        _p("诉求、承诺与建议", "h2"),
        _wide([
            ("客户诉求", data.customer_requests or "—"),
            ("还款承诺", f"{labels.money(data.promise_amount)}，还款日 "
             f"{labels.day(data.promise_date)}" if data.promise_amount or data.promise_date
             else "无"),
            ("风险建议", data.recommendation or "—"),
            ("现场发现", data.findings or "—"),
        ]),
    ]
    marks = {True: "✓ ", False: "× ", None: "— "}
    checks = [
        [_p(marks[ok] + text + ("（未填写）" if ok is None else ""),
            "warning" if ok is False else "cell")]
        for text, ok in data.conduct_checklist
    ]
    w = styles.FRAME_WIDTH
    table = Table(checks, colWidths=[w], hAlign="LEFT")
    table.setStyle(TableStyle(styles.grid(header=False)))
    flow.append(KeepTogether([_p("行为规范自查", "h2"), table]))
    if data.attachments:
        flow.append(_p("附件", "h2"))
        flow.append(_p("、".join(data.attachments), "body"))
    flow.append(Spacer(1, 4 * mm))
    flow.append(_p("！" + labels.DO_NOT_DISCLOSE, "warning"))
    return flow
