"""A live sender whose lease ran out must not send: the dispatcher has handed its row to someone else.

The lease (COACH_SEND_LEASE) is the only thing that tells a dead sender from a slow one. A send job
can outlive it while alive: it waits at the shared rate limiter, or sits out 429s (up to 5 x 60 s per
email, 32 emails at a time, 100 per chunk). When the dispatcher then re-queues the row and another
worker sends it, the first sender must give up instead of sending a second copy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from redis import Redis
from rq import SimpleWorker
from sqlalchemy import select

from sandbox.testing import api
from service.db import Database
from service.models import Message
from service.queues import ALL_QUEUES, SEND, queue
from service.settings import Settings, use_settings
from tests.chaos.wave import seed_due, status_counts
from workers.dispatch import dispatch_due
from workers.send_rate import SendRateLimiter

LEASE = 2
HOLD = 9.0  # seconds every sender is held at the rate limiter: far past the lease


def work(redis: Redis) -> None:
    SimpleWorker([queue(n, redis) for n in ALL_QUEUES], connection=redis).work(burst=True)


def test_a_sender_held_past_its_lease_does_not_send_a_second_copy(
    db: Database, redis: Redis, sandbox: str, send_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**send_env, "COACH_SEND_LEASE": str(LEASE)}
    use_settings(Settings.from_env(env))
    try:
        seed_due(db, 1, prefix="slow")
        dispatch_due()
        SendRateLimiter(redis, 10_000).throttle_until(time.time() + HOLD)  # e.g. a 429 storm's reset time
        rq = str(Path(sys.executable).parent / "rq")
        argv = [
            rq,
            "worker",
            "--burst",
            "--worker-class",
            "rq.worker.SimpleWorker",
            "--url",
            env["REDIS_URL"],
        ]
        argv.append(SEND)
        first = subprocess.Popen(argv, env={**os.environ, **env}, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while status_counts(db).get("sending") != 1:  # the first sender has claimed and is waiting
                assert time.monotonic() < deadline and first.poll() is None
                time.sleep(0.05)
            time.sleep(LEASE + 0.5)
            dispatch_due()
            # The lease ran out: the dispatcher re-queued the row, or the held sender (whose own deadline
            # comes before the lease's end) already gave it back unsent; either way nobody holds it.
            assert status_counts(db) == {"queued": 1}
            work(redis)  # the second sender: it claims the row and waits at the limiter too
            first.wait(60)
        finally:
            if first.poll() is None:
                os.killpg(first.pid, signal.SIGKILL)
                first.wait()
        deadline = time.monotonic() + 60
        while status_counts(db) != {"sent": 1}:  # whoever gave the row back, it goes out once the hold ends
            assert time.monotonic() < deadline, status_counts(db)
            time.sleep(0.5)
            dispatch_due()
            work(redis)
        with db.session() as session:
            [message_id] = session.scalars(select(Message.id))
        copies = api(sandbox, "GET", "/api/tally")[1]["by_message_id"]
        assert copies == {str(message_id): 1}
    finally:
        use_settings(None)
