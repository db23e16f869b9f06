"""Which send job holds each queued row: the dispatcher re-enqueues a row only once its job is gone.

A row stays `queued` while its job waits in a backlog; its lease (`lease_expires_at`) then lapses
although nothing is lost. Every enqueue writes message id -> job id into the hour's hash
`coach:send:jobs:<hour>` (kept TTL seconds past its hour) in the same Redis pipeline as the jobs;
the dispatcher's stale-row recovery asks RQ about those jobs and leaves alone the rows whose job is
still waiting (queued, or scheduled for a retry). A row whose job finished, failed, was lost with
Redis, or started on a worker that died before claiming it is re-enqueued as before. Losing this
bookkeeping is harmless: without it the dispatcher re-enqueues, and the send job's atomic claim
keeps a row from being sent twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from redis import Redis
from redis.client import Pipeline
from rq.job import JobStatus

KEY_PREFIX = "coach:send:jobs:"
HOUR = 3600
TTL = 6 * HOUR  # longer than any wait we expect (RQ's retry backoff sums to 73 minutes)
WAITING = frozenset({JobStatus.QUEUED.value, JobStatus.SCHEDULED.value, JobStatus.DEFERRED.value})
JOB_KEY_PREFIX = "rq:job:"


def remember(pipeline: Pipeline, job_id: str, message_ids: Iterable[int], now: float | None = None) -> None:
    """Note in `pipeline` that `job_id` carries `message_ids` (a later job for the same row wins)."""
    hour = int((time.time() if now is None else now) // HOUR)
    key = f"{KEY_PREFIX}{hour}"
    pipeline.hset(key, mapping=dict.fromkeys(message_ids, job_id))
    pipeline.expire(key, TTL + HOUR)


def still_waiting(connection: Redis, message_ids: Sequence[int], now: float | None = None) -> set[int]:
    """The rows among `message_ids` whose send job is still queued or scheduled: two round trips."""
    if not message_ids:
        return set()
    hour = int((time.time() if now is None else now) // HOUR)
    pipeline = connection.pipeline(transaction=False)
    for past in range(hour - TTL // HOUR, hour + 1):  # oldest first: a later hour's job wins
        pipeline.hmget(f"{KEY_PREFIX}{past}", list(message_ids))
    job_of: dict[int, str] = {}
    for values in pipeline.execute():
        job_of.update((mid, value.decode()) for mid, value in zip(message_ids, values, strict=True) if value)
    jobs = sorted(set(job_of.values()))
    if not jobs:
        return set()
    pipeline = connection.pipeline(transaction=False)
    for job_id in jobs:
        pipeline.hget(f"{JOB_KEY_PREFIX}{job_id}", "status")
    statuses = dict(zip(jobs, pipeline.execute(), strict=True))
    alive = {job for job, status in statuses.items() if status is not None and status.decode() in WAITING}
    return {mid for mid, job_id in job_of.items() if job_id in alive}
