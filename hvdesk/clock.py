"""The one clock: "now" in UTC and "today" in the branch's zone, pinned in tests.

Pages and services ask this module, never ``date.today()`` or
``datetime.now()``: the desk's own zone is not the branch's (a head-office
desk, a laptop set to UTC), and tests pin the time with :func:`pinned`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

#: Branches without a zone of their own (and head-office users) use China time.
DEFAULT_ZONE = "Asia/Shanghai"

_lock = threading.Lock()
_fixed: dt.datetime | None = None


def _zone(zone: ZoneInfo | str | None) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    return ZoneInfo(zone or DEFAULT_ZONE)


def now() -> dt.datetime:
    """The current instant, timezone-aware in UTC."""
    fixed = _fixed
    return fixed if fixed is not None else dt.datetime.now(dt.UTC)


def now_in(zone: ZoneInfo | str | None) -> dt.datetime:
    """The current instant as wall time in ``zone`` (the branch's)."""
    return now().astimezone(_zone(zone))


def today(zone: ZoneInfo | str | None) -> dt.date:
    """Today's date at the branch (``zone``), whatever the desk's own zone."""
    return now_in(zone).date()


def pin(instant: dt.datetime | None) -> None:
    """Fix "now" at ``instant`` (aware; naive is read as UTC); None releases it."""
    global _fixed
    with _lock:
        if instant is not None and instant.tzinfo is None:
            instant = instant.replace(tzinfo=dt.UTC)
        _fixed = instant.astimezone(dt.UTC) if instant is not None else None


@contextmanager
def pinned(instant: dt.datetime) -> Iterator[None]:
    previous = _fixed
    pin(instant)
    try:
        yield
    finally:
        pin(previous)
