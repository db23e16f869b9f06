"""Week-by-week sends and replies of a program, for the dashboard chart and the API."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, select
from sqlalchemy.orm import Session

from service.analytics.periods import Window
from service.analytics.sql import count_if
from service.models import Message


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One ISO week (starting Monday 00:00 UTC): emails sent and emails answered in it."""

    week_start: datetime
    sends: int
    replies: int

    def as_dict(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.date().isoformat(),
            "sends": self.sends,
            "replies": self.replies,
        }


def _bucket_sums(column: SQLColumnExpression[Any], weeks: Sequence[Window]) -> list[ColumnElement[int]]:
    return [count_if(and_(column >= week.start, column < week.end)) for week in weeks]


def weekly_series(session: Session, program_id: int, weeks: Sequence[Window]) -> list[WeekPoint]:
    """Counts per week in two range scans (one over send times, one over first-reply times)."""
    if not weeks:
        return []
    first, last = weeks[0].start, weeks[-1].end
    sends = session.execute(
        select(*_bucket_sums(Message.sent_at, weeks)).where(
            Message.program_id == program_id,
            Message.manager_id.is_not(None),
            Message.sent_at >= first,
            Message.sent_at < last,
        )
    ).one()
    replies = session.execute(
        select(*_bucket_sums(Message.replied_at, weeks)).where(
            Message.program_id == program_id,
            Message.replied_at >= first,
            Message.replied_at < last,
        )
    ).one()
    return [
        WeekPoint(week.start, int(sent), int(answered))
        for week, sent, answered in zip(weeks, sends, replies, strict=True)
    ]
