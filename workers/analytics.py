"""Dashboard snapshots refreshed off the request: a lead sees the last figures at once, then fresh ones."""

from __future__ import annotations

import logging

from service.analytics.figures import compute_figures, program_start, read_snapshot, store_snapshot
from service.analytics.periods import choose_period
from service.curriculum import load_curriculum
from service.db import database
from service.models import utcnow
from service.queues import redis_connection
from service.spacing import zone
from workers.errors import private_errors

log = logging.getLogger(__name__)


@private_errors
def refresh_figures(program_id: int, period_args: dict[str, str], timezone: str) -> dict[str, int]:
    """Recompute one program's figures for the period `period_args` names (as the dashboard's query
    string does, read in `timezone`) and store them as its snapshot."""
    redis = redis_connection()
    now = utcnow()
    with database().session() as session:
        try:
            started = program_start(session, program_id)
        except LookupError:
            return {"refreshed": 0}  # the program was deleted meanwhile
        try:
            tz = zone(timezone)
        except ValueError:
            tz = zone("UTC")
        period, _ = choose_period(period_args, now, started, tz)
        try:
            previous = read_snapshot(redis, program_id, period)
        except (ValueError, KeyError, TypeError):
            previous = None
        figures = compute_figures(session, program_id, now, period, load_curriculum(), previous)
    store_snapshot(redis, program_id, period, figures)
    log.info("analytics: refreshed program %s figures (%s)", program_id, period.cache_key)
    return {"refreshed": 1}
