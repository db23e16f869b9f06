"""A program's dashboard figures (headline, KPIs, trends, lessons, voices) as one value, with a
short-lived Redis snapshot so a busy dashboard computes them at most once a minute per program and
period.

The figures of a 100,000-manager program take about a second of database work; a snapshot up to a
minute old is served in a few milliseconds. Only one request recomputes a stale snapshot (a Redis
lock); the others keep serving the previous one meanwhile. Without Redis, figures are computed
on every request: slower, never wrong.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.analytics.commitments import kept_counts, today_of
from service.analytics.kpis import Headline, Kpis, period_kpis, prompt_counts, taking_part
from service.analytics.lessons import LessonRow, lesson_table
from service.analytics.periods import Period, Window, program_to_date, trend_weeks
from service.analytics.series import WeekPoint, weekly_series
from service.analytics.snapshot import figures_from_json, figures_to_json
from service.analytics.voices import Quote, Stalled, newly_stalled, shared_quotes
from service.curriculum import Curriculum
from service.models import Manager, Program

log = logging.getLogger(__name__)

FRESH_FOR = timedelta(seconds=60)
SETTLED = timedelta(days=28)  # a week's figures are reused once its prompts have had this long to be answered
KEEP_FOR = 3600  # seconds a snapshot may still be served while another request refreshes it
LOCK_SECONDS = 60
QUOTES = 3


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything on a dashboard except the manager table, computed at `computed_at`."""

    computed_at: datetime
    period: Period
    headline: Headline
    kpis: Kpis
    series: list[WeekPoint]
    lessons: list[LessonRow]
    quotes: list[Quote]
    stalled: list[Stalled]
    stalled_total: int

    def to_json(self) -> str:
        return figures_to_json(self)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Figures:
        return figures_from_json(cls, raw)


def program_start(session: Session, program_id: int) -> datetime:
    """When the program started: its creation, or its first manager's if it was set up later."""
    created = session.scalar(select(Program.created_at).where(Program.id == program_id))
    first = session.scalar(select(func.min(Manager.created_at)).where(Manager.program_id == program_id))
    found = [moment for moment in (created, first) if moment is not None]
    if not found:
        raise LookupError(f"no program {program_id}")
    return min(found)


def compute_figures(
    session: Session,
    program_id: int,
    now: datetime,
    period: Period,
    curriculum: Curriculum,
    previous: Figures | None = None,
) -> Figures:
    """All the figures; weeks settled long before `previous` was computed are reused, not queried."""
    kpis = period_kpis(session, program_id, period, now)
    known = {}
    if previous is not None:
        settled = previous.computed_at - SETTLED
        known = {p.week_start: p for p in previous.series if p.week_start + timedelta(weeks=1) <= settled}
    series = weekly_series(session, program_id, trend_weeks(period, now), known, today_of(now))
    lessons = lesson_table(session, program_id, kpis.period, curriculum, kpis.subscribers_by_lesson)
    to_date = period if period.previous is None else program_to_date(now, program_start(session, program_id))
    prompts, prompts_answered = prompt_counts(session, program_id, to_date.current)
    due, kept = kept_counts(session, program_id, to_date.current, today_of(now))
    active = int(kpis["active_managers"].value or 0)
    headline = Headline(active, taking_part(session, program_id), prompts, prompts_answered, due, kept)
    window = Window(kpis.period.start, min(kpis.period.end, now))
    quotes = shared_quotes(session, program_id, window, QUOTES)
    stalled, stalled_total = newly_stalled(session, program_id, window.start)
    return Figures(now, period, headline, kpis, series, lessons, quotes, stalled, stalled_total)


def _key(program_id: int, period: Period) -> str:
    return f"coach:analytics:figures:{program_id}:{period.cache_key}"


def cached_figures(
    redis: Redis | None,
    session: Session,
    program_id: int,
    now: datetime,
    period: Period,
    curriculum: Curriculum,
) -> Figures:
    """The snapshot if it is under a minute old; otherwise recomputed (by one request at a time)."""
    if redis is None:
        return compute_figures(session, program_id, now, period, curriculum)
    key = _key(program_id, period)
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
    figures = compute_figures(session, program_id, now, period, curriculum, stale)
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
