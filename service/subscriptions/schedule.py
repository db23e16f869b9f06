"""A subscription's spacing schedule, and when its next coaching email is due (with its real history)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Protocol

from sqlalchemy.orm import Session

from service.commitments.due import owed_checkbacks
from service.curriculum import load_curriculum
from service.models import Manager, Subscription
from service.spacing import Plan, Schedule, parse_weekdays, plan_next, zone
from service.spacing.calendar import local_day, next_slot
from service.subscriptions.history import load_histories


class ScheduleFields(Protocol):
    """The subscription columns the engine reads: a Subscription, or a row of the dispatcher's query."""

    @property
    def lesson_slug(self) -> str: ...
    @property
    def send_time(self) -> time: ...
    @property
    def weekdays(self) -> str: ...
    @property
    def intensity(self) -> str: ...
    @property
    def lesson_started_at(self) -> datetime | None: ...
    @property
    def confirmed_at(self) -> datetime | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def resumed_at(self) -> datetime | None: ...


def schedule_for(subscription: ScheduleFields, timezone: str | None) -> Schedule:
    """The engine's view of a subscription in its manager's timezone: the one mapping every caller uses."""
    return Schedule(
        lesson_slug=subscription.lesson_slug,
        timezone=timezone or "UTC",
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
    owed = owed_checkbacks(session, [manager.id])[manager.id]
    schedule = schedule_for(subscription, manager.timezone)
    plan = plan_next(schedule, history.items, now, load_curriculum(), owed.due)
    return plan.send_at if isinstance(plan, Plan) else now


def first_slot_from(subscription: ScheduleFields, timezone: str | None, instant: datetime) -> datetime | None:
    """The first send slot at or after `instant` on one of the subscription's days: when emails can start
    again after a pause that ends on a day nobody gets email (None if its days cannot be read)."""
    try:
        tz = zone(timezone or "UTC")
        return next_slot(
            earliest_day=local_day(instant, tz),
            at=subscription.send_time,
            tz=tz,
            weekdays=parse_weekdays(subscription.weekdays),
            not_before=instant,
        )
    except ValueError:
        return None


def later_restart(subscription: Subscription, timezone: str | None) -> datetime | None:
    """When a paused subscription's emails can start again, if that is a later day than the pause's end
    (it ends on a Saturday and emails go Monday to Friday, or after the day's send time); None when
    the end itself says it."""
    if subscription.paused_until is None:
        return None
    restart = first_slot_from(subscription, timezone, subscription.paused_until)
    try:
        tz = zone(timezone or "UTC")
    except ValueError:
        return None
    if restart is None or local_day(restart, tz) == local_day(subscription.paused_until, tz):
        return None
    return restart
