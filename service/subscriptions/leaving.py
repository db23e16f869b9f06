"""Leaving, or staying on lighter terms: the optional reason (leads see only counts) and "fewer emails"."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.enums import SubscriptionStatus, UnsubscribeReason
from service.models import Manager, Subscription
from service.subscriptions.lifecycle import LIVE_STATUSES, ChangeResult
from service.subscriptions.schedule import next_due_at

LIGHT = "light"
REASON_LABELS: dict[UnsubscribeReason, str] = {
    UnsubscribeReason.TOO_MANY: "Too many emails",
    UnsubscribeReason.NOT_RELEVANT: "Not relevant to my work",
    UnsubscribeReason.NO_TIME: "No time for this right now",
    UnsubscribeReason.FINISHED: "I got what I needed",
    UnsubscribeReason.OTHER: "Another reason",
}
# Fewer reasons than this in a program are not shown at all: a lead must not work out whose one is whose.
MIN_REASONS_SHOWN = 3


def check_reason(value: object) -> UnsubscribeReason | None:
    """The reason a manager chose, None when they chose none; ValueError for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in set(UnsubscribeReason):
        return UnsubscribeReason(value)
    raise ValueError("Choose one of the reasons listed, or none.")


def fewer_emails(session: Session, subscription: Subscription, now: datetime) -> ChangeResult:
    """Switch to the lighter schedule (more days between emails); the next email moves to match."""
    if subscription.status not in LIVE_STATUSES or subscription.intensity == LIGHT:
        return ChangeResult(False, subscription.status)
    subscription.intensity = LIGHT
    if subscription.status == SubscriptionStatus.ACTIVE:
        subscription.next_due_at = next_due_at(session, subscription, subscription.manager, now)
    session.flush()
    return ChangeResult(True, subscription.status)


def reason_counts(session: Session, program_id: int) -> dict[UnsubscribeReason, int] | None:
    """How many of a program's unsubscribed managers gave each reason; None while fewer than
    MIN_REASONS_SHOWN did (too few to show without pointing at someone)."""
    rows = session.execute(
        select(Subscription.unsubscribe_reason, func.count())
        .join(Manager, Manager.id == Subscription.manager_id)
        .where(
            Manager.program_id == program_id,
            Subscription.status == SubscriptionStatus.UNSUBSCRIBED,
            Subscription.unsubscribe_reason.is_not(None),
        )
        .group_by(Subscription.unsubscribe_reason)
    ).all()
    counts = {UnsubscribeReason(str(reason)): int(count) for reason, count in rows}
    if sum(counts.values()) < MIN_REASONS_SHOWN:
        return None
    return {reason: counts.get(reason, 0) for reason in UnsubscribeReason}
