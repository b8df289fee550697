"""The line above the map: how many customers the list's filter leaves, of how many,
and how many of those the map cannot place (no coordinates).

Counted with the same query the map and the list use
(:class:`hvdesk.services.customer_list.Plan`), so the map never shows fewer
customers than the list without saying why.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk.geo import gazetteer
from hvdesk.mapping import cellstore
from hvdesk.model import Customer
from hvdesk.security import scope
from hvdesk.services import customer_list
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import CustomerQuery


@dataclass(frozen=True, slots=True)
class MapSummary:
    #: The customers the actor sees with no filter.
    everyone: int
    #: Those the filter leaves (the list's count).
    matching: int
    #: Those of ``matching`` with coordinates (the map's).
    located: int
    #: The filter's parts, as plain values for the UI to word: search text, region
    #: name, days-past-due bucket, next-visit state, do-not-visit flag.
    search: str = ""
    region: str = ""

    @property
    def unplaced(self) -> int:
        return self.matching - self.located


def summary(session: Session, actor: Actor, query: CustomerQuery | None) -> MapSummary:
    """Counts for the line above the map (a worker calls this once per filter)."""
    query = query or CustomerQuery()
    everyone = customer_list.count(session, actor, CustomerQuery())
    matching = everyone if _unfiltered(query) else customer_list.count(session, actor, query)
    return MapSummary(everyone, matching, _located(session, actor, query),
                      query.search.strip(), region_name(query.region))


def _unfiltered(query: CustomerQuery) -> bool:
    return query == CustomerQuery(sort=query.sort, descending=query.descending)


def _located(session: Session, actor: Actor, query: CustomerQuery) -> int:
    if cellstore.serves(query, customer_list.sees_whole_branch(actor)):
        # The stored counts hold every located customer once per level.
        stmt = cellstore.cells_statement(scope.branch_of(actor), query, cellstore.LEVELS[0],
                                         (0, 2**31 - 1), (0, 2**31 - 1))
        total = select(func.coalesce(func.sum(stmt.subquery().c[2]), 0))
        return int(session.connection().scalar(total) or 0)
    plan = customer_list.Plan(session, actor, query)
    inner = select(Customer.id).where(*plan.where(), Customer.latitude.is_not(None),
                                      Customer.longitude.is_not(None))
    return int(session.connection().scalar(select(func.count()).select_from(inner.subquery()))
               or 0)


def region_name(code: str) -> str:
    """"四川省成都市" for "5101": the division's name with its parents'."""
    if not code:
        return ""
    names = []
    for digits in (2, 4, 6):
        if len(code) >= digits:
            division = gazetteer.lookup(code[:digits].ljust(6, "0"))
            if division is not None and not division.is_placeholder:
                names.append(division.name)
    return "".join(names) or code

