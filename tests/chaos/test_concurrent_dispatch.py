"""Three schedulers racing over one due set (a misconfigured deploy running cron thrice): 0 duplicates.

Each racer runs `dispatch_due` in a loop, released at the same instant; then real workers send
everything to the sandbox. Checked on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable

from redis import Redis
from rq import SimpleWorker
from sqlalchemy import func, select

from sandbox.testing import api, messages
from service.db import Database
from service.models import Message
from service.queues import ALL_QUEUES, queue
from service.settings import Settings
from tests.chaos.wave import seed_due
from workers.dispatch import dispatch_due

DUE = 300
RACERS = 3
ROUNDS = 4

RACER = f"""
import json, sys
from workers.dispatch import dispatch_due
print("ready", flush=True)
sys.stdin.readline()
created = [dispatch_due().get("created", 0) for _ in range({ROUNDS})]
print(json.dumps(created), flush=True)
"""


def race_processes(env: dict[str, str]) -> list[int]:
    """Start the racers, wait until each has imported everything, then release them at once."""
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER],
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(RACERS)
    ]
    try:
        for racer in racers:
            assert racer.stdout is not None and racer.stdout.readline().strip() == "ready"
        for racer in racers:
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()
        created: list[int] = []
        for racer in racers:
            out, _ = racer.communicate(timeout=180)
            assert racer.returncode == 0
            created += json.loads(out.strip().splitlines()[-1])
        return created
    finally:
        for racer in racers:
            if racer.poll() is None:
                racer.kill()
                racer.wait()


def race_threads() -> list[int]:
    """The same race inside one process: one engine and one Redis pool shared by three loops."""
    start = threading.Barrier(RACERS)
    created: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def loop() -> None:
        try:
            start.wait(30)
            mine = [dispatch_due().get("created", 0) for _ in range(ROUNDS)]
            with lock:
                created.extend(mine)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=loop) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    if errors:
        raise errors[0]
    return created


def send_everything(redis: Redis) -> None:
    SimpleWorker([queue(name, redis) for name in ALL_QUEUES], connection=redis).work(burst=True)


def check_once_each(db: Database, sandbox: str, subscription_ids: list[int], created: list[int]) -> None:
    assert sum(created) == DUE  # every due subscription was dispatched by exactly one racer
    with db.session() as session:
        per_subscription = dict(
            session.execute(
                select(Message.subscription_id, func.count()).group_by(Message.subscription_id)
            ).all()
        )
        statuses = Counter(session.scalars(select(Message.status)))
    assert per_subscription == dict.fromkeys(subscription_ids, 1)
    assert statuses == {"sent": DUE}
    tally = api(sandbox, "GET", "/api/tally")[1]
    assert len(tally["by_message_id"]) == DUE and set(tally["by_message_id"].values()) == {1}
    recipients = Counter(m["to"] for m in messages(sandbox, limit=10_000))
    assert len(recipients) == DUE and set(recipients.values()) == {1}


def _run(db: Database, redis: Redis, sandbox: str, race: Callable[[], list[int]]) -> None:
    subscription_ids = seed_due(db, DUE, prefix="racer")
    created = race()
    send_everything(redis)
    check_once_each(db, sandbox, subscription_ids, created)


def test_three_scheduler_processes_racing_send_each_email_once(
    db: Database, redis: Redis, sandbox: str, send_env: dict[str, str], send_settings: Settings
) -> None:
    _run(db, redis, sandbox, lambda: race_processes(send_env))


def test_three_scheduler_threads_racing_send_each_email_once(
    db: Database, redis: Redis, sandbox: str, send_settings: Settings
) -> None:
    _run(db, redis, sandbox, race_threads)
