"""How the customer list's query is planned: which index drives it, on both databases.

The SELECT itself is built here (:class:`Plan`); :mod:`hvdesk.services.customer_list`
reads pages, counts and rows with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
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

from hvdesk.model import Customer, Visit, VisitStatus
from hvdesk.security import scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor
from hvdesk.services.customer_search import SIZE_CAP, search_condition
from hvdesk.services.customer_search import prefix as _prefix
from hvdesk.services.list_query import (
    BUCKET_RANGES,
    OPEN_VISIT_STATUSES,
    SORT_COLUMNS,
    Cursor,
    CustomerQuery,
    NextVisitState,
    SortKey,
)

# A search is answered from the side table ``customer_search``
# (hvdesk.model.search): one equality or prefix range on its primary key gives
# the matching customers, on SQLite and PostgreSQL alike, and the results are
# ranked (exact, then prefix, then elsewhere in the name) before the list's
# sort. No index gives that order, so neither database is tempted to walk the
# sort index looking for the few matches: the search drives the query. A rank
# with thousands of customers (伟, 海: a tenth of the names hold one of a few
# dozen characters) is the exception: reading all of them costs more than
# walking the sort index until a page of them has passed, so each rank is
# estimated first (capped counts on covering indexes) and a big one is read on
# its own, ordered by the sort alone (``Plan.walks``, ``_by_rank``).
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
#: Databases whose big search ranks are read on their own whatever the search.
#: PostgreSQL chooses between looking matches up and walking an index by its
#: statistics, and for pinyin its choices for the ranked query were the better
#: ones (the bench's 33 pinyin terms at 1M: 537 ms in all ranked, 875 by rank even
#: with each rank's own terms walked on the side table; "yi" 76 against 425 ms: it
#: misjudges the ranks' OR'ed conditions). A name's ranks
#: (``Search.plain_parts``) it estimates well, and reads them by rank too: 红
#: 87 -> 28 ms, 王 860 ms (every match looked up and sorted) -> 3 ms.
READ_BY_RANK = frozenset({"sqlite"})

#: Databases where a walked rank checks the side table on the sort index alone and
#: reads only its candidates' rows (``Part.walk_ids``). PostgreSQL reads a heap page
#: per walked entry otherwise (英 at 1M: 16,000 rows, 167 ms against 53 ms); SQLite
#: reads them through its memory map and the subquery's temporary index costs more
#: (a name search's page 12.5-13.5 ms without against 16-18 ms with).
WALK_CANDIDATES = frozenset({"postgresql"})

#: At most this many rows are fetched by a narrow filter and sorted. Either plan
#: costs about one table lookup per row it reads: driving reads the term's
#: matches m, walking reads page * rows / m, equal near sqrt(100 * 1M) = 10,000.
DRIVE_LIMIT = 10_000

_Hide = Callable[[Any], Any]
#: Roles that see only some customers of their branch (hvdesk.security.scope).
PART_OF_BRANCH = frozenset({Role.VISITOR, Role.REVIEWER})


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
        self._narrowed = None if self._branch is None or actor.role not in PART_OF_BRANCH else (
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
        self._dialect = session.get_bind().dialect.name
        self._session = session
        #: The search ranks' estimated sizes, once ``walks`` has asked for them.
        self._sizes: tuple[int, ...] = ()

    @cached_property
    def walks(self) -> tuple[bool, ...] | None:
        """Per search rank, whether its rows are read by walking the sort index (None:
        the whole search is one query, ranked and sorted). Estimated only for a page:
        counts and lookups by id read the matches whichever way."""
        if self.search is None or not self.search.parts or self._terms \
                or self._narrowed is not None:
            return None  # a filter or a visitor's few customers narrow it further
        if self._dialect not in READ_BY_RANK and not self.search.plain_parts:
            return None
        parts = self.search.parts
        sizes = core(self._session).execute(select(*(p.size for p in parts))).one()
        self._sizes = tuple(int(size or 0) for size in sizes)
        walks = tuple(size >= WALK_FROM for size in self._sizes)
        return walks if any(walks) else None

    def side_ids(self) -> Select | CompoundSelect | None:
        """The matching ids from the side table alone, where they are exactly the ids
        the list shows: a search and nothing else, for an actor who sees the whole
        branch (or every branch). A count of 13,000 matches re-checking each
        customer's branch read a million index entries on PostgreSQL (138-350 ms);
        the side table's rows carry the customer's branch, kept with it."""
        if self.search is None or self.search.ids is None or self._terms \
                or self._narrowed is not None:
            return None
        return self.search.ids

    def _pick_driver(self, session: Session) -> _Term | None:
        best: tuple[int, _Term] | None = None
        for term in self._terms:
            if not term.narrow:
                continue
            probe = select(Customer.id).where(term.build(_plain)).limit(DRIVE_LIMIT + 1)
            found = core(session).scalar(select(func.count()).select_from(probe.subquery())) or 0
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
        pieces = self.in_turn(columns, cursor, reverse, limit)
        if pieces is not None:
            return self._union(columns, pieces, reverse, limit)
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

    def in_turn(
        self, columns: Sequence[Any], cursor: Cursor | None = None, reverse: bool = False,
        limit: int | None = None,
    ) -> list[Select] | None:
        """A search read rank by rank (None: not this one): statements whose rows, one
        after the other, are the list in order, each of at most ``limit`` rows; the big
        ranks walk the sort index, the small ones are ranked and sorted. Read one after
        the other, a full page stops before the later ranks (王: the names holding it
        after the first character are found only by reading all 86,000 matches)."""
        pieces = self._pieces(columns, cursor, reverse, limit)
        return None if pieces is None else [piece for piece, _ in pieces]

    def _pieces(
        self, columns: Sequence[Any], cursor: Cursor | None, reverse: bool, limit: int | None,
    ) -> list[tuple[Select, Select | None]] | None:
        """:meth:`in_turn`'s statements, each with the plain walk to read instead when
        it was read through candidates and gave fewer rows than asked (the end of its
        rank; or customers added meanwhile made the candidates too few)."""
        if self.walks is None:
            return None
        assert self.search is not None and self.rank is not None
        down = self.query.descending != reverse
        walk_order = (self._key.desc(), Customer.id.desc()) if down else (
            self._key.asc(), Customer.id.asc())
        base = self.where(search=False)
        ranks: list[list[tuple[Select, Select | None]]] = []
        for part, walk in zip(self.search.parts, self.walks, strict=True):
            at = None if cursor is None or cursor.rank is None else cursor.rank
            if at is not None and (part.rank > at if reverse else part.rank < at):
                continue  # a rank the cursor is past
            shown = (*columns, literal(part.rank, Integer()).label("search_rank"))
            found = part.walk_where if walk and part.walk_where is not None else part.where
            # A small rank is ordered by the rank first, which no index gives: it is
            # read from its own condition's index and sorted, never walked.
            order = walk_order if walk else self.order(reverse)
            extra = self._beside(part) if walk else None

            def piece(*conds: ColumnElement[bool], order: Any = order,
                      shown: Any = shown, found: Any = found, part: Any = part,
                      extra: int | None = extra) -> tuple[Select, Select | None]:
                plain = select(*shown).where(*base, found, *conds).order_by(*order).limit(limit)
                if extra is None or limit is None:
                    return plain, None
                # The walk checks the side table on the sort index alone, up to enough
                # candidates; only those customers' rows are read (英: 16,000 rows read
                # while walking, 167 ms, against 260 rows and 53 ms).
                ids = select(Customer.id).where(*base, part.walk_ids, *conds)
                ids = ids.order_by(*order).limit(limit + extra)
                through = select(*shown).where(Customer.id.in_(ids), *base, part.where)
                return through.order_by(*order).limit(limit), plain

            if cursor is None or (at is not None and part.rank != at):
                ranks.append([piece()])
                continue
            pieces: list[tuple[Select, Select | None]] = []
            if walk and self._sqlite and limit is not None:
                # As in ``ordered``: SQLite seeks a row value on its first column only.
                value = literal(cursor.value, self.sort_column.type)
                tie = Customer.id < cursor.id if down else Customer.id > cursor.id
                pieces.append(piece(self._key == value, tie, order=(
                    Customer.id.desc() if down else Customer.id.asc(),)))
                pieces.append(piece(self._key < value if down else self._key > value))
            else:
                pieces.append(piece(self.beyond(Cursor(cursor.value, cursor.id), reverse)))
            ranks.append(pieces)
        if reverse:
            ranks.reverse()
        return [piece for rank in ranks for piece in rank]

    def _beside(self, part: Any) -> int | None:
        """How many customers beyond ``part``'s own its ``walk_ids`` may find (None:
        no such condition, or more than a capped count tells)."""
        if part.walk_ids is None or not self._sizes or self._dialect not in WALK_CANDIDATES:
            return None
        assert self.search is not None
        ranks = [p.rank for p in self.search.parts]
        size = sum(self._sizes[ranks.index(rank)] for rank in part.beside)
        return size if size < SIZE_CAP else None

    def _union(
        self, columns: Sequence[Any], pieces: Sequence[Select], reverse: bool, limit: int | None
    ) -> Select:
        """The pieces of :meth:`in_turn` as one statement, in list order."""
        down = self.query.descending != reverse
        every = union_all(*(piece.subquery().select() for piece in pieces)).subquery()
        rank, key, ident = every.c["search_rank"], every.c[self.sort_column.key], every.c["id"]
        order = (key.desc(), ident.desc()) if down else (key.asc(), ident.asc())
        outer = (rank.desc() if reverse else rank.asc(), *order)
        return select(*(every.c[c.key] for c in (*columns, rank))).order_by(*outer).limit(limit)

    def read(
        self, columns: Sequence[Any], cursor: Cursor | None = None, reverse: bool = False,
        limit: int | None = None,
    ) -> list[Any]:
        """The rows of :meth:`ordered`; a search by rank reads its ranks in turn until
        ``limit`` rows are found."""
        pieces = self._pieces(columns, cursor, reverse, limit)
        conn = core(self._session)
        if pieces is None:
            return list(conn.execute(self.ordered(columns, cursor, reverse, limit)).all())
        rows: list[Any] = []
        for piece, plain in pieces:
            wanted = None if limit is None else limit - len(rows)
            if wanted is not None and wanted <= 0:
                break
            found = conn.execute(piece if wanted is None else piece.limit(wanted)).all()
            if plain is not None and wanted is not None and len(found) < wanted:
                found = conn.execute(plain.limit(wanted)).all()
            rows += found
        return rows


def core(session: Session) -> Connection:
    """The session's connection: these reads select plain columns, and Core skips
    the ORM's per-row loading machinery (a third of a page's time on SQLite)."""
    return session.connection()
