"""PostgreSQL login role of each user

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

On a shared PostgreSQL every app user signs in as a database role of their own
(``hvdesk db init-server``); the server's security functions find the user
behind ``session_user`` through this column. SQLite leaves it empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("db_role", sa.String(63), nullable=True))
        batch.create_unique_constraint(batch.f("uq_app_user_db_role"), ["db_role"])


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint(batch.f("uq_app_user_db_role"), type_="unique")
        batch.drop_column("db_role")
