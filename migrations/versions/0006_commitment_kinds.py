"""email kind for commitment check-backs

Revision ID: 0006_commitment_kinds
Revises: 0005_program_owners_token_expiry
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from service.schema_checks import replace_check

revision = "0006_commitment_kinds"
down_revision = "0005_program_owners_token_expiry"
branch_labels = None
depends_on = None

KINDS = [
    "confirm", "welcome", "nudge", "prompt", "followup", "checkin", "review", "digest", "invitation",
    "notice",
]  # fmt: skip
NEW_KINDS = ["commitment"]


def upgrade() -> None:
    replace_check("messages", "kind", [*KINDS, *NEW_KINDS])


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'commitment'")
    replace_check("messages", "kind", KINDS)
