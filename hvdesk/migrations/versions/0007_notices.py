"""notices: idempotency key, attempts, replies and the attention flag

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

Written by hand to match ``Notice`` in ``hvdesk/model/visits.py``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idem_key', sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column('attempts', sa.Integer(), nullable=False, server_default='0')
        )
        batch_op.add_column(sa.Column('reply', sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column('replied_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(
            sa.Column('needs_attention', sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(batch_op.f('ix_notice_idem_key'), ['idem_key'], unique=True)


def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_idem_key'))
        batch_op.drop_column('needs_attention')
        batch_op.drop_column('replied_at')
        batch_op.drop_column('reply')
        batch_op.drop_column('attempts')
        batch_op.drop_column('idem_key')
