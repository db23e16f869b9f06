"""One manager's history for their lead: emails sent and replies, newest first, privacy respected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum
from service.enums import EmailKind, MessageStatus, Outcome
from service.events.notes import delivery_notes
from service.models import Commitment, CommitmentOutcome, Manager, Message, Reply
from service.sharing import (
    commitment_in_program,
    commitment_visible_to_leads,
    lead_text,
    message_in_program,
    reply_in_program,
)

TIMELINE_LIMIT = 300  # per kind; a manager two years in still gets a readable page
KIND_TITLES: dict[str, str] = {
    EmailKind.CONFIRM: "Confirmation request",
    EmailKind.WELCOME: "Welcome",
    EmailKind.INVITATION: "Invitation",
    EmailKind.CHECKIN: "Check-in: still want these?",
    EmailKind.NOTICE: "Notice",
    EmailKind.DIGEST: "Digest",
}


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """An email or a reply; a reply's `text` is None unless the manager shared it (service/sharing.py)."""

    at: datetime
    kind: str  # "email" | "reply" | "commitment" (an answer to a check-back)
    title: str
    detail: str
    words: int = 0
    text: str | None = None

    @property
    def private(self) -> bool:
        return self.kind in ("reply", "commitment") and self.text is None


OUTCOME_TITLES: dict[str, str] = {
    Outcome.DONE: "Commitment kept",
    Outcome.NOT_YET: "Commitment: not yet",
    Outcome.DROPPED: "Commitment dropped",
}


def _commitment_entries(session: Session, manager: Manager, program_id: int) -> list[TimelineEntry]:
    """Answers to check-backs; the commitment's words only where its reply may be read by leads."""
    rows = session.execute(
        select(CommitmentOutcome, commitment_visible_to_leads().label("visible"), Commitment.text)
        .join(Commitment, Commitment.id == CommitmentOutcome.commitment_id)
        .where(Commitment.manager_id == manager.id, commitment_in_program(program_id))
        .order_by(CommitmentOutcome.recorded_at.desc(), CommitmentOutcome.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    return [
        TimelineEntry(
            at=outcome.recorded_at,
            kind="commitment",
            title=OUTCOME_TITLES.get(outcome.outcome, outcome.outcome),
            detail=f"by {outcome.source}",
            text=text if visible else None,
        )
        for outcome, visible, text in rows
    ]


def _email_title(message: Message, curriculum: Curriculum) -> str:
    if message.content_id:
        try:
            return curriculum.item(message.content_id).subject
        except KeyError:
            pass
    subject = message.context.get("subject") if isinstance(message.context, dict) else None
    return str(subject) if subject else KIND_TITLES.get(message.kind, message.kind.capitalize())


def _lesson_title(slug: str, curriculum: Curriculum) -> str:
    try:
        return curriculum.lesson(slug).title
    except KeyError:
        return slug


def _email_detail(message: Message, curriculum: Curriculum, note: str | None) -> str:
    parts = [message.kind]
    if message.lesson_slug:
        parts.append(_lesson_title(message.lesson_slug, curriculum))
    if message.status != MessageStatus.SENT:
        parts.append(message.status)
    elif note is not None:  # a bounce or drop, soft ones too (blocked, spam content)
        parts.append(note)
    elif message.delivered_at is not None:
        parts.append("delivered")
    return " · ".join(parts)


def manager_timeline(
    session: Session, manager: Manager, curriculum: Curriculum, program_id: int
) -> list[TimelineEntry]:
    """Two queries (emails, replies) merged by time, only from while the manager was in the program
    (service/analytics/membership.py); reply text only where the manager shared it."""
    messages = session.scalars(
        select(Message)
        .where(
            Message.manager_id == manager.id,
            Message.status.in_((MessageStatus.SENT, MessageStatus.FAILED)),
            message_in_program(program_id),
        )
        .order_by(Message.sent_at.desc(), Message.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    replies = session.scalars(
        select(Reply)
        .where(Reply.manager_id == manager.id, reply_in_program(program_id))
        .order_by(Reply.received_at.desc(), Reply.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    notes = delivery_notes(session, [m.id for m in messages])
    entries = [
        TimelineEntry(
            at=message.sent_at or message.created_at,
            kind="email",
            title=_email_title(message, curriculum),
            detail=_email_detail(message, curriculum, notes.get(message.id)),
        )
        for message in messages
    ]
    for reply in replies:
        text = lead_text(reply, manager)  # never a command's or an auto-reply's words
        if reply.command:
            title, detail = "Email command", reply.command
        elif reply.is_auto_reply:
            title, detail = "Automatic reply", "out of office or similar"
        else:
            title, detail = ("Private reply" if text is None else "Reply"), "reply"
        entries.append(
            TimelineEntry(
                at=reply.received_at,
                kind="reply",
                title=title,
                detail=detail,
                words=reply.word_count,
                text=text,
            )
        )
    entries.extend(_commitment_entries(session, manager, program_id))
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
