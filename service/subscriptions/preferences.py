"""What a subscriber changes in the preference centre: schedule, focus, pauses, sharing, fresh links."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from service import sharing
from service.curriculum import Curriculum, load_curriculum
from service.enums import PauseReason, SubscriptionStatus
from service.models import Subscription
from service.subscriptions import mail
from service.subscriptions.arc import finished_current, lesson_states, next_lesson_for
from service.subscriptions.lifecycle import LIVE_STATUSES, ChangeResult, claim_mail_slot, find_manager
from service.subscriptions.schedule import next_due_at
from service.subscriptions.status import set_status

PAUSE_WEEKS = range(1, 9)
MAX_PAUSE = timedelta(weeks=26)  # a pause asked for by reply ("until the new year") lasts at most this long


def _reschedule(session: Session, subscription: Subscription, now: datetime) -> None:
    if subscription.status == SubscriptionStatus.ACTIVE:
        subscription.next_due_at = next_due_at(session, subscription, subscription.manager, now)


def update_schedule(
    session: Session,
    subscription: Subscription,
    *,
    timezone: str,
    send_time: time,
    weekdays: str,
    intensity: str,
    now: datetime,
) -> ChangeResult:
    """New local send time, weekdays, timezone or intensity; the next email moves to match."""
    subscription.manager.timezone = timezone
    subscription.send_time = send_time
    subscription.weekdays = weekdays
    subscription.intensity = intensity
    _reschedule(session, subscription, now)
    session.flush()
    return ChangeResult(True, subscription.status)


def set_sharing(session: Session, subscription: Subscription, share: bool, now: datetime) -> ChangeResult:
    """Consent to show the replies written from now on to the program lead (service/sharing.py)."""
    changed = sharing.set_sharing(subscription.manager, share, now)
    session.flush()
    return ChangeResult(changed, subscription.status)


def pause(session: Session, subscription: Subscription, weeks: int, now: datetime) -> ChangeResult:
    """Pause for 1-8 weeks; the dispatcher resumes it when `paused_until` passes."""
    if weeks not in PAUSE_WEEKS:
        raise ValueError("Choose a pause of 1 to 8 weeks.")
    if subscription.status not in LIVE_STATUSES:
        return ChangeResult(False, subscription.status)
    set_status(session, subscription, SubscriptionStatus.PAUSED, now)
    subscription.pause_reason = PauseReason.MANAGER
    subscription.paused_until = now + timedelta(weeks=weeks)
    subscription.next_due_at = None
    session.flush()
    return ChangeResult(True, SubscriptionStatus.PAUSED)


def pause_until(session: Session, subscription: Subscription, until: datetime, now: datetime) -> ChangeResult:
    """Pause until a moment between now and MAX_PAUSE from now (a pause asked for in a reply)."""
    if not now < until <= now + MAX_PAUSE:
        raise ValueError("A pause ends after now and within 26 weeks.")
    if subscription.status not in LIVE_STATUSES:
        return ChangeResult(False, subscription.status)
    set_status(session, subscription, SubscriptionStatus.PAUSED, now)
    subscription.pause_reason = PauseReason.MANAGER
    subscription.paused_until = until
    subscription.next_due_at = None
    session.flush()
    return ChangeResult(True, SubscriptionStatus.PAUSED)


def resume(session: Session, subscription: Subscription, now: datetime) -> ChangeResult:
    """Paused (by the manager, for being unresponsive, or at a lesson's end) -> active again; after a
    finished lesson the next one starts (the one suggested from the manager's replies)."""
    if subscription.status != SubscriptionStatus.PAUSED:
        return ChangeResult(False, subscription.status)
    set_status(session, subscription, SubscriptionStatus.ACTIVE, now)
    subscription.paused_until = None
    subscription.pause_reason = None
    subscription.resumed_at = now
    subscription.unanswered_streak = 0
    curriculum = load_curriculum()
    if finished_current(session, subscription):
        following = next_lesson_for(session, subscription, curriculum)
        if following is not None:
            subscription.lesson_slug = following.slug
            subscription.lesson_started_at = now
    _reschedule(session, subscription, now)
    session.flush()
    return ChangeResult(True, SubscriptionStatus.ACTIVE)


def keeps_focus(subscription: Subscription, slug: str, *, restart: bool) -> bool:
    """Choosing the lesson already under way, without asking to restart it, changes nothing: a
    "Save focus" pressed by mistake must not send the manager back to the lesson's first email."""
    return (
        slug == subscription.lesson_slug and subscription.status == SubscriptionStatus.ACTIVE and not restart
    )


def change_focus(
    session: Session,
    subscription: Subscription,
    slug: str,
    *,
    resume_earlier: bool,
    now: datetime,
    curriculum: Curriculum | None = None,
) -> ChangeResult:
    """Switch lessons: start `slug` afresh, or pick it up where an earlier, unfinished run stopped.

    Nothing is deleted: the messages keep the history. The spacing engine ignores a lesson's items
    sent before `lesson_started_at`, so resuming means moving that start back to the earlier run's.
    """
    (curriculum or load_curriculum()).lesson(slug)  # KeyError for an unknown lesson
    if subscription.status not in LIVE_STATUSES:
        return ChangeResult(False, subscription.status)
    state = lesson_states(session, subscription).get(slug)
    subscription.lesson_slug = slug
    if resume_earlier and state is not None and state.resumable and state.run_started_at is not None:
        subscription.lesson_started_at = state.run_started_at
    else:
        subscription.lesson_started_at = now
    if subscription.status == SubscriptionStatus.PAUSED and subscription.pause_reason != PauseReason.MANAGER:
        # The engine paused at a lesson's end or for silence: choosing a lesson is a clear "go on".
        set_status(session, subscription, SubscriptionStatus.ACTIVE, now)
        subscription.pause_reason = None
        subscription.resumed_at = now
        subscription.unanswered_streak = 0
    _reschedule(session, subscription, now)
    session.flush()
    return ChangeResult(True, subscription.status)


def request_link(session: Session, email: str, now: datetime) -> list[int]:
    """Email a fresh link to whoever owns `email`: preferences if live, the confirmation if pending.

    Callers answer the same whether or not the address exists; at most one email per 10 minutes.
    """
    manager = find_manager(session, email)
    subscription = manager.subscription if manager is not None else None
    if manager is None or subscription is None:
        return []
    if subscription.status not in (*LIVE_STATUSES, SubscriptionStatus.PENDING):
        return []
    if not claim_mail_slot(session, subscription, now):
        return []
    if subscription.status == SubscriptionStatus.PENDING:
        message = mail.queue_confirmation(session, subscription, manager, now)
    else:
        message = mail.queue_preferences_link(session, subscription, manager, now)
    session.flush()
    return [message.id]
