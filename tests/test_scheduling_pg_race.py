"""Two desks on one PostgreSQL book the same visitor at the same time: exactly one wins.

Each desk has its own engine (its own connections), as two machines would.
The Python check of the later desk cannot see the earlier desk's uncommitted
visit, so only the database's exclusion constraint can stop it; the loser
must get a SchedulingRefused that names the visitor, not an IntegrityError.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.model import Visit, VisitBooking, VisitPurpose
from hvdesk.scheduling import service
from hvdesk.scheduling.violations import SchedulingRefused
from tests.scheduling_helpers import NOW, TUESDAY, WEDNESDAY, World, at, make_world

pytestmark = pytest.mark.pg


@pytest.fixture
def desks(pg_url: str) -> Iterator[tuple[Database, Database, World]]:
    first = Database.open(pg_url)
    migrations.upgrade(first)
    world = make_world(first)
    second = Database.open(pg_url)
    yield first, second, world
    second.dispose()
    first.dispose()


def _book(db: Database, world: World, customer: int, start: dt.datetime) -> service.VisitView:
    with db.begin() as s:
        return service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[customer],
            start=start,
            end=start + dt.timedelta(hours=1),
            member_ids=world.team(0, 1 + customer % 3),
            purpose=VisitPurpose.OVERDUE,
            now=NOW,
        )


def _active_visits_of(db: Database, user_id: int) -> int:
    with db.session() as s:
        return (
            s.scalar(
                select(func.count())
                .select_from(VisitBooking)
                .where(VisitBooking.user_id == user_id, VisitBooking.active)
            )
            or 0
        )


def test_second_desk_waits_for_the_first_and_is_refused(desks):
    first, second, world = desks
    start = at(TUESDAY, 10)
    outcome: dict[str, object] = {}

    def second_desk() -> None:
        try:
            outcome["view"] = _book(second, world, 1, start)
        except Exception as exc:
            outcome["error"] = exc

    with first.begin() as s:
        service.create_visit(
            s,
            world.coord,
            customer_id=world.customers[0],
            start=start,
            end=start + dt.timedelta(hours=1),
            member_ids=world.team(0, 1),
            purpose=VisitPurpose.OVERDUE,
            now=NOW,
        )
        # Desk 1 has written but not committed; desk 2 checks (sees nothing) and saves.
        thread = threading.Thread(target=second_desk)
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive(), "desk 2 should wait on the exclusion constraint"
    thread.join(timeout=30)
    assert not thread.is_alive()
    error = outcome.get("error")
    assert isinstance(error, SchedulingRefused), outcome
    assert error.codes == ["booked_elsewhere"]
    assert "张伟 (visitor1)" in str(error)
    assert "reload the calendar" in str(error)
    assert _active_visits_of(first, world.visitors[0]) == 1
    with first.session() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 1


@pytest.mark.parametrize("round_", range(4))
def test_simultaneous_bookings_exactly_one_succeeds(desks, round_):
    first, second, world = desks
    start = at(WEDNESDAY, 9 + 2 * round_)
    barrier = threading.Barrier(2)
    results: list[object] = []
    lock = threading.Lock()

    def desk(db: Database, customer: int) -> None:
        barrier.wait()
        try:
            result: object = _book(db, world, customer, start)
        except Exception as exc:
            result = exc
        with lock:
            results.append(result)

    threads = [threading.Thread(target=desk, args=(db, k)) for k, db in enumerate((first, second))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    won = [r for r in results if isinstance(r, service.VisitView)]
    lost = [r for r in results if isinstance(r, SchedulingRefused)]
    assert len(won) == 1, results
    assert len(lost) == 1, results
    # Whether the loser's check already saw the winner or the database stopped it:
    assert lost[0].codes in (["booked_elsewhere"], ["visitor_busy"])
    assert _active_visits_of(first, world.visitors[0]) == 1
