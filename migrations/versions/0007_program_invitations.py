"""program invitations: membership only by the invited person's acceptance

Revision ID: 0007_program_invitations
Revises: 0006_commitment_kinds
Create Date: 2026-12-05

Before this revision enrolling an address set `managers.program_id` at once. Managers who were put
into a program that way without ever taking part (no subscription), or whose own subscription is
older than their enrolment (they had subscribed on their own and were pulled in), become pending
invitations instead: they leave the program until they accept.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import service.models.base


revision = '0007_program_invitations'
down_revision = '0006_commitment_kinds'
branch_labels = None
depends_on = None

NOT_CONSENTED = """
    managers.program_id IS NOT NULL AND (
        NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.manager_id = managers.id)
        OR EXISTS (
            SELECT 1 FROM subscriptions s
            WHERE s.manager_id = managers.id AND managers.invited_at IS NOT NULL
              AND s.created_at < managers.invited_at
        )
    )
"""


def upgrade() -> None:
    op.create_table('program_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('lesson_slug', sa.String(length=80), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', service.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', service.models.base.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted')", name=op.f('ck_program_invitations_status')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['leads.id'], name=op.f('fk_program_invitations_invited_by_id_leads'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['program_id'], ['programs.id'], name=op.f('fk_program_invitations_program_id_programs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_program_invitations')),
    sa.UniqueConstraint('program_id', 'email', name='uq_program_invitations_program_email')
    )
    with op.batch_alter_table('program_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_program_invitations_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_program_invitations_program_id'), ['program_id'], unique=False)
    op.execute(
        "INSERT INTO program_invitations (program_id, email, name, timezone, status, created_at) "
        "SELECT program_id, email, name, timezone, 'pending', COALESCE(invited_at, created_at) "
        f"FROM managers WHERE {NOT_CONSENTED}"
    )
    op.execute(f"UPDATE managers SET program_id = NULL WHERE {NOT_CONSENTED}")


def downgrade() -> None:
    # Pending invitations go back to being memberships, as the old code made them (one program each).
    op.execute(
        "UPDATE managers SET program_id = (SELECT MIN(i.program_id) FROM program_invitations i "
        "WHERE i.email = managers.email AND i.status = 'pending') "
        "WHERE program_id IS NULL AND EXISTS (SELECT 1 FROM program_invitations i "
        "WHERE i.email = managers.email AND i.status = 'pending')"
    )
    with op.batch_alter_table('program_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_program_invitations_program_id'))
        batch_op.drop_index(batch_op.f('ix_program_invitations_email'))
    op.drop_table('program_invitations')
