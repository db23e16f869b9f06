"""Carry out a command sent by reply through the subscription domain functions, and acknowledge it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from service.curriculum import Curriculum, Lesson, load_curriculum
from service.enums import SubscriptionStatus
from service.models import Manager, Message, Subscription
from service.replies.commands import HELP_LINES, Command
from service.subscriptions import PAUSE_WEEKS, change_focus, keeps_focus, pause, resume, unsubscribe
from service.subscriptions.arc import finished_current
from service.subscriptions.mail import queue_notice


def carry_out(
    session: Session,
    command: Command,
    subscription: Subscription,
    manager: Manager,
    *,
    reply_id: int,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
) -> Message:
    """Apply `command` and queue one notice saying what happened (the caller commits, then sends it)."""
    subject, paragraphs = _apply(session, command, subscription, now, curriculum, public_url)
    return queue_notice(
        session,
        subscription,
        manager,
        subject=subject,
        paragraphs=paragraphs,
        key=f"reply-{command.name}-{reply_id}",
        now=now,
    )


def _apply(
    session: Session,
    command: Command,
    subscription: Subscription,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
) -> tuple[str, list[str]]:
    if command.name == "stop":
        unsubscribe(session, subscription.id, now)
        return "You're unsubscribed", [
            "You asked to stop, so you will get no more coaching emails from us.",
            f"Changed your mind? You can subscribe again at any time at {public_url}/.",
        ]
    if command.name == "pause":
        return _pause(session, command, subscription, now)
    if command.name == "resume":
        return _resume(session, subscription, now)
    if command.name == "switch":
        return _switch(session, command, subscription, now, curriculum)
    return "How to reply to your coach", [
        "Reply to any coaching email with your thoughts: your coach reads every word.",
        "Or start your reply with one of these words:",
        *HELP_LINES,
    ]


def _pause(
    session: Session, command: Command, subscription: Subscription, now: datetime
) -> tuple[str, list[str]]:
    weeks = command.weeks or 0
    if weeks not in PAUSE_WEEKS:
        return "Choose a pause of 1 to 8 weeks", [
            f"A pause can last from {PAUSE_WEEKS.start} to {PAUSE_WEEKS.stop - 1} weeks, "
            "so nothing has changed.",
            "Reply PAUSE 4 WEEKS (or any number from 1 to 8) to take a break.",
        ]
    result = pause(session, subscription, weeks, now)
    if not result.changed:
        return _not_live(subscription)
    until = subscription.paused_until or now
    return "Your coaching emails are paused", [
        f"Your coaching emails are paused for {weeks} week{'s' if weeks != 1 else ''}, "
        f"until {until:%A %d %B %Y}.",
        "Reply RESUME at any time to start again sooner.",
    ]


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


def _switch(
    session: Session, command: Command, subscription: Subscription, now: datetime, curriculum: Curriculum
) -> tuple[str, list[str]]:
    lesson = _find_lesson(curriculum, command.target)
    if lesson is None:
        asked = f'"{command.target}"' if command.target else "a lesson"
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


def _find_lesson(curriculum: Curriculum, target: str | None) -> Lesson | None:
    if not target:
        return None
    try:
        return curriculum.by_number(int(target)) if target.isdigit() else curriculum.lesson(target)
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
