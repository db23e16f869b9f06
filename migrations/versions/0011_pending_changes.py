"""pending changes: a subscribe request for a known address waits for its owner's confirmation

Revision ID: 0011_pending_changes
Revises: 0010_unsubscribe_reason
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models.base


revision = '0011_pending_changes'
down_revision = '0010_unsubscribe_reason'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('lesson_slug', sa.String(length=80), nullable=False),
    sa.Column('send_time', sa.Time(), nullable=False),
    sa.Column('weekdays', sa.String(length=40), nullable=False),
    sa.Column('intensity', sa.String(length=20), nullable=False),
    sa.Column('created_at', service.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('applied_at', service.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id'], name=op.f('fk_pending_changes_subscription_id_subscriptions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_changes'))
    )
    with op.batch_alter_table('pending_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_changes_subscription_id'), ['subscription_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pending_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_changes_subscription_id'))
    op.drop_table('pending_changes')
