"""A reply that asks for something: act on a sure request, ask about a likely one, take the answer.

`understand` decides (no writes); `respond` carries it out and returns the notice to send. The reply
worker stores the reply with `Request.command` (a ReplyCommand), so leads' views count it as a
command and never as a reflection.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from service.curriculum import Curriculum
from service.enums import ReplyCommand
from service.models import Manager, Message, Reply, Subscription
from service.replies.actions import carry_out, local_today
from service.replies.intent import Intent, read_answer, read_correction, read_intent
from service.replies.postscript import Postscript, read_postscript
from service.replies.questions import answer, answer_stale, ask, close_open_questions, is_stale, proposal_of

# Requests that change nothing: answered at once even when the wording leaves some doubt.
HARMLESS = (ReplyCommand.HELP, ReplyCommand.SCHEDULE)


@dataclass(frozen=True)
class Request:
    """What to do with a reply: "act" on `intent`, "ask" about it, "answer" an open `question`, or tell that
    a "stale" one (replaced by a newer request) was answered too late. With `postscript`, the request was
    made after a reflection, which the reply worker keeps as well."""

    action: str
    command: ReplyCommand
    intent: Intent | None = None
    question: Message | None = None
    yes: bool = False
    postscript: Postscript | None = None


def understand(
    text: str, question: Message | None, manager: Manager, now: datetime, curriculum: Curriculum
) -> Request | None:
    """The request in a reply's text, or None for a reflection. `question` is the email it answers."""
    today = local_today(manager, now)
    proposed = proposal_of(question, now)
    if proposed is not None:
        corrected = read_correction(text, today, curriculum.lessons, proposed)  # "No, I meant 2 weeks"
        if corrected is not None:
            return _decide(corrected)
        said = read_answer(text)
        if said is not None:
            command = proposed.command if said else ReplyCommand.DECLINE
            return Request("answer", command, proposed, question, said)
    elif is_stale(question) and read_answer(text) is not None:
        return Request("stale", ReplyCommand.DECLINE, None, question)
    intent = read_intent(text, today, curriculum.lessons)
    if intent is not None:
        return _decide(intent)
    postscript = read_postscript(text, today, curriculum.lessons)
    return None if postscript is None else replace(_decide(postscript.intent), postscript=postscript)


def _decide(intent: Intent) -> Request:
    """Act on a sure or harmless request, ask about a likely one."""
    if (
        intent.sure
        or intent.command in HARMLESS
        or (intent.command == ReplyCommand.SWITCH and not intent.target)
    ):
        return Request("act", intent.command, intent)  # "switch" with no lesson: the answer lists them
    return Request("ask", ReplyCommand.ASK, intent)


def respond(
    session: Session,
    request: Request,
    subscription: Subscription,
    manager: Manager,
    reply: Reply,
    *,
    now: datetime,
    curriculum: Curriculum,
    public_url: str,
    secret_key: str,
) -> Message | None:
    """Carry out, ask or take the answer; the notice to send (None when a question was already answered)."""
    if request.action == "answer" and request.question is not None:
        return answer(
            session,
            request.question,
            request.yes,
            subscription,
            manager,
            now=now,
            curriculum=curriculum,
            public_url=public_url,
        )
    if request.action == "stale" and request.question is not None:
        return answer_stale(session, request.question, subscription, manager, reply=reply, now=now)
    if request.intent is None:
        return None
    if manager.id is not None:
        close_open_questions(session, manager.id, now)  # the newer request replaces any open question
    if request.action == "ask":
        return ask(
            session,
            request.intent,
            subscription,
            manager,
            reply=reply,
            now=now,
            curriculum=curriculum,
            public_url=public_url,
            secret_key=secret_key,
        )
    return carry_out(
        session,
        request.intent,
        subscription,
        manager,
        key=f"reply-{request.command}-{reply.id}",
        now=now,
        curriculum=curriculum,
        public_url=public_url,
    )
