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

from sqlalchemy import ColumnElement, and_, case, func, or_, select, union

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
class Search:
    """The WHERE of one search and, for names and pinyin, its rank expression."""

    match: ColumnElement[bool]
    rank: ColumnElement[int] | None = None


def _with_terms(condition: ColumnElement[bool], branch: int | None) -> ColumnElement[bool]:
    """Customers having a term that meets ``condition`` (in ``branch``)."""
    inner = select(CustomerSearch.customer_id).where(condition)
    if branch is not None:
        inner = inner.where(CustomerSearch.branch_id == branch)
    return Customer.id.in_(inner)


def _with_any_terms(
    conditions: Sequence[ColumnElement[bool]], branch: int | None
) -> ColumnElement[bool]:
    """Customers having a term that meets any of ``conditions``: one index range each.

    A UNION, not an OR of the ranges: PostgreSQL answers an OR with a bitmap of
    the side table's pages, a page read per match (0.2-0.4 s for "ly", 36,000
    matches at 1M), and a union with an index-only range scan each (10 ms).
    """
    arms = []
    for condition in conditions:
        arm = select(CustomerSearch.customer_id).where(condition)
        if branch is not None:
            arm = arm.where(CustomerSearch.branch_id == branch)
        arms.append(arm)
    return Customer.id.in_(union(*arms))


def _ranked(exact: ColumnElement[bool], start: ColumnElement[bool]) -> ColumnElement[int]:
    return case((exact, RANK_EXACT), (start, RANK_PREFIX), else_=RANK_OTHER)


def search_condition(text: str, branch: int | None) -> Search | None:
    """How the list finds what was typed in the search box (None: nothing typed)."""
    kind, q = interpret_search(text)
    if kind is SearchKind.NONE:
        return None
    if kind is SearchKind.NAME:
        low = q.lower()
        if len(low) == 1:
            match = _with_terms(CustomerSearch.term == search_index.NAME_CHAR + low, branch)
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
            match = and_(*parts)
        return Search(match, _ranked(Customer.name == q, prefix(Customer.name, q)))
    # Numbers are ranked too (a phone before an ID number, a whole contract
    # number before a prefix): the ranked order is what keeps both databases
    # from walking the sort index in search of a few matches.
    if kind is SearchKind.LAST4:
        terms = (search_index.PHONE_LAST4 + q, search_index.ID_LAST4 + q)
        match = _with_terms(CustomerSearch.term.in_(terms), branch)
        return Search(match, _ranked(Customer.phone_last4 == q, Customer.id_last4 == q))
    if kind is SearchKind.ID_LAST4:
        match = _with_terms(CustomerSearch.term == search_index.ID_LAST4 + q, branch)
        return Search(match, _ranked(Customer.id_last4 == q, Customer.id_last4 == q))
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
    match = _with_any_terms(
        (
            prefix(CustomerSearch.term, full),
            prefix(CustomerSearch.term, given) if len(q) > GIVEN_PREFIX_MIN
            else CustomerSearch.term == given,
            prefix(CustomerSearch.term, search_index.INITIALS + q),
        ),
        branch,
    )
    term = CustomerSearch.term
    rank = _ranked(
        or_(Customer.name_initials == q, _with_terms(term == full, branch)),
        or_(prefix(Customer.name_initials, q), _with_terms(prefix(term, full), branch)),
    )
    return Search(match, rank)
