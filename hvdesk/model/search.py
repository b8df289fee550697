"""The customer search side table: short terms that point at customers.

A customer list of a million rows cannot find "伟" inside a name with an index
on the name (an index answers prefixes only), nor the last four digits of a
phone *or* an ID number with one index. So every customer gets a handful of
rows here, each a term that the search box can ask for with equality or a
prefix range on one index, the same on SQLite and PostgreSQL:

``c``+character and ``b``+bigram of the name (lower case), ``f``+the full
pinyin of the name, ``g``+the pinyin from the second syllable on (a given name
typed in pinyin), ``i``+the pinyin initials, ``t``+the phone's last four and
``d``+the ID number's last four. Only what the customer row already shows is
indexed: the numbers are encrypted and their last four are the readable part.

The rows follow the customer: an ORM flush that adds a customer or changes
its name, numbers or branch rewrites them (:func:`_after_flush`); bulk paths
(import, demo, migration) call :func:`index_rows` / :func:`reindex`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    ForeignKey,
    Index,
    String,
    Table,
    delete,
    event,
    inspect,
    select,
)
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from hvdesk.model.base import Base
from hvdesk.model.customers import Customer
from hvdesk.names import name_initials

#: Longest term kept (kind letter included); longer pinyin is cut, still a prefix.
TERM_LENGTH = 32
NAME_CHAR, NAME_BIGRAM = "c", "b"
PINYIN_FULL, PINYIN_GIVEN, INITIALS = "f", "g", "i"
PHONE_LAST4, ID_LAST4 = "t", "d"
#: Customer columns whose change rewrites the customer's terms.
SOURCE_COLUMNS = ("name", "phone_last4", "id_last4", "branch_id")
_BATCH = 5_000


class CustomerSearch(Base):
    __tablename__ = "customer_search"
    # Byte order on PostgreSQL, as on SQLite: prefix ranges and the kind letters
    # must not be reordered by a locale's collation.
    term: Mapped[str] = mapped_column(
        String(TERM_LENGTH).with_variant(String(TERM_LENGTH, collation="C"), "postgresql")
    )
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id", ondelete="CASCADE"))

    # A unique index rather than a primary key: a bulk load (migration, demo)
    # appends the rows and builds the index once, sorted, instead of inserting
    # ten million keys at random places of a B-tree.
    __table_args__ = (
        Index("ux_customer_search_term", "term", "branch_id", "customer_id", unique=True),
        Index("ix_customer_search_customer_id", "customer_id"),
    )
    __mapper_args__ = {"primary_key": [term, branch_id, customer_id]}


#: Surnames read otherwise than the character's common reading (see hvdesk.names).
SURNAME_PINYIN = {
    "长孙": ("zhang", "sun"), "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "仇": ("qiu",),
    "区": ("ou",), "朴": ("piao",), "查": ("zha",), "乐": ("yue",), "覃": ("qin",),
    "尉": ("yu",), "盖": ("ge",), "缪": ("miao",), "召": ("shao",), "繁": ("po",),
    "员": ("yun",), "黑": ("he",), "种": ("chong",), "秘": ("bi",), "燕": ("yan",),
    "华": ("hua",), "任": ("ren",), "谌": ("chen",),
}


@lru_cache(maxsize=200_000)
def _syllables(name: str) -> tuple[str, ...]:
    # pypinyin loads its phrase dictionary on import (~0.2 s): only writers of
    # customers pay for it, not every process that imports the model (issue 19).
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415

    head: tuple[str, ...] = ()
    for surname in (name[:2], name[:1]):
        if surname in SURNAME_PINYIN:
            head, name = SURNAME_PINYIN[surname], name[len(surname):]
            break
    out = list(head)
    for part in lazy_pinyin(name, style=Style.NORMAL, errors="default"):
        letters = "".join(ch for ch in part.lower() if "a" <= ch <= "z")
        if letters:
            out.append(letters)
    return tuple(out)


def _cut(term: str) -> str:
    return term[:TERM_LENGTH]


@lru_cache(maxsize=200_000)
def name_terms(name: str) -> frozenset[str]:
    """The terms a name is found by (characters, bigrams, pinyin, initials)."""
    compact = "".join(name.split())
    low = compact.lower()
    out = {NAME_CHAR + ch for ch in low}
    out.update(_cut(NAME_BIGRAM + low[i : i + 2]) for i in range(len(low) - 1))
    syllables = _syllables(compact)
    if syllables:
        out.add(_cut(PINYIN_FULL + "".join(syllables)))
        out.update(_cut(PINYIN_GIVEN + "".join(syllables[i:])) for i in range(1, len(syllables)))
    initials = name_initials(compact)
    if initials:
        out.add(_cut(INITIALS + initials))
    return frozenset(out)


def terms_of(name: str, phone_last4: str | None, id_last4: str | None) -> set[str]:
    out = set(name_terms(name)) if name else set()
    if phone_last4:
        out.add(PHONE_LAST4 + phone_last4)
    if id_last4:
        out.add(ID_LAST4 + id_last4.upper())
    return out


def rows_of(
    customer_id: int, branch_id: int, name: str, phone_last4: str | None, id_last4: str | None
) -> list[dict[str, Any]]:
    return [
        {"term": t, "branch_id": branch_id, "customer_id": customer_id}
        for t in terms_of(name, phone_last4, id_last4)
    ]


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table() -> Table:
    table = CustomerSearch.__table__
    assert isinstance(table, Table)
    return table


def insert_terms(conn: Connection, rows: Sequence[tuple[str, int, int]]) -> None:
    """(term, branch id, customer id) rows, on the driver directly: a bulk load of ten
    million rows spends most of its time in per-row statement handling otherwise."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {CustomerSearch.__tablename__} (term, branch_id, customer_id) "
           f"VALUES ({mark}, {mark}, {mark})")
    for chunk in _chunks(rows, _BATCH):
        conn.exec_driver_sql(sql, list(chunk))


def index_rows(conn: Connection, customers: Iterable[Mapping[str, Any]]) -> int:
    """Insert the terms of customers just inserted (dicts with the customer columns)."""
    rows: list[tuple[str, int, int]] = []
    for c in customers:
        cid, branch = c["id"], c["branch_id"]
        rows += [(t, branch, cid)
                 for t in terms_of(c["name"], c.get("phone_last4"), c.get("id_last4"))]
    insert_terms(conn, rows)
    return len(rows)


def reindex(conn: Connection, customer_ids: Iterable[int]) -> int:
    """Rewrite the terms of these customers from their stored columns."""
    ids = sorted(set(customer_ids))
    table = _table()
    written = 0
    for chunk in _chunks(ids, 900):
        conn.execute(delete(table).where(table.c.customer_id.in_(chunk)))
        found = conn.execute(
            select(Customer.id, Customer.branch_id, Customer.name, Customer.phone_last4,
                   Customer.id_last4).where(Customer.id.in_(chunk))
        ).mappings().all()
        written += index_rows(conn, [dict(row) for row in found])
    return written


def _changed(customer: Customer) -> bool:
    state = inspect(customer)
    return any(state.attrs[key].history.has_changes() for key in SOURCE_COLUMNS)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    # Which customers to reindex is known only before the flush clears the history.
    pending: set[Customer] = session.info.setdefault("hv_search_pending", set())
    for obj in session.new:
        if isinstance(obj, Customer):
            pending.add(obj)
    for obj in session.dirty:
        if isinstance(obj, Customer) and _changed(obj):
            pending.add(obj)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx: UOWTransaction) -> None:
    pending: set[Customer] = session.info.pop("hv_search_pending", set())
    ids = [c.id for c in pending if c.id is not None and c not in session.deleted]
    if ids:
        reindex(session.connection(), ids)
