"""leads.session_generation (signing out ends every session) and the password_reset email kind

Revision ID: 0008_lead_sessions
Revises: 0007_program_invitations
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from service.schema_checks import replace_check

revision = "0008_lead_sessions"
down_revision = "0007_program_invitations"
branch_labels = None
depends_on = None

KINDS = [
    "confirm",
    "welcome",
    "nudge",
    "prompt",
    "followup",
    "checkin",
    "review",
    "digest",
    "invitation",
    "notice",
    "commitment",
]


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.add_column(sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False))
    replace_check("messages", "kind", [*KINDS, "password_reset"])


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'password_reset'")
    replace_check("messages", "kind", KINDS)
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("session_generation")
