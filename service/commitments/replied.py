"""A check-back answered by reply: record the answer and acknowledge it by email, as commands are.

The answer is read by `service.commitments.answers.parse_answer`; recording it goes through
`answer_checkback` (the same answer given twice records nothing the second time). The notice says
exactly what was recorded: marked done, moved to a date, dropped, or already so and left unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from service.commitments.answering import (
    NotACheckback,
    answer_checkback,
    checkback_commitment,
    recorded_answer,
)
from service.commitments.answers import parse_answer, rescheduled
from service.commitments.move_dates import day_label
from service.commitments.store import local_today
from service.enums import Outcome, OutcomeSource
from service.models import Commitment, Manager, Message, Reply
from service.subscriptions.mail import queue_notice

CHANGE_MIND = "Changed your mind? The buttons in the check-back email still work."


@dataclass(frozen=True, slots=True)
class ReplyAnswer:
    """What a reply to a check-back recorded: `story` keeps the reply as a reflection as well;
    `moved_by_step`: its one dated step moved the commitment, so it makes no second one."""

    outcome: Outcome
    story: bool
    notice: Message | None
    moved_by_step: bool = False


def answer_by_reply(
    session: Session, message: Message, manager: Manager, reply: Reply, *, now: datetime
) -> ReplyAnswer | None:
    """Record the answer `reply` gives to the check-back `message` and queue its acknowledgement;
    None when the reply answers nothing (it stays a reflection) or the commitment is gone."""
    today = local_today(manager, reply.received_at or now)
    answer = parse_answer(reply.text, today)
    moved_by_step = answer is None
    answer = answer or rescheduled(reply.text, today)
    if answer is None:
        return None
    try:
        commitment = checkback_commitment(session, message)
    except NotACheckback:
        return None
    before = recorded_answer(session, message, commitment)
    row = answer_checkback(
        session, message, answer.outcome, OutcomeSource.REPLY, now=now, new_due_on=answer.new_due_on,
        reply_id=reply.id,
    )  # fmt: skip
    subject, paragraphs = acknowledgement(commitment, answer.outcome, changed=row is not before, today=today)
    notice = None
    if manager.subscription is not None:
        notice = queue_notice(
            session, manager.subscription, manager, subject=subject, paragraphs=paragraphs,
            key=f"reply-answer-{reply.id}", now=now,
        )  # fmt: skip
        session.flush()  # the worker hands the notice's id to the send queue after its commit
    return ReplyAnswer(answer.outcome, answer.story, notice, moved_by_step)


def acknowledgement(
    commitment: Commitment, outcome: Outcome, *, changed: bool, today: date
) -> tuple[str, list[str]]:
    """The notice's subject and paragraphs: what the commitment now is, in the manager's terms."""
    text = f"\u201c{commitment.text}\u201d"
    if outcome == Outcome.DONE:
        if not changed:
            return "Already marked done", [f"You had already marked this done: {text} Nothing has changed."]
        return "Marked done", [f"Marked done: {text} Nice work.", CHANGE_MIND]
    if outcome == Outcome.DROPPED:
        if not changed:
            return "Already dropped", [f"You had already dropped this: {text} Nothing has changed."]
        return "Dropped", [
            "Dropped: I won't ask about it again.",
            f"You had said you would: {text}",
            CHANGE_MIND,
        ]
    day = day_label(commitment.due_on, today)
    if not changed:
        return f"Already moved to {day}", [
            f"You had already moved this to {day}: nothing has changed. I'll ask you then.",
            f"You said you would: {text}",
        ]
    return f"Moved to {day}", [
        f"Moved to {day}: I'll ask you then.",
        f"You said you would: {text}",
        CHANGE_MIND,
    ]
