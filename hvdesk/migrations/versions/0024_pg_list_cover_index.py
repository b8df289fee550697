"""PostgreSQL: the customer list's columns beside the id, for searches with many matches

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06

A search's matches (``customer_search``) are joined to the customers by id and
ranked and sorted before the first page. On PostgreSQL each match was a heap
row read, and above ~12,000 matches the planner scanned the whole customer
table instead (measured on the 1M demo copy, bench/pg_copy.py: "霞" 0.2-0.4 s,
"王" 0.3-0.5 s per page). ``ix_customer_list_cover`` holds every column the
page reads (``hvdesk.model.list_indexes``), so each match is one index-only
probe. SQLite finds a row by its rowid and is left as it is.
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
