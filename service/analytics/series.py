"""Week-by-week sends and replies of a program, for the dashboard chart and the API."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import SQLColumnExpression, func, select
from sqlalchemy.orm import Session

from service.analytics.periods import Window
from service.analytics.sql import WEEK_SECONDS, week_index
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


def _per_week(
    session: Session, program_id: int, column: SQLColumnExpression[Any], weeks: Sequence[Window]
) -> dict[int, int]:
    """Rows of the program per week index, in one range scan grouped by week."""
    index = week_index(session, column, weeks[0].start).label("week")
    conditions = [Message.program_id == program_id, column >= weeks[0].start, column < weeks[-1].end]
    if column is Message.sent_at:
        conditions.append(Message.manager_id.is_not(None))
    rows = session.execute(select(index, func.count()).where(*conditions).group_by(index)).all()
    return {int(week): int(count) for week, count in rows}


def weekly_series(
    session: Session,
    program_id: int,
    weeks: Sequence[Window],
    known: Mapping[datetime, WeekPoint] | None = None,
) -> list[WeekPoint]:
    """Emails sent per week (by send time) and answered per week (by first-reply time).

    Weeks are consecutive. An event's week never changes once the week is over, so `known` may
    hold points of weeks that were complete when computed: only the other weeks are queried.
    """
    known = known or {}
    missing = [week for week in weeks if week.start not in known]
    sends = _per_week(session, program_id, Message.sent_at, missing) if missing else {}
    replies = _per_week(session, program_id, Message.replied_at, missing) if missing else {}
    first = missing[0].start if missing else None
    points = []
    for week in weeks:
        if week.start in known:
            points.append(known[week.start])
            continue
        index = round((week.start - first).total_seconds() / WEEK_SECONDS) if first else 0
        points.append(WeekPoint(week.start, sends.get(index, 0), replies.get(index, 0)))
    return points
