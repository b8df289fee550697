"""The customer list: search, filters, sorting and keyset paging, all in SQL.

A branch holds up to a million customers, so nothing here loads a whole list:
every filter is an indexed condition, pages continue from a cursor
``(sort value, id)`` instead of an OFFSET (whose cost grows with the depth),
counts stop at a cap, and a jump to a far row costs one OFFSET over an index
(:func:`fetch_at`). Rows leave the session as frozen dataclasses with the
personal data already masked for the actor's role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hvdesk.errors import ValidationError
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import Customer, Visit, VisitStatus
from hvdesk.security import exposure, scope
from hvdesk.services.context import Actor
from hvdesk.services.customer_list_plan import PART_OF_BRANCH, Plan
from hvdesk.services.customer_list_plan import core as _core
from hvdesk.services.list_query import (
    CONTRACT_PREFIX_MIN,
    MAX_PAGE,
    OPEN_VISIT_STATUSES,
    Cursor,
    CustomerQuery,
    DpdBucket,
    NextVisitState,
    SearchKind,
    SortKey,
    dpd_bucket_of,
    interpret_search,
)

#: Re-exported from :mod:`hvdesk.services.list_query` for the list's callers.
__all__ = [
    "CONTRACT_PREFIX_MIN",
    "MAX_PAGE",
    "OPEN_VISIT_STATUSES",
    "Cursor",
    "CustomerQuery",
    "CustomerRow",
    "DpdBucket",
    "NextVisitState",
    "Page",
    "Plan",
    "SearchKind",
    "SortKey",
    "count",
    "district_label",
    "dpd_bucket_of",
    "fetch_at",
    "fetch_page",
    "fetch_rows",
    "interpret_search",
    "matching_ids",
    "page_statement",
    "page_statements",
    "row_index_of",
    "sees_whole_branch",
]


@dataclass(frozen=True, slots=True)
class CustomerRow:
    id: int
    #: As the one rule shows it to the actor (:mod:`hvdesk.security.exposure`).
    name: str
    id_number_masked: str
    phone_masked: str
    registered_adcode: str | None
    district: str
    days_past_due: int
    overdue_amount: Decimal
    do_not_visit: bool
    updated_at: dt.datetime
    #: Expected value of a visit as of ``visit_value_on`` (None: not ranked yet).
    visit_value: Decimal
    visit_value_on: dt.date | None
    next_visit_at: dt.datetime | None
    next_visit_status: VisitStatus | None
    cursor: Cursor


@dataclass(frozen=True, slots=True)
class Page:
    rows: tuple[CustomerRow, ...]
    #: None when this page reached the end of the list.
    next_cursor: Cursor | None


_ROW_COLUMNS = (
    Customer.id,
    Customer.name,
    Customer.id_region,
    Customer.id_last4,
    Customer.phone_prefix,
    Customer.phone_last4,
    Customer.registered_adcode,
    Customer.days_past_due,
    Customer.overdue_amount,
    Customer.do_not_visit,
    Customer.updated_at,
    Customer.visit_value,
    Customer.visit_value_on,
)


def page_statement(
    session: Session,
    actor: Actor,
    query: CustomerQuery,
    *,
    after: Cursor | None = None,
    before: Cursor | None = None,
    limit: int = 100,
) -> Select:
    """The SELECT behind one page (public so the bench can run it raw)."""
    plan = Plan(session, actor, query)
    if before is not None:
        return plan.ordered(_ROW_COLUMNS, before, reverse=True, limit=limit)
    return plan.ordered(_ROW_COLUMNS, after, limit=limit)


def page_statements(
    session: Session, actor: Actor, query: CustomerQuery, *, limit: int = 100
) -> list[Select]:
    """The SELECTs the first page reads one after the other until ``limit`` rows are
    found (one, unless a search is read rank by rank; for the bench)."""
    plan = Plan(session, actor, query)
    pieces = plan.in_turn(_ROW_COLUMNS, limit=limit)
    return pieces if pieces is not None else [plan.ordered(_ROW_COLUMNS, limit=limit)]


# --- rows -----------------------------------------------------------------------


@lru_cache(maxsize=4096)
def district_label(code: str | None) -> str:
    """``成都市武侯区``: city and district, no province (the column is narrow)."""
    if not code:
        return ""
    division = gazetteer.lookup(code)
    if division is None:
        return code
    if division.level is gazetteer.Level.DISTRICT:
        city = gazetteer.city_name(code) or gazetteer.province_name(code) or ""
        return division.name if division.name.startswith(city) else city + division.name
    return gazetteer.full_name(code) or division.name


def _check_limit(limit: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationError("limit", msg("services.customer_list.page_holds_max",
                "a page holds 1 to {MAX_PAGE} rows",
                MAX_PAGE=MAX_PAGE))


def _next_visits(
    session: Session, ids: Sequence[int]
) -> dict[int, tuple[dt.datetime, VisitStatus]]:
    if not ids:
        return {}
    rows = _core(session).execute(
        select(Visit.customer_id, Visit.planned_start, Visit.status)
        .where(Visit.customer_id.in_(ids), Visit.status.in_(OPEN_VISIT_STATUSES))
        .order_by(Visit.customer_id, Visit.planned_start)
    )
    found: dict[int, tuple[dt.datetime, VisitStatus]] = {}
    for customer_id, start, status in rows:
        found.setdefault(customer_id, (start, status))
    return found


def _rows(session: Session, actor: Actor, query: CustomerQuery, stmt: Select) -> list[CustomerRow]:
    return _shown(session, actor, query, _core(session).execute(stmt).all())


def _shown(
    session: Session, actor: Actor, query: CustomerQuery, raw: Sequence[Any]
) -> list[CustomerRow]:
    visits = _next_visits(session, [r.id for r in raw])
    shown_name = exposure.namer(actor)
    sort_attr = query.sort.value
    out = []
    for r in raw:
        start, status = visits.get(r.id, (None, None))
        out.append(
            CustomerRow(
                id=r.id,
                name=shown_name(r.name),
                id_number_masked=exposure.id_number(actor, r.id_region, r.id_last4),
                phone_masked=exposure.phone(actor, r.phone_prefix, r.phone_last4),
                registered_adcode=r.registered_adcode,
                district=district_label(r.registered_adcode),
                days_past_due=r.days_past_due,
                overdue_amount=Decimal(r.overdue_amount),
                do_not_visit=bool(r.do_not_visit),
                updated_at=r.updated_at,
                visit_value=r.visit_value,
                visit_value_on=r.visit_value_on,
                next_visit_at=start,
                next_visit_status=status,
                # The raw value, never the masked name: the cursor goes back to SQL.
                cursor=Cursor(getattr(r, sort_attr), r.id, getattr(r, "search_rank", None)),
            )
        )
    return out


def fetch_page(
    session: Session,
    actor: Actor,
    query: CustomerQuery,
    after: Cursor | None = None,
    limit: int = 100,
    *,
    before: Cursor | None = None,
) -> Page:
    """Up to ``limit`` rows after ``after`` (or, with ``before``, just before it).

    With ``before`` the rows still come in list order and ``next_cursor`` is
    the cursor of the last row given (the caller already has what follows).
    """
    if after is not None and before is not None:
        raise ValidationError("cursor", msg("services.customer_list.page_after_before",
                "page after or before a cursor, not both"))
    _check_limit(limit)
    plan = Plan(session, actor, query)
    if before is not None:
        raw = plan.read(_ROW_COLUMNS, before, reverse=True, limit=limit + 1)
    else:
        raw = plan.read(_ROW_COLUMNS, after, limit=limit + 1)
    rows = _shown(session, actor, query, raw)
    more = len(rows) > limit
    rows = rows[:limit]
    if before is not None:
        rows.reverse()
        return Page(tuple(rows), rows[-1].cursor if rows else None)
    return Page(tuple(rows), rows[-1].cursor if more else None)


def fetch_at(
    session: Session, actor: Actor, query: CustomerQuery, offset: int, limit: int = 100
) -> Page:
    """The page starting at row ``offset``: for a jump (scroll bar dragged far down).

    The one place an OFFSET is used, once per jump: it reads only the sort
    value and id of the row before the page (from the index where it can),
    and the page itself follows by cursor.
    """
    if offset < 0:
        raise ValidationError("offset", msg("services.customer_list.offset_negative",
                "offset cannot be negative"))
    _check_limit(limit)
    if offset == 0:
        return fetch_page(session, actor, query, limit=limit)
    plan = Plan(session, actor, query)
    mark = (
        _core(session)
        .execute(
            select(*plan.key_columns())
            .where(*plan.where())
            .order_by(*plan.order())
            .offset(offset - 1)
            .limit(1)
        )
        .first()
    )
    if mark is None:
        return Page((), None)
    rank = mark[2] if len(mark) > 2 else None
    return fetch_page(session, actor, query, Cursor(mark[0], mark[1], rank), limit)


def sees_whole_branch(actor: Actor) -> bool:
    """Whether the list shows the actor every customer of their branch (all branches: admin).

    Visitors and reviewers see the customers of their own visits and reports only.
    """
    return scope.branch_of(actor) is None or actor.role not in PART_OF_BRANCH


def count(session: Session, actor: Actor, query: CustomerQuery, cap: int | None = None) -> int:
    """How many customers match; with ``cap``, stops counting at ``cap + 1``.

    The capped form reads at most ``cap + 1`` index entries, so a status line
    can say "more than 10,000" at once instead of counting a million rows.
    """
    plan = Plan(session, actor, query)
    side = plan.side_ids()
    if side is not None:
        inner = side if cap is None else side.limit(cap + 1)
        return int(_core(session).scalar(select(func.count()).select_from(inner.subquery())) or 0)
    counted: tuple[Any, ...] = (Customer.id,)
    if plan.search is not None and plan.search.tests_name:
        # The name itself confirms these matches: an index holding the name would
        # answer the count alone by reading all of it (a million entries, 250-430 ms
        # for 张晓力). A column it lacks keeps the count on the side table's few ids.
        counted = (Customer.id, Customer.days_past_due)
    inner = select(*counted).where(*plan.where())
    if cap is not None:
        inner = inner.limit(cap + 1)
    return int(_core(session).scalar(select(func.count()).select_from(inner.subquery())) or 0)


def row_index_of(
    session: Session, actor: Actor, query: CustomerQuery, customer_id: int
) -> int | None:
    """The row a customer is on in this list, or None when the list does not show them."""
    plan = Plan(session, actor, query)
    conditions = plan.where()
    found = _core(session).execute(
        select(*plan.key_columns()).where(Customer.id == customer_id, *conditions)
    ).first()
    if found is None:
        return None
    rank = found[2] if len(found) > 2 else None
    ahead = select(Customer.id).where(
        *conditions, plan.beyond(Cursor(found[0], customer_id, rank), reverse=True)
    )
    return int(_core(session).scalar(select(func.count()).select_from(ahead.subquery())) or 0)


def matching_ids(
    session: Session, actor: Actor, query: CustomerQuery, batch: int = 2000
) -> Iterator[int]:
    """Every matching id in list order, read by cursor in batches (for bulk actions)."""
    plan = Plan(session, actor, query)
    cursor: Cursor | None = None
    while True:
        chunk = plan.read((plan.sort_column, Customer.id), cursor, limit=batch)
        for row in chunk:
            yield row[1]
        if len(chunk) < batch:
            return
        last = chunk[-1]
        cursor = Cursor(last[0], last[1], last[2] if len(last) > 2 else None)


def fetch_rows(
    session: Session, actor: Actor, query: CustomerQuery, ids: Sequence[int]
) -> list[CustomerRow]:
    """The rows of these customers that ``query`` still shows, in list order.

    For a list that follows changes: re-reading just the customers a change
    names (by primary key) instead of the page they are on. Customers the
    query no longer matches, or the actor may not see, are simply absent.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return []
    plan = Plan(session, actor, query)
    out: list[CustomerRow] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        stmt = (select(*_ROW_COLUMNS).where(Customer.id.in_(chunk), *plan.where())
                .order_by(*plan.order()))
        out.extend(_rows(session, actor, query, stmt))
    return out
