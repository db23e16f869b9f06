"""Creating outbox rows: every email, whoever asks for it, is a Message row first and a send job second."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from redis import Redis
from rq import Queue
from sqlalchemy.orm import Session

from service.enums import MessageStatus
from service.models import Message, utcnow
from service.outbox import waiting
from service.queues import FAILURE_TTL, JOB_TIMEOUT, SEND, SEND_JOB, queue, transient_retry
from service.settings import current_settings

ROUNDS_PER_JOB = 16  # a job's rows are COACH_SEND_CONCURRENCY sends in flight, this many times over
MAX_CHUNK = 1000  # ids per send job at most, rounded down to whole rounds
SEND_RESULT_TTL = 600


def new_reply_token() -> str:
    """Lower-case hex: it travels in the local part of reply+<token>@ addresses, which mailers may fold."""
    return secrets.token_hex(16)


def queue_message(
    session: Session,
    *,
    kind: str,
    to_email: str,
    manager_id: int | None = None,
    subscription_id: int | None = None,
    lead_id: int | None = None,
    program_id: int | None = None,
    lesson_slug: str | None = None,
    content_id: str | None = None,
    seq: int | None = None,
    context: dict[str, Any] | None = None,
    dedupe_key: str | None = None,
    due_at: datetime | None = None,
) -> Message:
    """Add a queued Message to `session` (the caller commits, then calls enqueue_sends)."""
    message = Message(
        kind=kind,
        to_email=to_email,
        manager_id=manager_id,
        subscription_id=subscription_id,
        lead_id=lead_id,
        program_id=program_id,
        lesson_slug=lesson_slug,
        content_id=content_id,
        seq=seq,
        context=context or {},
        dedupe_key=dedupe_key,
        due_at=due_at or utcnow(),
        status=MessageStatus.QUEUED,
        reply_token=new_reply_token(),
    )
    session.add(message)
    return message


def enqueue_sends(message_ids: Iterable[int]) -> None:
    """Hand committed Message rows to the send queue (safe to call twice: the job claims atomically).

    These are the emails someone is waiting for (a confirmation, a preference link, a welcome), so
    they go to the front of the queue rather than behind the dispatcher's wave of coaching sends.
    """
    enqueue_send_jobs(list(message_ids), at_front=True)


def enqueue_send_jobs(
    message_ids: list[int], connection: Redis | None = None, *, at_front: bool = False
) -> None:
    """Enqueue send jobs for committed queued rows, `send_chunk()` ids each (safe twice: claims are atomic).

    Each row's job id is noted in the same pipeline (service.outbox.waiting), so the dispatcher
    does not hand a row to a second job while its first one still waits in the queue."""
    ids = sorted(set(message_ids))
    if not ids:
        return
    send_queue = queue(SEND, connection)
    pipeline = send_queue.connection.pipeline()
    jobs = []
    for chunk in chunks(ids, send_chunk()):
        job_id = uuid.uuid4().hex
        waiting.remember(pipeline, job_id, chunk)
        jobs.append(
            Queue.prepare_data(
                SEND_JOB,
                (chunk,),
                timeout=JOB_TIMEOUT,
                result_ttl=SEND_RESULT_TTL,
                failure_ttl=FAILURE_TTL,
                retry=transient_retry(),
                description=f"send {len(chunk)} messages from #{chunk[0]}",
                job_id=job_id,
                at_front=at_front,
            )
        )
    send_queue.enqueue_many(jobs, pipeline=pipeline)
    pipeline.execute()


def send_chunk() -> int:
    """Message ids per send job: ROUNDS_PER_JOB whole rounds of COACH_SEND_CONCURRENCY requests.

    A job's pool idles at both ends: while the job claims and loads its rows, and while its last
    round's stragglers land; bigger jobs pay that less often. With 2 workers x 32 in flight,
    bench/send_wave.py (alternating waves in one stack) measured at 100 ms of provider latency 0.77x
    the bare loop with 8 rounds, 0.85x with 16 and 0.88x with 31; at 0 ms 0.62x, 0.68x and 0.67-0.81x.
    The other side of the scale: a worker killed mid-job holds its whole chunk until the lease runs
    out (`make chaos`: 1.43 ids handed to send jobs per email with 31 rounds, against 1.09 with 8),
    so 16. Whole rounds, so no round leaves most of the pool idle; a provider outage cannot hold a
    job for long: after a round of failures in a row it gives the rest back (workers/sending.py)."""
    concurrency = current_settings().send_concurrency
    return max(concurrency, min(MAX_CHUNK // concurrency, ROUNDS_PER_JOB) * concurrency)


def chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])
