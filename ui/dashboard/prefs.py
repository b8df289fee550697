"""The dashboard's remembered state, kept in the user's ``ui.ini``.

Declared once with types and defaults, read through ``Settings.raw``/``store``
like the calendar's: the period (a number of weeks back from today, or 0 for
a custom range with its two dates), the grouping, the tab and the folder of
the last export.
"""

from __future__ import annotations

import datetime as dt

from hvdesk import clock
from hvdesk.visitreports import DashboardGroup
from ui.settings import Setting, Settings

GROUPS: tuple[DashboardGroup, ...] = ("week", "team", "branch")
#: Period presets in weeks; 0 is "custom".
PRESETS = (4, 8, 13, 26, 52, 0)

WEEKS = Setting("dashboard/weeks", int, 8, choices=PRESETS)
FIRST = Setting("dashboard/first", str, "")
LAST = Setting("dashboard/last", str, "")
GROUP = Setting("dashboard/group", str, "week", choices=GROUPS)
TAB = Setting("dashboard/tab", int, 0)
EXPORT_DIR = Setting("dashboard/export_dir", str, "")


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def preset_span(weeks: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """``weeks`` whole weeks ending with the current one (Monday to today)."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=weeks - 1), today


class DashboardPrefs:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def weeks(self) -> int:
        return WEEKS.decode(self.settings.raw(WEEKS.key))

    @weeks.setter
    def weeks(self, weeks: int) -> None:
        self.settings.store(WEEKS.key, weeks)

    def span(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The remembered period; a custom one that cannot be read falls back to 8 weeks."""
        today = today or clock.today(clock.DEFAULT_ZONE)
        if self.weeks:
            return preset_span(self.weeks, today)
        first = _date(FIRST.decode(self.settings.raw(FIRST.key)))
        last = _date(LAST.decode(self.settings.raw(LAST.key)))
        if first is None or last is None or first > last:
            return preset_span(8, today)
        return first, last

    def set_custom(self, first: dt.date, last: dt.date) -> None:
        self.settings.store(WEEKS.key, 0)
        self.settings.store(FIRST.key, first.isoformat())
        self.settings.store(LAST.key, last.isoformat())

    @property
    def group(self) -> DashboardGroup:
        value = GROUP.decode(self.settings.raw(GROUP.key))
        return next(g for g in GROUPS if g == value)

    @group.setter
    def group(self, group: DashboardGroup) -> None:
        self.settings.store(GROUP.key, group)

    @property
    def tab(self) -> int:
        return max(0, TAB.decode(self.settings.raw(TAB.key)))

    @tab.setter
    def tab(self, index: int) -> None:
        self.settings.store(TAB.key, index)

    @property
    def export_dir(self) -> str:
        """The dashboard's last export folder, else the app's last export folder."""
        key = self.settings.user_key(EXPORT_DIR.key) if self.settings.user else EXPORT_DIR.key
        return EXPORT_DIR.decode(self.settings.raw(key)) or self.settings.last_export_dir

    @export_dir.setter
    def export_dir(self, folder: str) -> None:
        # Per signed-in user, like the app's other folders (issue 17.5).
        key = self.settings.user_key(EXPORT_DIR.key) if self.settings.user else EXPORT_DIR.key
        self.settings.store(key, folder)
