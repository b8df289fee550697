"""customers counted per map grid cell, kept by triggers

Revision ID: 0023
Revises: 0018
Create Date: 2026-12-06

``map_cell`` (``hvdesk.model.map_cells``, ``hvdesk.mapping.cellstore``): per
branch, zoom level (9, 11, 13, 15), grid cell, days-past-due bucket and
do-not-visit flag, how many located customers there are and the sums of
their coordinates. Triggers on ``customer`` keep it; the map reads a dense
area's counts from it instead of grouping half a million customers per pan.
Existing customers are counted here, one GROUP BY per level.

Later migrations: a SQLite batch copy of ``customer`` drops these triggers;
create them again after it (``cellstore.sqlite_triggers()``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hvdesk.mapping import cellstore

revision: str = "0023"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "map_cell",
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("gy", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("gx", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bucket", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("dnv", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("lat_sum", sa.Float(), nullable=False),
        sa.Column("lon_sum", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["branch_id"], ["branch.id"],
                                name=op.f("fk_map_cell_branch_id_branch")),
        sa.PrimaryKeyConstraint("branch_id", "level", "gy", "gx", "bucket", "dnv",
                                name=op.f("pk_map_cell")),
    )
    bind = op.get_bind()
    dialect = bind.dialect.name
    for level in cellstore.LEVELS:
        bind.exec_driver_sql(cellstore.backfill_sql(dialect, level))
    if dialect == "sqlite":
        for statement in cellstore.sqlite_triggers():
            bind.exec_driver_sql(statement)
        return
    schema = bind.execute(sa.text("SELECT quote_ident(current_schema())")).scalar_one()
    bind.exec_driver_sql(cellstore.pg_function(schema))
    for statement in cellstore.pg_triggers():
        bind.exec_driver_sql(statement)
    op.execute("ANALYZE map_cell")


def downgrade() -> None:
    for event in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS customer_map_cell_{event}"
                   + ("" if op.get_bind().dialect.name == "sqlite" else " ON customer"))
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS customer_map_cell()")
    op.drop_table("map_cell")
