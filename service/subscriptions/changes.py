"""Subscribe requests for a known address: stored as pending, applied only by the owner's confirmation.

Anyone can type anyone's address on the subscribe page. For an address we already know, what they
ask for (name, timezone, lesson, schedule) is kept in a `PendingChange` row and the confirmation
email, if one may go out now, links to that very request; until that link is used nothing about the
manager or the subscription changes, whatever its state (pending, unsubscribed or expired).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from service.enums import LIVE_SUBSCRIPTIONS
from service.models import Manager, PendingChange, Subscription
from service.subscriptions.validation import SubscriptionRequest


def store_change(
    session: Session, subscription: Subscription, request: SubscriptionRequest, now: datetime
) -> PendingChange:
    """Keep what was asked for, untouched, until the address's owner confirms it."""
    change = PendingChange(
        subscription_id=subscription.id,
        name=request.name,
        timezone=request.timezone,
        lesson_slug=request.focus,
        send_time=request.send_time,
        weekdays=request.weekdays_text,
        intensity=request.intensity,
        created_at=now,
    )
    session.add(change)
    session.flush()
    return change


def apply_change(subscription: Subscription, manager: Manager, change: PendingChange) -> None:
    """The requested settings become the manager's and the subscription's."""
    manager.name = change.name or manager.name
    manager.timezone = change.timezone
    subscription.lesson_slug = change.lesson_slug
    subscription.send_time = change.send_time
    subscription.weekdays = change.weekdays
    subscription.intensity = change.intensity


def claim_change(
    session: Session, change_id: int, now: datetime
) -> tuple[PendingChange, Subscription] | None:
    """Mark the change applied (once, whoever races) and return it with a subscription it may still
    start; None when it was applied before or the subscription has become live meanwhile."""
    change = session.get(PendingChange, change_id)
    if change is None:
        return None
    subscription = session.get(Subscription, change.subscription_id, populate_existing=True)
    if subscription is None or subscription.status in LIVE_SUBSCRIPTIONS:
        return None
    won = session.execute(
        update(PendingChange)
        .where(PendingChange.id == change_id, PendingChange.applied_at.is_(None))
        .values(applied_at=now)
        .execution_options(synchronize_session=False)
    )
    if won.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(change)
    return change, subscription
