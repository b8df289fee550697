"""geocode cache: online geocoders' answers per provider and address

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Written by hand to match ``hvdesk/model/geo.py``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRECISIONS = ('exact', 'street', 'district', 'city', 'manual')


def upgrade() -> None:
    op.create_table('geocode_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=30), nullable=False),
    sa.Column('query', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.Column('precision', sa.Enum(*PRECISIONS, name='locationprecision', native_enum=False,
                                   length=20, create_constraint=True), nullable=True),
    sa.Column('adcode', sa.String(length=12), nullable=True),
    sa.Column('created_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_geocode_cache')),
    sa.UniqueConstraint('provider', 'query', name=op.f('uq_geocode_cache_provider_query'))
    )


def downgrade() -> None:
    op.drop_table('geocode_cache')
