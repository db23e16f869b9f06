"""Demo commitments: what the real extractor finds in the demo's replies (service/commitments/extract.py),
with outcomes, so the dashboard's "commitments kept" has something true to show about the demo program."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from service.commitments.extract import find_commitments
from service.enums import CommitmentStatus, OutcomeSource
from service.models import Commitment, CommitmentOutcome

# What managers did about a commitment whose date has passed: done, dropped, or no answer yet.
OUTCOME_WEIGHTS = (
    (CommitmentStatus.DONE, 0.62),
    (CommitmentStatus.DROPPED, 0.1),
    (CommitmentStatus.OPEN, 0.28),
)


def _status(rng: random.Random, due_on: date, today: date) -> str:
    if due_on >= today:
        return CommitmentStatus.OPEN
    roll, total = rng.random(), 0.0
    for status, weight in OUTCOME_WEIGHTS:
        total += weight
        if roll < total:
            return status
    return CommitmentStatus.OPEN


def seed_commitments(
    session: Session, replies: list[dict[str, Any]], reply_ids: list[int], rng: random.Random, now: datetime
) -> int:
    """Commitments (and Done/Drop outcomes) for the demo replies that make one; returns how many."""
    today = now.date()
    rows: list[dict[str, Any]] = []
    for reply, reply_id in zip(replies, reply_ids, strict=True):
        made_at: datetime = reply["received_at"]
        for found in find_commitments(reply["text"], made_at.date()):  # as a real reply's are found
            due_on, phrase, position = found.due_on, found.due_phrase, found.position
            status = _status(rng, due_on, today)
            resolved = None
            if status != CommitmentStatus.OPEN:
                resolved = datetime.combine(due_on, made_at.timetz()) + timedelta(days=rng.uniform(0.2, 3))
                resolved = min(resolved, now)
            rows.append(
                {"manager_id": reply["manager_id"], "reply_id": reply_id, "position": position,
                 "lesson_slug": reply.get("lesson_slug"), "content_id": reply.get("content_id"),
                 "text": found.text, "due_phrase": phrase, "made_at": made_at,
                 "made_on": made_at.date(), "due_on": due_on, "status": status, "postponed": 0,
                 "resolved_at": resolved, "created_at": made_at, "updated_at": resolved or made_at}
            )  # fmt: skip
    if not rows:
        return 0
    ids = session.scalars(
        insert(Commitment).returning(Commitment.id, sort_by_parameter_order=True), rows
    ).all()
    outcomes = [
        {"commitment_id": commitment_id, "outcome": row["status"], "source": OutcomeSource.LINK,
         "recorded_at": row["resolved_at"]}
        for commitment_id, row in zip(ids, rows, strict=True)
        if row["status"] != CommitmentStatus.OPEN
    ]  # fmt: skip
    if outcomes:
        session.execute(insert(CommitmentOutcome), outcomes)
    return len(rows)
