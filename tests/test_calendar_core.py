"""The calendar's core (issue 15): customers dropped at once, re-reading what changed."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from hvdesk import changes
from hvdesk.changes import OpChanges
from hvdesk.database import Database
from hvdesk.model import Customer, Visit, VisitPurpose, VisitStatus
from hvdesk.scheduling import calendar_query, create_many
from hvdesk.scheduling import service as scheduling
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.scheduling_helpers import NOW, THURSDAY, World, at, make_world


@pytest.fixture
def world(db: Database) -> World:
    return make_world(db)


@pytest.fixture
def heard() -> Iterator[list[OpChanges]]:
    got: list[OpChanges] = []
    unsubscribe = changes.subscribe(got.append)
    yield got
    unsubscribe()


def test_a_drop_of_three_customers_is_one_transaction_one_change(
    world: World, heard: list[OpChanges]
) -> None:
    wanted = world.customers[:3]
    with world.db.begin() as s:
        made = create_many.create_visits(
            s, world.coord, wanted, at(THURSDAY, 9), world.team(), 60, now=NOW
        )
    assert len(made.visit_ids) == 3 and made.refused == ()
    assert len(heard) == 1  # one commit for the three
    assert heard[0].ids("visit") == set(made.visit_ids)
    assert set(wanted) <= heard[0].customers
    with world.db.session() as s:
        rows = s.execute(select(Visit.customer_id, Visit.planned_start, Visit.planned_end,
                                Visit.purpose).where(Visit.id.in_(made.visit_ids))
                         .order_by(Visit.planned_start)).all()
    assert [r.customer_id for r in rows] == wanted
    assert rows[0].planned_start == at(THURSDAY, 9)
    for before, after in itertools.pairwise(rows):
        gap = after.planned_start - before.planned_end
        assert gap >= dt.timedelta(0) and gap.total_seconds() % (15 * 60) == 0
    assert all(r.purpose in (VisitPurpose.OVERDUE, VisitPurpose.POST_LOAN) for r in rows)


def test_a_refused_customer_leaves_nothing_and_the_next_takes_its_slot(
    db: Database, heard: list[OpChanges]
) -> None:
    world = make_world(db, do_not_visit=(1,))
    first, refused_one, third = world.customers[:3]
    heard.clear()
    with world.db.begin() as s:
        made = create_many.create_visits(
            s, world.coord, [first, refused_one, third], at(THURSDAY, 9), world.team(), 60,
            now=NOW,
        )
    assert len(made.visit_ids) == 2
    (refused,) = made.refused
    assert refused.customer_id == refused_one and refused.start > at(THURSDAY, 9)
    assert any(v.code == "do_not_visit" for v in refused.violations)
    with world.db.session() as s:
        assert s.scalar(select(Visit.id).where(Visit.customer_id == refused_one)) is None
        starts = {r.customer_id: r.planned_start for r in s.execute(
            select(Visit.customer_id, Visit.planned_start).where(Visit.id.in_(made.visit_ids)))}
    assert starts[third] == refused.start  # the refused one's slot went to the next
    assert len(heard) == 1 and heard[0].ids("visit") == set(made.visit_ids)


def test_changed_visits_puts_back_the_shown_and_names_the_gone(world: World) -> None:
    with world.db.begin() as s:
        made = create_many.create_visits(
            s, world.coord, world.customers[:2], at(THURSDAY, 9), world.team(), 60, now=NOW
        )
    kept, cancelled = made.visit_ids
    with world.db.begin() as s:
        scheduling.cancel_visit(s, world.coord, cancelled, "客户来电取消")
    with world.db.session() as s:
        blocks, gone = calendar_query.changed_visits(s, world.coord, [kept, cancelled, 999999])
    assert [b.id for b in blocks] == [kept]
    assert blocks[0].status is VisitStatus.PLANNED and blocks[0].customer_id == world.customers[0]
    assert gone == {cancelled, 999999}


def test_due_customers_of_just_the_named(world: World) -> None:
    due, not_due = world.customers[0], world.customers[3]
    with world.db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.execute(update(Customer).where(Customer.id == due).values(days_past_due=30))
    with world.db.session() as s:
        found = calendar_query.due_customers(s, world.coord, now=NOW,
                                             customer_ids=[due, not_due, 999999])
    assert [c.id for c in found] == [due]
