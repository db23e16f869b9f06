"""Announce stored inbound posts to the reply worker: one `process_received` job serves many posts."""

from __future__ import annotations

import time

from redis import Redis

from service.queues import (
    FAILURE_TTL,
    INBOUND,
    PROCESS_RECEIVED_JOB,
    RESULT_TTL,
    enqueue,
    redis_connection,
    transient_retry,
)

PENDING_KEY = "coach:inbound:pending"
PENDING_TTL = 300  # seconds; a lost job's key expires and the next post enqueues a new one
SKIP_WHILE_PENDING = 0.2  # seconds a web process trusts an already-announced job
_skip_until = 0.0


def notify_received(post_id: int, connection: Redis | None = None) -> None:
    """After a post's commit: make sure a `process_received` job will see it (usually no round trip).

    Posts share jobs: an RQ enqueue per post cost more than the rest of the request
    (bench/inbound.py). Whoever sets PENDING_KEY enqueues the job; the job clears the key before it
    looks for posts, so a post committed before that look is found. A process that just saw the key
    set skips Redis for SKIP_WHILE_PENDING seconds: the job that key announces has not started yet,
    or started so recently that a post arriving in that window waits at most for the every-minute
    `process_received` cron run, which also covers lost jobs (the key expires after PENDING_TTL).
    """
    global _skip_until
    now = time.monotonic()
    if now < _skip_until:
        return
    redis = connection or redis_connection()
    if not redis.set(PENDING_KEY, post_id, nx=True, ex=PENDING_TTL):
        _skip_until = now + SKIP_WHILE_PENDING
        return
    enqueue_received(redis)


def enqueue_received(connection: Redis | None = None) -> None:
    """Queue a `process_received` job (announced by PENDING_KEY, or continuing a long backlog)."""
    enqueue(
        PROCESS_RECEIVED_JOB,
        queue_name=INBOUND,
        connection=connection,
        result_ttl=RESULT_TTL,
        failure_ttl=FAILURE_TTL,
        retry=transient_retry(),
        description="process received inbound posts",
    )
