"""One manager's history for their lead: emails sent and replies, newest first, privacy respected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.curriculum import Curriculum
from service.enums import EmailKind, MessageStatus
from service.models import Manager, Message, Reply
from service.sharing import lead_text

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
    kind: str  # "email" | "reply"
    title: str
    detail: str
    words: int = 0
    text: str | None = None

    @property
    def private(self) -> bool:
        return self.kind == "reply" and self.text is None


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


def _email_detail(message: Message, curriculum: Curriculum) -> str:
    parts = [message.kind]
    if message.lesson_slug:
        parts.append(_lesson_title(message.lesson_slug, curriculum))
    if message.status != MessageStatus.SENT:
        parts.append(message.status)
    elif message.delivered_at is not None:
        parts.append("delivered")
    return " · ".join(parts)


def manager_timeline(session: Session, manager: Manager, curriculum: Curriculum) -> list[TimelineEntry]:
    """Two queries (emails, replies) merged by time; reply text only where the manager shared it."""
    messages = session.scalars(
        select(Message)
        .where(
            Message.manager_id == manager.id, Message.status.in_((MessageStatus.SENT, MessageStatus.FAILED))
        )
        .order_by(Message.sent_at.desc(), Message.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    replies = session.scalars(
        select(Reply)
        .where(Reply.manager_id == manager.id)
        .order_by(Reply.received_at.desc(), Reply.id.desc())
        .limit(TIMELINE_LIMIT)
    ).all()
    entries = [
        TimelineEntry(
            at=message.sent_at or message.created_at,
            kind="email",
            title=_email_title(message, curriculum),
            detail=_email_detail(message, curriculum),
        )
        for message in messages
    ]
    for reply in replies:
        if reply.command:
            detail = f"email command: {reply.command}"
        elif reply.is_auto_reply:
            detail = "automatic reply"
        else:
            detail = "reply"
        text = lead_text(reply, manager)
        entries.append(
            TimelineEntry(
                at=reply.received_at,
                kind="reply",
                title="Private reply" if text is None else "Reply",
                detail=detail,
                words=reply.word_count,
                text=text,
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries
