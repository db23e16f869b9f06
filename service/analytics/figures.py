"""A program's dashboard figures (KPIs, weekly series, lesson table) as one value, with a short-lived
Redis snapshot so a busy dashboard computes them at most once a minute per program and period.

The figures of a 100,000-manager program take about a second of database work; a snapshot up to a
minute old is served in a few milliseconds. Only one request recomputes a stale snapshot (a Redis
lock); the others keep serving the previous one meanwhile. Without Redis, figures are computed
on every request: slower, never wrong.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy.orm import Session

from service.analytics.kpis import Kpi, Kpis, program_kpis
from service.analytics.lessons import LessonRow, lesson_table
from service.analytics.periods import Window, recent_weeks
from service.analytics.series import WeekPoint, weekly_series
from service.curriculum import Curriculum

log = logging.getLogger(__name__)

FRESH_FOR = timedelta(seconds=60)
WEEK = timedelta(weeks=1)
KEEP_FOR = 3600  # seconds a snapshot may still be served while another request refreshes it
LOCK_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything on a dashboard except the manager table, computed at `computed_at`."""

    computed_at: datetime
    kpis: Kpis
    series: list[WeekPoint]
    lessons: list[LessonRow]

    def to_json(self) -> str:
        return json.dumps(
            {
                "computed_at": self.computed_at.isoformat(),
                "period": [self.kpis.period.start.isoformat(), self.kpis.period.end.isoformat()],
                "previous": [self.kpis.previous.start.isoformat(), self.kpis.previous.end.isoformat()],
                "kpis": [asdict(kpi) for kpi in self.kpis.items],
                "subscribers": self.kpis.subscribers_by_lesson,
                "series": [[p.week_start.isoformat(), p.sends, p.replies] for p in self.series],
                "lessons": [asdict(row) for row in self.lessons],
            }
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> Figures:
        data: dict[str, Any] = json.loads(raw)

        def window(pair: list[str]) -> Window:
            return Window(datetime.fromisoformat(pair[0]), datetime.fromisoformat(pair[1]))

        kpis = Kpis(
            window(data["period"]),
            window(data["previous"]),
            tuple(Kpi(**item) for item in data["kpis"]),
            dict(data["subscribers"]),
        )
        series = [
            WeekPoint(datetime.fromisoformat(start), sends, replies)
            for start, sends, replies in data["series"]
        ]
        lessons = [LessonRow(**row) for row in data["lessons"]]
        return cls(datetime.fromisoformat(data["computed_at"]), kpis, series, lessons)


def compute_figures(
    session: Session,
    program_id: int,
    now: datetime,
    days: int,
    curriculum: Curriculum,
    previous: Figures | None = None,
) -> Figures:
    """All the figures; weeks that were already over in `previous` are reused, not queried again."""
    kpis = program_kpis(session, program_id, now, days)
    known = {}
    if previous is not None:
        known = {p.week_start: p for p in previous.series if p.week_start + WEEK <= previous.computed_at}
    series = weekly_series(session, program_id, recent_weeks(now), known)
    lessons = lesson_table(session, program_id, kpis.period, curriculum, kpis.subscribers_by_lesson)
    return Figures(now, kpis, series, lessons)


def _key(program_id: int, days: int) -> str:
    return f"coach:analytics:figures:{program_id}:{days}"


def cached_figures(
    redis: Redis | None, session: Session, program_id: int, now: datetime, days: int, curriculum: Curriculum
) -> Figures:
    """The snapshot if it is under a minute old; otherwise recomputed (by one request at a time)."""
    if redis is None:
        return compute_figures(session, program_id, now, days, curriculum)
    key = _key(program_id, days)
    stale: Figures | None = None
    try:
        raw = redis.get(key)
        if raw is not None:
            stale = Figures.from_json(raw)  # type: ignore[arg-type]
            if now - stale.computed_at < FRESH_FOR:
                return stale
        if not redis.set(f"{key}:lock", "1", nx=True, ex=LOCK_SECONDS) and stale is not None:
            return stale  # someone else is refreshing it
    except (RedisError, ValueError, KeyError, TypeError) as exc:
        log.warning(
            "analytics snapshot for program %s unusable (%s); computing", program_id, type(exc).__name__
        )
    figures = compute_figures(session, program_id, now, days, curriculum, stale)
    try:
        redis.set(key, figures.to_json(), ex=KEEP_FOR)
        redis.delete(f"{key}:lock")
    except RedisError as exc:
        log.warning("analytics snapshot for program %s not stored (%s)", program_id, type(exc).__name__)
    return figures


def forget_figures(redis: Redis, program_id: int) -> None:
    """Drop a program's snapshots (after an import, say), so the next view is current."""
    keys = list(redis.scan_iter(match=f"coach:analytics:figures:{program_id}:*"))
    if keys:
        redis.delete(*keys)
