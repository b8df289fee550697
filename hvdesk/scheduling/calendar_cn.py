"""Public holidays and make-up working days (调休) of mainland China.

Source choice: ``chinese-calendar`` (import ``chinese_calendar``) first. It
transcribes the State Council's yearly notice (国务院办公厅关于…部分节假日安排的通知)
day by day: the statutory holidays, the bridging rest days and the weekend
days that become working days. That is exactly the calendar a branch keeps.
Its 1.11.0 release covers 2004–2026; the notice for a year is published in
November of the year before, so at any time the next year may be missing.

For a year it does not know we fall back to the ``holidays`` package's CN
calendar, which computes the statutory days from the law (lunar dates
included) and lists the published 调休 pairs where it has them; for a year
not yet announced it marks no make-up working days, so its answer is the
statutory holidays plus ordinary weekends — good enough to plan with and
flagged as ``source="holidays"`` so a caller can say so. Checked here:
chinese-calendar 1.11.0 raises for 2027, holidays 0.109 returns 2027's
statutory days (Spring Festival 2027-02-06…).

A holiday is a soft rule (domain.md: "no visits on statutory public holidays
unless overridden"); ordinary weekends are not a rule at all, but auto-plan
uses :func:`is_working_day` (which knows make-up Saturdays) to pick days.

Holiday names never depend on the environment: ``holidays`` translates its
names with gettext and otherwise falls back to the country's default language
(zh_CN for CN) differently across Python versions, so the language is always
passed. The scheduling messages are English (the UI translates them), hence
``name`` is English; ``name_zh`` is there for Chinese text.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from functools import cache
from typing import Any

import chinese_calendar  # type: ignore[import-untyped]


class DayKind(enum.StrEnum):
    WORKDAY = "workday"
    #: A Saturday or Sunday that the State Council made a working day.
    MAKEUP_WORKDAY = "makeup_workday"
    WEEKEND = "weekend"
    #: A statutory holiday or a rest day bridged onto it by the yearly notice.
    HOLIDAY = "holiday"


@dataclass(frozen=True, slots=True)
class DayInfo:
    day: dt.date
    kind: DayKind
    #: The holiday's English name (e.g. "National Day"), else "".
    name: str
    #: "chinese_calendar" or "holidays": which data answered.
    source: str
    #: The holiday's Chinese name (e.g. "国庆节"), else "".
    name_zh: str = ""

    @property
    def is_holiday(self) -> bool:
        return self.kind is DayKind.HOLIDAY

    @property
    def is_working_day(self) -> bool:
        return self.kind in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


_ZH_NAMES: dict[str, str] = {
    str(h.value): str(getattr(h, "chinese", "")) for h in chinese_calendar.Holiday
}


def _from_chinese_calendar(day: dt.date) -> DayInfo | None:
    try:
        on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None  # year not covered
    weekend = day.weekday() >= 5
    if on_holiday:
        if holiday is None:
            return DayInfo(day, DayKind.WEEKEND, "", "chinese_calendar")
        # chinese-calendar answers the English name; its Holiday enum (looked
        # up by that name) also knows the Chinese one.
        name = str(getattr(holiday, "value", holiday))
        return DayInfo(day, DayKind.HOLIDAY, name, "chinese_calendar", _ZH_NAMES.get(name, ""))
    kind = DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY
    return DayInfo(day, kind, "", "chinese_calendar")


@cache
def _cn_holidays(year: int, language: str = "en_US") -> Any:
    # The fallback table for years chinese-calendar does not cover: loaded when asked.
    import holidays as holidays_pkg  # noqa: PLC0415

    return holidays_pkg.country_holidays("CN", years=year, language=language)


def _from_holidays(day: dt.date) -> DayInfo:
    table = _cn_holidays(day.year)
    name = table.get(day)
    if name:
        name_zh = _cn_holidays(day.year, "zh_CN").get(day) or ""
        return DayInfo(
            day,
            DayKind.HOLIDAY,
            str(name).split(";")[0],
            "holidays",
            str(name_zh).split(";")[0],
        )
    workdays: set[dt.date] = set(getattr(table, "weekend_workdays", ()))
    if day.weekday() >= 5:
        kind = DayKind.MAKEUP_WORKDAY if day in workdays else DayKind.WEEKEND
        return DayInfo(day, kind, "", "holidays")
    return DayInfo(day, DayKind.WORKDAY, "", "holidays")


@cache
def day_info(day: dt.date) -> DayInfo:
    """What kind of day ``day`` is in mainland China (cached: the calendar asks often)."""
    return _from_chinese_calendar(day) or _from_holidays(day)


def is_holiday(day: dt.date) -> bool:
    return day_info(day).is_holiday


def is_working_day(day: dt.date) -> bool:
    return day_info(day).is_working_day


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Working days from ``start`` to ``end`` inclusive, make-up Saturdays included."""
    days = []
    day = start
    while day <= end:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def next_working_day(after: dt.date) -> dt.date:
    """The first working day after ``after`` (never a Sunday or a public holiday; a
    make-up Saturday counts), for what a planner proposes by default."""
    day = after + dt.timedelta(days=1)
    for _ in range(60):  # the longest holiday run is the Spring Festival's week
        if is_working_day(day):
            return day
        day += dt.timedelta(days=1)
    return day
