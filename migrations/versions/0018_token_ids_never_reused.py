"""ids in email links are never reused: an erased manager's links must not open a later manager's

Revision ID: 0018_token_ids_never_reused
Revises: 0017_reply_withheld
Create Date: 2026-12-07

Links carry row ids in signed tokens: a manager's (reflections), a subscription's (confirm,
preferences, unsubscribe), a pending change's (confirm-change), a reply's (command) and a message's
(commitment, lesson, question, move); a check-back email names its commitment. SQLite without
AUTOINCREMENT gives a new row the highest id plus one, so after "Delete all my data" erased the newest
manager, the next manager took their manager and subscription ids and the erased person's old links
opened the new person's reflections and preferences. Deleting one reply did the same to its id.
AUTOINCREMENT never hands an id out twice; PostgreSQL's sequences never did, so there nothing runs.
0016 did this for program_invitations.

SQLite can add AUTOINCREMENT only by rebuilding the table: each one is copied into a new table with
the same columns, constraints and indexes, the old one dropped and the copy renamed. Every row and its
id is kept. The cost is one full copy of each table and the rebuild of its indexes, inside the
migration's transaction: `messages` is the largest (one row per email ever sent), so expect the
release step to take about as long as copying the database file once, to need that much free disk
space again until it commits, and to hold SQLite's write lock meanwhile (workers and web requests that
write wait up to their busy timeout). Run it in a quiet moment on a large SQLite database.

The new sequence starts at each table's present highest id: an id deleted from the top before this
upgrade can still be handed out once more. The links signed for it are refused all the same, being
older than the new row (service/public/links.py `subject`).
"""

from __future__ import annotations

from alembic import op

revision = "0018_token_ids_never_reused"
down_revision = "0017_reply_withheld"
branch_labels = None
depends_on = None

# Parents first: the order does not matter to SQLite with foreign keys off, but reads naturally.
TABLES = ("managers", "subscriptions", "pending_changes", "messages", "replies", "commitments")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # Dropping a parent table with foreign keys enforced would cascade into its children's rows.
    # service.migrate's engine never turns them on; refuse to run on a connection that did.
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("0018 rebuilds tables: run it with PRAGMA foreign_keys=OFF (service.migrate does)")
    for table in TABLES:
        kwargs = {"sqlite_autoincrement": autoincrement}
        with op.batch_alter_table(table, recreate="always", table_kwargs=kwargs) as batch:
            if not autoincrement:  # AUTOINCREMENT keys are written inline, unnamed: name it again
                batch.create_primary_key(f"pk_{table}", ["id"])


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
