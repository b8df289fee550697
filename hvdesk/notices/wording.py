"""Wording rules checked before any notice is sent.

A text message may be read by whoever holds the phone: a spouse, a parent, a
colleague. It says who comes, when, and how to move the visit, and nothing
that discloses a debt (guideline: no third-party disclosure) or threatens
(the red lines). Each broken rule is one :class:`WordingProblem` with a
stable ``code``:

``empty``         no text
``signature``     does not start with the company signature ``【…】``
``placeholder``   a ``{placeholder}`` left unfilled
``amount``        a sum of money (digits with 元/块/万, ¥/￥/RMB)
``disclosure``    a word that discloses a debt (built-in list + the settings' extra words)
``threat``        a threatening word from the red-line list
``too_long``      longer than :data:`MAX_SEGMENTS` billed parts

Length is counted as Chinese carriers bill: every character counts one
(Chinese or Latin, punctuation and the signature included), a character
outside the Basic Multilingual Plane (emoji) two; one part holds 70, a longer
message is split into parts of 67.
"""

from __future__ import annotations

import math
import re

from hvdesk.notices.types import NoticeSettings, WordingProblem, WordingReport

SINGLE_PART = 70
MULTI_PART = 67
MAX_SEGMENTS = 5

#: Words that disclose a debt to whoever reads the phone (NOTICE_FORBIDDEN of
#: the demo texts plus their common relatives).
DISCLOSURE_WORDS: tuple[str, ...] = (
    "逾期", "欠款", "催收", "欠", "债", "还款", "贷", "金额", "本金", "利息", "罚息",
    "违约", "滞纳", "结清", "账单", "借款", "分期", "额度",
)
#: The red lines: threats, pressure and impersonating the authorities.
THREAT_WORDS: tuple[str, ...] = (
    "起诉", "法院", "传票", "坐牢", "拘留", "判刑", "刑事", "立案", "通缉", "公安", "警方",
    "报警", "律师函", "曝光", "通讯录", "后果自负", "强制执行", "黑名单", "征信", "最后通牒",
    "上门催", "走着瞧",
)

_SIGNATURE = re.compile(r"^【[^【】]{2,20}】")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_AMOUNT = re.compile(
    r"(?:[¥￥]\s*\d)|(?:\bRMB\s*\d)|(?:\d[\d,，.]*\s*(?:元|块|万|千元|圆))|(?:人民币\s*\d)",
    re.IGNORECASE,
)


def carrier_length(text: str) -> int:
    """Characters as billed: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def segments_for(chars: int) -> int:
    if chars <= 0:
        return 0
    if chars <= SINGLE_PART:
        return 1
    return math.ceil(chars / MULTI_PART)


def _found(words: tuple[str, ...], text: str) -> list[str]:
    lowered = text.lower()
    return [w for w in dict.fromkeys(words) if w and w.lower() in lowered]


def check_wording(text: str, settings: NoticeSettings | None = None) -> WordingReport:
    """Every broken rule (debt disclosure, red-line words, amounts) plus carrier length."""
    problems: list[WordingProblem] = []
    stripped = text.strip()
    chars = carrier_length(text)
    segments = segments_for(chars)
    if not stripped:
        return WordingReport(
            (WordingProblem("empty", "The message is empty."),), chars, segments
        )
    if not _SIGNATURE.match(stripped):
        problems.append(
            WordingProblem(
                "signature", "The message must start with the company signature in 【】."
            )
        )
    left = sorted(set(_PLACEHOLDER.findall(text)))
    if left:
        problems.append(
            WordingProblem(
                "placeholder", f"Fill in or remove the placeholder(s): {', '.join(left)}."
            )
        )
    amount = _AMOUNT.search(text)
    if amount:
        problems.append(
            WordingProblem(
                "amount",
                f"Remove the sum of money (\u201c{amount.group(0).strip()}\u201d): a notice "
                "never states an amount.",
            )
        )
    extra = settings.extra_forbidden_words if settings else ()
    disclosed = _found(DISCLOSURE_WORDS + tuple(extra), text)
    if disclosed:
        problems.append(
            WordingProblem(
                "disclosure",
                f"Remove {', '.join(disclosed)}: whoever reads the phone must not learn "
                "about a debt.",
            )
        )
    threats = _found(THREAT_WORDS, text)
    if threats:
        problems.append(
            WordingProblem(
                "threat",
                f"Remove {', '.join(threats)}: threatening wording is a red line.",
            )
        )
    if segments > MAX_SEGMENTS:
        problems.append(
            WordingProblem(
                "too_long",
                f"The message is {chars} characters ({segments} parts); keep it to "
                f"{MAX_SEGMENTS} parts ({MAX_SEGMENTS * MULTI_PART} characters).",
            )
        )
    return WordingReport(tuple(problems), chars, segments)
