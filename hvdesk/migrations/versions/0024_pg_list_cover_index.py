"""PostgreSQL: the customer list's columns beside the id, for searches with many matches

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06

A search's matches (``customer_search``) are joined to the customers by id and
ranked and sorted before the first page. On PostgreSQL each match was a heap
row read (or, above ~12,000 matches and where parallel plans are allowed, a
scan of the whole table). Measured on the 1M demo copy (bench/pg_copy.py) as a
desk signs in, first page: "志" and "海" (23,000 matches) 0.42-0.44 s before,
0.05 s after; "王" (86,000) 0.60 s before, 0.18 s after. ``ix_customer_cover``
holds every column the page reads (``hvdesk.model.list_indexes``), so each
match is one index-only probe. SQLite finds a row by its rowid and is left as
it is.
"""

from collections.abc import Sequence

from alembic import op

from hvdesk.model.list_indexes import LIST_COVER_COLUMNS, LIST_COVER_INDEX_NAME

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(LIST_COVER_INDEX_NAME, "customer", ["id"],
                    postgresql_include=list(LIST_COVER_COLUMNS))
    # Index-only probes need the visibility map; a fresh index wants statistics too.
    op.execute("ANALYZE customer")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(LIST_COVER_INDEX_NAME, table_name="customer")
