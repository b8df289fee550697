"""PostgreSQL: the customer list's columns beside the id, and random reads costed as cached

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06

A search's matches (``customer_search``) are joined to the customers by id and
ranked and sorted before the first page. On PostgreSQL each match was a heap
row read, and above ~12,000 matches the planner scanned the whole customer
table instead (measured on the 1M demo copy, bench/pg_copy.py: "霞" 0.2-0.4 s,
"王" 0.3-0.5 s per page). ``ix_customer_cover`` holds every column the
page reads (``hvdesk.model.list_indexes``), so each match is one index-only
probe. SQLite finds a row by its rowid and is left as it is.

``random_page_cost`` 1.1 for this database (PostgreSQL's default, 4, prices a
random read as a disk seek): the list's data is read again and again and lives
in memory. With 4 the planner answered a search of 13,000 matches by scanning
all million entries of an index (count 120-160 ms; with 1.1 it probes the
matches, 20-45 ms) and above ~12,000 matches scanned the table. A database
setting, so it needs the database's owner: run by someone else, the migration
says so and leaves the setting alone (then IT sets it: ``ALTER DATABASE … SET
random_page_cost = 1.1``).
"""

from collections.abc import Sequence

from alembic import op

from hvdesk.model.list_indexes import LIST_COVER_COLUMNS, LIST_COVER_INDEX_NAME

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


RANDOM_PAGE_COST = "1.1"


def _as_owner(statement: str) -> str:
    """``statement`` (with %I for the database) when the migrating role may alter it."""
    return f"""
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       OR pg_has_role(current_user, (SELECT datdba FROM pg_database
                                     WHERE datname = current_database()), 'USAGE') THEN
        EXECUTE format('{statement}', current_database());
    ELSE
        RAISE NOTICE 'not the database owner: random_page_cost left as it is';
    END IF;
END $$"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index(LIST_COVER_INDEX_NAME, "customer", ["id"],
                    postgresql_include=list(LIST_COVER_COLUMNS))
    op.execute(_as_owner(f"ALTER DATABASE %I SET random_page_cost = {RANDOM_PAGE_COST}"))
    op.execute("ANALYZE customer")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_as_owner("ALTER DATABASE %I RESET random_page_cost"))
    op.drop_index(LIST_COVER_INDEX_NAME, table_name="customer")
