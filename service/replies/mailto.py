"""The List-Unsubscribe mailto address: a message to unsubscribe+TOKEN@<inbound domain> unsubscribes.

Every email's List-Unsubscribe header names `mailto:unsubscribe+<reply token>@…`; Gmail's and
Outlook's unsubscribe buttons send an email there, with any subject and body (empty, "Unsubscribe",
"This message was automatically generated…"). The token is the credential, as in the one-click URL:
whatever the message says or whoever sent it, the email the token was sent with is unsubscribed.
A coaching or notice email unsubscribes its manager, an invitation stops invitations (and any coaching
mail) to that address until its owner subscribes and confirms, a digest stops that lead's digests.
Each is acknowledged once, and none is a reflection.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.enums import EmailKind, SuppressionReason
from service.models import Lead, Manager, Message, Suppression
from service.outbox import queue_message
from service.subscriptions import unsubscribe
from service.subscriptions.mail import queue_notice

_TOKEN = re.compile(r"^unsubscribe\+([0-9a-z]{8,64})@", re.IGNORECASE)


@dataclass(frozen=True)
class MailtoOutcome:
    """What a message to the unsubscribe address did: the email it names, its manager, the notice."""

    message: Message | None
    manager_id: int | None
    notice_id: int | None
    done: str  # for the log line and the post: "unsubscribed", "digest stopped", "unknown token"…


def unsubscribe_tokens(recipients: Sequence[str]) -> list[str]:
    """Tokens of unsubscribe+<token>@ addresses among the recipients, in order."""
    found = (_TOKEN.match(address) for address in recipients)
    return list(dict.fromkeys(m.group(1).lower() for m in found if m))


def unsubscribe_by_mail(
    session: Session, tokens: Sequence[str], public_url: str, now: datetime
) -> MailtoOutcome:
    """Unsubscribe whoever the first known token was sent to, and queue the acknowledgement."""
    messages = {
        m.reply_token: m for m in session.scalars(select(Message).where(Message.reply_token.in_(tokens)))
    }
    message = next((messages[t] for t in tokens if t in messages), None)
    if message is None:
        return MailtoOutcome(None, None, None, "unknown token")
    if message.lead_id is not None:
        return _stop_digest(session, message, now)
    if message.kind == EmailKind.INVITATION:
        return _stop_invitations(session, message, now)
    manager = session.get(Manager, message.manager_id) if message.manager_id is not None else None
    subscription = manager.subscription if manager is not None else None
    if manager is None or subscription is None:
        return MailtoOutcome(message, None, None, "no recipient left")
    changed = unsubscribe(session, subscription.id, now).changed
    if not changed:
        return MailtoOutcome(message, manager.id, None, "already unsubscribed")
    notice = queue_notice(
        session,
        subscription,
        manager,
        subject="You're unsubscribed",
        paragraphs=[
            "You used the unsubscribe button of your mail program, so you will get no more coaching "
            "emails from us.",
            f"Changed your mind? You can subscribe again at any time at {public_url}/.",
        ],
        key=f"mailto-unsubscribe-{message.id}",
        now=now,
    )
    session.flush()  # the notice's id, for the send job
    return MailtoOutcome(message, manager.id, notice.id, "unsubscribed")


def _stop_invitations(session: Session, message: Message, now: datetime) -> MailtoOutcome:
    """No more invitations (or any coaching mail) to this address until its owner subscribes and confirms."""
    email = message.to_email.strip().lower()
    manager = session.scalars(select(Manager).where(Manager.email == email)).first()
    manager_id = manager.id if manager is not None else None
    if session.scalars(select(Suppression).where(Suppression.email == email)).first() is not None:
        return MailtoOutcome(message, manager_id, None, "already suppressed")
    session.add(Suppression(email=email, reason=SuppressionReason.UNSUBSCRIBE, created_at=now))
    notice = queue_message(
        session,
        kind=EmailKind.NOTICE,
        to_email=email,
        manager_id=manager_id,
        program_id=message.program_id,
        context={
            "subject": "No more invitations",
            "paragraphs": [
                "You used the unsubscribe button of your mail program, so we won't invite you again.",
                "If you'd like coaching emails after all, you can subscribe yourself on our website.",
            ],
            "final": True,
        },
        dedupe_key=f"mailto-invitation-{message.id}",
    )
    session.flush()
    return MailtoOutcome(message, manager_id, notice.id, "invitations stopped")


def _stop_digest(session: Session, message: Message, now: datetime) -> MailtoOutcome:
    lead = session.get(Lead, message.lead_id)
    if lead is None:
        return MailtoOutcome(message, None, None, "no recipient left")
    if lead.digest_stopped_at is not None:
        return MailtoOutcome(message, None, None, "digest already stopped")
    lead.digest_stopped_at = now
    notice = queue_message(
        session,
        kind=EmailKind.NOTICE,
        to_email=lead.email,
        lead_id=lead.id,
        program_id=message.program_id,
        context={
            "subject": "No more weekly digests",
            "paragraphs": [
                "You used the unsubscribe button of your mail program, so you won't get the weekly digest "
                "any more.",
                "The program dashboard still shows the same figures whenever you sign in, and your account "
                "page there can turn the digest back on.",
            ],
            "final": True,
        },
        dedupe_key=f"mailto-digest-{message.id}",
    )
    session.flush()
    return MailtoOutcome(message, None, notice.id, "digest stopped")
