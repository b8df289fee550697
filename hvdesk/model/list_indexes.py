"""Indexes behind the customer list (``hvdesk.services.customer_list``).

The list sorts and pages by (sort column, id) inside the user's branch, so
each sortable column gets one composite index led by ``branch_id`` and ended
by ``id``: the branch equality, the ORDER BY and the keyset condition
``(column, id) > (:value, :id)`` are then all answered by one index range, on
SQLite and on PostgreSQL (a single-column index does not order ties by id on
PostgreSQL). Migration 0004 creates the same indexes.

Importing this module attaches the indexes to ``Customer.__table__``; it is
imported once, from ``hvdesk.model``.
"""

from __future__ import annotations

from sqlalchemy import Index, Table

from hvdesk.model.customers import Customer


def _customer_table() -> Table:
    table = Customer.__table__
    assert isinstance(table, Table)
    return table


#: Index name -> the column between ``branch_id`` and ``id``.
LIST_INDEX_COLUMNS: dict[str, str] = {
    "ix_customer_list_name": "name",
    "ix_customer_list_dpd": "days_past_due",
    "ix_customer_list_overdue": "overdue_amount",
    "ix_customer_list_updated": "updated_at",
    "ix_customer_list_value": "visit_value",  # migration 0018
}


def _attach() -> tuple[Index, ...]:
    table = _customer_table()
    existing = {str(ix.name): ix for ix in table.indexes}
    out = []
    for name, column in LIST_INDEX_COLUMNS.items():
        # Idempotent: a reload (tests, importlib.reload) must not add twins.
        index = existing.get(name)
        if index is None:
            # Built from the table's columns, the Index attaches itself to the table.
            index = Index(name, table.c.branch_id, table.c[column], table.c.id)
        out.append(index)
    return tuple(out)


LIST_INDEXES = _attach()

#: The map counts customers per grid cell of an area (hvdesk.mapping.viewport):
#: branch equality, a latitude range, and longitude and days past due read from
#: the same index entries, so counts never touch the table rows. Migration 0015.
MAP_INDEX_NAME = "ix_customer_map"
MAP_INDEX_COLUMNS = ("branch_id", "latitude", "longitude", "days_past_due")


def _attach_map() -> Index:
    table = _customer_table()
    for index in table.indexes:
        if index.name == MAP_INDEX_NAME:
            return index
    return Index(MAP_INDEX_NAME, *(table.c[c] for c in MAP_INDEX_COLUMNS))


MAP_INDEX = _attach_map()

#: PostgreSQL only (migration 0024): every column a list row shows or sorts by,
#: and the search rank's, beside the id. A search joins its matches to the
#: customers by id; with this index each match is one index-only probe instead
#: of a heap row (PostgreSQL reads a table page per match, or, above ~12,000
#: matches, prefers to scan the whole table: 0.2-0.5 s for "霞" or "王" at 1M).
#: SQLite reaches rows by their rowid already and gets no copy of the columns.
LIST_COVER_INDEX_NAME = "ix_customer_cover"
LIST_COVER_COLUMNS = (
    "branch_id", "days_past_due", "name", "name_initials", "id_region", "id_last4",
    "phone_prefix", "phone_last4", "registered_adcode", "overdue_amount", "do_not_visit",
    "updated_at", "visit_value", "visit_value_on",
)
#: Indexes the model holds for PostgreSQL alone (tests/test_migrations.py skips them on SQLite).
PG_ONLY_INDEXES = frozenset({LIST_COVER_INDEX_NAME})


def _attach_cover() -> Index:
    table = _customer_table()
    for index in table.indexes:
        if index.name == LIST_COVER_INDEX_NAME:
            return index
    index = Index(LIST_COVER_INDEX_NAME, table.c.id, postgresql_include=list(LIST_COVER_COLUMNS))
    index.ddl_if(dialect="postgresql")
    return index


LIST_COVER_INDEX = _attach_cover()
