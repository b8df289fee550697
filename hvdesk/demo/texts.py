"""Texts of demo notices, reports, feedback and reasons.

Notices may be read by a family member or a neighbour: they say who comes,
when, and how to move the visit, and never mention a loan, money, arrears or
collection. :data:`NOTICE_FORBIDDEN` lists words a test keeps out of them.
"""

from __future__ import annotations

import datetime as dt

from hvdesk.visitreports.conduct import CONDUCT_ITEMS as CHECKLIST_KEYS

NOTICE_TEMPLATE = "visit_notice_v1"
CANCEL_TEMPLATE = "visit_cancel_v1"
RESCHEDULE_TEMPLATE = "visit_reschedule_v1"

#: Words that must never reach an SMS (debt, amounts, overdue, collection).
NOTICE_FORBIDDEN = ("逾期", "欠款", "催收", "欠", "债", "还款", "贷", "元", "¥", "金额", "本金")


def _when(start: dt.datetime) -> str:
    """``12月3日（周三）14:30`` in local time."""
    weekday = "一二三四五六日"[start.weekday()]
    return f"{start.month}月{start.day}日（周{weekday}）{start:%H:%M}"


def notice_text(*, signature: str, addressee: str, lead: str, employee_no: str,
                team_size: int, local_start: dt.datetime, hotline: str) -> str:
    return (
        f"【{signature}】尊敬的{addressee}：您好！我中心工作人员{lead}（工号{employee_no}）"
        f"一行{team_size}人计划于{_when(local_start)}前往您的登记住址走访，当面了解您的近况、"
        f"听取您的意见建议。工作人员将出示工作证件。如时间不便或有疑问，请致电{hotline}"
        "改约。感谢您的理解与支持！"
    )


def cancel_text(*, signature: str, addressee: str, local_start: dt.datetime,
                hotline: str, rescheduled: bool) -> str:
    if rescheduled:
        what = "已按您的意愿改期，新的时间确定后我们将另行通知"
    else:
        what = "已取消，给您带来不便，敬请谅解"
    return (
        f"【{signature}】尊敬的{addressee}：您好！原定于{_when(local_start)}的上门走访{what}。"
        f"如有疑问，请致电{hotline}。"
    )


TALKING_POINTS = {
    "overdue": "了解客户近况及近期困难，介绍可选的还款安排；只与客户本人沟通账户情况，"
               "不向家属或邻居透露任何借款信息。",
    "post_loan": "贷后回访：核实居住与工作情况是否变化，了解资金用途，听取对服务的意见。",
    "pre_loan": "贷前核实：核对户籍地址与家庭情况，了解收入来源，提醒客户量力借贷。",
    "care": "客户关怀回访：了解客户使用产品的体验，解答疑问，收集意见建议。",
}

CANCEL_REASONS = (
    "客户来电告知近期出差，不在家",
    "客户已到网点办理相关业务，无需上门",
    "暴雨预警，为安全起见取消当日外出",
    "团队成员临时病假，另行安排",
    "客户家中有事，请求取消",
)
RESCHEDULE_REASONS = (
    "客户来电申请改期：当天需上班",
    "客户来电申请改期：家中老人住院",
    "客户短信回复希望改到周末前后",
    "客户申请改期：当天在外地",
)

PEOPLE_PRESENT = {
    "met_customer": ("客户本人", "客户本人及配偶", "客户本人及父母", "客户本人及子女"),
    "met_family": ("客户母亲（未透露借款信息）", "客户配偶（未透露借款信息）",
                   "客户父亲（未透露借款信息）"),
}
ASSETS = (
    "自有住房一套（按揭中）", "租住两室一厅", "电动车一辆", "家用轿车一辆（2016年购入）",
    "与父母同住，无自有房产", "经营小吃店一间（租赁门面）", "农村自建房一栋",
)
REQUESTS = (
    "希望将每月还款日调整到发薪日之后", "申请延期三个月还款", "希望办理分期重组",
    "询问提前结清的办理方式", "希望以后先电话联系再上门", "无",
)
RECOMMENDATIONS = (
    "维持现有还款计划，一个月后电话回访", "建议办理分期重组，降低月供压力",
    "收入稳定，风险可控", "建议三个月后再次回访", "建议暂缓新增授信", "客户配合度高，保持现状",
)
FINDINGS = (
    "客户近期工作变动，收入下降，但还款意愿明确。",
    "家庭收入稳定，短期资金周转紧张。",
    "客户身体原因暂停工作，家属支持还款。",
    "居住情况与登记一致，客户态度积极。",
    "经营受淡季影响，预计两个月后好转。",
)
RETURN_COMMENTS = (
    "请补充收入来源的核实方式及家庭成员构成。",
    "承诺还款日期与客户诉求不一致，请核实后重新提交。",
)
REVIEW_COMMENTS = ("同意", "同意，按建议跟进", "已阅，同意维持现有计划", None)

COMPLAINTS = (
    "来访时间太早，影响家人休息",
    "工作人员在楼道里讲话声音较大，担心邻居听到",
    "事先沟通的人数与实际来访人数不一致",
    "希望以后先电话确认再上门",
)
FOLLOW_UPS = (
    "经理已电话回访致歉，后续走访改为提前电话确认",
    "已向团队重申行为规范，客户表示接受",
    "已记录客户偏好，今后仅在周末下午走访",
)

#: The conduct checklist every report carries: the one list (hvdesk/visitreports/conduct.py).
CONDUCT_ITEMS = CHECKLIST_KEYS

COST_NOTES = ("停车费", "过路费", "打印资料", None, None, None)
