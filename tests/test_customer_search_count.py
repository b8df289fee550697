"""The list's count of a search is the number of rows the list shows, for every role.

A search alone, for an actor who sees the whole branch, is counted from the side
table's ids without reading customers (``Plan.side_ids``); visitors and reviewers see
part of their branch only and are counted on the customers. Both must give what
the list gives the same actor, with another branch holding the same names.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hvdesk.database import Database
from hvdesk.model import Branch
from hvdesk.services import audit
from hvdesk.services import customer_list as cl
from hvdesk.services.context import SYSTEM
from hvdesk.services.customer_list import CustomerQuery
from hvdesk.services.list_query import DpdBucket
from tests.scheduling_helpers import TUESDAY, World, make_world
from tests.test_customer_list_service import Spec, seed_customers
from tests.visitreport_helpers import make_visit

# A character, a bigram, pinyin (full, given, initials), the last four of a phone
# or ID number, a longer name, and searches finding nobody.
SEARCHES = ["张", "王五", "zhang", "wu", "zs", "z", "9001", "0001", "欧阳娜", "钱", "qq"]
WHOLE_BRANCH = ("admin", "coord1", "manager1")


@pytest.fixture
def world(db: Database) -> World:
    world = make_world(db)
    # visitor1 visits the first two customers; the reviewer has no report to see.
    for k in (0, 1):
        make_visit(world, customer=k, day=TUESDAY + dt.timedelta(days=1), hour=14 + 2 * k,
                   started=False)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        other = Branch(code="CQ01", name="重庆渝中支行", address="重庆市渝中区解放碑1号",
                       hotline="023-12345678")
        s.add(other)
        s.flush()
        other_id = other.id
    # The other branch holds the same names and numbers: a count that forgot the
    # branch would find them.
    seed_customers(db, other_id, [
        Spec("张三", phone="13900009001"), Spec("王五"), Spec("欧阳娜娜", dpd=40),
        Spec("张伟", id_number="510107199001010001")])
    return world


def _listed(db: Database, world: World, login: str, query: CustomerQuery) -> list[int]:
    with db.session() as s:
        return list(cl.matching_ids(s, world.actors[login], query, batch=2))


@pytest.mark.parametrize("login", [*WHOLE_BRANCH, "visitor1", "reviewer1"])
def test_the_count_of_a_search_is_what_the_list_shows(
    db: Database, world: World, login: str
) -> None:
    actor = world.actors[login]
    for search in SEARCHES:
        query = CustomerQuery(search=search)
        listed = _listed(db, world, login, query)
        with db.session() as s:
            side = cl.Plan(s, actor, query).side_ids()
            assert cl.count(s, actor, query) == len(listed), (login, search)
            assert cl.count(s, actor, query, cap=1) == min(len(listed), 2), (login, search)
        # Only a search alone, for the whole branch, is counted on the side table (a
        # name of three characters or more is confirmed on the name itself).
        assert (side is not None) == (login in WHOLE_BRANCH and search != "欧阳娜"), (
            login, search)
    with db.session() as s:
        filtered = CustomerQuery(search="张", dpd_bucket=DpdBucket.D31_60)
        assert cl.Plan(s, actor, filtered).side_ids() is None
        assert cl.count(s, actor, filtered) == len(_listed(db, world, login, filtered))


def test_visitors_and_the_admin_see_different_counts(db: Database, world: World) -> None:
    """The fixture means something: the roles' lists differ for one search."""
    seen = {login: len(_listed(db, world, login, CustomerQuery(search="z")))
            for login in ("admin", "coord1", "visitor1", "reviewer1")}
    assert seen["admin"] > seen["coord1"] > seen["visitor1"] > seen["reviewer1"] == 0
