"""each customer's expected value of a visit, stored for the list to sort by

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06

The customer list pages in SQL (keyset on an index), so sorting it by the
expected value of a visit (issue 20) needs the value in a column with its own
list index. ``hvdesk priorities refresh`` (daily, like the backup) stores it;
``visit_value_on`` says as of which day (NULL: not ranked, shown as "—").
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE on both databases: a SQLite batch copy of ``customer`` would trip
# the append-only triggers of the tables that refer to it.
def upgrade() -> None:
    op.add_column("customer", sa.Column("visit_value", sa.Numeric(14, 2), nullable=False,
                                        server_default="0"))
    op.add_column("customer", sa.Column("visit_value_on", sa.Date(), nullable=True))
    op.create_index("ix_customer_list_value", "customer", ["branch_id", "visit_value", "id"])


def downgrade() -> None:
    op.drop_index("ix_customer_list_value", table_name="customer")
    op.execute("ALTER TABLE customer DROP COLUMN visit_value_on")
    op.execute("ALTER TABLE customer DROP COLUMN visit_value")
