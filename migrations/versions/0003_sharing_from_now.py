"""sharing means from now on: managers.sharing_since replaces share_replies; replies.shared_at

Revision ID: 0003_sharing_from_now
Revises: 0002_commitments
Create Date: 2026-12-01

Managers who had sharing on keep it on, from the moment of this migration: the old checkbox showed
earlier replies without saying so, so none written before today reaches a lead unless the manager
shares it again, one by one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import service.models.base

revision = "0003_sharing_from_now"
down_revision = "0002_commitments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("managers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sharing_since", service.models.base.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_at", service.models.base.UTCDateTime(timezone=True), nullable=True))
    managers = sa.table(
        "managers",
        sa.column("share_replies", sa.Boolean()),
        sa.column("sharing_since", service.models.base.UTCDateTime(timezone=True)),
    )
    op.execute(
        managers.update()
        .where(managers.c.share_replies.is_(True))
        .values(sharing_since=datetime.now(UTC))
    )
    with op.batch_alter_table("managers", schema=None) as batch_op:
        batch_op.drop_column("share_replies")


def downgrade() -> None:
    with op.batch_alter_table("managers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("share_replies", sa.Boolean(), nullable=False, server_default=sa.false()))
    managers = sa.table(
        "managers",
        sa.column("share_replies", sa.Boolean()),
        sa.column("sharing_since", service.models.base.UTCDateTime(timezone=True)),
    )
    op.execute(managers.update().where(managers.c.sharing_since.is_not(None)).values(share_replies=True))
    with op.batch_alter_table("managers", schema=None) as batch_op:
        batch_op.alter_column("share_replies", server_default=None)
        batch_op.drop_column("sharing_since")
    with op.batch_alter_table("replies", schema=None) as batch_op:
        batch_op.drop_column("shared_at")
