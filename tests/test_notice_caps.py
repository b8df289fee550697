"""Issue 18 part 3: the SMS-per-day cap per customer, on one desk and on three at once (PG)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import pytest

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.model import Branch, Notice, NoticeStatus
from hvdesk.notices import prepare_for_visits, send_notices
from hvdesk.notices.gateways.base import GatewayResult, OutgoingMessage
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import NOW, THURSDAY, WEDNESDAY, World, make_world
from tests.test_notice_world import plan


class AcceptAll:
    name = "test"

    def __init__(self) -> None:
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def send(self, messages: Sequence[OutgoingMessage]) -> list[GatewayResult]:
        with self._lock:
            self.sent += [m.key for m in messages]
        return [GatewayResult(m.key, ok=True, ref="ok") for m in messages]


def _limits(world: World, sms_per_day: int) -> None:
    with world.db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = s.get(Branch, world.branch_id)
        assert branch is not None
        branch.max_sms_per_day = sms_per_day
        branch.max_visits_per_30_days = 9


def _three_drafts(world: World) -> list[int]:
    vids = [plan(world, 0, WEDNESDAY, 10, (0, 1)), plan(world, 0, WEDNESDAY, 14, (2, 3)),
            plan(world, 0, THURSDAY, 10, (0, 1))]
    with world.db.begin() as s:
        return [d.id for d in prepare_for_visits(s, world.coord, vids)]


def test_the_daily_cap_holds_and_opens_again_the_next_day(db):
    world = make_world(db)
    _limits(world, 1)
    ids = _three_drafts(world)
    gateway = AcceptAll()
    summary = send_notices(db, world.coord, ids, gateway, now=NOW)
    assert (summary.sent, summary.skipped) == (1, 2)
    assert all("1 SMS today" in p and "allows 1 a day" in p for p in summary.problems)
    # Sending again the same day: still refused.
    again = send_notices(db, world.coord, ids, gateway, now=NOW + dt.timedelta(hours=2))
    assert again.sent == 0
    later = NOW + dt.timedelta(hours=23, minutes=30)  # 08:30 the next day
    tomorrow = send_notices(db, world.coord, ids, gateway, now=later)
    assert tomorrow.sent == 1
    assert len(gateway.sent) == 2


@pytest.mark.pg
def test_three_desks_sending_at_once_never_pass_the_cap(pg_url):
    first = Database.open(pg_url)
    migrations.upgrade(first)
    world = make_world(first)
    desks = [first, Database.open(pg_url), Database.open(pg_url)]
    try:
        _limits(world, 1)
        ids = _three_drafts(world)
        gateway = AcceptAll()
        barrier = threading.Barrier(3)
        results: list[object] = []

        def desk(k: int) -> None:
            barrier.wait()
            try:
                results.append(send_notices(desks[k], world.coord, [ids[k]], gateway, now=NOW))
            except Exception as exc:
                results.append(exc)

        threads = [threading.Thread(target=desk, args=(k,)) for k in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert len(gateway.sent) == 1, results
        with first.session() as s:
            statuses = sorted(s.get(Notice, i).status.value for i in ids)
        assert statuses == sorted([NoticeStatus.SENT.value] + [NoticeStatus.DRAFT.value] * 2)
    finally:
        for d in desks:
            d.dispose()
