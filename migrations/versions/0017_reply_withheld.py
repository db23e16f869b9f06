"""a manager can make one shared reply private again

Revision ID: 0017_reply_withheld
Revises: 0016_invitation_ids_unique
Create Date: 2026-12-06

`replies.withheld_at`: when the manager took this one reply back from their lead ("Make private" in
My reflections). Sharing on shares what is written from then on; until now the only way to take a
single reply back was to turn sharing off for all of them.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from service.models.base import UTCDateTime

revision = "0017_reply_withheld"
down_revision = "0016_invitation_ids_unique"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("replies") as table:
        table.add_column(sa.Column("withheld_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("replies") as table:
        table.drop_column("withheld_at")
