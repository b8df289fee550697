"""customer search columns and saved filters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('saved_filter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('created_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_saved_filter_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_filter')),
    sa.UniqueConstraint('user_id', 'name', name=op.f('uq_saved_filter_user_id_name'))
    )
    with op.batch_alter_table('saved_filter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_filter_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_initials', sa.String(length=20), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('days_past_due', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('overdue_amount', sa.Numeric(precision=14, scale=2),
                                      nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_customer_days_past_due'), ['days_past_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_customer_name_initials'), ['name_initials'], unique=False)

    _backfill()


def _backfill() -> None:
    """Fill the new columns of customers that existed before this revision."""
    from hvdesk.names import name_initials

    bind = op.get_bind()
    bind.execute(sa.text(
        "UPDATE customer SET "
        "days_past_due = COALESCE((SELECT MAX(l.days_past_due) FROM loan_account l "
        "WHERE l.customer_id = customer.id), 0), "
        "overdue_amount = COALESCE((SELECT SUM(l.overdue_amount) FROM loan_account l "
        "WHERE l.customer_id = customer.id), 0)"
    ))
    rows = bind.execute(sa.text("SELECT id, name FROM customer")).all()
    update = sa.text("UPDATE customer SET name_initials = :ini WHERE id = :id")
    batch = [{"id": row.id, "ini": name_initials(row.name)} for row in rows]
    for start in range(0, len(batch), 5000):
        bind.execute(update, batch[start:start + 5000])


def downgrade() -> None:
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_name_initials'))
        batch_op.drop_index(batch_op.f('ix_customer_days_past_due'))
        batch_op.drop_column('overdue_amount')
        batch_op.drop_column('days_past_due')
        batch_op.drop_column('name_initials')

    with op.batch_alter_table('saved_filter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_filter_user_id'))

    op.drop_table('saved_filter')
