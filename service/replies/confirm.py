"""Commands from a sender we cannot verify: ask the manager's real address to confirm them by a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import load_curriculum
from service.enums import EmailKind, ReplyCommand
from service.models import Manager, Message, Reply, Subscription
from service.outbox import queue_message
from service.replies.actions import carry_out, local_today
from service.replies.intent import Intent, read_intent

CONFIRM_KEY = "command-confirm"
# One request per manager in this window: a forger cannot flood a manager's inbox with them.
REQUEST_COOLDOWN = timedelta(minutes=10)


def queue_confirmation_request(
    session: Session,
    command: Intent,
    subscription: Subscription,
    manager: Manager,
    reply: Reply,
    now: datetime,
) -> Message | None:
    """A notice to the subscription's own address with a Confirm button; None within the cooldown."""
    recent = session.scalars(
        select(Message.id)
        .where(
            Message.manager_id == manager.id,
            Message.dedupe_key.like(f"{CONFIRM_KEY}:%"),
            Message.created_at > now - REQUEST_COOLDOWN,
        )
        .limit(1)
    ).first()
    if recent is not None:
        return None
    word = command.command.name
    return queue_message(
        session,
        kind=EmailKind.NOTICE,
        to_email=manager.email,
        manager_id=manager.id,
        subscription_id=subscription.id,
        program_id=manager.program_id,
        context={
            "subject": f"Please confirm: {word}",
            "paragraphs": [
                f"We received an email asking us to carry out {word} for this address, but we could not "
                "verify that it came from you, so nothing has changed yet.",
                "If it was you, press Confirm below (the link works for 7 days). "
                "If it wasn't, ignore this email: nothing will change.",
            ],
            "confirm_reply_id": reply.id,
        },
        dedupe_key=f"{CONFIRM_KEY}:{reply.id}",
        due_at=now,
    )


@dataclass(frozen=True)
class Confirmed:
    """What confirming a command did: `done` already earlier, `applied` now, or `nothing` to do."""

    outcome: str
    command: str | None = None
    notice_id: int | None = None


def carried_out(reply: Reply) -> str | None:
    """The command the reply's confirmation carried out, if it was; None while it waits (rows stored
    before UNCONFIRMED existed wait with no command)."""
    return None if reply.command in (None, ReplyCommand.UNCONFIRMED) else reply.command


def pending_command(session: Session, reply: Reply, now: datetime) -> Intent | None:
    """The request a reply makes, read again from its text, while it has not been carried out."""
    if carried_out(reply) is not None or reply.manager_id is None:
        return None
    manager = session.get(Manager, reply.manager_id)
    if manager is None:
        return None
    return read_intent(reply.text, local_today(manager, now), load_curriculum().lessons)


def confirm_command(session: Session, reply: Reply, *, now: datetime, public_url: str) -> Confirmed:
    """Carry out the reply's command once (the reply's `command` column records it), with its notice."""
    done = carried_out(reply)
    if done is not None:
        return Confirmed("done", done)
    command = pending_command(session, reply, now)
    manager = session.get(Manager, reply.manager_id) if reply.manager_id is not None else None
    subscription = manager.subscription if manager is not None else None
    if command is None or manager is None or subscription is None:
        return Confirmed("nothing")
    notice_id = run_command(session, command, subscription, manager, reply, now=now, public_url=public_url)
    reply.command = command.command
    session.flush()
    return Confirmed("applied", str(command.command), notice_id)


def run_command(
    session: Session,
    command: Intent,
    subscription: Subscription,
    manager: Manager,
    reply: Reply,
    *,
    now: datetime,
    public_url: str,
) -> int:
    """Carry out a command (its sender proven or confirmed) and return its notice's id, flushed."""
    notice = carry_out(
        session,
        command,
        subscription,
        manager,
        key=f"reply-{command.command}-{reply.id}",
        now=now,
        curriculum=load_curriculum(),
        public_url=public_url,
    )
    session.flush()
    return notice.id
