"""What admins look at: inbound posts that produced no reply (unmatched, unreadable, failed), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.enums import ATTENTION_STATUSES
from service.models import InboundPost


@dataclass(frozen=True)
class UnmatchedPost:
    """A stored post an admin may want to read (the raw body stays in the database, never in a log)."""

    id: int
    received_at: datetime
    status: str
    note: str
    size: int
    content_type: str


def unmatched_posts(session: Session, limit: int = 100) -> list[UnmatchedPost]:
    """Unmatched and malformed posts, newest first, without loading their bodies."""
    rows = session.execute(
        select(
            InboundPost.id,
            InboundPost.received_at,
            InboundPost.status,
            InboundPost.error,
            func.length(InboundPost.body),
            InboundPost.content_type,
        )
        .where(InboundPost.status.in_(ATTENTION_STATUSES))
        .order_by(InboundPost.received_at.desc(), InboundPost.id.desc())
        .limit(limit)
    ).all()
    return [UnmatchedPost(row[0], row[1], row[2], row[3] or "", int(row[4] or 0), row[5]) for row in rows]
