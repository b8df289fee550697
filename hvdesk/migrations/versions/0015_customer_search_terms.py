"""customer search terms and the map's coordinate index

``customer_search``: a side table of characters, bigrams, pinyin and last-4 digits.
Every customer gets the terms the search box asks for (``hvdesk.model.search``),
so a character anywhere in a name, full pinyin, initials and the last four of a
phone or ID number are each one index range on both databases. Existing
customers are indexed here, in batches.

``ix_customer_map`` (branch, latitude, longitude, days past due): the map's
counts per grid cell of an area, read from the index alone
(``hvdesk.mapping.viewport``; ``hvdesk/model/list_indexes.py``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The model's term function, so old and new customers are indexed alike.
from hvdesk.model.search import insert_terms, terms_of

revision: str = '0015'
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READ_BATCH = 20_000


def upgrade() -> None:
    term = sa.String(32).with_variant(sa.String(32, collation="C"), "postgresql")
    op.create_table(
        'customer_search',
        sa.Column('term', term, nullable=False),
        sa.Column('branch_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['branch_id'], ['branch.id'],
                                name=op.f('fk_customer_search_branch_id_branch')),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ondelete='CASCADE',
                                name=op.f('fk_customer_search_customer_id_customer')),
    )
    _backfill()
    # Built once over the loaded rows (sorted), not kept up to date row by row.
    op.create_index('ux_customer_search_term', 'customer_search',
                    ['term', 'branch_id', 'customer_id'], unique=True)
    op.create_index('ix_customer_search_customer_id', 'customer_search', ['customer_id'])
    op.create_index('ix_customer_map', 'customer',
                    ['branch_id', 'latitude', 'longitude', 'days_past_due'])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE customer_search")


def _backfill() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql("PRAGMA cache_size = -200000")  # 200 MB for the index builds
    read = sa.text(
        "SELECT id, branch_id, name, phone_last4, id_last4 FROM customer "
        "WHERE id > :after ORDER BY id LIMIT :n"
    )
    after = 0
    while True:
        found = bind.execute(read, {"after": after, "n": _READ_BATCH}).all()
        if not found:
            return
        rows: list[tuple[str, int, int]] = []
        for cid, branch_id, name, phone_last4, id_last4 in found:
            rows += [(t, branch_id, cid) for t in terms_of(name or "", phone_last4, id_last4)]
        insert_terms(bind, rows)
        after = found[-1][0]


def downgrade() -> None:
    op.drop_index('ix_customer_map', table_name='customer')
    op.drop_index('ix_customer_search_customer_id', table_name='customer_search')
    op.drop_index('ux_customer_search_term', table_name='customer_search')
    op.drop_table('customer_search')
