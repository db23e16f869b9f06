"""Pause and suppression reasons held to their enums (PauseReason, SuppressionReason)

Revision ID: 0013_pause_suppression_reasons
Revises: 0012_ignored_posts_digest_stop
Create Date: 2026-12-05
"""

from __future__ import annotations

from service.schema_checks import add_check, drop_check

revision = "0013_pause_suppression_reasons"
down_revision = "0012_ignored_posts_digest_stop"
branch_labels = None
depends_on = None

PAUSE_REASONS = ["manager", "unresponsive", "lesson-complete"]
SUPPRESSION_REASONS = ["bounce", "dropped", "spamreport", "unsubscribe", "group_unsubscribe"]


def upgrade() -> None:
    add_check("subscriptions", "pause_reason", PAUSE_REASONS)
    add_check("suppressions", "reason", SUPPRESSION_REASONS)


def downgrade() -> None:
    drop_check("suppressions", "reason")
    drop_check("subscriptions", "pause_reason")
