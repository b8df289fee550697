"""Wording rules checked before any notice is sent.

A text message may be read by whoever holds the phone: a spouse, a parent, a
colleague. It says who comes, when, and how to move the visit, and nothing
that discloses a debt (guideline: no third-party disclosure) or threatens
(the red lines). Each broken rule is one :class:`WordingProblem` with a
stable ``code``:

``empty``         no text
``signature``     does not start with the company signature ``【…】``
``placeholder``   a ``{placeholder}`` left unfilled
``amount``        a sum of money: digits or Chinese or English numerals with a unit
                  (元/块/万/k/yuan/dollars), or after a sign or code (¥, RMB, CNY, $)
``disclosure``    a word that discloses a debt, in Chinese (simplified or traditional),
                  English or pinyin (built-in lists + the settings' extra words)
``threat``        a threatening word from the red-line lists

Every rule looks at the text as the reader sees it, not as it is typed
(:mod:`hvdesk.notices.normalise`): zero-width and format characters,
full-width forms, traditional characters, and spaces or punctuation inside a
word change nothing.
``too_long``      longer than :data:`MAX_SEGMENTS` billed parts

Length is counted as Chinese carriers bill: every character counts one
(Chinese or Latin, punctuation and the signature included), a character
outside the Basic Multilingual Plane (emoji) two; one part holds 70, a longer
message is split into parts of 67.
"""

from __future__ import annotations

import math
import re

from hvdesk.notices.normalise import find_amount, find_words, fold
from hvdesk.notices.types import NoticeSettings, WordingProblem, WordingReport

SINGLE_PART = 70
MULTI_PART = 67
MAX_SEGMENTS = 5

#: Words that disclose a debt to whoever reads the phone (NOTICE_FORBIDDEN of
#: the demo texts plus their common relatives).
DISCLOSURE_WORDS: tuple[str, ...] = (
    "逾期", "欠款", "催收", "欠", "债", "还款", "贷", "金额", "本金", "利息", "罚息",
    "违约", "滞纳", "结清", "账单", "帐单", "借款", "分期", "额度", "还钱", "欠钱", "借钱", "催款",
)
#: The same in English: whole words, ``*`` allows any ending.
DISCLOSURE_WORDS_EN: tuple[str, ...] = (
    "overdue", "past due", "debt*", "loan*", "owe", "owes", "owed", "owing", "arrear*",
    "repay*", "collection*", "collector*", "default*", "outstanding", "borrow*", "lend*",
    "instal*ment*", "interest", "penalt*", "late fee*", "credit line", "principal",
    "unpaid", "delinquen*", "overdraft", "settle the account",
)
#: Pinyin by syllables: written together or apart, with or without tone marks.
DISCLOSURE_WORDS_PINYIN: tuple[str, ...] = (
    "yu qi", "qian kuan", "cui shou", "huan kuan", "dai kuan", "jie kuan", "zhai wu",
    "wei yue", "zhi na jin", "zhang dan", "huan qian", "qian qian", "cui kuan", "fa xi",
)
#: The red lines: threats, pressure and impersonating the authorities.
THREAT_WORDS: tuple[str, ...] = (
    "起诉", "法院", "传票", "坐牢", "拘留", "判刑", "刑事", "立案", "通缉", "公安", "警方",
    "报警", "律师函", "曝光", "通讯录", "后果自负", "强制执行", "黑名单", "征信", "最后通牒",
    "上门催", "走着瞧", "老赖", "失信", "查封", "冻结", "坐监",
)
THREAT_WORDS_EN: tuple[str, ...] = (
    "sue", "sued", "lawsuit*", "court*", "police", "arrest*", "jail*", "prison*", "summons",
    "lawyer*", "legal action*", "blacklist*", "credit record*", "credit report*",
    "consequences", "or else", "final warning", "expose*", "your contacts", "seize*",
    "enforcement",
)
THREAT_WORDS_PINYIN: tuple[str, ...] = (
    "qi su", "fa yuan", "chuan piao", "zuo lao", "ju liu", "pan xing", "bao jing",
    "jing fang", "lu shi han", "lv shi han", "bao guang", "tong xun lu", "hou guo zi fu",
    "qiang zhi zhi xing", "hei ming dan", "zheng xin", "lao lai", "shi xin", "cha feng",
)

_SIGNATURE = re.compile(r"^【[^【】]{2,20}】")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def carrier_length(text: str) -> int:
    """Characters as billed: UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def segments_for(chars: int) -> int:
    if chars <= 0:
        return 0
    if chars <= SINGLE_PART:
        return 1
    return math.ceil(chars / MULTI_PART)


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
    folded = fold(text)
    amount = find_amount(folded)
    if amount:
        problems.append(
            WordingProblem(
                "amount",
                f"Remove the sum of money (\u201c{amount}\u201d): a notice "
                "never states an amount.",
            )
        )
    extra = settings.extra_forbidden_words if settings else ()
    disclosed = find_words(
        folded, DISCLOSURE_WORDS + tuple(extra), DISCLOSURE_WORDS_EN, DISCLOSURE_WORDS_PINYIN
    )
    if disclosed:
        problems.append(
            WordingProblem(
                "disclosure",
                f"Remove {', '.join(disclosed)}: whoever reads the phone must not learn "
                "about a debt.",
            )
        )
    threats = find_words(folded, THREAT_WORDS, THREAT_WORDS_EN, THREAT_WORDS_PINYIN)
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
