"""invitation ids are never reused: a withdrawn invitation's link must not open a later one

Revision ID: 0016_invitation_ids_unique
Revises: 0015_inbound_body_lz4
Create Date: 2026-12-06

A join link carries its invitation's id. SQLite gives a new row the highest id plus one, so after the
newest invitation was withdrawn (deleted) the next one would take its id: the withdrawn link would
open the new invitation, and its emails' dedupe keys would already be taken. AUTOINCREMENT never hands
an id out twice; PostgreSQL's sequences never did.
"""

from __future__ import annotations

from alembic import op

revision = "0016_invitation_ids_unique"
down_revision = "0015_inbound_body_lz4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "program_invitations", recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ):
            pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table(
            "program_invitations", recreate="always", table_kwargs={"sqlite_autoincrement": False}
        ):
            pass
