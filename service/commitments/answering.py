"""Answer a check-back (by its page's button or by a reply word) and let the engine re-plan."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.commitments.store import record_outcome
from service.enums import EmailKind, Outcome, OutcomeSource, SubscriptionStatus
from service.models import Commitment, CommitmentOutcome, Message, Subscription
from service.subscriptions.schedule import next_due_at


class NotACheckback(LookupError):
    """The message is not a commitment check-back, or its commitment no longer exists."""


def checkback_commitment(session: Session, message: Message) -> Commitment:
    """The commitment a check-back message asks about."""
    commitment_id = (message.context or {}).get("commitment_id")
    if message.kind != EmailKind.COMMITMENT or not isinstance(commitment_id, int):
        raise NotACheckback(f"message {message.id} is not a commitment check-back")
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or commitment.manager_id != message.manager_id:
        raise NotACheckback(f"message {message.id}: its commitment is gone")
    return commitment


def answer_checkback(
    session: Session,
    message: Message,
    outcome: Outcome,
    source: OutcomeSource,
    *,
    now: datetime,
    new_due_on: date | None = None,
    reply_id: int | None = None,
) -> CommitmentOutcome:
    """Record the answer (Done / Not yet with a new date / Drop); the next email is re-planned. The
    same answer given again to the same check-back (a second press, a reopened link) changes nothing
    and records nothing: a "Not yet" pressed twice must not move the date twice."""
    commitment = checkback_commitment(session, message)
    previous = recorded_answer(session, message, commitment)
    if previous is not None and _same_answer(previous, outcome, new_due_on):
        return previous
    row = record_outcome(
        session,
        commitment,
        outcome,
        source,
        now=now,
        new_due_on=new_due_on,
        message=message,
        reply_id=reply_id,
    )
    subscription = session.get(Subscription, message.subscription_id) if message.subscription_id else None
    if subscription is not None and subscription.status == SubscriptionStatus.ACTIVE:
        subscription.next_due_at = next_due_at(session, subscription, subscription.manager, now)
    return row


def recorded_answer(session: Session, message: Message, commitment: Commitment) -> CommitmentOutcome | None:
    """The latest answer given to this check-back (its page shows it instead of asking again)."""
    return session.scalars(
        select(CommitmentOutcome)
        .where(CommitmentOutcome.message_id == message.id, CommitmentOutcome.commitment_id == commitment.id)
        .order_by(CommitmentOutcome.id.desc())
        .limit(1)
    ).first()


def _same_answer(previous: CommitmentOutcome, outcome: Outcome, new_due_on: date | None) -> bool:
    """The answer already recorded for this check-back (Not yet: with no date, or the date it set)."""
    if previous.outcome != outcome:
        return False
    return outcome != Outcome.NOT_YET or new_due_on is None or new_due_on == previous.new_due_on
