"""Keep the commitments a reply makes, and record what became of them (Done, Not yet, Drop)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.commitments.extract import DEFAULT_DUE_DAYS, find_commitments
from service.enums import CommitmentStatus, Outcome, OutcomeSource
from service.models import Commitment, CommitmentOutcome, Manager, Message, Reply
from service.spacing import zone


def local_today(manager: Manager, now: datetime) -> date:
    """The manager's calendar date at `now` (UTC if their timezone is unknown)."""
    try:
        return now.astimezone(zone(manager.timezone or "UTC")).date()
    except ValueError:
        return now.date()


def save_commitments(
    session: Session, manager: Manager, reply: Reply, message: Message | None, now: datetime
) -> list[Commitment]:
    """The commitments in `reply`'s text as rows (none twice: (reply_id, position) is unique)."""
    today = local_today(manager, reply.received_at or now)
    existing = set(session.scalars(select(Commitment.position).where(Commitment.reply_id == reply.id)))
    rows = []
    for found in find_commitments(reply.text, today):
        if found.position in existing:
            continue
        rows.append(
            Commitment(
                manager_id=manager.id,
                reply_id=reply.id,
                position=found.position,
                lesson_slug=message.lesson_slug if message is not None else None,
                content_id=message.content_id if message is not None else None,
                text=found.text,
                due_phrase=found.due_phrase,
                made_at=reply.received_at or now,
                made_on=today,
                due_on=found.due_on,
                status=CommitmentStatus.OPEN,
                postponed=0,
            )
        )
    session.add_all(rows)
    session.flush()
    return rows


def record_outcome(
    session: Session,
    commitment: Commitment,
    outcome: Outcome,
    source: OutcomeSource,
    *,
    now: datetime,
    new_due_on: date | None = None,
    message: Message | None = None,
    reply_id: int | None = None,
) -> CommitmentOutcome:
    """Done or Drop close the commitment; Not yet moves its date (a week on unless one is given)."""
    if outcome == Outcome.NOT_YET:
        today = local_today(commitment_manager(session, commitment), now)
        due = new_due_on if new_due_on is not None and new_due_on > today else None
        commitment.due_on = due or today + timedelta(days=DEFAULT_DUE_DAYS)
        commitment.postponed += 1
        commitment.status = CommitmentStatus.OPEN
        commitment.resolved_at = None
    else:
        commitment.status = CommitmentStatus.DONE if outcome == Outcome.DONE else CommitmentStatus.DROPPED
        commitment.resolved_at = now
    row = CommitmentOutcome(
        commitment_id=commitment.id,
        outcome=outcome,
        source=source,
        message_id=message.id if message is not None else None,
        reply_id=reply_id,
        new_due_on=commitment.due_on if outcome == Outcome.NOT_YET else None,
        recorded_at=now,
    )
    session.add(row)
    if message is not None and message.answered_at is None:
        message.answered_at = now  # a one-click answer is engagement for the spacing engine
    session.flush()
    return row


def commitment_manager(session: Session, commitment: Commitment) -> Manager:
    manager = session.get(Manager, commitment.manager_id)
    if manager is None:
        raise LookupError(f"commitment {commitment.id} has no manager")
    return manager
