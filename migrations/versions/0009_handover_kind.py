"""email kind for the handover after a lesson's review (and the graduation after all ten)

Revision ID: 0009_handover_kind
Revises: 0008_lead_sessions
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from service.schema_checks import replace_check

revision = "0009_handover_kind"
down_revision = "0008_lead_sessions"
branch_labels = None
depends_on = None

KINDS = [
    "confirm", "welcome", "nudge", "prompt", "followup", "checkin", "review", "digest", "invitation",
    "notice", "commitment", "password_reset",
]  # fmt: skip


def upgrade() -> None:
    replace_check("messages", "kind", [*KINDS, "handover"])


def downgrade() -> None:
    op.execute("DELETE FROM messages WHERE kind = 'handover'")
    replace_check("messages", "kind", KINDS)
