"""CHECK constraints for email kinds, row statuses and roles (service.enums)

Revision ID: 0004_enum_checks
Revises: 0003_sharing_from_now
Create Date: 2026-12-05

Each list is spelled out as it stands today; a later migration that adds a value rebuilds the
constraint with `replace_check` and the full new list (see service/schema_checks.py).
"""

from __future__ import annotations

from service.schema_checks import add_check, drop_check

revision = "0004_enum_checks"
down_revision = "0003_sharing_from_now"
branch_labels = None
depends_on = None

CHECKS = {
    ("messages", "kind"): [
        "confirm", "welcome", "nudge", "prompt", "followup", "checkin", "review", "digest", "invitation",
        "notice",
    ],
    ("messages", "status"): ["queued", "sending", "sent", "failed", "skipped"],
    ("subscriptions", "status"): ["pending", "active", "paused", "unsubscribed", "expired"],
    ("inbound_posts", "status"): ["received", "processed", "duplicate", "malformed", "unmatched", "failed"],
    ("leads", "role"): ["lead", "admin"],
}  # fmt: skip


def upgrade() -> None:
    for (table, column), values in CHECKS.items():
        add_check(table, column, values)


def downgrade() -> None:
    for table, column in reversed(list(CHECKS)):
        drop_check(table, column)
