"""Creating outbox rows: every email, whoever asks for it, is a Message row first and a send job second."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from service.models import Message, utcnow


def new_reply_token() -> str:
    """Lower-case hex: it travels in the local part of reply+<token>@ addresses, which mailers may fold."""
    return secrets.token_hex(16)


def queue_message(
    session: Session,
    *,
    kind: str,
    to_email: str,
    manager_id: int | None = None,
    subscription_id: int | None = None,
    lead_id: int | None = None,
    program_id: int | None = None,
    lesson_slug: str | None = None,
    content_id: str | None = None,
    seq: int | None = None,
    context: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    due_at: datetime | None = None,
) -> Message:
    """Add a queued Message to `session` (the caller commits, then calls enqueue_sends)."""
    message = Message(
        kind=kind,
        to_email=to_email,
        manager_id=manager_id,
        subscription_id=subscription_id,
        lead_id=lead_id,
        program_id=program_id,
        lesson_slug=lesson_slug,
        content_id=content_id,
        seq=seq,
        context=context or {},
        dedupe_key=dedupe_key,
        due_at=due_at or utcnow(),
        status="queued",
        reply_token=new_reply_token(),
    )
    session.add(message)
    return message


def enqueue_sends(message_ids: Iterable[int]) -> None:
    """Hand committed Message rows to the send queue (safe to call twice: the job claims atomically).

    These are the emails someone is waiting for (a confirmation, a preference link, a welcome), so
    they go to the front of the queue rather than behind the dispatcher's wave of coaching sends.
    """
    from workers.sending import enqueue_send_jobs

    enqueue_send_jobs(list(message_ids), at_front=True)
