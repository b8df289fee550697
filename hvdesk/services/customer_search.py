"""What the customer list's search box finds, answered from ``customer_search``.

One equality or prefix range on the side table's primary key finds the
customers (``hvdesk.model.search`` explains the terms): a character or bigram
anywhere in the name, full pinyin, a given name's pinyin, initials, the last
four of a phone or ID number; contract numbers come from the loan table's own
unique index. Names and pinyin are ranked: exact, then prefix, then elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    and_,
    case,
    func,
    not_,
    or_,
    select,
    union,
)

from hvdesk.model import Customer, CustomerSearch, LoanAccount
from hvdesk.model import search as search_index
from hvdesk.services.list_query import (
    CONTRACT_PREFIX_MIN,
    PREFIX_TOP,
    SearchKind,
    interpret_search,
)

#: A given name's pinyin is matched by prefix from this many letters on (whole before).
GIVEN_PREFIX_MIN = 2
#: Search ranks: the whole name (or pinyin, initials) typed, its start, elsewhere.
RANK_EXACT, RANK_PREFIX, RANK_OTHER = 0, 1, 2


def prefix(column: Any, value: str) -> ColumnElement[bool]:
    # A range, not LIKE: SQLite's LIKE is case-insensitive and skips the index.
    return and_(column >= value, column < value + PREFIX_TOP)


@dataclass(frozen=True, slots=True)
class Part:
    """The matches of one rank, for a list that reads each rank on its own.

    ``where`` holds exactly the matches of this rank (with the list's other
    conditions). ``size`` is a count of index entries on the side table or the
    name index whose value estimates how many customers that is.
    """

    rank: int
    where: ColumnElement[bool]
    size: ColumnElement[int]
    #: The same rows, written so that no index but the sort's can find them: a big
    #: rank is read by walking the sort index, not by its own index and a sort.
    walk_where: ColumnElement[bool] | None = None
    #: A wider condition the sort index and the side table alone can check (no customer
    #: row read per entry): every customer of this rank meets it, and besides them at
    #: most the customers of the ranks ``beside`` (as many as those parts' sizes say,
    #: when below :data:`SIZE_CAP`; more would only cost a second read).
    walk_ids: ColumnElement[bool] | None = None
    beside: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Search:
    """The WHERE of one search and, for names and pinyin, its rank expression."""

    match: ColumnElement[bool]
    rank: ColumnElement[int] | None = None
    #: The same matches split by rank (exact, prefix, elsewhere), when a rank may hold
    #: so many customers that walking the list's sort index beats looking each up.
    parts: tuple[Part, ...] = ()
    #: The match tests the name itself (three characters or more: the side table
    #: holds no terms that long), beyond the side-table terms.
    tests_name: bool = False
    #: Each of ``parts`` is one index range (the name's or one side-table term), which
    #: PostgreSQL's statistics estimate well enough to read rank by rank; pinyin ranks
    #: OR several terms, misjudged there (a table scan for "ly").
    plain_parts: bool = False
    #: The matching customer ids from the side table alone (one id once), when
    #: ``match`` is exactly "the customer is among them": a count for an actor who
    #: sees the whole branch needs no customer row (the side table's branch follows
    #: the customer's, ``hvdesk.model.search``).
    ids: Select | CompoundSelect | None = None


def _term_ids(condition: ColumnElement[bool], branch: int | None) -> Select:
    inner = select(CustomerSearch.customer_id).where(condition)
    if branch is not None:
        inner = inner.where(CustomerSearch.branch_id == branch)
    return inner


def _with_terms(condition: ColumnElement[bool], branch: int | None) -> ColumnElement[bool]:
    """Customers having a term that meets ``condition`` (in ``branch``)."""
    return Customer.id.in_(_term_ids(condition, branch))


def _any_term_ids(conditions: Sequence[ColumnElement[bool]], branch: int | None) -> CompoundSelect:
    """Ids of the customers having a term that meets any of ``conditions``: one index range each.

    A UNION, not an OR of the ranges: PostgreSQL answers an OR with a bitmap of
    the side table's pages, a page read per match (0.2-0.4 s for "ly", 36,000
    matches at 1M), and a union with an index-only range scan each (10 ms).
    """
    return union(*(_term_ids(condition, branch) for condition in conditions))


def _ranked(exact: ColumnElement[bool], start: ColumnElement[bool]) -> ColumnElement[int]:
    return case((exact, RANK_EXACT), (start, RANK_PREFIX), else_=RANK_OTHER)


#: Index entries an estimate reads at most (a covering index: ~0.1 ms per thousand).
SIZE_CAP = 20_000


def _capped(inner: Select) -> ColumnElement[int]:
    """How many rows ``inner`` gives, counting no further than :data:`SIZE_CAP`."""
    return select(func.count()).select_from(inner.limit(SIZE_CAP).subquery()).scalar_subquery()


def _side_size(condition: ColumnElement[bool], branch: int | None) -> ColumnElement[int]:
    inner = select(CustomerSearch.customer_id).where(condition)
    if branch is not None:
        inner = inner.where(CustomerSearch.branch_id == branch)
    return _capped(inner)


def _name_size(condition: ColumnElement[bool], branch: int | None) -> ColumnElement[int]:
    inner = select(Customer.id).where(condition)
    if branch is not None:  # (branch, name, id): counted in the index alone
        inner = inner.where(Customer.branch_id == branch)
    return _capped(inner)


def _name_parts(q: str, match: ColumnElement[bool], sizes: tuple[
        ColumnElement[int], ColumnElement[int], ColumnElement[int]]) -> tuple[Part, ...]:
    """Exact, then prefix, then elsewhere. A name that is or starts with ``q`` contains
    it: those two ranks need no side-table condition and are read from the name index."""
    exact, start = Customer.name == q, prefix(Customer.name, q)
    # The same comparisons on ``name || ''``, a value no index holds: tested on the
    # rows the walk reads, and exactly the complement of the third rank's.
    name = Customer.name.concat("")
    return (
        Part(RANK_EXACT, exact, sizes[0], name == q),
        Part(RANK_PREFIX, and_(start, not_(exact)), sizes[1],
             and_(prefix(name, q), name != q)),
        # Every name holding q, less those starting with it: at most the prefix
        # rank's size (exact names included) more than this rank.
        Part(RANK_OTHER, and_(match, not_(start)), sizes[2], walk_ids=match, beside=(RANK_PREFIX,)),
    )


def search_condition(text: str, branch: int | None) -> Search | None:
    """How the list finds what was typed in the search box (None: nothing typed)."""
    kind, q = interpret_search(text)
    if kind is SearchKind.NONE:
        return None
    if kind is SearchKind.NAME:
        low = q.lower()
        ids: Select | CompoundSelect | None = None
        if len(low) == 1:
            # One term: the side table's key (term, branch, customer) holds each id once.
            ids = _term_ids(CustomerSearch.term == search_index.NAME_CHAR + low, branch)
            match: ColumnElement[bool] = Customer.id.in_(ids)
        else:
            grams = [low[i : i + 2] for i in range(len(low) - 1)]
            # The first and last bigram narrow it down; the name itself confirms.
            picked = dict.fromkeys([grams[0], grams[-1]])
            parts = [
                _with_terms(CustomerSearch.term == search_index.NAME_BIGRAM + g, branch)
                for g in picked
            ]
            if len(low) > 2:
                parts.append(func.lower(Customer.name).contains(low, autoescape=True))
            else:
                ids = _term_ids(CustomerSearch.term == search_index.NAME_BIGRAM + low, branch)
            match = and_(*parts)
        exact, start = Customer.name == q, prefix(Customer.name, q)
        ranks: tuple[Part, ...] = ()
        if len(low) <= 2:
            # One side-table term holds every match: its count less the prefix
            # matches (names whose start is q all contain it) is the third rank.
            kind_of = search_index.NAME_CHAR if len(low) == 1 else search_index.NAME_BIGRAM
            every = kind_of + low
            starting = _name_size(start, branch)
            ranks = _name_parts(q, match, (
                _name_size(exact, branch), starting,
                _side_size(CustomerSearch.term == every, branch) - starting))
        return Search(match, _ranked(exact, start), ranks, tests_name=len(low) > 2,
                      plain_parts=True, ids=ids)
    # Numbers are ranked too (a phone before an ID number, a whole contract
    # number before a prefix): the ranked order is what keeps both databases
    # from walking the sort index in search of a few matches.
    if kind is SearchKind.LAST4:
        terms = (search_index.PHONE_LAST4 + q, search_index.ID_LAST4 + q)
        match = _with_terms(CustomerSearch.term.in_(terms), branch)
        # A phone and an ID number may end alike: two terms, one customer.
        return Search(match, _ranked(Customer.phone_last4 == q, Customer.id_last4 == q),
                      ids=_any_term_ids([CustomerSearch.term == t for t in terms], branch))
    if kind is SearchKind.ID_LAST4:
        ids = _term_ids(CustomerSearch.term == search_index.ID_LAST4 + q, branch)
        return Search(Customer.id.in_(ids), _ranked(Customer.id_last4 == q, Customer.id_last4 == q),
                      ids=ids)
    if kind is SearchKind.CONTRACT:
        whole = LoanAccount.contract_no == q
        found = whole if len(q) < CONTRACT_PREFIX_MIN else prefix(LoanAccount.contract_no, q)
        match = Customer.id.in_(select(LoanAccount.customer_id).where(found))
        exact = Customer.id.in_(select(LoanAccount.customer_id).where(whole))
        return Search(match, _ranked(exact, exact))
    # Latin letters: full pinyin, a given name's pinyin or the initials. Two
    # letters begin a tenth of all given names ("yi…"): a given name that short
    # is matched whole, longer ones by prefix.
    full = search_index.PINYIN_FULL + q
    given = search_index.PINYIN_GIVEN + q
    term = CustomerSearch.term
    initials = search_index.INITIALS + q
    given_terms = prefix(term, given) if len(q) > GIVEN_PREFIX_MIN else term == given
    matched = _any_term_ids((prefix(term, full), given_terms, prefix(term, initials)), branch)
    match = Customer.id.in_(matched)
    exact = or_(Customer.name_initials == q, _with_terms(term == full, branch))
    start = or_(prefix(Customer.name_initials, q), _with_terms(prefix(term, full), branch))
    # The initials are side-table terms too (the same function fills both): each
    # rank is found, and its size estimated, by its own terms on the side table.
    # What matches but does not start so can only be a given name.
    exact_terms = term.in_((initials, full))
    start_terms = or_(prefix(term, initials), prefix(term, full))
    exact_size = _side_size(exact_terms, branch)
    start_size = _side_size(start_terms, branch)
    ranks = (
        Part(RANK_EXACT, and_(_with_terms(exact_terms, branch), exact), exact_size),
        Part(RANK_PREFIX, and_(_with_terms(start_terms, branch), start, not_(exact)),
             start_size - exact_size),
        Part(RANK_OTHER, and_(_with_terms(given_terms, branch), not_(start)),
             _side_size(given_terms, branch)),
    )
    return Search(match, _ranked(exact, start), ranks, ids=matched)
