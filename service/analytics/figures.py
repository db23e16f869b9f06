"""A program's dashboard figures (headline, KPIs, trends, lessons, voices) as one value, with a
Redis snapshot so a dashboard computes them at most once a minute per program and period.

The figures of a 100,000-manager program take seconds of database work; a snapshot is served in a
few milliseconds. A snapshot under a minute old is served as it is. An older one (kept for a week)
is served at once too, and the first request to see it stale enqueues a refresh for a worker
(`workers.analytics.refresh_figures`, one at a time per program and period: a Redis lock), so no
viewer waits for the database except the very first, when there is no snapshot at all. Without
Redis, figures are computed on every request: slower, never wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.analytics.commitments import kept_counts, today_of
from service.analytics.kpis import (
    Headline,
    Kpis,
    active_managers,
    period_kpis,
    prompt_counts,
    taking_part,
)
from service.analytics.lessons import LessonRow, lesson_table
from service.analytics.periods import Period, Window, program_to_date, trend_weeks
from service.analytics.series import WeekPoint, weekly_series
from service.analytics.snapshot import figures_from_json, figures_to_json
from service.analytics.voices import Quote, Stalled, newly_stalled, shared_quotes
from service.curriculum import Curriculum
from service.models import Manager, Program
from service.queues import enqueue

log = logging.getLogger(__name__)

FRESH_FOR = timedelta(seconds=60)
SETTLED = timedelta(days=28)  # a week's figures are reused once its prompts have had this long to be answered
KEEP_FOR = 7 * 24 * 3600  # seconds a snapshot is kept: served (stale) at once while a worker refreshes it
LOCK_SECONDS = 120  # a refresh not done by then (a worker lost) may be started again
REFRESH_JOB = "workers.analytics.refresh_figures"
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
    # the headline is today's, whatever period is shown; the KPI is as of the period's end
    ended = kpis.period.end < now
    active = active_managers(session, program_id, now) if ended else int(kpis["active_managers"].value or 0)
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
    refresh: Callable[[], object] | None = None,
) -> Figures:
    """The snapshot if it is under a minute old; an older one at once while `refresh` (enqueueing
    refresh_figures) brings it up to date; recomputed here only without a snapshot, a refresh or Redis."""
    if redis is None:
        return compute_figures(session, program_id, now, period, curriculum)
    key = _key(program_id, period)
    stale: Figures | None = None
    try:
        stale = read_snapshot(redis, program_id, period)
        if stale is not None and now - stale.computed_at < FRESH_FOR:
            return stale
        if not redis.set(f"{key}:lock", "1", nx=True, ex=LOCK_SECONDS) and stale is not None:
            return stale  # someone else is refreshing it
        if stale is not None and refresh is not None:
            refresh()
            return stale
    except (RedisError, ValueError, KeyError, TypeError) as exc:
        log.warning(
            "analytics snapshot for program %s unusable (%s); computing", program_id, type(exc).__name__
        )
    figures = compute_figures(session, program_id, now, period, curriculum, stale)
    store_snapshot(redis, program_id, period, figures)
    return figures


def read_snapshot(redis: Redis, program_id: int, period: Period) -> Figures | None:
    """The stored snapshot, however old, or None (ValueError, KeyError, TypeError: unreadable)."""
    raw = redis.get(_key(program_id, period))
    return Figures.from_json(raw) if raw is not None else None  # type: ignore[arg-type]


def store_snapshot(redis: Redis, program_id: int, period: Period, figures: Figures) -> None:
    """Keep `figures` as the snapshot and release the refresh lock."""
    key = _key(program_id, period)
    try:
        redis.set(key, figures.to_json(), ex=KEEP_FOR)
        redis.delete(f"{key}:lock")
    except RedisError as exc:
        log.warning("analytics snapshot for program %s not stored (%s)", program_id, type(exc).__name__)


def refresh_later(program_id: int, period: Period, timezone: str) -> Callable[[], object]:
    """What cached_figures calls on a stale snapshot: enqueue refresh_figures for a worker."""
    return lambda: enqueue(REFRESH_JOB, program_id, period.args(), timezone, job_timeout=600)


def forget_figures(redis: Redis, program_id: int) -> None:
    """Drop a program's snapshots (after an import, say), so the next view is current."""
    keys = list(redis.scan_iter(match=f"coach:analytics:figures:{program_id}:*"))
    if keys:
        redis.delete(*keys)
