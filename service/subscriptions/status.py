"""The one owner of a subscription's status: every change goes through here and is kept in its history.

`subscription_status_history` holds one row per stretch of a status (`changed_at` until `ended_at`),
so the leads' figures can say what the status was at any past instant
(service/analytics/kpis.py `status_at`) instead of guessing it from `updated_at`, which any later
change of schedule or focus moves. Callers use `start` for a new subscription, `set_status` for one
loaded object, and `record` after a set-based UPDATE that changed the status of several rows (the
conditional confirm and unsubscribe, the dispatcher's pauses, expiry), with the ids it changed.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from service.enums import SubscriptionStatus
from service.models import Subscription, SubscriptionStatusChange


def record(session: Session, subscription_ids: Collection[int], status: str, now: datetime) -> None:
    """The status of these subscriptions became `status` at `now` (their row already says so): the
    stretch each was in ends, a new one starts."""
    if not subscription_ids:
        return
    ids = list(subscription_ids)
    session.execute(
        update(SubscriptionStatusChange)
        .where(SubscriptionStatusChange.subscription_id.in_(ids), SubscriptionStatusChange.ended_at.is_(None))
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        insert(SubscriptionStatusChange),
        [{"subscription_id": sid, "status": SubscriptionStatus(status), "changed_at": now} for sid in ids],
    )


def start(session: Session, subscription: Subscription, now: datetime) -> None:
    """A new subscription's first stretch, in the status it was created with (pending, as a rule)."""
    session.flush()  # the new row's id
    record(session, [subscription.id], subscription.status or SubscriptionStatus.PENDING, now)


def set_status(session: Session, subscription: Subscription, status: str, now: datetime) -> bool:
    """Give `subscription` `status` from `now` and keep the change; False when it had it already."""
    if subscription.status == status:
        return False
    subscription.status = status
    session.flush()
    record(session, [subscription.id], status, now)
    return True
