"""The calendar's remembered state, kept in the user's ``ui.ini``.

Declared once with types and defaults (:class:`ui.settings.Setting`) and read
through ``Settings.raw``/``store``, like the customer list's columns: the view
mode, the columns (teams or visitors), the last date shown and the
unscheduled pane's "no visit in N days".
"""

from __future__ import annotations

import datetime as dt

from hvdesk import clock
from ui.calendar.layout import ColumnKind, ViewMode
from ui.settings import Setting, Settings

VIEW = Setting("calendar/view", str, ViewMode.WEEK.value, choices=[m.value for m in ViewMode])
COLUMNS = Setting(
    "calendar/columns", str, ColumnKind.TEAMS.value, choices=[k.value for k in ColumnKind]
)
DATE = Setting("calendar/date", str, "")
QUIET_DAYS = Setting("calendar/quiet_days", int, 30)


class CalendarPrefs:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def view(self) -> ViewMode:
        return ViewMode(VIEW.decode(self.settings.raw(VIEW.key)))

    @view.setter
    def view(self, mode: ViewMode) -> None:
        self.settings.store(VIEW.key, mode.value)

    @property
    def columns(self) -> ColumnKind:
        return ColumnKind(COLUMNS.decode(self.settings.raw(COLUMNS.key)))

    @columns.setter
    def columns(self, kind: ColumnKind) -> None:
        self.settings.store(COLUMNS.key, kind.value)

    @property
    def day(self) -> dt.date:
        """The last date shown; today when none (or an unreadable one) is stored."""
        raw = DATE.decode(self.settings.raw(DATE.key))
        try:
            return dt.date.fromisoformat(raw) if raw else clock.today(None)
        except ValueError:
            return clock.today(None)

    @day.setter
    def day(self, day: dt.date) -> None:
        self.settings.store(DATE.key, day.isoformat())

    @property
    def quiet_days(self) -> int:
        return max(0, min(365, QUIET_DAYS.decode(self.settings.raw(QUIET_DAYS.key))))

    @quiet_days.setter
    def quiet_days(self, days: int) -> None:
        self.settings.store(QUIET_DAYS.key, days)
