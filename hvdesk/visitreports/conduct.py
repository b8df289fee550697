"""The conduct checklist: one list, defined here, for the form, the report PDF and the pack.

Issue 16: the form had 5 items, the report PDF printed 8 others with raw keys,
and the briefing pack a third list. The items follow the 2026 collection
guideline (domain.md, rules): two staff, identification and purpose, allowed
hours, nothing disclosed to third parties, and its red lines one by one, so a
"no" on the report says which line was crossed. The Chinese text is the one
every document prints; the Qt shell translates the keys (ui/visitreport/labels.py,
checked against this list by tests/test_conduct_checklist.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConductItem:
    key: str
    #: As printed on the form, the report and the pack (short enough for one line).
    text: str
    #: What the item asks of the team, printed beside it in the briefing pack.
    rule: str


CHECKLIST: tuple[ConductItem, ...] = (
    ConductItem("two_staff_present", "两名工作人员同行",
                "不得单人上门"),
    ConductItem("showed_staff_id", "出示工作证件",
                "到达后先出示工作证件，核对客户本人身份后再谈借款事宜"),
    ConductItem("explained_purpose", "说明来访目的",
                "客户不在时只留联系方式，不说明来意"),
    ConductItem("within_allowed_hours", "在允许时段内走访",
                "不得在 8:00 前或 20:00 后上门，客户另有约定除外"),
    ConductItem("no_third_party_disclosure", "未向第三方透露借款信息",
                "不得向家属、邻居、同事等第三方透露客户借款及逾期信息"),
    ConductItem("no_threats_or_insults", "无威胁、恐吓、辱骂或骚扰",
                "不得威胁、恐吓、辱骂或骚扰客户及其家人"),
    ConductItem("no_impersonation_of_authorities", "未冒充公检法等机关",
                "不得冒充公检法、政府机关或律师"),
    ConductItem("no_pressure_to_borrow_elsewhere", "未诱导客户借新还旧",
                "不得诱导客户借新还旧或向他人借款还款"),
    ConductItem("recording_made", "全程录音或录像",
                "全程录音录像备查；未经客户书面同意不得拍摄其证件或住所"),
)
CONDUCT_ITEMS: tuple[str, ...] = tuple(item.key for item in CHECKLIST)
TEXT: dict[str, str] = {item.key: item.text for item in CHECKLIST}

#: Keys reports written before the one list used → the items they answered.
LEGACY: dict[str, tuple[str, ...]] = {
    "badge_shown": ("showed_staff_id",),
    "purpose_explained": ("explained_purpose",),
    "no_red_line": ("no_threats_or_insults", "no_impersonation_of_authorities",
                    "no_pressure_to_borrow_elsewhere"),
}


def answers(stored: Mapping[str, object] | None) -> dict[str, bool]:
    """A stored checklist (any age) as answers to today's items; unanswered items absent.

    Old reports are not rewritten (their revisions are append-only): their keys
    are read as the items they stood for. A current key wins over a legacy one.
    """
    result: dict[str, bool] = {}
    for key, value in (stored or {}).items():
        for item in LEGACY.get(key, ()):
            result.setdefault(item, bool(value))
    for key, value in (stored or {}).items():
        if key in TEXT:
            result[key] = bool(value)
    return result


def in_order(stored: Mapping[str, object] | None) -> list[tuple[ConductItem, bool | None]]:
    """Every item in checklist order with its answer (None: not answered)."""
    given = answers(stored)
    return [(item, given.get(item.key)) for item in CHECKLIST]
