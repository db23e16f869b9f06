"""The transactional emails of the subscription flow, as outbox rows, and handing them to the send queue."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Sequence
from datetime import datetime

from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from service.enums import EmailKind
from service.models import Manager, Message, PendingChange, Subscription
from service.outbox import enqueue_sends, queue_message

log = logging.getLogger(__name__)


def public_id(secret_key: str, subscription_id: int) -> str:
    """An opaque, stable id for API answers: reveals neither the row id, nor order, nor prior existence."""
    digest = hmac.new(secret_key.encode(), f"subscription:{subscription_id}".encode(), hashlib.sha256)
    return "sub_" + digest.hexdigest()[:24]


def queue_confirmation(
    session: Session,
    subscription: Subscription,
    manager: Manager,
    now: datetime,
    *,
    change: PendingChange | None = None,
) -> Message:
    """The double opt-in email: its link leads to a page with a Confirm button. With `change` it
    confirms that stored request (for an address we know). It greets nobody by name: the name on
    a subscribe request is whatever its sender typed."""
    return queue_message(
        session,
        kind=EmailKind.CONFIRM,
        to_email=manager.email,
        manager_id=manager.id,
        subscription_id=subscription.id,
        program_id=manager.program_id,
        lesson_slug=change.lesson_slug if change is not None else subscription.lesson_slug,
        context={"change_id": change.id} if change is not None else {},
        dedupe_key=f"confirm:{subscription.id}:{now.isoformat()}",
    )


def queue_welcome(session: Session, subscription: Subscription, manager: Manager, now: datetime) -> Message:
    """Sent once per confirmation: the conditional status change in `confirm` guarantees one."""
    return queue_message(
        session,
        kind=EmailKind.WELCOME,
        to_email=manager.email,
        manager_id=manager.id,
        subscription_id=subscription.id,
        program_id=manager.program_id,
        lesson_slug=subscription.lesson_slug,
        context={"name": manager.name, "first_due_at": _iso(subscription.next_due_at)},
        dedupe_key=f"welcome:{subscription.id}:{now.isoformat()}",
    )


def queue_notice(
    session: Session,
    subscription: Subscription,
    manager: Manager,
    *,
    subject: str,
    paragraphs: Sequence[str],
    key: str,
    now: datetime,
) -> Message:
    """A short plain notice (its footer carries the preferences and unsubscribe links)."""
    return queue_message(
        session,
        kind=EmailKind.NOTICE,
        to_email=manager.email,
        manager_id=manager.id,
        subscription_id=subscription.id,
        program_id=manager.program_id,
        context={"subject": subject, "paragraphs": list(paragraphs)},
        dedupe_key=f"{key}:{subscription.id}:{now.isoformat()}",
    )


def queue_already_subscribed(
    session: Session, subscription: Subscription, manager: Manager, now: datetime
) -> Message:
    """What an active subscriber gets instead of a confirmation when someone subscribes their address."""
    return queue_notice(
        session,
        subscription,
        manager,
        subject="You're already subscribed",
        paragraphs=[
            "Someone (probably you) asked to subscribe this address to coaching nudges. "
            "You're already subscribed, so nothing has changed.",
            "To change your focus lesson, send time, weekdays or timezone, or to pause, "
            "use the preferences link in this email.",
            "If this wasn't you, you can ignore this email.",
        ],
        key="already-subscribed",
        now=now,
    )


def queue_preferences_link(
    session: Session, subscription: Subscription, manager: Manager, now: datetime
) -> Message:
    """A fresh preference-centre link, asked for by address on the website."""
    return queue_notice(
        session,
        subscription,
        manager,
        subject="Your preferences link",
        paragraphs=[
            "Here is a fresh link to your coaching preferences, as requested.",
            "If you didn't ask for it, you can ignore this email: nothing has changed.",
        ],
        key="preferences-link",
        now=now,
    )


def send_soon(message_ids: Sequence[int]) -> None:
    """Enqueue committed rows; if Redis is down the dispatcher re-enqueues stale queued rows later."""
    if not message_ids:
        return
    try:
        enqueue_sends(message_ids)
    except RedisError as exc:
        log.warning(
            "could not enqueue messages %s now (%s); the dispatcher will pick them up",
            list(message_ids),
            type(exc).__name__,
        )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
