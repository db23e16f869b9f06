"""Program invitations: a lead invites an address; only its owner, from the emailed link, joins.

Nothing about the person behind an invited address reaches the lead before they accept: the
invitation row holds only what the lead typed, and `Manager.program_id` (what every lead page and
figure reads) is set here, in `accept_invitation`, and nowhere else in the web flows (through
`service.sharing.move_to_program`, which ends sharing: it was consent for the old program's leads).
The emailed link proves the inbox, so accepting activates the subscription at once (no second
confirmation).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.enums import EmailKind, InvitationStatus, SubscriptionStatus
from service.models import Lead, Manager, Message, Program, ProgramInvitation, Subscription
from service.outbox import queue_message
from service.sharing import move_to_program
from service.subscriptions import lifecycle, status
from service.subscriptions.validation import SubscriptionRequest


@dataclass(frozen=True, slots=True)
class Invitee:
    """What a lead typed for one person: nothing here comes from the service's own records."""

    email: str
    name: str = ""
    timezone: str = "UTC"
    focus: str | None = None


@dataclass
class Acceptance:
    """What accepting did: `joined` is False when the invitation had been accepted before;
    `sharing_ended` when joining turned the manager's sharing off; `left_program_id` the program
    the manager was moved out of, if any (its leads' cached figures must go)."""

    joined: bool
    subscription_id: int | None
    message_ids: list[int] = field(default_factory=list)
    sharing_ended: bool = False
    left_program_id: int | None = None


def invitation_key(invitation_id: int) -> str:
    """The invitation email's dedupe key: one email per invitation, however often it is enrolled."""
    return f"program-invitation:{invitation_id}"


def find_invitations(
    session: Session, program_id: int, emails: Sequence[str]
) -> dict[str, ProgramInvitation]:
    """This program's invitations of these addresses, by address."""
    if not emails:
        return {}
    rows = session.scalars(
        select(ProgramInvitation).where(
            ProgramInvitation.program_id == program_id, ProgramInvitation.email.in_(list(emails))
        )
    )
    return {row.email: row for row in rows}


def invite(
    session: Session, program: Program, invitee: Invitee, lead_id: int | None, now: datetime
) -> tuple[ProgramInvitation, Message]:
    """A new pending invitation and its email (the caller checked there is none for this address)."""
    invitation = ProgramInvitation(
        program_id=program.id,
        email=invitee.email,
        name=invitee.name,
        timezone=invitee.timezone,
        lesson_slug=invitee.focus,
        invited_by_id=lead_id,
        status=InvitationStatus.PENDING,
        created_at=now,
    )
    session.add(invitation)
    session.flush()
    return invitation, queue_invitation_email(session, program, invitation, invitation_key(invitation.id))


def queue_invitation_email(
    session: Session,
    program: Program,
    invitation: ProgramInvitation,
    dedupe_key: str,
    *,
    reminder: bool = False,
) -> Message:
    """The invitation's email (its link is made when it is sent, so each one lasts its full 30 days)."""
    context: dict[str, object] = {
        "invitation_id": invitation.id,
        "program_name": program.name,
        "focus": invitation.lesson_slug,
    }
    if reminder:
        context["reminder"] = True
    return queue_message(
        session,
        kind=EmailKind.INVITATION,
        to_email=invitation.email,
        program_id=program.id,
        lesson_slug=invitation.lesson_slug,
        context=context,
        dedupe_key=dedupe_key,
    )


def inviter_name(session: Session, invitation: ProgramInvitation) -> str:
    """The name (or, without one, the address) of the lead who sent the invitation; "" if unknown."""
    lead = session.get(Lead, invitation.invited_by_id) if invitation.invited_by_id is not None else None
    if lead is None:
        return ""
    return lead.name or lead.email


def is_live(subscription: Subscription | None) -> bool:
    return subscription is not None and subscription.status in lifecycle.LIVE_STATUSES


def accept_invitation(
    session: Session, invitation_id: int, wanted: SubscriptionRequest | None, now: datetime
) -> Acceptance:
    """Join the program (once) and, unless already subscribed, start coaching with `wanted` at once.

    The invitation's link proves the inbox, so this does what confirming does (welcome email, first
    nudge scheduled) without another email. A live subscription keeps its focus and schedule;
    sharing, if it was on, ends (it was consent for other leads), so the new lead reads no reply
    until the manager turns it on again.
    """
    won = session.execute(
        update(ProgramInvitation)
        .where(ProgramInvitation.id == invitation_id, ProgramInvitation.status == InvitationStatus.PENDING)
        .values(status=InvitationStatus.ACCEPTED, accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    invitation = session.get(ProgramInvitation, invitation_id, populate_existing=True)
    if invitation is None:
        raise LookupError(f"no invitation {invitation_id}")
    existing = lifecycle.find_manager(session, invitation.email)
    if won.rowcount != 1:  # type: ignore[attr-defined]
        subscription = existing.subscription if existing is not None else None
        return Acceptance(False, subscription.id if subscription is not None else None)
    left = existing.program_id if existing is not None else None
    left = left if left != invitation.program_id else None
    if existing is not None and is_live(existing.subscription):
        ended = _join(existing, invitation)
        session.flush()
        subscription_id = existing.subscription.id if existing.subscription else None
        return Acceptance(True, subscription_id, sharing_ended=ended, left_program_id=left)
    if wanted is None or wanted.email != invitation.email:
        raise ValueError("accepting an invitation needs the invited address's choices")
    manager, _ = lifecycle.manager_for(session, wanted, now)
    ended = _join(manager, invitation)
    subscription = manager.subscription
    if subscription is None:
        subscription = Subscription(manager_id=manager.id, status=SubscriptionStatus.PENDING, created_at=now)
        session.add(subscription)
        lifecycle.apply_request(subscription, manager, wanted)
        status.start(session, subscription, now)
    else:
        lifecycle.apply_request(subscription, manager, wanted)
        status.set_status(session, subscription, SubscriptionStatus.PENDING, now)
    session.flush()
    confirmed = lifecycle.confirm(session, subscription.id, now)
    return Acceptance(True, subscription.id, confirmed.message_ids, ended, left)


def _join(manager: Manager, invitation: ProgramInvitation) -> bool:
    """Move the manager into the invitation's program; True when that turned their sharing off."""
    manager.invited_at = invitation.created_at
    return move_to_program(manager, invitation.program_id)
