"""When a subscription's next coaching email is due, asked of the spacing engine with its real history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from service.curriculum import load_curriculum
from service.models import Manager, Subscription
from service.spacing import Plan, Schedule, parse_weekdays, plan_next
from workers.history import load_histories


def schedule_for(subscription: Subscription, manager: Manager) -> Schedule:
    """The engine's view of a subscription (the same fields the dispatcher reads)."""
    return Schedule(
        lesson_slug=subscription.lesson_slug,
        timezone=manager.timezone or "UTC",
        send_time=subscription.send_time,
        weekdays=parse_weekdays(subscription.weekdays),
        intensity=subscription.intensity,
        started_at=subscription.lesson_started_at or subscription.confirmed_at or subscription.created_at,
        resumed_at=subscription.resumed_at,
    )


def next_due_at(session: Session, subscription: Subscription, manager: Manager, now: datetime) -> datetime:
    """The next allowed local send slot the engine plans from `now` (a pause: now, for the dispatcher).

    This is when the dispatcher sends; what it sends, it asks the engine again at that moment.
    """
    session.flush()
    history = load_histories(session, [subscription.id])[subscription.id]
    plan = plan_next(schedule_for(subscription, manager), history.items, now, load_curriculum())
    return plan.send_at if isinstance(plan, Plan) else now
