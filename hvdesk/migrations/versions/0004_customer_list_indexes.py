"""customer list indexes: (branch_id, sort column, id)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Written by hand to match ``hvdesk/model/list_indexes.py``.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    'ix_customer_list_name': 'name',
    'ix_customer_list_dpd': 'days_past_due',
    'ix_customer_list_overdue': 'overdue_amount',
    'ix_customer_list_updated': 'updated_at',
}


def upgrade() -> None:
    for name, column in INDEXES.items():
        op.create_index(name, 'customer', ['branch_id', column, 'id'], unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name='customer')
