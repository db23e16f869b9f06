"""What the spacing engine needs about managers' commitments: which check-backs are owed, and when."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.enums import CommitmentStatus
from service.models import Commitment
from service.spacing import CommitmentDue

RESURFACE_AFTER_DAYS = (30, 60, 90)  # a kept commitment comes back: "is it still happening?"
KEY_PREFIX = "commitment"


@dataclass
class Owed:
    """One manager's owed check-backs for the engine, and each one's email context by key."""

    due: list[CommitmentDue] = field(default_factory=list)
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Per reply: the first open or kept commitment it made, so a follow-up quoting that reply does
    # not ask for a step already chosen (service/emails/followup.py).
    by_reply: dict[int, Commitment] = field(default_factory=dict)


def checkback_key(commitment_id: int, postponed: int) -> str:
    """A check-back's content id: a new one for every new date ("not yet" moves the date)."""
    return f"{KEY_PREFIX}.{commitment_id}.{postponed}"


def resurface_key(commitment_id: int, days: int) -> str:
    return f"{KEY_PREFIX}.{commitment_id}.r{days}"


def commitment_id(key: str) -> int | None:
    """The commitment a check-back's content id names, or None for anything else."""
    parts = key.split(".")
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1].isdigit():
        return None
    return int(parts[1])


def owed_checkbacks(session: Session, manager_ids: Collection[int]) -> dict[int, Owed]:
    """Per manager: open commitments (checked back after their date) and kept ones to resurface."""
    owed = {manager_id: Owed() for manager_id in manager_ids}
    if not manager_ids:
        return owed
    rows = session.scalars(
        select(Commitment).where(
            Commitment.manager_id.in_(manager_ids),
            Commitment.status.in_((CommitmentStatus.OPEN, CommitmentStatus.DONE)),
        )
    )
    for row in rows:
        entry = owed[row.manager_id]
        if row.reply_id is not None:
            first = entry.by_reply.get(row.reply_id)
            if first is None or row.position < first.position:
                entry.by_reply[row.reply_id] = row
        context = {
            "commitment_id": row.id,
            "text": row.text,
            "due_phrase": row.due_phrase,
            "made_on": row.made_on.isoformat(),
            "due_on": row.due_on.isoformat(),
            "taken_on": row.taken_on,  # a nudge's move taken on by its link: nothing the manager wrote
        }
        if row.status == CommitmentStatus.OPEN:
            key = checkback_key(row.id, row.postponed)
            entry.due.append(CommitmentDue(key, row.due_on))
            entry.contexts[key] = {**context, "resurface": False}
            continue
        for days in RESURFACE_AFTER_DAYS:
            key = resurface_key(row.id, days)
            entry.due.append(CommitmentDue(key, row.made_on + timedelta(days=days), resurface=True))
            done_at = row.resolved_at.isoformat() if row.resolved_at is not None else None
            entry.contexts[key] = {**context, "resurface": True, "days": days, "done_at": done_at}
    return owed
