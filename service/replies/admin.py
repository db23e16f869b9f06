"""The inbound dead-letter: posts that produced no reply (unmatched, unreadable, failed), for operators to
list, read (headers and a short excerpt, admins only) and hand back to processing after a fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import LargeBinary, func, select
from sqlalchemy.orm import Session

from service.enums import ATTENTION_STATUSES, InboundStatus
from service.models import InboundPost
from service.models.compressed import HEADER_BYTES, stored_size
from service.replies.extraction import extract_new_text
from service.replies.mime import MalformedPost, parse_post


@dataclass(frozen=True)
class UnmatchedPost:
    """A stored post an admin may want to read (the raw body stays in the database, never in a log)."""

    id: int
    received_at: datetime
    status: str
    note: str
    size: int
    content_type: str


def unmatched_posts(
    session: Session, limit: int = 100, statuses: tuple[str, ...] = ATTENTION_STATUSES
) -> list[UnmatchedPost]:
    """Unmatched, malformed and failed posts (or `statuses`), newest first, without loading their bodies
    (a body's original size is in its first bytes, service/models/compressed.py)."""
    rows = session.execute(
        select(
            InboundPost.id,
            InboundPost.received_at,
            InboundPost.status,
            InboundPost.error,
            func.length(InboundPost.body),
            InboundPost.content_type,
            func.substr(InboundPost.body, 1, HEADER_BYTES, type_=LargeBinary),  # a frame's header
        )
        .where(InboundPost.status.in_(statuses))
        .order_by(InboundPost.received_at.desc(), InboundPost.id.desc())
        .limit(limit)
    ).all()
    return [
        UnmatchedPost(row[0], row[1], row[2], row[3] or "", stored_size(row[6], int(row[4] or 0)), row[5])
        for row in rows
    ]


@dataclass(frozen=True)
class PostDetail:
    """What an operator may see of one stored post: its metadata, headers and a short text excerpt.

    The excerpt is for the admin page only (escaped by the template); nothing here is ever logged."""

    post: UnmatchedPost
    headers: tuple[tuple[str, str], ...]
    excerpt: str
    readable: bool


@dataclass
class RetryResult:
    """Posts handed back to processing, and the ids refused with the reason."""

    retried: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


SHOWN_HEADERS = ("from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references")
EXCERPT_CHARS = 300
HEADER_CHARS = 500


def post_detail(session: Session, post_id: int) -> PostDetail | None:
    """One post's detail, re-parsed from its stored body; None if there is no such post."""
    post = session.get(InboundPost, post_id)
    if post is None:
        return None
    summary = UnmatchedPost(
        post.id, post.received_at, post.status, post.error or "", len(post.body), post.content_type
    )
    try:
        parsed = parse_post(post.content_type, post.body)
    except MalformedPost:
        return PostDetail(summary, (), "", readable=False)
    headers = tuple(
        (name, _flat(value)[:HEADER_CHARS])
        for name in SHOWN_HEADERS
        for value in parsed.headers.get(name, ())
    )
    text = extract_new_text(parsed.text, parsed.html)
    return PostDetail(summary, headers, _excerpt(text), readable=True)


def retry_posts(session: Session, post_ids: list[int]) -> RetryResult:
    """Hand unmatched, malformed or failed posts back to processing (status "received"); the caller
    commits, then announces them (service.replies.notify). Other posts are refused, nothing changes."""
    result = RetryResult()
    posts = {p.id: p for p in session.scalars(select(InboundPost).where(InboundPost.id.in_(post_ids)))}
    for post_id in dict.fromkeys(post_ids):
        post = posts.get(post_id)
        if post is None:
            result.refused[post_id] = "no such post"
        elif post.status not in ATTENTION_STATUSES:
            result.refused[post_id] = (
                f"is {post.status}; only {', '.join(ATTENTION_STATUSES)} posts are retried"
            )
        else:
            post.status, post.error, post.processed_at = InboundStatus.RECEIVED, None, None
            result.retried.append(post_id)
    return result


def _flat(value: str) -> str:
    return " ".join(value.split())


def _excerpt(text: str) -> str:
    flat = _flat(text)
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
