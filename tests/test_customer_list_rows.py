"""``fetch_rows``: the rows a change names, re-read for a list that follows the change hub."""

from __future__ import annotations

from hvdesk.database import Database
from hvdesk.services import customer_list as cl
from hvdesk.services.customer_list import CustomerQuery, SortKey
from tests.factories import Org
from tests.test_customer_list_service import coord, org, people  # noqa: F401 (fixtures)


def test_rows_of_named_customers_as_the_page_shows_them(
    db: Database, org: Org, people: dict[str, int]  # noqa: F811
) -> None:
    query = CustomerQuery(sort=SortKey.NAME)
    wanted = [people["张三"], people["王芳"]]
    with db.session() as s:
        page = {r.id: r for r in cl.fetch_page(s, coord(org), query, limit=100).rows}
        rows = cl.fetch_rows(s, coord(org), query, wanted)
    # The same values and cursors as the page gives, in list order.
    assert [r.id for r in rows] == [i for i in page if i in wanted]
    assert all(r == page[r.id] for r in rows)


def test_customers_the_query_or_the_actor_does_not_show_are_left_out(
    db: Database, org: Org, people: dict[str, int]  # noqa: F811
) -> None:
    with db.session() as s:
        narrowed = cl.fetch_rows(s, coord(org), CustomerQuery(search="张"),
                                 [people["张三"], people["王芳"], 999_999])
        assert [r.name for r in narrowed] == ["张三"]
        # A visitor sees the customers of his own visits only.
        visitor = org.actors["visitor1"]
        assert cl.fetch_rows(s, visitor, CustomerQuery(), list(people.values())) == []
        assert cl.fetch_rows(s, coord(org), CustomerQuery(), []) == []
