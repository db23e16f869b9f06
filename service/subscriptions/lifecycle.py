"""Subscribe, confirm, unsubscribe, expire: the state changes of a subscription, with no web code.

Every function works inside the caller's session and returns the ids of the outbox rows it queued;
the caller commits, then hands those ids to `mail.send_soon`. State changes that must happen once
(confirming, sending a confirmation at most every 10 minutes) are conditional UPDATEs, so two
concurrent requests cannot both win.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.enums import LIVE_SUBSCRIPTIONS, MessageStatus, SubscribeOutcome, SubscriptionStatus
from service.models import Manager, Message, Subscription, Suppression
from service.subscriptions import mail, status
from service.subscriptions.changes import apply_change, claim_change, store_change
from service.subscriptions.schedule import next_due_at
from service.subscriptions.validation import SubscriptionRequest

RESEND_INTERVAL = timedelta(minutes=10)
UNCONFIRMED_LIFETIME = timedelta(days=7)
LIVE_STATUSES = LIVE_SUBSCRIPTIONS


@dataclass
class SubscribeResult:
    """What `subscribe` did; callers answer the same way whatever `outcome` is (no enumeration)."""

    subscription_id: int
    outcome: SubscribeOutcome
    message_ids: list[int] = field(default_factory=list)


@dataclass
class ChangeResult:
    """Whether a state change happened (False: it had already happened, or is not allowed now)."""

    changed: bool
    status: str
    message_ids: list[int] = field(default_factory=list)


def find_manager(session: Session, email: str) -> Manager | None:
    return session.scalars(select(Manager).where(Manager.email == email)).one_or_none()


def manager_for(session: Session, request: SubscriptionRequest, now: datetime) -> tuple[Manager, bool]:
    """The manager with this address, created if new (a concurrent insert of the same one is reused)."""
    manager = find_manager(session, request.email)
    if manager is not None:
        return manager, False
    manager = Manager(
        email=request.email,
        name=request.name,
        timezone=request.timezone,
        created_at=now,
    )
    try:
        with session.begin_nested():
            session.add(manager)
    except IntegrityError:
        existing = find_manager(session, request.email)
        if existing is None:
            raise
        return existing, False
    return manager, True


def apply_request(
    subscription: Subscription, manager: Manager, request: SubscriptionRequest, *, keep_manager: bool = False
) -> None:
    """The request's settings on the subscription (unless `keep_manager`, also the manager's name, zone)."""
    if not keep_manager:
        manager.name = request.name or manager.name
        manager.timezone = request.timezone
    subscription.lesson_slug = request.focus
    subscription.send_time = request.send_time
    subscription.weekdays = request.weekdays_text
    subscription.intensity = request.intensity


def claim_mail_slot(session: Session, subscription: Subscription, now: datetime) -> bool:
    """Take the right to email this address now; False if one went out in the last 10 minutes.

    Every state keeps to it (pending, unsubscribed, expired, live), so a stranger cannot use the
    subscribe form to flood someone's inbox."""
    statement = (
        update(Subscription)
        .where(Subscription.id == subscription.id)
        .where(
            or_(
                Subscription.confirmation_sent_at.is_(None),
                Subscription.confirmation_sent_at <= now - RESEND_INTERVAL,
            )
        )
    )
    result = session.execute(
        statement.values(confirmation_sent_at=now).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    subscription.confirmation_sent_at = now
    return True


def subscribe(session: Session, request: SubscriptionRequest, now: datetime) -> SubscribeResult:
    """A new address gets a pending subscription; a known one keeps everything as it is.

    For a known address the request is stored as a pending change, and its confirmation email (at
    most one every 10 minutes, in every state) links to that change: nothing about the manager
    changes until its owner confirms. An active or paused address gets a "you're already
    subscribed" notice with its preferences link instead.
    """
    manager, created = manager_for(session, request, now)
    subscription = manager.subscription
    if created or subscription is None:
        if subscription is None:  # a known address without a subscription keeps its name and timezone
            subscription = Subscription(
                manager_id=manager.id, status=SubscriptionStatus.PENDING, created_at=now
            )
            apply_request(subscription, manager, request, keep_manager=not created)
            session.add(subscription)
            session.flush()
            status.start(session, subscription, now)
        if created:
            messages = []
            if claim_mail_slot(session, subscription, now):
                messages.append(mail.queue_confirmation(session, subscription, manager, now))
            session.flush()
            return SubscribeResult(subscription.id, SubscribeOutcome.CREATED, [m.id for m in messages])
    if subscription.status in LIVE_STATUSES:
        messages = []
        if claim_mail_slot(session, subscription, now):
            messages.append(mail.queue_already_subscribed(session, subscription, manager, now))
        session.flush()
        return SubscribeResult(subscription.id, SubscribeOutcome.ALREADY_SUBSCRIBED, [m.id for m in messages])
    change = store_change(session, subscription, request, now)
    messages = []
    if claim_mail_slot(session, subscription, now):
        messages.append(mail.queue_confirmation(session, subscription, manager, now, change=change))
    session.flush()
    return SubscribeResult(subscription.id, SubscribeOutcome.CHANGE_PENDING, [m.id for m in messages])


def confirm_change(session: Session, change_id: int, now: datetime) -> ChangeResult:
    """The owner confirmed a pending change: apply it and start (or restart) the subscription, once."""
    claimed = claim_change(session, change_id, now)
    if claimed is None:
        return ChangeResult(False, "unchanged")
    change, subscription = claimed
    apply_change(subscription, subscription.manager, change)
    status.set_status(session, subscription, SubscriptionStatus.PENDING, now)
    subscription.next_due_at = None
    session.flush()
    return confirm(session, subscription.id, now)


def confirm(session: Session, subscription_id: int, now: datetime) -> ChangeResult:
    """Pending -> active: welcome email, suppression lifted, first nudge at the next allowed slot."""
    result = session.execute(
        update(Subscription)
        .where(Subscription.id == subscription_id, Subscription.status == SubscriptionStatus.PENDING)
        .values(status=SubscriptionStatus.ACTIVE, confirmed_at=now)
        .execution_options(synchronize_session=False)
    )
    subscription = session.get(Subscription, subscription_id, populate_existing=True)
    if subscription is None:
        return ChangeResult(False, "missing")
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return ChangeResult(False, subscription.status)
    status.record(session, [subscription_id], SubscriptionStatus.ACTIVE, now)
    manager = subscription.manager
    subscription.lesson_started_at = now
    subscription.resumed_at = None
    subscription.unanswered_streak = 0
    subscription.paused_until = None
    subscription.pause_reason = None
    subscription.next_due_at = next_due_at(session, subscription, manager, now)
    # Confirming again is a fresh, explicit opt-in: it lifts an earlier bounce or complaint block.
    session.execute(delete(Suppression).where(Suppression.email == manager.email))
    welcome = mail.queue_welcome(session, subscription, manager, now)
    session.flush()
    return ChangeResult(True, SubscriptionStatus.ACTIVE, [welcome.id])


def unsubscribe(session: Session, subscription_id: int, now: datetime) -> ChangeResult:
    """Stop all mail at once: status unsubscribed and every still-queued email for it skipped."""
    result = session.execute(
        update(Subscription)
        .where(Subscription.id == subscription_id, Subscription.status != SubscriptionStatus.UNSUBSCRIBED)
        .values(
            status=SubscriptionStatus.UNSUBSCRIBED,
            unsubscribed_at=now,
            next_due_at=None,
            paused_until=None,
            pause_reason=None,
        )
        .execution_options(synchronize_session=False)
    )
    changed = result.rowcount == 1  # type: ignore[attr-defined]
    if changed:
        status.record(session, [subscription_id], SubscriptionStatus.UNSUBSCRIBED, now)
        session.execute(
            update(Message)
            .where(Message.subscription_id == subscription_id, Message.status == MessageStatus.QUEUED)
            .values(status=MessageStatus.SKIPPED, last_error="unsubscribed")
            .execution_options(synchronize_session=False)
        )
    subscription = session.get(Subscription, subscription_id, populate_existing=True)
    return ChangeResult(changed, subscription.status if subscription else "missing")


def resubscribe(session: Session, subscription_id: int, now: datetime) -> ChangeResult:
    """Undo an unsubscribe (a SendGrid group resubscribe): active again, next email at the next send time."""
    subscription = session.get(Subscription, subscription_id, populate_existing=True)
    if subscription is None or subscription.status != SubscriptionStatus.UNSUBSCRIBED:
        return ChangeResult(False, subscription.status if subscription else "missing")
    status.set_status(session, subscription, SubscriptionStatus.ACTIVE, now)
    subscription.unsubscribed_at = None
    subscription.next_due_at = next_due_at(session, subscription, subscription.manager, now)
    session.flush()
    return ChangeResult(True, SubscriptionStatus.ACTIVE)


def expire_unconfirmed(session: Session, now: datetime) -> int:
    """Pending subscriptions whose latest confirmation email is over 7 days old become expired."""
    last_asked = func.coalesce(Subscription.confirmation_sent_at, Subscription.created_at)
    expired = session.scalars(
        update(Subscription)
        .where(Subscription.status == SubscriptionStatus.PENDING, last_asked < now - UNCONFIRMED_LIFETIME)
        .values(status=SubscriptionStatus.EXPIRED, next_due_at=None)
        .returning(Subscription.id)
        .execution_options(synchronize_session=False)
    ).all()
    status.record(session, expired, SubscriptionStatus.EXPIRED, now)
    return len(expired)
