"""Which outbox message a reply answers: its reply+token address, then its thread headers, then its sender."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.enums import COACHING_KINDS, PROMPT_KINDS
from service.models import Manager, Message
from service.replies.mime import ParsedInbound

_TOKEN = re.compile(r"^reply\+([0-9a-z]{8,64})@", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """A reply's message (None when only its sender is known) and manager, and how we found them."""

    message: Message | None
    manager: Manager | None
    matched_by: str  # "token" | "in_reply_to" | "sender"


def match_reply(session: Session, parsed: ParsedInbound) -> Match | None:
    """The first of three ways that finds something; None leaves the post unmatched for an admin."""
    for finder in (_by_token, _by_thread):
        found = finder(session, parsed)
        if found is not None:
            return found
    return _by_sender(session, parsed.from_address)


def reply_tokens(recipients: tuple[str, ...]) -> list[str]:
    """Tokens of reply+<token>@ addresses, in recipient order (envelope first, then To and Cc)."""
    tokens: list[str] = []
    for address in recipients:
        found = _TOKEN.match(address)
        if found and found.group(1).lower() not in tokens:
            tokens.append(found.group(1).lower())
    return tokens


def _by_token(session: Session, parsed: ParsedInbound) -> Match | None:
    tokens = reply_tokens(parsed.recipients)
    if not tokens:
        return None
    messages = {
        m.reply_token: m for m in session.scalars(select(Message).where(Message.reply_token.in_(tokens)))
    }
    for token in tokens:
        if token in messages:
            return _match(session, messages[token], "token")
    return None


def _by_thread(session: Session, parsed: ParsedInbound) -> Match | None:
    """In-Reply-To first, then References newest first, against the Message-IDs delivery events recorded."""
    ordered = [*parsed.in_reply_to, *reversed(parsed.references)]
    if not ordered:
        return None
    candidates = {*ordered, *(value.strip("<>") for value in ordered)}
    found = {
        m.smtp_message_id: m
        for m in session.scalars(select(Message).where(Message.smtp_message_id.in_(candidates)))
    }
    for value in ordered:
        message = found.get(value) or found.get(value.strip("<>"))
        if message is not None:
            return _match(session, message, "in_reply_to")
    return None


def _by_sender(session: Session, address: str) -> Match | None:
    """A known manager: their latest question, else their latest coaching email, else no message."""
    if not address:
        return None
    manager = session.scalars(select(Manager).where(Manager.email == address.lower())).one_or_none()
    if manager is None:
        return None
    latest = None
    for kinds in (PROMPT_KINDS, COACHING_KINDS):
        latest = session.scalars(
            select(Message)
            .where(Message.manager_id == manager.id, Message.kind.in_(kinds), Message.sent_at.is_not(None))
            .order_by(Message.sent_at.desc(), Message.id.desc())
            .limit(1)
        ).first()
        if latest is not None:
            break
    return Match(latest, manager, "sender")


def _match(session: Session, message: Message, how: str) -> Match:
    manager = session.get(Manager, message.manager_id) if message.manager_id is not None else None
    return Match(message, manager, how)
