"""SMS templates in ``resources/templates/sms/<kind>.<lang>.txt`` and filling them in.

The placeholders are listed in ``resources/templates/sms/README.md``. Filling
in refuses an unknown placeholder (a typo in a template must not reach a
customer as ``{adress}``).
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from hvdesk.model import VisitPurpose
from hvdesk.notices.types import NoticeKind
from hvdesk.resources import read_text

LANGUAGES = ("zh_CN", "en")
PLACEHOLDERS = frozenset(
    {
        "signature", "addressee", "date", "window", "address", "lead", "employee_no",
        "team_size", "hotline", "prepare",
    }
)
#: What the customer should have ready; never hints at a loan.
PREPARE = {
    "zh_CN": {
        VisitPurpose.PRE_LOAN: "备好本人身份证原件及户口簿",
        VisitPurpose.POST_LOAN: "备好本人身份证原件",
        VisitPurpose.OVERDUE: "备好本人身份证原件，并尽量本人在家",
        VisitPurpose.CARE: "备好本人身份证原件",
    },
    "en": {
        VisitPurpose.PRE_LOAN: "have your ID card and household register at hand",
        VisitPurpose.POST_LOAN: "have your ID card at hand",
        VisitPurpose.OVERDUE: "have your ID card at hand and be at home in person if you can",
        VisitPurpose.CARE: "have your ID card at hand",
    },
}
_WEEKDAYS_ZH = "一二三四五六日"
_PROVINCE = re.compile(r"^(?:.{2,3}省|.{2,8}?自治区)")
_CITY = re.compile(r"^(?:.{2,4}?市|.{2,8}?自治州|.{2,5}?地区|.{2,4}?盟)")


class TemplateError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Fill:
    """Everything a template may show, already in display form."""

    signature: str
    addressee: str
    start: dt.datetime  # branch local time
    end: dt.datetime
    address: str
    lead: str
    employee_no: str
    team_size: int
    hotline: str
    purpose: VisitPurpose


@cache
def template(kind: NoticeKind, lang: str = "zh_CN") -> str:
    if lang not in LANGUAGES:
        raise TemplateError(f"no SMS templates in language {lang!r}")
    text = read_text("templates", "sms", f"{kind.value}.{lang}.txt").strip()
    unknown = _fields(text) - PLACEHOLDERS
    if unknown:
        raise TemplateError(
            f"template {kind.value}.{lang} has unknown placeholder(s): {', '.join(sorted(unknown))}"
        )
    return text


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def short_address(address: str) -> str:
    """``四川省成都市武侯区测试路1号`` → ``武侯区测试路1号`` (province and city dropped)."""
    text = address.strip()
    rest = _PROVINCE.sub("", text, count=1)
    rest = _CITY.sub("", rest, count=1)
    return rest or text


def addressee(name: str, male: bool | None, lang: str = "zh_CN") -> str:
    """``张先生`` / ``李女士``; ``张先生/女士`` when the gender is not known."""
    surname = name[:2] if len(name) >= 4 else name[:1]
    if lang == "en":
        title = {True: "Mr", False: "Ms", None: "Mr/Ms"}[male]
        return f"{title} {surname}"
    return surname + {True: "先生", False: "女士", None: "先生/女士"}[male]


_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_text(start: dt.datetime, lang: str = "zh_CN") -> str:
    if lang == "en":
        # Not strftime("%a %b"): its names follow the process locale, which Qt
        # sets from the environment.
        return f"{_WEEKDAYS_EN[start.weekday()]} {start.day:02d} {_MONTHS_EN[start.month - 1]}"
    return f"{start.month}月{start.day}日（周{_WEEKDAYS_ZH[start.weekday()]}）"


def window_text(start: dt.datetime, end: dt.datetime) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"


def render(kind: NoticeKind, fill: Fill, lang: str = "zh_CN") -> str:
    values: Mapping[str, object] = {
        "signature": fill.signature,
        "addressee": fill.addressee,
        "date": date_text(fill.start, lang),
        "window": window_text(fill.start, fill.end),
        "address": short_address(fill.address),
        "lead": fill.lead,
        "employee_no": fill.employee_no,
        "team_size": fill.team_size,
        "hotline": fill.hotline,
        "prepare": PREPARE[lang][fill.purpose],
    }
    return template(kind, lang).format_map(values)


def template_name(kind: NoticeKind, lang: str = "zh_CN") -> str:
    """What ``Notice.template`` records."""
    return f"sms/{kind.value}.{lang}"
