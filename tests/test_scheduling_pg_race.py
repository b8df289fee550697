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


# --- issue 18: the per-customer cap under three desks at once --------------------------

ROUNDS = 20
DESKS = 3


@pytest.fixture
def three_desks(pg_url: str) -> Iterator[tuple[list[Database], World, list[int]]]:
    """Three engines on one database, a cap of one visit per 30 days, a customer per round."""
    from hvdesk.model import Branch, Customer  # noqa: PLC0415
    from hvdesk.security import pii  # noqa: PLC0415
    from hvdesk.services import audit  # noqa: PLC0415
    from hvdesk.services.context import SYSTEM  # noqa: PLC0415
    from tests.scheduling_helpers import id_number  # noqa: PLC0415

    first = Database.open(pg_url)
    migrations.upgrade(first)
    world = make_world(first)
    with first.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = s.get(Branch, world.branch_id)
        assert branch is not None
        branch.max_visits_per_30_days = 1
        # Ciphertexts are bound to their row: the ids come first (issue 14).
        ids = pii.reserve_ids(s.connection(), "customer", ROUNDS)
        rows = [
            Customer(
                id=cid, branch_id=world.branch_id, name=f"竞争{k}", name_initials="jz",
                registered_address=f"四川省成都市竞争路{k}号", registered_adcode="510107",
                latitude=30.64, longitude=104.05,
                **pii.id_columns(first.cipher, cid, id_number(200 + k)),
                **pii.phone_columns(first.cipher, cid, f"1371234{k:04d}"),
            )
            for k, cid in enumerate(ids)
        ]
        s.add_all(rows)
        s.flush()
        customers = [c.id for c in rows]
    desks = [first] + [Database.open(pg_url) for _ in range(DESKS - 1)]
    yield desks, world, customers
    for db in desks:
        db.dispose()


def test_three_desks_never_book_a_customer_past_the_cap(three_desks):
    desks, world, customers = three_desks
    teams = [world.team(0, 1), world.team(2, 3), world.team(0, 1)]
    hours = [9, 11, 14]
    outcomes: list[tuple[int, object]] = []
    lock = threading.Lock()
    for round_ in range(ROUNDS):
        day = TUESDAY + dt.timedelta(days=round_)
        barrier = threading.Barrier(DESKS)

        def desk(
            k: int, day: dt.date = day, round_: int = round_, barrier: threading.Barrier = barrier
        ) -> None:
            start = at(day, hours[k])
            barrier.wait()
            try:
                with desks[k].begin() as s:
                    result: object = service.create_visit(
                        s, world.coord, customer_id=customers[round_], start=start,
                        end=start + dt.timedelta(hours=1), member_ids=teams[k],
                        purpose=VisitPurpose.OVERDUE, now=NOW,
                    )
            except Exception as exc:
                result = exc
            with lock:
                outcomes.append((round_, result))

        threads = [threading.Thread(target=desk, args=(k,)) for k in range(DESKS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    unexpected = [r for _n, r in outcomes
                  if not isinstance(r, service.VisitView | SchedulingRefused)]
    assert not unexpected, unexpected
    refusals = [r for _n, r in outcomes if isinstance(r, SchedulingRefused)]
    assert all(r.codes == ["too_many_visits"] for r in refusals), refusals
    with desks[0].session() as s:
        per_customer = dict(
            s.execute(
                select(Visit.customer_id, func.count())
                .where(Visit.customer_id.in_(customers))
                .group_by(Visit.customer_id)
            ).all()
        )
    # Exactly the cap: one visit per customer, every round.
    assert per_customer == dict.fromkeys(customers, 1)
    assert len(refusals) == ROUNDS * (DESKS - 1)
