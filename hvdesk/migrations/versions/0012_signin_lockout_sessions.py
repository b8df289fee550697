"""sign-in lockout columns on app_user and ``hvdesk login`` sessions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

Written by hand to match ``hvdesk/model/org.py`` (issue 14, sign-in everywhere).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base

revision: str = '0012'
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_count', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('locked_until',
                                      hvdesk.model.base.UTCDateTime(timezone=True),
                                      nullable=True))
    op.create_table('cli_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('database_id', sa.String(length=64), nullable=False),
    sa.Column('password_stamp', sa.String(length=64), nullable=False),
    sa.Column('desk', sa.String(length=100), nullable=False),
    sa.Column('created_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_cli_session_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cli_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_cli_session_token_hash'))
    )
    with op.batch_alter_table('cli_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cli_session_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('cli_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cli_session_user_id'))
    op.drop_table('cli_session')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_count')
