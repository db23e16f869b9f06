"""Read commitments for the manager's own pages and the leads' figures (counts never carry any text)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from service.enums import CommitmentStatus
from service.models import Commitment, Manager
from service.sharing import commitment_in_program

MANAGER_LIST_LIMIT = 500


@dataclass(frozen=True, slots=True)
class CommitmentCounts:
    """How many commitments were made, and where they stand now; `kept` counts the ones marked done."""

    made: int = 0
    open: int = 0
    done: int = 0
    dropped: int = 0

    @property
    def kept(self) -> int:
        return self.done

    @property
    def resolved(self) -> int:
        """Commitments the manager answered for good (done or dropped)."""
        return self.done + self.dropped


def _fold(rows: Sequence[Any]) -> dict[int, CommitmentCounts]:
    """(key, status, count) rows -> one CommitmentCounts per key."""
    tallies: dict[int, dict[str, int]] = {}
    for key, status, count in rows:
        tallies.setdefault(key, {})[status] = int(count)
    return {
        key: CommitmentCounts(
            made=sum(tally.values()),
            open=tally.get(CommitmentStatus.OPEN, 0),
            done=tally.get(CommitmentStatus.DONE, 0),
            dropped=tally.get(CommitmentStatus.DROPPED, 0),
        )
        for key, tally in tallies.items()
    }


def _made_between(
    query: Select[*tuple[Any, ...]], since: datetime | None, until: datetime | None
) -> Select[*tuple[Any, ...]]:
    if since is not None:
        query = query.where(Commitment.made_at >= since)
    if until is not None:
        query = query.where(Commitment.made_at < until)
    return query


def counts_by_manager(
    session: Session,
    manager_ids: Collection[int],
    *,
    made_since: datetime | None = None,
    made_until: datetime | None = None,
    program_id: int | None = None,
) -> dict[int, CommitmentCounts]:
    """Per manager (every id given, zeros included): one GROUP BY query, whatever the number of ids;
    with `program_id`, only those made while in that program (what its leads may count)."""
    if not manager_ids:
        return {}
    query = (
        select(Commitment.manager_id, Commitment.status, func.count())
        .where(Commitment.manager_id.in_(manager_ids))
        .group_by(Commitment.manager_id, Commitment.status)
    )
    if program_id is not None:
        query = query.where(commitment_in_program(program_id))
    found = _fold(session.execute(_made_between(query, made_since, made_until)).all())
    return {manager_id: found.get(manager_id, CommitmentCounts()) for manager_id in manager_ids}


def program_counts(
    session: Session,
    program_id: int,
    *,
    made_since: datetime | None = None,
    made_until: datetime | None = None,
) -> CommitmentCounts:
    """All commitments of a program's managers (made in the window, if one is given), by status."""
    query = (
        select(Manager.program_id, Commitment.status, func.count())
        .join(Manager, Manager.id == Commitment.manager_id)
        .where(Manager.program_id == program_id)
        .group_by(Manager.program_id, Commitment.status)
    )
    found = _fold(session.execute(_made_between(query, made_since, made_until)).all())
    return found.get(program_id, CommitmentCounts())


def manager_commitments(
    session: Session,
    manager_id: int,
    *,
    statuses: Collection[str] | None = None,
    limit: int = MANAGER_LIST_LIMIT,
) -> list[Commitment]:
    """A manager's commitments, newest first, with their outcomes: for pages the manager sees."""
    query = (
        select(Commitment)
        .where(Commitment.manager_id == manager_id)
        .options(selectinload(Commitment.outcomes))
        .order_by(Commitment.made_at.desc(), Commitment.id.desc())
        .limit(limit)
    )
    if statuses is not None:
        query = query.where(Commitment.status.in_(statuses))
    return list(session.scalars(query))
