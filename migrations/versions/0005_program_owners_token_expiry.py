"""program owners (who manage co-leads) and API token expiry

Revision ID: 0005_program_owners_token_expiry
Revises: 0004_enum_checks
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models.base


revision = '0005_program_owners_token_expiry'
down_revision = '0004_enum_checks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('program_leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_owner', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('expires_at', service.models.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('program_leads', schema=None) as batch_op:
        batch_op.drop_column('is_owner')
