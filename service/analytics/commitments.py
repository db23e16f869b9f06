"""Commitments kept: of the commitments a program's managers made that have come due, the share they
marked done. Counts only (never the text), grouped in SQL.

A commitment is *due* once the local date the manager named (after any "not yet") is before today;
it is *kept* when the manager answered Done. Open ones past their date count as not (yet) kept, so
the latest weeks may still rise as check-backs are answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from service.analytics.periods import Window
from service.analytics.sql import count_if, week_index
from service.enums import CommitmentStatus
from service.models import Commitment, Manager
from service.sharing import commitment_in_program


def _due_scope(program_id: int, first: date, last: date) -> list[ColumnElement[bool]]:
    """Commitments made in the program (service/sharing.py) and due on a day in [first, last)."""
    return [
        Manager.program_id == program_id,
        commitment_in_program(program_id),
        Commitment.due_on >= first,
        Commitment.due_on < last,
    ]


def kept_counts(session: Session, program_id: int, window: Window, today: date) -> tuple[int, int]:
    """(commitments that came due in the window before `today`, how many of them were kept)."""
    last = min(window.end.date(), today)
    if last <= window.start.date():
        return 0, 0
    row = session.execute(
        select(func.count(), count_if(Commitment.status == CommitmentStatus.DONE))
        .select_from(Commitment)
        .join(Manager, Manager.id == Commitment.manager_id)
        .where(*_due_scope(program_id, window.start.date(), last))
    ).one()
    return int(row[0]), int(row[1])


def kept_by_week(
    session: Session, program_id: int, weeks: Sequence[Window], today: date
) -> dict[int, tuple[int, int]]:
    """Week index (0 = weeks[0]) -> (commitments due that week before `today`, kept)."""
    if not weeks:
        return {}
    last = min(weeks[-1].end.date(), today)
    index = week_index(session, Commitment.due_on, weeks[0].start).label("week")
    rows = session.execute(
        select(index, func.count(), count_if(Commitment.status == CommitmentStatus.DONE))
        .select_from(Commitment)
        .join(Manager, Manager.id == Commitment.manager_id)
        .where(*_due_scope(program_id, weeks[0].start.date(), last))
        .group_by(index)
    ).all()
    return {int(week): (int(due), int(kept)) for week, due, kept in rows}


def today_of(now: datetime) -> date:
    """The UTC date commitments are judged against (a day's commitments come due after it)."""
    return now.date()
