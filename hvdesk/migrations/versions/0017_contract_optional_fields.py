"""a contract may arrive without product, principal or balance

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06

Collections lists carry the contract number, days past due and the overdue
amount but often no product or principal (issue 16 item 8). Such a contract is
stored with those fields empty and shown as incomplete instead of refused.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPTIONAL = (("product", sa.String(length=50)),
             ("principal", sa.Numeric(14, 2)),
             ("outstanding_balance", sa.Numeric(14, 2)))


def upgrade() -> None:
    with op.batch_alter_table("loan_account", schema=None) as batch_op:
        for name, type_ in _OPTIONAL:
            batch_op.alter_column(name, existing_type=type_, nullable=True)


def downgrade() -> None:
    op.execute("UPDATE loan_account SET product = '' WHERE product IS NULL")
    op.execute("UPDATE loan_account SET principal = 0 WHERE principal IS NULL")
    op.execute("UPDATE loan_account SET outstanding_balance = overdue_amount "
               "WHERE outstanding_balance IS NULL")
    with op.batch_alter_table("loan_account", schema=None) as batch_op:
        for name, type_ in _OPTIONAL:
            batch_op.alter_column(name, existing_type=type_, nullable=False)
