"""visit reports: revisions and events, promises to pay, repayments, complaints, cost settings

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

Generated against ``hvdesk/model/reports.py`` and the issue-7 columns of
``hvdesk/model/visits.py``; new NOT NULL columns get a server default so
existing rows stay valid.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import hvdesk.model.base

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cost_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('branch_id', sa.Integer(), nullable=True),
    sa.Column('per_km', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('hourly_rate', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('other_expenses', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('overhead_hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('updated_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['branch_id'], ['branch.id'], name=op.f('fk_cost_setting_branch_id_branch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cost_setting')),
    sa.UniqueConstraint('branch_id', name=op.f('uq_cost_setting_branch_id'))
    )
    op.create_table('repayment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('reference', sa.String(length=100), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_repayment_amount_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_repayment_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_repayment_customer_id_customer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_repayment')),
    sa.UniqueConstraint('reference', name=op.f('uq_repayment_reference'))
    )
    with op.batch_alter_table('repayment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repayment_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_repayment_paid_on'), ['paid_on'], unique=False)

    op.create_table('complaint_case',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.Column('do_not_visit_set', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'upheld', 'rejected')", name=op.f('ck_complaint_case_status_known')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_complaint_case_customer_id_customer')),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_complaint_case_feedback_id_feedback')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['app_user.id'], name=op.f('fk_complaint_case_opened_by_id_app_user')),
    sa.ForeignKeyConstraint(['owner_id'], ['app_user.id'], name=op.f('fk_complaint_case_owner_id_app_user')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['app_user.id'], name=op.f('fk_complaint_case_resolved_by_id_app_user')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_complaint_case_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_case'))
    )
    with op.batch_alter_table('complaint_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_case_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_case_feedback_id'), ['feedback_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_case_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_case_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_case_visit_id'), ['visit_id'], unique=False)

    op.create_table('promise_to_pay',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('promised_on', sa.Date(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('judged_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'kept', 'partial', 'broken')", name=op.f('ck_promise_to_pay_status_known')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_promise_to_pay_amount_positive')),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_promise_to_pay_customer_id_customer')),
    sa.ForeignKeyConstraint(['report_id'], ['visit_report.id'], name=op.f('fk_promise_to_pay_report_id_visit_report')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_promise_to_pay_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promise_to_pay')),
    sa.UniqueConstraint('report_id', name=op.f('uq_promise_to_pay_report_id'))
    )
    with op.batch_alter_table('promise_to_pay', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promise_to_pay_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_promise_to_pay_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_promise_to_pay_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_promise_to_pay_visit_id'), ['visit_id'], unique=False)

    op.create_table('report_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['app_user.id'], name=op.f('fk_report_event_actor_id_app_user')),
    sa.ForeignKeyConstraint(['report_id'], ['visit_report.id'], name=op.f('fk_report_event_report_id_visit_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_event'))
    )
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_event_report_id'), ['report_id'], unique=False)

    op.create_table('report_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('submitted_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('attachment_hashes', sa.JSON(), nullable=False),
    sa.Column('superseded_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('superseded_by_id', sa.Integer(), nullable=True),
    sa.Column('superseded_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['app_user.id'], name=op.f('fk_report_revision_author_id_app_user')),
    sa.ForeignKeyConstraint(['report_id'], ['visit_report.id'], name=op.f('fk_report_revision_report_id_visit_report')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['app_user.id'], name=op.f('fk_report_revision_reviewer_id_app_user')),
    sa.ForeignKeyConstraint(['superseded_by_id'], ['app_user.id'], name=op.f('fk_report_revision_superseded_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_revision')),
    sa.UniqueConstraint('report_id', 'revision', name=op.f('uq_report_revision_report_id_revision'))
    )
    with op.batch_alter_table('report_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_revision_report_id'), ['report_id'], unique=False)

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_feedback_recorded_by_id_app_user'), 'app_user', ['recorded_by_id'], ['id'])

    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('size', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('taken_at', hvdesk.model.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('added_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_report_attachment_added_by_id_app_user'), 'app_user', ['added_by_id'], ['id'])

    with op.batch_alter_table('visit_cost', schema=None) as batch_op:
        batch_op.add_column(sa.Column('staff_cost', sa.Numeric(precision=14, scale=2), nullable=False,
                                      server_default='0'))

    with op.batch_alter_table('visit_report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('people', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('revision', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('amend_reason', sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('visit_report', schema=None) as batch_op:
        batch_op.drop_column('amend_reason')
        batch_op.drop_column('revision')
        batch_op.drop_column('people')

    with op.batch_alter_table('visit_cost', schema=None) as batch_op:
        batch_op.drop_column('staff_cost')

    with op.batch_alter_table('report_attachment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_report_attachment_added_by_id_app_user'), type_='foreignkey')
        batch_op.drop_column('added_by_id')
        batch_op.drop_column('taken_at')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
        batch_op.drop_column('size')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_feedback_recorded_by_id_app_user'), type_='foreignkey')
        batch_op.drop_column('recorded_by_id')
        batch_op.drop_column('comment')

    with op.batch_alter_table('report_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_revision_report_id'))

    op.drop_table('report_revision')
    with op.batch_alter_table('report_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_event_report_id'))

    op.drop_table('report_event')
    with op.batch_alter_table('promise_to_pay', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promise_to_pay_visit_id'))
        batch_op.drop_index(batch_op.f('ix_promise_to_pay_status'))
        batch_op.drop_index(batch_op.f('ix_promise_to_pay_due'))
        batch_op.drop_index(batch_op.f('ix_promise_to_pay_customer_id'))

    op.drop_table('promise_to_pay')
    with op.batch_alter_table('complaint_case', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_case_visit_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_case_status'))
        batch_op.drop_index(batch_op.f('ix_complaint_case_owner_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_case_feedback_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_case_customer_id'))

    op.drop_table('complaint_case')
    with op.batch_alter_table('repayment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repayment_paid_on'))
        batch_op.drop_index(batch_op.f('ix_repayment_customer_id'))

    op.drop_table('repayment')
    op.drop_table('cost_setting')
