"""encrypted values bound to their row (format 2)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

Every ciphertext's associated data now names its table, column and row (see
``hvdesk/security/crypto.py``). Re-encrypting needs the data key, and the
person who migrates may not hold it (on a server, the owner role runs
``hvdesk db upgrade``; the key lives on the desks). So this revision only
records, in ``db_meta.field_format``, whether old values exist: "1" when
they do, "2" when there is nothing to re-encrypt. ``hvdesk.migrations.upgrade``
then binds them right away when this desk has the key, otherwise the first
desk that starts with the key does (``hvdesk.security.reencrypt.bind_pending``,
in resumable batches). Until then the old values keep reading.

The downgrade forgets the marker only: values already in format 2 stay so
(readable by this version and later).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_META = sa.table('db_meta', sa.column('key', sa.String), sa.column('value', sa.String))


def upgrade() -> None:
    conn = op.get_bind()
    has_values = any(
        conn.execute(sa.text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None
        for table in ("customer", "notice")
    )
    conn.execute(sa.delete(_META).where(_META.c.key == 'field_format'))
    conn.execute(sa.insert(_META).values(key='field_format', value='1' if has_values else '2'))


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.delete(_META).where(_META.c.key.in_(('field_format', 'reencrypt'))))
