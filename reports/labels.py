"""Words for the model's values on paper (the documents are printed in Chinese)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

PURPOSE = {
    "pre_loan": "贷前核实", "post_loan": "贷后回访", "overdue": "逾期沟通", "care": "客户关怀",
}
VISIT_STATUS = {
    "planned": "已计划", "notified": "已通知", "confirmed": "已确认", "in_progress": "进行中",
    "completed": "已完成", "cancelled": "已取消", "no_show": "未见到", "rescheduled": "已改期",
}
NOTICE_STATUS = {
    "draft": "草稿", "queued": "待发送", "sent": "已发送", "delivered": "已送达",
    "failed": "发送失败", "cancelled": "已撤销",
}
OUTCOME = {
    "met_customer": "见到客户本人", "met_family": "见到家属", "nobody_home": "无人在家",
    "address_invalid": "地址无效", "refused": "拒绝沟通", "moved_away": "已搬离",
}
ATTITUDE = {"worried": "担忧", "understanding": "理解", "cooperative": "配合", "hostile": "抵触"}
HOUSING = {"owned": "自有住房", "rented": "租住", "family": "与家人同住", "other": "其他"}
PRECISION = {
    "exact": "精确到门牌", "street": "精确到街道", "district": "仅到区县",
    "city": "仅到城市", "manual": "人工标注",
}
#: Keys the demo (and older data) use; what a visitor typed is printed as typed.
INCOME = {"salary": "工资", "business": "经营收入", "pension": "退休金", "rent": "租金",
          "family_support": "家人支持", "farming": "务农收入", "spouse_salary": "配偶工资",
          "other": "其他"}
DEBT = {"car_loan": "车贷", "mortgage": "房贷", "credit_card": "信用卡", "consumer_loan": "消费贷",
        "private": "民间借款", "family": "亲友借款", "other": "其他"}
DO_NOT_DISCLOSE = "请勿向第三方（包括家属、邻居、同事）透露客户借款信息。"


def label(table: dict[str, str], value: str | None, empty: str = "—") -> str:
    if value is None:
        return empty
    return table.get(value, value)


def money(value: Decimal | None) -> str:
    return "—" if value is None else f"¥{value:,.2f}"


def day(value: dt.date | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d")


def weekday(value: dt.date) -> str:
    return "周" + "一二三四五六日"[value.weekday()]


def hm(value: dt.datetime | None) -> str:
    return "—" if value is None else value.strftime("%H:%M")


def stamp_time(value: dt.datetime | None) -> str:
    return "—" if value is None else value.strftime("%Y-%m-%d %H:%M")
