"""Helpers shared by the notice tests (no tests here): visits planned through the service."""

from __future__ import annotations

import datetime as dt

from hvdesk.model import VisitPurpose
from hvdesk.notices import NoticeSettings, save_settings
from hvdesk.scheduling import service
from tests.scheduling_helpers import NOW, WEDNESDAY, World, at

#: Monday 30 November 2026, inside the SMS window (08:00-21:00 Chengdu).
SEND_NOW = NOW
#: Monday 22:30: quiet hours.
QUIET_NOW = NOW.replace(hour=22, minute=30)


def plan(world: World, customer: int = 0, day: dt.date = WEDNESDAY, hour: int = 10,
         team: tuple[int, int] = (0, 1), override_reason: str | None = None) -> int:
    with world.db.begin() as s:
        start = at(day, hour)
        view = service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[customer],
            start=start,
            end=start + dt.timedelta(minutes=90),
            member_ids=world.team(*team),
            purpose=VisitPurpose.OVERDUE,
            now=NOW,
            override_reason=override_reason,
        )
        return view.id


def use_outbox(world: World, folder: str, **kw: object) -> NoticeSettings:
    settings = NoticeSettings(gateway="outbox", outbox_dir=folder, **kw)  # type: ignore[arg-type]
    with world.db.begin() as s:
        save_settings(s, world.coord, settings)
    return settings
