"""The notices section's remembered state, kept in the user's ``ui.ini``."""

from __future__ import annotations

import datetime as dt

from ui.notices.model import Filter
from ui.settings import Setting, Settings

DATE = Setting("notices/date", str, "")
FILTER = Setting("notices/filter", str, Filter.ALL.value, choices=[f.value for f in Filter])
RECEIPTS_DIR = Setting("notices/receipts_dir", str, "")


class NoticePrefs:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def day(self, today: dt.date) -> dt.date:
        """The last day shown; tomorrow when none is stored or it has passed.

        Notices go out ahead of their visits: a day already over is of no use
        to come back to.
        """
        raw = DATE.decode(self.settings.raw(DATE.key))
        try:
            day = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            day = None
        return day if day is not None and day >= today else today + dt.timedelta(days=1)

    def set_day(self, day: dt.date) -> None:
        self.settings.store(DATE.key, day.isoformat())

    @property
    def filter(self) -> Filter:
        return Filter(FILTER.decode(self.settings.raw(FILTER.key)))

    @filter.setter
    def filter(self, value: Filter) -> None:
        self.settings.store(FILTER.key, value.value)

    @property
    def receipts_dir(self) -> str:
        return RECEIPTS_DIR.decode(self.settings.raw(RECEIPTS_DIR.key))

    @receipts_dir.setter
    def receipts_dir(self, folder: str) -> None:
        self.settings.store(RECEIPTS_DIR.key, folder)
