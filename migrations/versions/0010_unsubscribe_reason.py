"""the optional reason a manager gives when unsubscribing (leads see only counts)

Revision ID: 0010_unsubscribe_reason
Revises: 0009_handover_kind
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from service.schema_checks import add_check, drop_check

revision = '0010_unsubscribe_reason'
down_revision = '0009_handover_kind'
branch_labels = None
depends_on = None

REASONS = ["too_many", "not_relevant", "no_time", "finished", "other"]


def upgrade() -> None:
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unsubscribe_reason', sa.String(length=20), nullable=True))
    add_check('subscriptions', 'unsubscribe_reason', REASONS)


def downgrade() -> None:
    drop_check('subscriptions', 'unsubscribe_reason')
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_column('unsubscribe_reason')
