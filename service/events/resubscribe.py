"""A `group_resubscribe` after our own group unsubscribe undoes it: the suppression goes, the subscriptions
it stopped start again.

SendGrid sends `group_resubscribe` when a recipient opts back in to an unsubscribe group from its
preferences page. It only undoes a `group_unsubscribe` the service recorded (the suppression's reason)
and only when it happened after that unsubscribe; a bounce, a spam report or an unsubscribe through our
own link stays in force, and so does a resubscribe older than the latest group unsubscribe.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.enums import EventType, SubscriptionStatus
from service.models import Manager, ProviderEvent, Subscription, Suppression
from service.subscriptions.lifecycle import resubscribe


def apply(session: Session, resubscribes: Sequence[tuple[str, datetime]], now: datetime) -> list[str]:
    """Lift each address's group-unsubscribe suppression that a later resubscribe undid; the addresses."""
    latest: dict[str, datetime] = {}
    for email, at in resubscribes:
        if "@" in email and (email not in latest or at > latest[email]):
            latest[email] = at
    if not latest:
        return []
    suppressions = session.scalars(
        select(Suppression)
        .where(Suppression.email.in_(latest), Suppression.reason == EventType.GROUP_UNSUBSCRIBE)
        .order_by(Suppression.email)
    ).all()
    lifted: list[str] = []
    for suppression in suppressions:
        unsubscribed_at = session.scalar(
            select(func.max(ProviderEvent.occurred_at)).where(
                ProviderEvent.email == suppression.email,
                ProviderEvent.event == EventType.GROUP_UNSUBSCRIBE,
            )
        )
        if unsubscribed_at is not None and latest[suppression.email] <= unsubscribed_at:
            continue
        stopped = session.scalars(
            select(Subscription.id)
            .join(Manager, Manager.id == Subscription.manager_id)
            .where(
                Manager.email == suppression.email,
                Subscription.status == SubscriptionStatus.UNSUBSCRIBED,
                Subscription.unsubscribed_at >= suppression.created_at,
            )
            .order_by(Subscription.id)
        ).all()
        session.delete(suppression)
        session.flush()
        for subscription_id in stopped:
            resubscribe(session, subscription_id, now)
        lifted.append(suppression.email)
    return lifted
