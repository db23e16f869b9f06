"""Week-by-week figures of a program for the dashboard's trend charts and the API: emails sent and
answered, and the reply rate to the prompts sent each week (with its sample size)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import SQLColumnExpression, and_, func, select
from sqlalchemy.orm import Session

from service.analytics.commitments import kept_by_week
from service.analytics.periods import Window
from service.analytics.sql import WEEK_SECONDS, answered, count_if, week_index
from service.enums import EmailKind
from service.models import Message
from service.sharing import mail_to_managers


def rate(part: int, whole: int) -> float | None:
    """A percentage rounded to one decimal, or None when there is nothing to divide by."""
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """One ISO week (starting Monday 00:00 UTC): emails sent in it and answered in it (by first-reply
    time), and of the prompts sent in it, how many were answered (at any time)."""

    week_start: datetime
    sends: int
    replies: int
    prompts: int = 0
    prompts_answered: int = 0
    commitments_due: int = 0  # commitments whose date fell in the week (and has passed)
    commitments_kept: int = 0

    @property
    def reply_rate(self) -> float | None:
        return rate(self.prompts_answered, self.prompts)

    @property
    def kept_rate(self) -> float | None:
        return rate(self.commitments_kept, self.commitments_due)

    def as_dict(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.date().isoformat(),
            "sends": self.sends,
            "replies": self.replies,
            "prompts": self.prompts,
            "prompts_answered": self.prompts_answered,
            "reply_rate": self.reply_rate,
            "commitments_due": self.commitments_due,
            "commitments_kept": self.commitments_kept,
            "commitments_kept_rate": self.kept_rate,
        }


def _per_week(
    session: Session,
    program_id: int,
    column: SQLColumnExpression[Any],
    weeks: Sequence[Window],
    *counts: SQLColumnExpression[Any],
) -> dict[int, tuple[int, ...]]:
    """Rows of the program per week index, in one range scan grouped by week."""
    index = week_index(session, column, weeks[0].start).label("week")
    conditions = [Message.program_id == program_id, column >= weeks[0].start, column < weeks[-1].end]
    if column is Message.sent_at:
        # emails to managers, erased ones' too (by kind, not manager: service/sharing.py); first
        # replies need no such filter: only a manager's email is ever answered (workers/replies.py)
        conditions.append(mail_to_managers(program_id))
    rows = session.execute(select(index, func.count(), *counts).where(*conditions).group_by(index)).all()
    return {int(row[0]): tuple(int(value) for value in row[1:]) for row in rows}


def weekly_series(
    session: Session,
    program_id: int,
    weeks: Sequence[Window],
    known: Mapping[datetime, WeekPoint] | None = None,
    today: date | None = None,
) -> list[WeekPoint]:
    """Emails sent per week (by send time) and answered per week (by first-reply time), prompts
    sent per week with how many of them were answered, and commitments due per week (before
    `today`, default: the day after the last week) with how many were kept.

    Weeks are consecutive. `known` may hold points of weeks that were complete when computed and
    cannot change any more: only the other weeks are queried. (A prompt of a finished week can still
    be answered later, so the caller passes only weeks old enough for that, see figures.py.)
    """
    known = known or {}
    missing = [week for week in weeks if week.start not in known]
    sends: dict[int, tuple[int, ...]] = {}
    replies: dict[int, tuple[int, ...]] = {}
    commitments: dict[int, tuple[int, int]] = {}
    if missing:
        prompt = Message.kind == EmailKind.PROMPT
        sends = _per_week(
            session,
            program_id,
            Message.sent_at,
            missing,
            count_if(prompt),
            count_if(and_(prompt, answered())),
        )
        replies = _per_week(session, program_id, Message.replied_at, missing)
        commitments = kept_by_week(session, program_id, missing, today or missing[-1].end.date())
    first = missing[0].start if missing else None
    points = []
    for week in weeks:
        if week.start in known:
            points.append(known[week.start])
            continue
        index = round((week.start - first).total_seconds() / WEEK_SECONDS) if first else 0
        sent, prompts, prompts_answered = sends.get(index, (0, 0, 0))
        due, kept = commitments.get(index, (0, 0))
        points.append(
            WeekPoint(week.start, sent, replies.get(index, (0,))[0], prompts, prompts_answered, due, kept)
        )
    return points
