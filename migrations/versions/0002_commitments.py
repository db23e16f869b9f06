"""commitments: what managers said they would do, their outcomes, one-click answers on messages

Revision ID: 0002_commitments
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models.base


revision = '0002_commitments'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=False),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('lesson_slug', sa.String(length=80), nullable=True),
    sa.Column('content_id', sa.String(length=120), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_phrase', sa.String(length=200), nullable=True),
    sa.Column('made_at', service.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('postponed', sa.Integer(), nullable=False),
    sa.Column('resolved_at', service.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', service.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', service.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('open', 'done', 'dropped')", name=op.f('ck_commitments_status')),
    sa.CheckConstraint('position >= 0 AND postponed >= 0', name=op.f('ck_commitments_counts')),
    sa.ForeignKeyConstraint(['manager_id'], ['managers.id'], name=op.f('fk_commitments_manager_id_managers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reply_id'], ['replies.id'], name=op.f('fk_commitments_reply_id_replies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    sa.UniqueConstraint('reply_id', 'position', name='uq_commitments_reply_position')
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index('ix_commitments_manager_made', ['manager_id', 'made_at'], unique=False)
        batch_op.create_index('ix_commitments_manager_status', ['manager_id', 'status', 'due_on'], unique=False)

    op.create_table('commitment_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('reply_id', sa.Integer(), nullable=True),
    sa.Column('new_due_on', sa.Date(), nullable=True),
    sa.Column('recorded_at', service.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("outcome IN ('done', 'not_yet', 'dropped')", name=op.f('ck_commitment_outcomes_outcome')),
    sa.CheckConstraint("source IN ('link', 'reply')", name=op.f('ck_commitment_outcomes_source')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_commitment_outcomes_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_commitment_outcomes_message_id_messages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reply_id'], ['replies.id'], name=op.f('fk_commitment_outcomes_reply_id_replies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_outcomes'))
    )
    with op.batch_alter_table('commitment_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_outcomes_commitment_id'), ['commitment_id'], unique=False)

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_at', service.models.base.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_column('answered_at')

    with op.batch_alter_table('commitment_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_outcomes_commitment_id'))

    op.drop_table('commitment_outcomes')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index('ix_commitments_manager_status')
        batch_op.drop_index('ix_commitments_manager_made')

    op.drop_table('commitments')
