"""PostgreSQL compresses inbound post bodies with lz4 (cheaper than pglz on every stored reply)

Every Inbound Parse post is inserted on the request's path before SendGrid gets its 200; a
10 kB body compressed with the default pglz cost the server about 0.2 ms of CPU per post,
with lz4 about 0.12 ms, and the stored row is smaller (bench/inbound.py). Only new values are
compressed the new way. Servers built without lz4 (or SQLite) keep their default.

Revision ID: 0015_inbound_body_lz4
Revises: 0014_commitment_from_nudge
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_inbound_body_lz4"
down_revision = "0014_commitment_from_nudge"
branch_labels = None
depends_on = None


def _lz4_available() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    found = bind.execute(
        sa.text(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
    ).scalar()
    return bool(found)


def upgrade() -> None:
    if _lz4_available():
        op.execute("ALTER TABLE inbound_posts ALTER COLUMN body SET COMPRESSION lz4")


def downgrade() -> None:
    if _lz4_available():
        op.execute("ALTER TABLE inbound_posts ALTER COLUMN body SET COMPRESSION DEFAULT")
