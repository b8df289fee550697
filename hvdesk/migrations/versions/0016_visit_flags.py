"""proof-of-visit flags: what the checks found in a submitted report (issue 20)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "visit_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["visit_report.id"],
                                name=op.f("fk_visit_flag_report_id_visit_report")),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"],
                                name=op.f("fk_visit_flag_visit_id_visit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_flag")),
    )
    with op.batch_alter_table("visit_flag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_flag_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_flag_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visit_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visit_flag_visit_id"))
        batch_op.drop_index(batch_op.f("ix_visit_flag_report_id"))
    op.drop_table("visit_flag")
