"""A reply that asks for something: act on a sure request, ask about a likely one, take the answer.

`understand` decides (no writes); `respond` carries it out and returns the notice to send. The reply
worker stores the reply with `Request.command` (a ReplyCommand), so leads' views count it as a
command and never as a reflection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from service.curriculum import Curriculum
from service.enums import ReplyCommand
from service.models import Manager, Message, Reply, Subscription
from service.replies.actions import carry_out, local_today
from service.replies.intent import Intent, read_answer, read_intent
from service.replies.questions import answer, ask, proposal_of

# Requests that change nothing: answered at once even when the wording leaves some doubt.
HARMLESS = (ReplyCommand.HELP,)


@dataclass(frozen=True)
class Request:
    """What to do with a reply: "act" on `intent`, "ask" about it, or "answer" an open `question`."""

    action: str
    command: ReplyCommand
    intent: Intent | None = None
    question: Message | None = None
    yes: bool = False


def understand(
    text: str, question: Message | None, manager: Manager, now: datetime, curriculum: Curriculum
) -> Request | None:
    """The request in a reply's text, or None for a reflection. `question` is the email it answers."""
    proposed = proposal_of(question, now)
    if proposed is not None:
        said = read_answer(text)
        if said is not None:
            command = proposed.command if said else ReplyCommand.DECLINE
            return Request("answer", command, proposed, question, said)
    intent = read_intent(text, local_today(manager, now), curriculum.lessons)
    if intent is None:
        return None
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
    if request.intent is None:
        return None
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
