"""subscription status history: when each subscription had which status

Revision ID: 0019_subscription_status_history
Revises: 0018_token_ids_never_reused
Create Date: 2026-12-06

`subscription_status_history` keeps one row per stretch of a status (`changed_at` until `ended_at`,
NULL while it lasts), written from now on by service/subscriptions/status.py at every change, so the
leads' figures read a past status instead of rebuilding it from `subscriptions.updated_at` (which any
later change of schedule or focus moved, carrying an old pause into the current period).

The backfill writes, for every existing subscription, what its row still knows, oldest first:
- pending from `created_at` (always known);
- active from `confirmed_at`, for subscriptions that were confirmed and are active, paused or
  unsubscribed now (`confirmed_at` is the latest confirmation; an earlier one is lost);
- unsubscribed from `unsubscribed_at`; paused or expired from `updated_at`, for those in that status
  now. `updated_at` is only the latest moment the pause (or expiry) can have begun: a later change of
  schedule moved it. So a pause still running counts from then, never earlier than it began, and
  from this migration on every new pause counts from its real moment.
It cannot know anything that the row has overwritten since: pauses that ended before the migration
(`resumed_at` says one ended, not when it began), unsubscribes undone by a resubscribe, earlier
confirmations, or how long a subscription was active before a pause. Each stretch ends when the
next known one begins; the last one is open.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models.base

revision = "0019_subscription_status_history"
down_revision = "0018_token_ids_never_reused"
branch_labels = None
depends_on = None

STATUSES = "status IN ('pending', 'active', 'paused', 'unsubscribed', 'expired')"

BACKFILL = (
    # pending from creation, for every subscription
    """INSERT INTO subscription_status_history (subscription_id, status, changed_at)
       SELECT id, 'pending', created_at FROM subscriptions ORDER BY id""",
    # active from the (latest) confirmation, for those that got past pending
    """INSERT INTO subscription_status_history (subscription_id, status, changed_at)
       SELECT id, 'active', CASE WHEN confirmed_at < created_at THEN created_at ELSE confirmed_at END
       FROM subscriptions
       WHERE confirmed_at IS NOT NULL AND status IN ('active', 'paused', 'unsubscribed')
       ORDER BY id""",
    # the status now, when it is not one of those, from the best moment the row knows
    """INSERT INTO subscription_status_history (subscription_id, status, changed_at)
       SELECT id, status,
              CASE WHEN status = 'unsubscribed' AND unsubscribed_at IS NOT NULL THEN unsubscribed_at
                   ELSE updated_at END
       FROM subscriptions
       WHERE status IN ('paused', 'unsubscribed', 'expired')
       ORDER BY id""",
    # each stretch ends where the next one of its subscription begins (rows of one instant: by id)
    """UPDATE subscription_status_history SET ended_at = (
           SELECT MIN(later.changed_at) FROM subscription_status_history later
           WHERE later.subscription_id = subscription_status_history.subscription_id
             AND (later.changed_at > subscription_status_history.changed_at
                  OR (later.changed_at = subscription_status_history.changed_at
                      AND later.id > subscription_status_history.id)))""",
)


def upgrade() -> None:
    op.create_table(
        "subscription_status_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("changed_at", service.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", service.models.base.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(STATUSES, name=op.f("ck_subscription_status_history_status")),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscriptions.id"],
            name=op.f("fk_subscription_status_history_subscription_id_subscriptions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription_status_history")),
    )
    with op.batch_alter_table("subscription_status_history", schema=None) as batch_op:
        batch_op.create_index(
            "ix_subscription_status_history_subscription", ["subscription_id", "changed_at"], unique=False
        )
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("subscription_status_history", schema=None) as batch_op:
        batch_op.drop_index("ix_subscription_status_history_subscription")
    op.drop_table("subscription_status_history")
