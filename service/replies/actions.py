"""Carry out a request sent by reply through the subscription domain functions, and acknowledge it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum, Lesson, load_curriculum
from service.enums import ReplyCommand, SubscriptionStatus
from service.models import Manager, Message, Subscription, Suppression
from service.replies.intent import Intent
from service.subscriptions import MAX_PAUSE, change_focus, keeps_focus, pause_until, resume, unsubscribe
from service.subscriptions.arc import finished_current
from service.subscriptions.leaving import LIGHT, fewer_emails
from service.subscriptions.lifecycle import resubscribe
from service.subscriptions.mail import queue_notice
from service.subscriptions.schedule import first_slot_from

HELP_LINES = (
    'Stop the emails: STOP or UNSUBSCRIBE, or in your words ("please take me off this list").',
    'Take a break: PAUSE, PAUSE 3 WEEKS, or "pause until 10 January", "hold these until the new year".',
    'Start again after a pause, or take back a stop within 30 days: RESUME, or "I\'m back".',
    'Change your focus lesson: SWITCH 3, SWITCH share-credit, or "move me to lesson 7".',
    'Get fewer emails, with more days between them: FEWER, or "fewer emails please".',
    "Choose the days and time of your emails: the Preferences link at the bottom of every email.",
    "This list: HELP.",
)
HELP_TRUTH = (
    "No coach reads your replies: the service keeps them for you and quotes your own words back in "
    "later emails. Your program lead sees that you replied, and sees your words only if you choose "
    "to share them on your preferences page."
)
SCHEDULE_ANSWER = (
    "You can choose the days and time of your coaching emails on your preferences page: the Preferences "
    "link at the bottom of this email. Nothing has changed yet."
)
UNDO_UNSUBSCRIBE = timedelta(days=30)  # a reply may take back an unsubscribe this long after it
LANGUAGES_NOTE = (
    "Write in English, German, French, Spanish, Dutch, Italian or Portuguese. When we are not sure what "
    "you meant, we ask before changing anything."
)


def carry_out(
    session: Session,
    intent: Intent,
    subscription: Subscription,
    manager: Manager,
    *,
    key: str,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
) -> Message:
    """Apply `intent` and queue one notice saying what happened (the caller commits, then sends it)."""
    subject, paragraphs = _apply(session, intent, subscription, manager, now, curriculum, public_url)
    return queue_notice(
        session, subscription, manager, subject=subject, paragraphs=paragraphs, key=key, now=now
    )


def manager_zone(manager: Manager) -> ZoneInfo:
    """The manager's timezone (UTC when it is unknown)."""
    try:
        return ZoneInfo(manager.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def day_words(day: date) -> str:
    """A day as people write it: "Saturday 2 January 2027"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def local_today(manager: Manager, now: datetime) -> date:
    """The manager's date at `now`: "tomorrow" and "Friday" in a reply mean theirs."""
    return now.astimezone(manager_zone(manager)).date()


def _apply(
    session: Session,
    intent: Intent,
    subscription: Subscription,
    manager: Manager,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
) -> tuple[str, list[str]]:
    if intent.command == ReplyCommand.STOP:
        unsubscribe(session, subscription.id, now)
        return "You're unsubscribed", [
            "You asked to stop, so you will get no more coaching emails from us.",
            f"Didn't mean to? Reply RESUME within {UNDO_UNSUBSCRIBE.days} days and they carry on where they "
            f"left off. Or subscribe again at any time at {public_url}/.",
        ]
    if intent.command == ReplyCommand.PAUSE:
        return _pause(session, intent, subscription, manager, now)
    if intent.command == ReplyCommand.RESUME:
        if subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            return _take_back_unsubscribe(session, subscription, manager, now, public_url)
        return _resume(session, subscription, now)
    if intent.command == ReplyCommand.SWITCH:
        return _switch(session, intent, subscription, now, curriculum)
    if intent.command == ReplyCommand.FEWER:
        return _fewer(session, subscription, now)
    if intent.command == ReplyCommand.SCHEDULE:
        return "Choose your days and time", [SCHEDULE_ANSWER]
    return "How to reply to your coach", [
        "Reply to any coaching email with your thoughts, as long or short as you like.",
        HELP_TRUTH,
        "To change your emails, reply with one of these, in a few words of your own if you like:",
        *HELP_LINES,
        LANGUAGES_NOTE,
    ]


def _pause(
    session: Session, intent: Intent, subscription: Subscription, manager: Manager, now: datetime
) -> tuple[str, list[str]]:
    zone = manager_zone(manager)
    resume_on = intent.resume_on or local_today(manager, now)
    until = datetime.combine(resume_on, time(0), tzinfo=zone)
    if not now < until <= now + MAX_PAUSE:
        return "Choose a shorter pause", [
            f"A pause can last up to {MAX_PAUSE.days // 7} weeks, so nothing has changed.",
            'Reply PAUSE 4 WEEKS, or "pause until" a date within the next six months.',
        ]
    result = pause_until(session, subscription, until, now)
    if not result.changed:
        return _not_live(subscription)
    days = (resume_on - local_today(manager, now)).days
    length = f"{days // 7} week{'s' if days // 7 != 1 else ''}" if days % 7 == 0 else f"{days} days"
    restart_on = restart_day(subscription, manager, resume_on)
    return "Your coaching emails are paused", [
        f"Your coaching emails are paused for {length}: they start again on {day_words(restart_on)}.",
        "Reply RESUME at any time to start again sooner.",
    ]


def restart_day(subscription: Subscription, manager: Manager, resume_on: date) -> date:
    """The first email day from `resume_on` on, in the manager's timezone: what a pause ending on a day
    without email really means to them (a pause "until Sunday" starts again on Monday)."""
    zone = manager_zone(manager)
    until = datetime.combine(resume_on, time(0), tzinfo=zone)
    restart = first_slot_from(subscription, manager.timezone, until)
    return restart.astimezone(zone).date() if restart is not None else resume_on


def _fewer(session: Session, subscription: Subscription, now: datetime) -> tuple[str, list[str]]:
    """The unsubscribe page's "fewer emails", asked for by reply: the same light schedule."""
    if fewer_emails(session, subscription, now).changed:
        return "Fewer emails from now on", [
            "Fewer emails from now on: more days between them, starting with your next one.",
        ]
    if subscription.intensity == LIGHT and subscription.status in (
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.PAUSED,
    ):
        return "Already on the lightest schedule", [
            "Your emails are already on the lightest schedule, so nothing has changed. To pause them "
            "instead, reply PAUSE.",
        ]
    return _not_live(subscription)


def _resume(session: Session, subscription: Subscription, now: datetime) -> tuple[str, list[str]]:
    finished = subscription.lesson_slug
    result = resume(session, subscription, now)
    if result.changed and subscription.lesson_slug != finished:
        lesson = load_curriculum().lesson(subscription.lesson_slug)
        return f"Your next lesson: {lesson.title}", [
            f"Welcome back. You finished your last lesson, so lesson {lesson.number}: {lesson.title} "
            "starts at your next usual time.",
            lesson.tagline,
            "Rather take another one? Reply SWITCH and its number.",
        ]
    if result.changed and finished_current(session, subscription):
        return "Which lesson would you like next?", [
            "You have finished every lesson, so there is no next one to start. Any of them is worth "
            "taking again: reply SWITCH and its number.",
            *_lesson_list(load_curriculum().lessons),
        ]
    if result.changed:
        return "Your coaching emails are back on", [
            "Welcome back: your coaching emails start again at your next usual time.",
        ]
    if subscription.status == SubscriptionStatus.ACTIVE:
        return "Your coaching emails are already on", [
            "Your coaching emails weren't paused, so nothing has changed.",
        ]
    return _not_live(subscription)


def _take_back_unsubscribe(
    session: Session, subscription: Subscription, manager: Manager, now: datetime, public_url: str
) -> tuple[str, list[str]]:
    """ "No wait, I didn't mean to unsubscribe!": the manager's own reply undoes a recent unsubscribe,
    unless the address was suppressed (a bounce, a spam report, the mail program's unsubscribe button)."""
    recent = (
        subscription.unsubscribed_at is not None and now - subscription.unsubscribed_at <= UNDO_UNSUBSCRIBE
    )
    suppressed = session.scalar(select(Suppression.id).where(Suppression.email == manager.email))
    if not recent or suppressed is not None or not resubscribe(session, subscription.id, now).changed:
        return "You're not subscribed", [
            "You're not currently subscribed, so nothing has changed.",
            f"To start again, subscribe on our website: {public_url}/.",
        ]
    return "You're subscribed again", [
        "Welcome back: your coaching emails carry on where they left off, from your next usual time.",
        "Reply STOP whenever you want them to end.",
    ]


def _switch(
    session: Session, intent: Intent, subscription: Subscription, now: datetime, curriculum: Curriculum
) -> tuple[str, list[str]]:
    lesson = _find_lesson(curriculum, intent.target)
    if lesson is None:
        asked = f'"{intent.asked}"' if intent.asked else "a lesson"
        return "Which lesson would you like?", [
            f"I couldn't find {asked}. Reply SWITCH followed by a lesson number or name:",
            *_lesson_list(curriculum.lessons),
        ]
    if keeps_focus(subscription, lesson.slug, restart=False):
        return f"You're already on: {lesson.title}", [
            f"Your focus already is lesson {lesson.number}: {lesson.title}, so nothing has changed.",
        ]
    result = change_focus(
        session, subscription, lesson.slug, resume_earlier=True, now=now, curriculum=curriculum
    )
    if not result.changed:
        return _not_live(subscription)
    return f"Your focus is now: {lesson.title}", [
        f"From your next coaching email on, your focus is lesson {lesson.number}: {lesson.title}.",
        lesson.tagline,
    ]


def _find_lesson(curriculum: Curriculum, slug: str | None) -> Lesson | None:
    if not slug:
        return None
    try:
        return curriculum.lesson(slug)
    except KeyError:
        return None


def _lesson_list(lessons: Sequence[Lesson]) -> list[str]:
    return [f"{lesson.number}. {lesson.title} ({lesson.slug})" for lesson in lessons]


def _not_live(subscription: Subscription) -> tuple[str, list[str]]:
    if subscription.status in (SubscriptionStatus.UNSUBSCRIBED, SubscriptionStatus.EXPIRED):
        return "You're not subscribed", [
            "You're not currently subscribed, so nothing has changed.",
            "To start again, subscribe on our website.",
        ]
    return "Nothing has changed yet", [
        "Your subscription isn't confirmed yet: please use the link in your confirmation email first.",
    ]
