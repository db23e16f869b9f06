"""A nudge's move taken on by its link is a commitment naming that nudge (one per nudge)

Revision ID: 0014_commitment_from_nudge
Revises: 0013_pause_suppression_reasons
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_commitment_from_nudge"
down_revision = "0013_pause_suppression_reasons"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nudge_message_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_commitments_nudge_message_id"), ["nudge_message_id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_commitments_nudge_message_id_messages"),
            "messages",
            ["nudge_message_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    # The moves taken on stay as commitments; only the link to their nudge goes.
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_commitments_nudge_message_id_messages"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_commitments_nudge_message_id"), type_="unique")
        batch_op.drop_column("nudge_message_id")
