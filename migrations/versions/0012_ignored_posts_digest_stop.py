"""Ignored inbound posts (mail no person wrote), and leads' digest opt-out

Revision ID: 0012_ignored_posts_digest_stop
Revises: 0011_pending_changes
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models.base
from service.schema_checks import replace_check

revision = "0012_ignored_posts_digest_stop"
down_revision = "0011_pending_changes"
branch_labels = None
depends_on = None

INBOUND = ["received", "processed", "duplicate", "malformed", "unmatched", "failed"]


def upgrade() -> None:
    replace_check("inbound_posts", "status", [*INBOUND, "ignored"])
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("digest_stopped_at", service.models.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("digest_stopped_at")
    op.execute("UPDATE inbound_posts SET status = 'processed' WHERE status = 'ignored'")
    replace_check("inbound_posts", "status", INBOUND)
