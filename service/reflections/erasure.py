"""Deleting one reply, and erasing a manager: their person, replies and commitments go; the outbox
rows stay, anonymised, so a program's sent and replied counts do not change: they keep their kind,
program, send and first-reply times, which is what the leads' figures count them by
(`service.sharing.mail_to_managers`). Figures about people (managers active, the manager table)
lose the person, as the erase page says."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.enums import EmailKind, MessageStatus
from service.models import (
    Commitment,
    CommitmentOutcome,
    InboundPost,
    Manager,
    Message,
    ProgramInvitation,
    ProviderEvent,
    Reply,
    Subscription,
    Suppression,
)
from service.outbox.rows import SOFT_SUPPRESSIONS

ERASED_ADDRESS = "erased@invalid"  # RFC 2606: can never be delivered to
ERASED_NOTE = "erased at the manager's request"
UNSENT = (MessageStatus.QUEUED, MessageStatus.SENDING)


class NotYours(LookupError):
    """The reply does not exist or belongs to someone else (answered as not found)."""


@dataclass(frozen=True, slots=True)
class Erased:
    """What an erasure removed, for the confirmation page and the log (counts only)."""

    replies: int
    commitments: int
    messages_anonymised: int
    program_id: int | None


def _drop_quotes(context: Any, reply_ids: Collection[int]) -> Any:
    """A digest's stored context without the quotes taken from these replies."""
    if not isinstance(context, dict) or not isinstance(context.get("excerpts"), list):
        return context
    kept = [e for e in context["excerpts"] if not (isinstance(e, dict) and e.get("reply_id") in reply_ids)]
    return context if len(kept) == len(context["excerpts"]) else {**context, "excerpts": kept}


def _scrub_digests(session: Session, program_id: int | None, reply_ids: Collection[int]) -> None:
    """Leads' digests (sent or not) forget the quotes of deleted replies: those of the manager's
    program and of every program whose emails the replies answered (a manager who moved on was
    quoted in the old program's digests)."""
    if not reply_ids:
        return
    programs = set(
        session.scalars(
            select(Message.program_id)
            .join(Reply, Reply.message_id == Message.id)
            .where(Reply.id.in_(list(reply_ids)), Message.program_id.is_not(None))
            .distinct()
        )
    )
    programs.discard(None)
    if program_id is not None:
        programs.add(program_id)
    if not programs:
        return
    digests = session.scalars(
        select(Message).where(Message.kind == EmailKind.DIGEST, Message.program_id.in_(programs))
    )
    for digest in digests:
        cleaned = _drop_quotes(digest.context, reply_ids)
        if cleaned is not digest.context:
            digest.context = cleaned


def _forget_words(session: Session, manager_id: int, kind: EmailKind, key: str, ids: Collection[int]) -> None:
    """The manager's emails of `kind` whose context names one of `ids` under `key` lose the quoted
    words ("quote", "text"); those not sent yet are skipped."""
    if not ids:
        return
    for message in session.scalars(
        select(Message).where(Message.manager_id == manager_id, Message.kind == kind)
    ):
        context = message.context if isinstance(message.context, dict) else {}
        if context.get(key) not in ids:
            continue
        message.context = {name: value for name, value in context.items() if name not in ("quote", "text")}
        if message.status in UNSENT:
            message.status = MessageStatus.SKIPPED
            message.last_error = "its reply was deleted"


def _delete_replies(session: Session, reply_ids: list[int], manager_id: int | None = None) -> int:
    """Replies, the raw posts they came from, and the commitments taken from them (with their
    check-back emails' words, when `manager_id` is given)."""
    if not reply_ids:
        return 0
    commitment_ids = list(session.scalars(select(Commitment.id).where(Commitment.reply_id.in_(reply_ids))))
    if manager_id is not None:
        _forget_words(session, manager_id, EmailKind.FOLLOWUP, "reply_id", reply_ids)
        _forget_words(session, manager_id, EmailKind.COMMITMENT, "commitment_id", commitment_ids)
    _delete_commitments(session, commitment_ids)
    post_ids = [
        i
        for i in session.scalars(select(Reply.inbound_post_id).where(Reply.id.in_(reply_ids)))
        if i is not None
    ]
    session.execute(
        update(CommitmentOutcome).where(CommitmentOutcome.reply_id.in_(reply_ids)).values(reply_id=None)
    )
    session.execute(delete(Reply).where(Reply.id.in_(reply_ids)))
    if post_ids:
        session.execute(delete(InboundPost).where(InboundPost.id.in_(post_ids)))
    return len(reply_ids)


def _delete_commitments(session: Session, commitment_ids: list[int]) -> int:
    if commitment_ids:
        session.execute(delete(CommitmentOutcome).where(CommitmentOutcome.commitment_id.in_(commitment_ids)))
        session.execute(delete(Commitment).where(Commitment.id.in_(commitment_ids)))
    return len(commitment_ids)


def delete_reply(session: Session, manager: Manager, reply_id: int) -> None:
    """Delete one of `manager`'s replies, with its raw post and the commitments taken from it; a
    follow-up quoting it or a check-back of its commitments not yet sent is skipped, sent ones forget
    the words. The raw posts of later replies go too: mail programs quote the thread under an answer."""
    reply = session.get(Reply, reply_id)
    if reply is None or reply.manager_id != manager.id:
        raise NotYours(reply_id)
    _scrub_digests(session, manager.program_id, [reply_id])
    _drop_later_posts(session, manager.id, reply)
    _delete_replies(session, [reply_id], manager.id)
    session.flush()


def _drop_later_posts(session: Session, manager_id: int, deleted: Reply) -> None:
    """The raw emails of the manager's replies received since `deleted` may quote it below their own
    text; once processed, only the replies taken from them are kept (their words stay)."""
    later = (
        Reply.manager_id == manager_id,
        Reply.id != deleted.id,
        Reply.received_at >= deleted.received_at,
        Reply.inbound_post_id.is_not(None),
    )
    post_ids = set(session.scalars(select(Reply.inbound_post_id).where(*later))) - {deleted.inbound_post_id}
    if not post_ids:
        return
    session.execute(update(Reply).where(Reply.inbound_post_id.in_(post_ids)).values(inbound_post_id=None))
    session.execute(delete(InboundPost).where(InboundPost.id.in_(post_ids)))


def _forget_invitations(session: Session, email: str) -> None:
    """Invitations to the address go (the lead typed them, but the address is the person's), and
    invitation emails to it keep only their count, like the rest of the manager's emails."""
    session.execute(delete(ProgramInvitation).where(ProgramInvitation.email == email))
    invitations = (
        Message.kind == EmailKind.INVITATION,
        Message.manager_id.is_(None),
        Message.to_email == email,
    )
    session.execute(
        update(Message).where(*invitations, Message.status.in_(UNSENT)).values(status=MessageStatus.SKIPPED)
    )
    session.execute(
        update(Message)
        .where(*invitations)
        .values(to_email=ERASED_ADDRESS, context={}, smtp_message_id=None, last_error=ERASED_NOTE)
    )


def erase_manager(session: Session, manager: Manager) -> Erased:
    """Erase a manager: replies (and raw posts), commitments, subscription, invitations and the person; their
    emails stay as anonymous rows (no address, no content) so the program's counts do not change.
    Every object of the session is detached afterwards."""
    program_id = manager.program_id
    reply_ids = list(session.scalars(select(Reply.id).where(Reply.manager_id == manager.id)))
    _scrub_digests(session, program_id, reply_ids)
    replies = _delete_replies(session, reply_ids)
    commitments = _delete_commitments(
        session, list(session.scalars(select(Commitment.id).where(Commitment.manager_id == manager.id)))
    )
    message_ids = list(session.scalars(select(Message.id).where(Message.manager_id == manager.id)))
    if message_ids:
        session.execute(
            update(Message)
            .where(Message.id.in_(message_ids), Message.status.in_(UNSENT))
            .values(status=MessageStatus.SKIPPED)
        )
        session.execute(
            update(Message)
            .where(Message.id.in_(message_ids))
            .values(
                manager_id=None,
                subscription_id=None,
                to_email=ERASED_ADDRESS,
                context={},
                smtp_message_id=None,
                last_error=ERASED_NOTE,
                lease_expires_at=None,
            )
        )
        session.execute(
            update(ProviderEvent)
            .where(ProviderEvent.message_id.in_(message_ids))
            .values(email="", payload={})
        )
    session.execute(
        delete(Suppression).where(
            Suppression.email == manager.email, Suppression.reason.in_(SOFT_SUPPRESSIONS)
        )
    )
    _forget_invitations(session, manager.email)
    session.execute(delete(Subscription).where(Subscription.manager_id == manager.id))
    session.execute(delete(Manager).where(Manager.id == manager.id))
    session.flush()
    session.expunge_all()  # the ORM objects of the erased rows must not be written back
    return Erased(replies, commitments, len(message_ids), program_id)
