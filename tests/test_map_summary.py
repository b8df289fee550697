"""The map's line of counts agrees with the list and with plain SQL (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from hvdesk.database import Database
from hvdesk.mapping.summary import region_name, summary
from hvdesk.model import Customer
from hvdesk.services import customer_list
from hvdesk.services.customer_list import CustomerQuery, DpdBucket
from tests.factories import Org, make_org
from tests.test_customer_list_service import Spec, seed_customers


@pytest.fixture
def org(db: Database) -> Org:
    return make_org(db)


def test_counts_say_how_many_the_filter_leaves_and_how_many_cannot_be_placed(
    db: Database, org: Org
) -> None:
    names = ["张伟", "张敏", "李娜", "王芳", "张静", "刘洋"] * 5
    ids = seed_customers(db, org.branch_id, [Spec(n, dpd=15 * (i % 4)) for i, n in
                                             enumerate(names)])
    with db.begin() as s:
        for n, cid in enumerate(ids):
            if n % 3:  # a third has no coordinates
                s.execute(update(Customer).where(Customer.id == cid).values(
                    latitude=30.6 + n / 1000, longitude=104.0 + n / 1000))
    actor = org.actors["coord1"]
    for query in (CustomerQuery(), CustomerQuery(search="张"),
                  CustomerQuery(dpd_bucket=DpdBucket.D1_30), CustomerQuery(region="5101")):
        with db.session() as s:
            got = summary(s, actor, query)
            everyone = s.scalar(select(func.count()).where(Customer.branch_id == org.branch_id))
            assert got.everyone == everyone
            assert got.matching == customer_list.count(s, actor, query)
            shown = {cid for cid in customer_list.matching_ids(s, actor, query, 10_000)}
            located = s.scalar(select(func.count()).where(
                Customer.id.in_(shown), Customer.latitude.is_not(None)))
            assert got.located == located and got.unplaced == len(shown) - located
    with db.session() as s:
        zhang = summary(s, actor, CustomerQuery(search="张"))
    assert zhang.matching == 15 and zhang.search == "张" and 0 < zhang.unplaced < 15


def test_region_names_read_as_written() -> None:
    assert region_name("5101") == "四川省成都市"
    assert region_name("") == ""
