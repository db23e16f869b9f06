"""Prometheus metrics: fleet-wide counters kept in Redis, gauges computed at scrape time.

Workers run on any number of hosts, so a counter a worker increments cannot live in that worker's
memory or in a per-host multiprocess directory: the web process that answers /metrics may be on
another host. The business counters (emails, replies, events) are Redis hashes that every process
increments (HINCRBY, one call per batch) and /metrics reads; queue depth, dispatch lag and the sending
pause are read from Redis and the database when Prometheus scrapes. Every web instance therefore
reports the same fleet-wide values: aggregate them with max(), not sum() (docs/deploy.md).

Each web process's own request metrics use prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR), so any gunicorn worker answers for all workers of its host.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from service.db import Database
from service.enums import EmailKind, InboundStatus, MessageStatus, SubscriptionStatus
from service.events.ingest import EVENT_TYPES
from service.models import Message, Subscription, utcnow
from service.queues import ALL_QUEUES, SENDING_PAUSED_KEY, queue

log = logging.getLogger(__name__)

# counter name -> (help, label names); each is the Redis hash coach:metrics:<name>, field "v1|v2".
COUNTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "coach_emails": (
        "Emails by kind and send outcome (sent, failed, skipped, retry, released, lease_lost).",
        ("kind", "outcome"),
    ),
    "coach_replies": ("Inbound posts processed, by outcome.", ("outcome",)),
    "coach_events": ("SendGrid delivery events received, by type.", ("type",)),
}
# Series shown as 0 before anything happened, so rate() and alerts work from the first scrape.
KNOWN_SERIES: dict[str, list[tuple[str, ...]]] = {
    "coach_emails": [
        (kind, outcome) for kind in EmailKind for outcome in ("sent", "failed", "skipped", "retry")
    ],
    "coach_replies": [(str(status),) for status in InboundStatus if status != InboundStatus.RECEIVED],
    "coach_events": [(event,) for event in sorted(EVENT_TYPES)],
}
KEY_PREFIX = "coach:metrics:"
SEPARATOR = "|"


def add_counts(redis: Redis, name: str, counts: Mapping[Any, int]) -> None:
    """Add a batch of counts to counter `name` in one round trip; a Redis error loses the batch, logged."""
    labels = COUNTERS[name][1]
    if not counts:
        return
    try:
        pipe = redis.pipeline(transaction=False)
        for values, amount in counts.items():
            if len(values) != len(labels):
                raise ValueError(f"{name} takes labels {labels}, got {values}")
            if amount:
                pipe.hincrby(KEY_PREFIX + name, SEPARATOR.join(_clean(v) for v in values), amount)
        pipe.execute()
    except RedisError as exc:
        log.warning("metrics: %s not counted (%s)", name, type(exc).__name__)


def count(redis: Redis, name: str, *values: str, amount: int = 1) -> None:
    add_counts(redis, name, {values: amount})


def _clean(value: str) -> str:
    """Label values come from our own vocabularies; keep them short and free of the separator."""
    return str(value).replace(SEPARATOR, "/")[:64] or "unknown"


class FleetCollector(Collector):
    """The Redis counters and the scrape-time gauges, read on each collect()."""

    def __init__(self, redis: Redis, database: Database) -> None:
        self.redis = redis
        self.database = database

    def collect(self) -> Iterator[Metric]:
        yield from self._counters()
        yield from self._queue_gauges()
        yield from self._database_gauges(utcnow())

    def _counters(self) -> Iterable[Metric]:
        for name, (help_text, labels) in COUNTERS.items():
            family = CounterMetricFamily(name, help_text, labels=list(labels))
            try:
                raw: dict[bytes, bytes] = self.redis.hgetall(KEY_PREFIX + name)  # type: ignore[assignment]
            except RedisError as exc:
                log.warning("metrics: %s unreadable (%s)", name, type(exc).__name__)
                raw = {}
            series = dict.fromkeys(KNOWN_SERIES[name], 0)
            for field, value in raw.items():
                values = tuple(field.decode("utf-8", "replace").split(SEPARATOR))
                if len(values) == len(labels):
                    series[values] = int(value)
            for values, total in sorted(series.items()):
                family.add_metric(list(values), float(total))
            yield family

    def _queue_gauges(self) -> Iterable[Metric]:
        jobs = GaugeMetricFamily("coach_queue_jobs", "Jobs waiting in each RQ queue.", labels=["queue"])
        paused = GaugeMetricFamily(
            "coach_send_paused", "1 while sending is paused after SendGrid refused the API key (401/403)."
        )
        up = GaugeMetricFamily("coach_redis_up", "1 when Redis answered this scrape.")
        try:
            for name in ALL_QUEUES:
                jobs.add_metric([name], float(queue(name, self.redis).count))
            paused.add_metric([], 1.0 if self.redis.exists(SENDING_PAUSED_KEY) else 0.0)
            up.add_metric([], 1.0)
            yield jobs
            yield paused
        except RedisError as exc:
            log.warning("metrics: queue gauges unreadable (%s)", type(exc).__name__)
            up.add_metric([], 0.0)
        yield up

    def _database_gauges(self, now: datetime) -> Iterable[Metric]:
        lag = GaugeMetricFamily(
            "coach_dispatch_lag_seconds",
            "Age of the oldest email that is due but not sent: a due subscription not yet dispatched, "
            "or a queued or sending outbox row (0 when nothing is due).",
        )
        up = GaugeMetricFamily("coach_database_up", "1 when the database answered this scrape.")
        try:
            oldest = oldest_due(self.database, now)
            lag.add_metric([], max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0)
            up.add_metric([], 1.0)
            yield lag
        except SQLAlchemyError as exc:
            log.warning("metrics: dispatch lag unreadable (%s)", type(exc).__name__)
            up.add_metric([], 0.0)
        yield up


def oldest_due(database: Database, now: datetime) -> datetime | None:
    """When the longest-waiting due email was due: two index-served MIN() queries."""
    with database.session() as session:
        subscription = session.scalar(
            select(func.min(Subscription.next_due_at)).where(
                Subscription.status == SubscriptionStatus.ACTIVE, Subscription.next_due_at <= now
            )
        )
        message = session.scalar(
            select(func.min(Message.due_at)).where(
                Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)), Message.due_at <= now
            )
        )
    found = [when for when in (subscription, message) if when is not None]
    return min(found) if found else None
