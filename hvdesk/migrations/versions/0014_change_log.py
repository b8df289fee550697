"""change_log: each commit's changes (table names and ids) for the other desks to follow

Written in the committing transaction by ``hvdesk.changes``; on PostgreSQL the
same transaction sends ``NOTIFY hvdesk_changes`` with the row's id, so an
uncommitted or rolled-back change is never announced. Rows carry no personal
data and are pruned after a day by the desks' change feeds.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", hvdesk.model.base.UTCDateTime(timezone=True),
                  server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("desk", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    op.create_index(op.f("ix_change_log_at"), "change_log", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_change_log_at"), table_name="change_log")
    op.drop_table("change_log")
