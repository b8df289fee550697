"""scheduling: visit bookings guarded against double booking, visitor leave

The database itself refuses to book a visitor into two overlapping visits:
an exclusion constraint on PostgreSQL (so that of two desks saving at once
exactly one wins) and triggers on SQLite. Existing visits get their booking
rows; should old data already overlap, the later rows are kept inactive so
the constraint can be created (the Python rules still see those visits).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Written by hand to match ``hvdesk/model/scheduling.py``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONSTRAINT = 'ex_visit_booking_no_overlap'
MESSAGE = 'visit_booking overlap'
#: Statuses whose visit no longer occupies its time slot.
FREED = "('cancelled', 'rescheduled')"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table('visit_booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_visit_booking_end_after_start')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                            name=op.f('fk_visit_booking_user_id_app_user')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'],
                            name=op.f('fk_visit_booking_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_booking')),
    sa.UniqueConstraint('visit_id', 'user_id', name=op.f('uq_visit_booking_visit_id_user_id'))
    )
    op.create_index('ix_visit_booking_user_time', 'visit_booking', ['user_id', 'starts_at'],
                    unique=False)
    op.create_index(op.f('ix_visit_booking_visit_id'), 'visit_booking', ['visit_id'],
                    unique=False)

    op.create_table('visitor_leave',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_date >= start_date',
                       name=op.f('ck_visitor_leave_end_not_before_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'],
                            name=op.f('fk_visitor_leave_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'],
                            name=op.f('fk_visitor_leave_user_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visitor_leave'))
    )
    op.create_index(op.f('ix_visitor_leave_user_id'), 'visitor_leave', ['user_id'],
                    unique=False)

    # Bookings for the visits already planned (demo data, older desks).
    op.execute(
        "INSERT INTO visit_booking (visit_id, user_id, starts_at, ends_at, active) "
        "SELECT v.id, m.user_id, v.planned_start, v.planned_end, "
        f"CASE WHEN v.status IN {FREED} THEN {_false(dialect)} ELSE {_true(dialect)} END "
        "FROM visit v JOIN visit_member m ON m.visit_id = v.id ORDER BY v.id, m.user_id"
    )
    op.execute(
        f"UPDATE visit_booking SET active = {_false(dialect)} WHERE active AND EXISTS ("
        "SELECT 1 FROM visit_booking o WHERE o.user_id = visit_booking.user_id AND o.active "
        "AND o.id < visit_booking.id AND o.starts_at < visit_booking.ends_at "
        "AND o.ends_at > visit_booking.starts_at)"
    )

    if dialect == 'postgresql':
        # btree_gist gives GiST an equality operator for integers (user_id WITH =).
        op.execute('CREATE EXTENSION IF NOT EXISTS btree_gist')
        op.execute(
            f'ALTER TABLE visit_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist '
            "(user_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE (active)"
        )
    else:
        overlap = (
            'SELECT 1 FROM visit_booking o WHERE o.user_id = NEW.user_id AND o.active '
            'AND o.starts_at < NEW.ends_at AND o.ends_at > NEW.starts_at'
        )
        op.execute(
            f'CREATE TRIGGER {CONSTRAINT}_insert BEFORE INSERT ON visit_booking '
            f'WHEN NEW.active AND EXISTS ({overlap}) '
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )
        op.execute(
            f'CREATE TRIGGER {CONSTRAINT}_update BEFORE UPDATE ON visit_booking '
            f'WHEN NEW.active AND EXISTS ({overlap} AND o.id <> NEW.id) '
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute(f'ALTER TABLE visit_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}')
    else:
        op.execute(f'DROP TRIGGER IF EXISTS {CONSTRAINT}_insert')
        op.execute(f'DROP TRIGGER IF EXISTS {CONSTRAINT}_update')
    op.drop_index(op.f('ix_visitor_leave_user_id'), table_name='visitor_leave')
    op.drop_table('visitor_leave')
    op.drop_index(op.f('ix_visit_booking_visit_id'), table_name='visit_booking')
    op.drop_index('ix_visit_booking_user_time', table_name='visit_booking')
    op.drop_table('visit_booking')


def _true(dialect: str) -> str:
    return 'true' if dialect == 'postgresql' else '1'


def _false(dialect: str) -> str:
    return 'false' if dialect == 'postgresql' else '0'
