"""The invitations a program still waits on, for its leads: sending one again (twice, a week apart),
or withdrawing it.

A lead sees only what they typed (address, name) and when the emails went; whether the person
behind an address has a subscription, opened anything or asked for no mail stays theirs. An
invitation link lasts 30 days, so without a reminder a missed email could never be answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.enums import InvitationStatus, MessageStatus
from service.models import Message, Program, ProgramInvitation
from service.subscriptions.invitations import invitation_key, queue_invitation_email
from service.tokens import MAX_AGE

RESEND_AFTER = timedelta(days=7)
MAX_EMAILS = 3  # the invitation and two reminders; after that the person has had their chance
LIST_LIMIT = 200


class ResendRefused(ValueError):
    """Why an invitation cannot be sent again now: "accepted", "enough" (three emails) or "too_soon"
    (then `resend_from` says when it can)."""

    def __init__(self, reason: str, resend_from: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.resend_from = resend_from


class WithdrawRefused(ValueError):
    """An accepted invitation made its manager a member: leaving is theirs to decide, not a lead's."""


@dataclass(frozen=True, slots=True)
class WaitingInvitation:
    """One pending invitation as its program's leads see it."""

    id: int
    email: str
    name: str
    invited_at: datetime
    last_sent_at: datetime
    emails: int
    resend_from: datetime | None  # when "send again" opens; None: no more reminders
    link_expires_at: datetime  # when the link in the latest email stops working


def email_keys(invitation_id: int) -> list[str]:
    """Dedupe keys of an invitation's emails, the first one's as before reminders existed."""
    first = invitation_key(invitation_id)
    return [first, *(f"{first}:again-{n}" for n in range(1, MAX_EMAILS))]


def _sent(session: Session, invitation_ids: list[int]) -> dict[int, list[datetime]]:
    """Per invitation, when each of its emails was queued (oldest first)."""
    keys = {key: invitation_id for invitation_id in invitation_ids for key in email_keys(invitation_id)}
    sent: dict[int, list[datetime]] = {invitation_id: [] for invitation_id in invitation_ids}
    if not keys:
        return sent
    rows = session.execute(
        select(Message.dedupe_key, Message.created_at)
        .where(Message.dedupe_key.in_(list(keys)))
        .order_by(Message.created_at, Message.id)
    )
    for key, created_at in rows:
        if key is not None:
            sent[keys[key]].append(created_at)
    return sent


def _view(invitation: ProgramInvitation, sent: list[datetime]) -> WaitingInvitation:
    last = max([invitation.created_at, *sent])
    more = len(sent) < MAX_EMAILS
    return WaitingInvitation(
        id=invitation.id,
        email=invitation.email,
        name=invitation.name,
        invited_at=invitation.created_at,
        last_sent_at=last,
        emails=max(1, len(sent)),
        resend_from=last + RESEND_AFTER if more else None,
        link_expires_at=last + MAX_AGE["join"],
    )


def waiting_invitations(
    session: Session, program_id: int, limit: int = LIST_LIMIT
) -> tuple[int, list[WaitingInvitation]]:
    """(how many invitations wait for an answer, the `limit` most recent of them)."""
    pending = (
        ProgramInvitation.program_id == program_id,
        ProgramInvitation.status == InvitationStatus.PENDING,
    )
    total = session.scalar(select(func.count()).select_from(ProgramInvitation).where(*pending)) or 0
    rows = list(
        session.scalars(
            select(ProgramInvitation)
            .where(*pending)
            .order_by(ProgramInvitation.created_at.desc(), ProgramInvitation.id.desc())
            .limit(limit)
        )
    )
    sent = _sent(session, [row.id for row in rows])
    return int(total), [_view(row, sent[row.id]) for row in rows]


def resend_invitation(session: Session, program_id: int, invitation_id: int, now: datetime) -> Message:
    """Queue the invitation's next email (a fresh 30-day link), or say why not (ResendRefused)."""
    invitation = session.get(ProgramInvitation, invitation_id)
    if invitation is None or invitation.program_id != program_id:
        raise LookupError(f"no invitation {invitation_id} in program {program_id}")
    if invitation.status != InvitationStatus.PENDING:
        raise ResendRefused("accepted")
    view = _view(invitation, _sent(session, [invitation.id])[invitation.id])
    if view.resend_from is None:
        raise ResendRefused("enough")
    if now < view.resend_from:
        raise ResendRefused("too_soon", view.resend_from)
    program = session.get_one(Program, program_id)
    return queue_invitation_email(
        session, program, invitation, email_keys(invitation.id)[view.emails], reminder=True
    )


def withdraw_invitation(session: Session, program_id: int, invitation_id: int) -> str:
    """Delete a pending invitation, so its link stops working and the address can be invited afresh,
    and skip its emails still queued; the address it named. Nothing about a person changes."""
    invitation = session.get(ProgramInvitation, invitation_id)
    if invitation is None or invitation.program_id != program_id:
        raise LookupError(f"no invitation {invitation_id} in program {program_id}")
    if invitation.status != InvitationStatus.PENDING:
        raise WithdrawRefused(InvitationStatus(invitation.status))
    session.execute(
        update(Message)
        .where(Message.dedupe_key.in_(email_keys(invitation.id)), Message.status == MessageStatus.QUEUED)
        .values(status=MessageStatus.SKIPPED, lease_expires_at=None, last_error="invitation withdrawn")
        .execution_options(synchronize_session=False)
    )
    email = invitation.email
    session.delete(invitation)
    session.flush()
    return email
