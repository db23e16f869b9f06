"""Which send job holds each queued row: the dispatcher re-enqueues a row only once its job is gone.

A row stays `queued` while its job waits in a backlog; its lease (`lease_expires_at`) then lapses
although nothing is lost. Every enqueue writes message id -> job id into the hour's hash
`coach:send:jobs:<hour>` (kept TTL seconds past its hour) in the same Redis pipeline as the jobs;
the dispatcher's stale-row recovery asks RQ about those jobs and leaves alone the rows whose job is
still waiting (queued and on the send queue, or scheduled for a retry and in that registry). A row
whose job finished, failed, was lost with Redis, or was taken by a worker that died before claiming
it is re-enqueued as before. Losing this
bookkeeping is harmless: without it the dispatcher re-enqueues, and the send job's atomic claim
keeps a row from being sent twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from redis import Redis
from redis.client import Pipeline
from rq import Queue
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry

from service.queues import SEND

KEY_PREFIX = "coach:send:jobs:"
HOUR = 3600
TTL = 6 * HOUR  # longer than any wait we expect (RQ's retry backoff sums to 73 minutes)
JOB_KEY_PREFIX = Job.redis_job_namespace_prefix
QUEUE_KEY = Queue.redis_queue_namespace_prefix + SEND
SCHEDULED_KEY = ScheduledJobRegistry.key_template.format(SEND)


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
    for job_id in jobs:  # the job says it waits, and it is where a worker will find it
        pipeline.hget(f"{JOB_KEY_PREFIX}{job_id}", "status")
        pipeline.lpos(QUEUE_KEY, job_id)
        pipeline.zscore(SCHEDULED_KEY, job_id)
    answers = pipeline.execute()
    alive = {
        job_id
        for index, job_id in enumerate(jobs)
        if _waits(answers[3 * index], answers[3 * index + 1], answers[3 * index + 2])
    }
    return {mid for mid, job_id in job_of.items() if job_id in alive}


def _waits(status: bytes | None, position: int | None, scheduled_at: float | None) -> bool:
    """Queued and still on the send queue, or scheduled and still in its registry. A job a worker took
    off the queue and died before starting still says "queued": its rows must be re-enqueued."""
    if status == JobStatus.QUEUED.value.encode():
        return position is not None
    if status == JobStatus.SCHEDULED.value.encode():
        return scheduled_at is not None
    return False
