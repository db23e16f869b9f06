"""The dispatcher's stale-row recovery re-enqueues a queued row only when its send job is gone."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from redis import Redis
from rq.job import Job, JobStatus

from sandbox.testing import messages, set_faults
from service.db import Database
from service.models import utcnow
from service.outbox import waiting
from service.queues import SEND, SENDING_PAUSED_KEY, queue
from service.settings import Settings
from tests.sandbox_stack import sandbox_env
from tests.sending.helpers import release_retries, seed_due, statuses, work
from workers.dispatch import dispatch_due

N = 150


@pytest.fixture()
def send_env(db: Database, redis_url: str, tmp_path: Path, sandbox: str) -> dict[str, str]:
    """A lease no busy test machine outlasts: here time passes by the clock handed to the dispatcher."""
    return sandbox_env(db, redis_url, tmp_path, sandbox, COACH_SEND_LEASE="300")


def later(settings: Settings, ticks: int = 1) -> dict[str, int]:
    """A dispatch tick once the rows' leases have run out (the clock passed in, not slept)."""
    return dispatch_due(utcnow() + ticks * timedelta(seconds=settings.send_lease + 60))


def send_jobs(redis: Redis) -> list[Job]:
    return queue(SEND, redis).get_jobs()


def test_a_backlog_past_its_lease_is_left_to_the_jobs_already_queued(
    db: Database, redis: Redis, sandbox: str, send_settings: Settings
) -> None:
    seeded = seed_due(db, N)
    dispatch_due()
    jobs = {job.id for job in send_jobs(redis)}
    first = later(send_settings)
    second = later(send_settings, ticks=2)
    after = {job.id for job in send_jobs(redis)}
    work(redis)

    assert (first.get("requeued_stale", 0), first["stale_job_waiting"]) == (0, N)
    assert (second.get("requeued_stale", 0), second["stale_job_waiting"]) == (0, N)
    assert after == jobs  # no job was added
    assert statuses(db) == {"sent": N}
    assert Counter(m["to"] for m in messages(sandbox, limit=1000)) == Counter(dict.fromkeys(seeded.emails, 1))


def lose_the_jobs(redis: Redis, sandbox: str) -> None:
    queue(SEND, redis).empty()  # Redis restarted without the queue


def run_them_while_paused(redis: Redis, sandbox: str) -> None:
    redis.set(SENDING_PAUSED_KEY, "test")
    work(redis)  # each job finishes without claiming a row
    redis.delete(SENDING_PAUSED_KEY)


def start_them_on_a_worker_that_dies(redis: Redis, sandbox: str) -> None:
    for job in send_jobs(redis):
        queue(SEND, redis).remove(job)
        job.set_status(JobStatus.STARTED)  # taken off the queue, never got to claim its rows


def take_them_on_a_worker_that_dies_at_once(redis: Redis, sandbox: str) -> None:
    for job in send_jobs(redis):
        queue(SEND, redis).remove(job)  # popped off the queue; the job itself still says "queued"


def fail_them_for_good(redis: Redis, sandbox: str) -> None:
    for job in send_jobs(redis):
        queue(SEND, redis).remove(job)
        job.set_status(JobStatus.FAILED)


def schedule_a_retry(redis: Redis, sandbox: str) -> None:
    set_faults(sandbox, rate_5xx=1.0)
    work(redis)  # every row is released and the job waits for RQ's retry in 30 s
    set_faults(sandbox, rate_5xx=0.0)


def leave_them_queued(redis: Redis, sandbox: str) -> None:
    pass


@pytest.mark.parametrize(
    ("fate", "requeued"),
    [
        (leave_them_queued, 0),
        (schedule_a_retry, 0),
        (lose_the_jobs, N),
        (run_them_while_paused, N),
        (start_them_on_a_worker_that_dies, N),
        (take_them_on_a_worker_that_dies_at_once, N),
        (fail_them_for_good, N),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_stale_rows_are_re_enqueued_only_when_their_job_no_longer_waits(
    db: Database,
    redis: Redis,
    sandbox: str,
    send_settings: Settings,
    fate: Callable[[Redis, str], None],
    requeued: int,
) -> None:
    seeded = seed_due(db, N)
    dispatch_due()
    fate(redis, sandbox)
    first = later(send_settings)
    again = later(send_settings, ticks=2)  # a re-enqueued row now has a waiting job of its own
    release_retries(redis)
    work(redis)

    assert first.get("requeued_stale", 0) == requeued
    assert first.get("stale_job_waiting", 0) == N - requeued
    assert again.get("requeued_stale", 0) == 0
    assert statuses(db) == {"sent": N}
    assert Counter(m["to"] for m in messages(sandbox, limit=1000)) == Counter(dict.fromkeys(seeded.emails, 1))


@pytest.mark.parametrize("hours_apart", [0, 1, 5], ids=["same-hour", "next-hour", "five-hours-later"])
def test_a_later_job_for_the_same_row_is_the_one_remembered(redis: Redis, hours_apart: int) -> None:
    now = time.time()
    pipeline = redis.pipeline()
    waiting.remember(pipeline, "first", [1, 2], now=now - hours_apart * waiting.HOUR)
    waiting.remember(pipeline, "second", [2], now=now)
    pipeline.execute()
    pipeline = redis.pipeline()
    pipeline.hset("rq:job:second", "status", JobStatus.QUEUED.value)
    pipeline.rpush(waiting.QUEUE_KEY, "second")
    pipeline.hset("rq:job:first", "status", JobStatus.FINISHED.value)
    pipeline.execute()

    assert waiting.still_waiting(redis, [1, 2, 3], now=now) == {2}
    assert waiting.still_waiting(redis, [], now=now) == set()
    # Past the TTL the note is gone: the row counts as jobless, and is re-enqueued (harmlessly).
    assert waiting.still_waiting(redis, [2], now=now + waiting.TTL + 2 * waiting.HOUR) == set()
