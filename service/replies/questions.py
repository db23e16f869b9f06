"""Ask before acting on a likely request: "Did you mean: pause for 3 weeks? Reply YES, or use this link".

The question is a notice whose context carries the proposal (the intent and the reply it came
from). A "yes" by reply or the link's button carries it out once; a "no" changes nothing and turns
the reply back into a reflection. Either answer is acknowledged by email.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum
from service.enums import EmailKind, ReplyCommand
from service.models import Manager, Message, Reply, Subscription
from service.replies.actions import carry_out, day_words, local_today, restart_day
from service.replies.intent import Intent
from service.subscriptions.mail import queue_notice
from service.tokens import MAX_AGE, make_token

PROPOSAL = "proposal"
ANSWER = "answer"
STALE = "stale"  # a later request from the manager replaced the question: a "yes" to it changes nothing


def describe(intent: Intent, curriculum: Curriculum, today: date, restart: date | None = None) -> str:
    """The request in a few words, as the question and the answer page spell it out. `restart`: the day
    emails really start again after the pause (a Monday for a pause ending on a Sunday, say)."""
    if intent.command == ReplyCommand.STOP:
        return "unsubscribe from all coaching emails"
    if intent.command == ReplyCommand.PAUSE and intent.resume_on is not None:
        days = (intent.resume_on - today).days
        until = f"until {day_words(restart or intent.resume_on)}"  # the day emails really start again
        if days % 7:
            return f"pause {until}"
        return f"pause for {days // 7} week{'s' if days != 7 else ''}, {until}"
    if intent.command == ReplyCommand.FEWER:
        return "get fewer emails, with more days between them"
    if intent.command == ReplyCommand.SCHEDULE:
        return "change the days or time of your emails"
    if intent.command == ReplyCommand.RESUME:
        return "resume your coaching emails"
    if intent.command == ReplyCommand.SWITCH and intent.target:
        try:
            lesson = curriculum.lesson(intent.target)
        except KeyError:
            return "switch to another lesson"
        return f"switch your focus to lesson {lesson.number}: {lesson.title}"
    return str(intent.command)


def question_url(public_url: str, secret_key: str, question_id: int) -> str:
    """The question's link: a page with one button that carries the proposal out."""
    return f"{public_url}/answer/{make_token(secret_key, 'question', question_id)}"


def ask(
    session: Session,
    intent: Intent,
    subscription: Subscription,
    manager: Manager,
    *,
    reply: Reply,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
    secret_key: str,
) -> Message:
    """Queue the question for a likely request; nothing changes until the manager answers it."""
    restart = restart_day(subscription, manager, intent.resume_on) if intent.resume_on else None
    meaning = describe(intent, curriculum, local_today(manager, now), restart)
    question = queue_notice(
        session,
        subscription,
        manager,
        subject=f"Did you mean: {meaning}?",
        paragraphs=["…"],
        key=f"reply-ask-{reply.id}",
        now=now,
    )
    session.flush()
    url = question_url(public_url, secret_key, question.id)
    question.context = {
        "subject": f"Did you mean: {meaning}?",
        "paragraphs": [
            f"We read your reply as a request to {meaning}, but we weren't sure, so nothing has changed yet.",
            f"Did you mean: {meaning}? Reply YES, or use this link: {url}",
            "If not, reply NO or simply ignore this email: your reply stays with your reflections.",
        ],
        PROPOSAL: _proposal(intent, reply.id),
    }
    return question


def proposal_of(message: Message | None, now: datetime) -> Intent | None:
    """The request a still-open question proposes, or None (not a question, answered or too old)."""
    if message is None or message.kind != EmailKind.NOTICE:
        return None
    context = message.context or {}
    raw = context.get(PROPOSAL)
    if not isinstance(raw, dict) or context.get(ANSWER) or now - message.created_at > MAX_AGE["question"]:
        return None
    try:
        resume_on = date.fromisoformat(raw["resume_on"]) if raw.get("resume_on") else None
        return Intent(ReplyCommand(raw["command"]), True, resume_on, raw.get("target"), raw.get("asked", ""))
    except (KeyError, ValueError, TypeError):
        return None


def is_stale(message: Message | None) -> bool:
    """A question a later request from the manager replaced: answering it changes nothing."""
    return message is not None and (message.context or {}).get(ANSWER) == STALE


def close_open_questions(session: Session, manager_id: int, now: datetime) -> None:
    """A new request replaces every question still open for the manager: a late "yes" to an older one
    must not undo it ("pause 2 weeks?", then "until after Christmas", then "yes")."""
    recent = session.scalars(
        select(Message).where(
            Message.manager_id == manager_id,
            Message.kind == EmailKind.NOTICE,
            Message.created_at > now - MAX_AGE["question"],
        )
    ).all()
    for message in recent:
        if proposal_of(message, now) is not None:
            message.context = {**message.context, ANSWER: STALE}


def answer_stale(
    session: Session,
    question: Message,
    subscription: Subscription,
    manager: Manager,
    *,
    reply: Reply,
    now: datetime,
) -> Message:
    """The acknowledgement of an answer to a replaced question: nothing has changed."""
    return queue_notice(
        session,
        subscription,
        manager,
        subject="Nothing has changed",
        paragraphs=[
            "You sent a newer request after that question, so that question no longer stands and this "
            "answer changes nothing. If the newer one was a question too, answer that one. Reply HELP to "
            "see what you can ask for."
        ],
        key=f"answer-stale-{question.id}-{reply.id}",
        now=now,
    )


def answer(
    session: Session,
    question: Message,
    yes: bool,
    subscription: Subscription,
    manager: Manager,
    *,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
) -> Message | None:
    """Carry out (yes) or drop (no) an open question's proposal, once; the acknowledgement, or None."""
    intent = proposal_of(question, now)
    if intent is None:
        return None
    context = dict(question.context)
    context[ANSWER] = "yes" if yes else "no"
    question.context = context
    asked_reply = context[PROPOSAL].get("reply_id")
    if yes:
        return carry_out(
            session,
            intent,
            subscription,
            manager,
            key=f"answer-{question.id}",
            now=now,
            curriculum=curriculum,
            public_url=public_url,
        )
    original = session.get(Reply, asked_reply) if isinstance(asked_reply, int) else None
    if original is not None and original.command == ReplyCommand.ASK:
        original.command = None  # it was a reflection after all
    return queue_notice(
        session,
        subscription,
        manager,
        subject="Nothing has changed",
        paragraphs=[
            "Thanks for letting us know: nothing has changed, and your reply stays with your reflections."
        ],
        key=f"answer-{question.id}",
        now=now,
    )


def _proposal(intent: Intent, reply_id: int) -> dict[str, Any]:
    return {
        "command": str(intent.command),
        "resume_on": intent.resume_on.isoformat() if intent.resume_on else None,
        "target": intent.target,
        "asked": intent.asked,
        "reply_id": reply_id,
    }
