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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from hvdesk.errors import ValidationError
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import Customer, Visit, VisitStatus
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor
from hvdesk.services.customer_search import prefix as _prefix
from hvdesk.services.customer_search import search_condition
from hvdesk.services.list_query import (
    BUCKET_RANGES,
    CONTRACT_PREFIX_MIN,
    MAX_PAGE,
    OPEN_VISIT_STATUSES,
    SORT_COLUMNS,
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


# --- building the statement -----------------------------------------------------
#
# A search is answered from the side table ``customer_search``
# (hvdesk.model.search): one equality or prefix range on its primary key gives
# the matching customers, on SQLite and PostgreSQL alike, and the results are
# ranked (exact, then prefix, then elsewhere in the name) before the list's
# sort. No index gives that order, so neither database is tempted to walk the
# sort index looking for the few matches: the search drives the query.
#
# Without a search, SQLite still needs a decision that PostgreSQL's statistics
# make on their own: a narrow filter (region, a visit state) either drives the
# query through its own index and its rows are sorted, or the list walks the
# (branch, sort column, id) index and filters as it goes. SQLite plans without
# statistics, so the service counts (capped, on an index) the rows of each
# narrow filter and imposes the choice with SQLite's unary "+".

#: A search rank with about this many customers or more is read by walking the
#: list's sort index (each entry checked against the side table's ids, a customer
#: row read only for those in it) instead of reading every match and sorting:
#: 5,000 lookups cost about what walking 200 x 1M / 5,000 index entries does.
WALK_FROM = 5_000

#: At most this many rows are fetched by a narrow filter and sorted. Either plan
#: costs about one table lookup per row it reads: driving reads the term's
#: matches m, walking reads page * rows / m, equal near sqrt(100 * 1M) = 10,000.
DRIVE_LIMIT = 10_000

_Hide = Callable[[Any], Any]
#: Roles that see only some customers of their branch (hvdesk.security.scope).
_PART_OF_BRANCH = frozenset({Role.VISITOR, Role.REVIEWER})


def _plain(column: Any) -> Any:
    return column


def _hidden(column: Any) -> Any:
    """``+column``: same value, but SQLite will not use an index for it."""
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


@dataclass(frozen=True, slots=True)
class _Term:
    build: Callable[[_Hide], ColumnElement[bool]]
    #: A narrow term can drive the query through its own index.
    narrow: bool = True
    #: A range of the (branch, sort column, id) index when the list sorts by this.
    on_sort: SortKey | None = None


def _terms(actor: Actor, query: CustomerQuery) -> list[_Term]:
    actor.require(Permission.CUSTOMER_VIEW)
    terms: list[_Term] = []
    if query.region:
        region = query.region
        terms.append(_Term(lambda h: _prefix(h(Customer.registered_adcode), region)))
    if query.dpd_bucket is not None:
        low, high = BUCKET_RANGES[query.dpd_bucket]
        terms.append(
            _Term(
                lambda h: (
                    h(Customer.days_past_due).between(low, high)
                    if high is not None
                    else h(Customer.days_past_due) >= low
                ),
                on_sort=SortKey.DAYS_PAST_DUE,
            )
        )
    if query.next_visit is NextVisitState.NONE:
        terms.append(
            _Term(
                lambda h: (
                    ~exists().where(
                        Visit.customer_id == Customer.id, Visit.status.in_(OPEN_VISIT_STATUSES)
                    )
                ),
                narrow=False,
            )
        )
    elif query.next_visit is not None:
        # Driven from the (small) visit table through its status index.
        status = VisitStatus(query.next_visit.value)
        terms.append(
            _Term(
                lambda h: h(Customer.id).in_(
                    select(Visit.customer_id).where(Visit.status == status)
                )
            )
        )
    if query.do_not_visit is not None:
        flag = query.do_not_visit
        # "Do not visit" is rare, its opposite is nearly everybody.
        terms.append(_Term(lambda h: h(Customer.do_not_visit).is_(flag), narrow=flag))
    return terms


class Plan:
    """The WHERE, ORDER BY and keyset terms of one list query, planned as above."""

    def __init__(self, session: Session, actor: Actor, query: CustomerQuery) -> None:
        self.query = query
        self._branch = scope.branch_of(actor)
        # Visitors and reviewers see part of their branch only (hvdesk.security.scope).
        self._narrowed = None if self._branch is None or actor.role not in _PART_OF_BRANCH else (
            scope.customer_filter(actor))
        self._terms = _terms(actor, query)
        self.search = search_condition(query.search, self._branch)
        #: The search rank, ordered before the sort column (None: no ranking).
        self.rank = self.search.rank if self.search is not None else None
        self._driver: _Term | None = None
        sqlite = session.get_bind().dialect.name == "sqlite"
        if sqlite and self.search is None:
            self._driver = self._pick_driver(session)
        # SQLite seeks a row value only on its first column after the branch: a
        # cursor inside a big tie (dpd 0 is most of a branch) would walk the tie.
        self._split_cursor = sqlite and self._driver is None and self.search is None
        self._hide_others: _Hide = _hidden if sqlite and self.search is None else _plain
        # Walking the sort index needs the branch and the sort column visible;
        # a driven query must not be tempted by that index.
        self.sort_column = SORT_COLUMNS[query.sort]
        self._key: Any = (
            self._hide_others(self.sort_column) if self._driver is not None else self.sort_column
        )
        self._sqlite = sqlite
        #: Per search rank, whether its rows are read by walking the sort index (None:
        #: the whole search is one query, ranked and sorted).
        self.walks: tuple[bool, ...] | None = None
        if self.search is not None and self.search.parts and not self._terms \
                and self._narrowed is None:
            sizes = _core(session).execute(select(*(p.size for p in self.search.parts))).one()
            walks = tuple(int(size or 0) >= WALK_FROM for size in sizes)
            self.walks = walks if any(walks) else None

    def _pick_driver(self, session: Session) -> _Term | None:
        best: tuple[int, _Term] | None = None
        for term in self._terms:
            if not term.narrow:
                continue
            probe = select(Customer.id).where(term.build(_plain)).limit(DRIVE_LIMIT + 1)
            found = _core(session).scalar(select(func.count()).select_from(probe.subquery())) or 0
            if found <= DRIVE_LIMIT and (best is None or found < best[0]):
                best = (found, term)
        return best[1] if best else None

    def where(self, *, search: bool = True) -> list[ColumnElement[bool]]:
        out = []
        if self._branch is not None:
            hide = self._hide_others if self._driver is not None else _plain
            out.append(hide(Customer.branch_id) == self._branch)
        if self._narrowed is not None:
            out.append(self._narrowed)
        if self.search is not None and search:
            out.append(self.search.match)
        for term in self._terms:
            visible = term is self._driver or (
                self._driver is None and self.search is None and term.on_sort is self.query.sort
            )
            out.append(term.build(_plain if visible else self._hide_others))
        return out

    def order(self, reverse: bool = False) -> tuple[Any, ...]:
        ranked: tuple[Any, ...] = ()
        if self.rank is not None:
            ranked = (self.rank.desc() if reverse else self.rank.asc(),)
        if self.query.descending != reverse:
            return *ranked, self._key.desc(), Customer.id.desc()
        return *ranked, self._key.asc(), Customer.id.asc()

    def key_columns(self) -> tuple[Any, ...]:
        """What a cursor is made of: sort value, id and (ranked) the rank."""
        ranked = () if self.rank is None else (self.rank.label("search_rank"),)
        return self.sort_column, Customer.id, *ranked

    def beyond(self, cursor: Cursor, reverse: bool = False) -> ColumnElement[bool]:
        """Rows after ``cursor`` in list order (before it when ``reverse``).

        A row value, so that both databases seek straight to (value, id) in the
        composite index instead of walking the ties of a common value.
        """
        key = tuple_(self._key, Customer.id)
        mark = tuple_(literal(cursor.value, self.sort_column.type), literal(cursor.id, Integer()))
        after = key < mark if self.query.descending != reverse else key > mark
        if self.rank is None or cursor.rank is None:
            return after
        rank = literal(cursor.rank, Integer())
        later = self.rank < rank if reverse else self.rank > rank
        return or_(later, and_(self.rank == rank, after))

    def ordered(
        self,
        columns: Sequence[Any],
        cursor: Cursor | None = None,
        reverse: bool = False,
        limit: int | None = None,
    ) -> Select:
        """SELECT ``columns`` in list order, after ``cursor`` (before it if ``reverse``).

        A ranked search adds the rank as a last column, ``search_rank``.
        Where SQLite walks the sort index, the rows after a cursor are two
        seeks: the rest of the cursor's value by id, then the values beyond;
        each stops at ``limit`` and the union of at most 2 x limit is sorted.
        """
        if self.walks is not None:
            return self._by_rank(columns, cursor, reverse, limit)
        if self.rank is not None:
            columns = (*columns, self.rank.label("search_rank"))
        base = select(*columns).where(*self.where())
        if cursor is None or not self._split_cursor or limit is None:
            stmt = base if cursor is None else base.where(self.beyond(cursor, reverse))
            return stmt.order_by(*self.order(reverse)).limit(limit)
        value = literal(cursor.value, self.sort_column.type)
        down = self.query.descending != reverse
        same = base.where(
            self._key == value, Customer.id < cursor.id if down else Customer.id > cursor.id
        )
        same = same.order_by(Customer.id.desc() if down else Customer.id.asc()).limit(limit)
        rest = base.where(self._key < value if down else self._key > value)
        rest = rest.order_by(*self.order(reverse)).limit(limit)
        both = union_all(same.subquery().select(), rest.subquery().select()).subquery()
        key, ident = both.c[self.sort_column.key], both.c["id"]
        order = (key.desc(), ident.desc()) if down else (key.asc(), ident.asc())
        return select(*(both.c[c.key] for c in columns)).order_by(*order).limit(limit)

    def _by_rank(
        self, columns: Sequence[Any], cursor: Cursor | None, reverse: bool, limit: int | None
    ) -> Select:
        """A search read rank by rank: each rank's first ``limit`` rows in list order,
        the big ranks by walking the sort index, the small ones ranked and sorted."""
        assert self.search is not None and self.walks is not None and self.rank is not None
        down = self.query.descending != reverse
        walk_order = (self._key.desc(), Customer.id.desc()) if down else (
            self._key.asc(), Customer.id.asc())
        base = self.where(search=False)
        pieces: list[Select] = []
        for part, walk in zip(self.search.parts, self.walks, strict=True):
            at = None if cursor is None or cursor.rank is None else cursor.rank
            if at is not None and (part.rank > at if reverse else part.rank < at):
                continue  # a rank the cursor is past
            shown = (*columns, literal(part.rank, Integer()).label("search_rank"))
            found = part.walk_where if walk and part.walk_where is not None else part.where
            stmt = select(*shown).where(*base, found)
            # A small rank is ordered by the rank first, which no index gives: it is
            # read from its own condition's index and sorted, never walked.
            order = walk_order if walk else self.order(reverse)
            if cursor is None or (at is not None and part.rank != at):
                pieces.append(stmt.order_by(*order).limit(limit))
                continue
            if walk and self._sqlite and limit is not None:
                # As in ``ordered``: SQLite seeks a row value on its first column only.
                value = literal(cursor.value, self.sort_column.type)
                tie = Customer.id < cursor.id if down else Customer.id > cursor.id
                pieces.append(stmt.where(self._key == value, tie).order_by(
                    Customer.id.desc() if down else Customer.id.asc()).limit(limit))
                stmt = stmt.where(self._key < value if down else self._key > value)
            else:
                stmt = stmt.where(self.beyond(Cursor(cursor.value, cursor.id), reverse))
            pieces.append(stmt.order_by(*order).limit(limit))
        every = union_all(*(piece.subquery().select() for piece in pieces)).subquery()
        rank, key, ident = every.c["search_rank"], every.c[self.sort_column.key], every.c["id"]
        order = (key.desc(), ident.desc()) if down else (key.asc(), ident.asc())
        outer = (rank.desc() if reverse else rank.asc(), *order)
        return select(*(every.c[c.key] for c in (*columns, rank))).order_by(*outer).limit(limit)


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


def _core(session: Session) -> Connection:
    """The session's connection: these reads select plain columns, and Core skips
    the ORM's per-row loading machinery (a third of a page's time on SQLite)."""
    return session.connection()


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
    raw = _core(session).execute(stmt).all()
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
    stmt = page_statement(session, actor, query, after=after, before=before, limit=limit + 1)
    rows = _rows(session, actor, query, stmt)
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
    return scope.branch_of(actor) is None or actor.role not in _PART_OF_BRANCH


def count(session: Session, actor: Actor, query: CustomerQuery, cap: int | None = None) -> int:
    """How many customers match; with ``cap``, stops counting at ``cap + 1``.

    The capped form reads at most ``cap + 1`` index entries, so a status line
    can say "more than 10,000" at once instead of counting a million rows.
    """
    inner = select(Customer.id).where(*Plan(session, actor, query).where())
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
        stmt = plan.ordered((plan.sort_column, Customer.id), cursor, limit=batch)
        chunk = _core(session).execute(stmt).all()
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
