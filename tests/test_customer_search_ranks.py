"""A search with thousands of matches (伟, 海, initials "ly") read rank by rank.

Each rank (exact, prefix, elsewhere) estimated at :data:`WALK_FROM` customers or more
is read by walking the list's sort index instead of reading every match and
sorting. Here the threshold is lowered so that a small table takes both ways:
they must give the same rows in the same order, page by page in both
directions, for every sort, on SQLite and PostgreSQL (which reads the ranked
query by default: its statistics choose better, :data:`READ_BY_RANK`).
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import event, text

from hvdesk.database import Database
from hvdesk.services import customer_list as cl
from hvdesk.services import customer_list_plan as planning
from hvdesk.services.customer_list import CustomerQuery, SortKey
from tests.factories import Org, make_org
from tests.test_customer_list_service import Spec, paged_ids, seed_customers

SEARCHES = ["伟", "张", "张伟", "伟明", "wei", "zw", "ly", "zhang", "li", "z"]


@pytest.fixture(autouse=True)
def _by_rank_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planning, "READ_BY_RANK", frozenset({"sqlite", "postgresql"}))


@pytest.fixture
def org(db: Database) -> Org:
    org = make_org(db)
    rng = random.Random(19)
    surnames, given = "张李王刘陈伟", "伟明芳娜强磊勇艳杰涛"
    # A character beyond U+FFFF after the prefix: outside the prefix range, ranked
    # elsewhere by both ways (not twice).
    names = ["伟", "伟明", "张伟", "张伟", "李伟", "张", "伟\U00020000", "张\U00020000伟"]
    names += ["".join((rng.choice(surnames), *rng.sample(given, rng.randint(1, 2))))
              for _ in range(240)]
    seed_customers(db, org.branch_id, [
        Spec(name, dpd=rng.choice((0, 0, 0, 5, 30, 61, 120)), overdue=str(rng.randint(0, 9) * 100))
        for name in names])
    return org


def _every(db: Database, org: Org, query: CustomerQuery) -> list[int]:
    with db.session() as s:
        return [r.id for r in cl.fetch_page(s, org.actors["coord1"], query, limit=500).rows]


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize(("sort", "descending"), [
    (SortKey.DAYS_PAST_DUE, True), (SortKey.NAME, False), (SortKey.OVERDUE_AMOUNT, False)])
def test_walking_the_sort_index_gives_the_rows_of_the_ranked_query(
    db: Database, org: Org, monkeypatch: pytest.MonkeyPatch, search: str, sort: SortKey,
    descending: bool,
) -> None:
    actor = org.actors["coord1"]
    query = CustomerQuery(search=search, sort=sort, descending=descending)
    monkeypatch.setattr(planning, "WALK_FROM", 10**9)
    with db.session() as s:
        assert cl.Plan(s, actor, query).walks is None
    ranked = _every(db, org, query)
    assert ranked, search
    monkeypatch.setattr(planning, "WALK_FROM", 1)
    with db.session() as s:
        walks = cl.Plan(s, actor, query).walks
        assert walks is not None and any(walks), search
        assert _every(db, org, query) == ranked
        assert paged_ids(s, actor, query, limit=3) == ranked
        rows = cl.fetch_page(s, actor, query, limit=500).rows
        for at in (1, len(rows) // 2, len(rows) - 1):
            before = cl.fetch_page(s, actor, query, before=rows[at].cursor, limit=4)
            assert [r.id for r in before.rows] == ranked[max(at - 4, 0):at]
        assert list(cl.matching_ids(s, actor, query, batch=4)) == ranked
        assert cl.count(s, actor, query) == len(ranked)


def test_a_big_rank_walks_the_sort_index(
    db: Database, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(planning, "WALK_FROM", 2)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE customer"))
            conn.execute(text("ANALYZE customer_search"))
    with db.session() as s:
        query = CustomerQuery(search="伟")
        walks = cl.Plan(s, org.actors["coord1"], query).walks
        # One customer named 伟 alone: that rank is read from the name index.
        assert walks is not None and not walks[0] and walks[2]
        stmt = cl.page_statement(s, org.actors["coord1"], query, limit=101)
        sql = str(stmt.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}))
        if db.engine.dialect.name == "sqlite":
            plan = "\n".join(r[-1] for r in s.execute(text("EXPLAIN QUERY PLAN " + sql)))
            assert "SEARCH customer USING INDEX ix_customer_list_dpd (branch_id=?)" in plan
            assert "ix_customer_list_name (branch_id=? AND name=?)" in plan  # the exact rank
            assert "SCAN customer" not in plan
        else:
            s.execute(text("SET LOCAL enable_seqscan = off"))
            plan = "\n".join(r[0] for r in s.execute(text("EXPLAIN " + sql)))
            assert "ux_customer_search_term" in plan
            assert "Seq Scan" not in plan


def test_postgresql_reads_pinyin_as_the_ranked_query_by_default(
    db: Database, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()
    monkeypatch.setattr(planning, "WALK_FROM", 1)
    with db.session() as s:
        for search in ("伟", "张伟"):  # a name's ranks: by rank on both
            assert cl.Plan(s, org.actors["coord1"], CustomerQuery(search=search)).walks
        walks = cl.Plan(s, org.actors["coord1"], CustomerQuery(search="ly")).walks
    assert (walks is None) == (db.engine.dialect.name == "postgresql")


def test_a_full_page_stops_before_the_later_ranks(
    db: Database, org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ranks are read in turn: a page filled by the names starting with 张 never reads
    the names holding 张 elsewhere (at 1M, 王: every one of 86,000 matches)."""
    monkeypatch.setattr(planning, "WALK_FROM", 1)
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    query = CustomerQuery(search="张")
    with db.session() as s:
        ranked = [r.id for r in cl.fetch_page(s, org.actors["coord1"], query, limit=500).rows]
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            page = cl.fetch_page(s, org.actors["coord1"], query, limit=5)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
    assert [r.id for r in page.rows] == ranked[:5]
    assert all(r.name.startswith("张") for r in page.rows)
    reads = [sql for sql in statements if "search_rank" in sql]
    assert len(reads) == 2, reads  # the exact rank and the prefix rank, not the third


@pytest.mark.parametrize("search", ["伟", "张", "李"])
def test_too_few_candidates_fall_back_to_the_plain_walk(
    db: Database, org: Org, monkeypatch: pytest.MonkeyPatch, search: str
) -> None:
    """A walked rank read through candidates from the side table (names holding the
    character, as many as a page and the prefix rank) gives the same rows when the
    candidates fall short: a customer named so since the prefix rank was counted."""
    monkeypatch.setattr(planning, "WALK_CANDIDATES", frozenset({"sqlite", "postgresql"}))
    actor = org.actors["coord1"]
    query = CustomerQuery(search=search)
    monkeypatch.setattr(planning, "WALK_FROM", 10**9)
    ranked = _every(db, org, query)
    monkeypatch.setattr(planning, "WALK_FROM", 1)
    monkeypatch.setattr(planning.Plan, "_beside", lambda self, part: (
        None if part.walk_ids is None else 0))
    with db.session() as s:
        paged = paged_ids(s, actor, query, limit=4)
    assert paged == ranked
