"""A 429 is not a failure: it spends no send attempt, and sustained limiting delays mail, never fails it."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from redis import Redis
from sqlalchemy import select

import workers.sending
from sandbox.testing import messages, set_faults
from service.db import Database
from service.models import Message
from service.settings import Settings
from tests.sending.helpers import release_retries, seed_due, statuses, work
from workers.dispatch import dispatch_due
from workers.send_rate import RATE_KEY, THROTTLE_KEY
from workers.sending import MAX_ATTEMPTS


def rows(db: Database) -> list[Message]:
    with db.session() as session:
        return list(session.scalars(select(Message).order_by(Message.id)))


def test_sustained_429s_keep_rows_queued_without_spending_attempts_then_deliver(
    db: Database, redis: Redis, sandbox: str, send_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.sending, "RATE_LIMIT_TRIES", 1)  # give rows back after one 429: faster rounds
    seeded = seed_due(db, 2)
    set_faults(sandbox, rate_429=1.0)
    dispatch_due()
    rounds = 0
    while rounds < MAX_ATTEMPTS + 3:  # more rounds than attempts a 5xx would be allowed
        work(redis)
        rounds += 1
        if not release_retries(redis):  # RQ's retries are spent: the dispatcher re-enqueues after the lease
            time.sleep(send_settings.send_lease + 0.2)
            dispatch_due()
        assert set(statuses(db)) <= {"queued", "sending"}, f"round {rounds}"  # sending: a lapsed lease
        assert [m.attempts for m in rows(db) if m.status == "queued"] in ([0, 0], [0], [])
    assert all((m.last_error or "").startswith("rate limited until the reset") for m in rows(db))
    assert messages(sandbox) == []

    set_faults(sandbox, rate_429=0.0)
    redis.delete(THROTTLE_KEY, RATE_KEY)
    for _ in range(8):  # a loaded machine may let a lease lapse: the dispatcher recovers it
        work(redis)
        if statuses(db) == {"sent": 2}:
            break
        if not release_retries(redis):
            time.sleep(send_settings.send_lease + 0.2)
            dispatch_due()
    assert statuses(db) == {"sent": 2}
    assert all(m.attempts <= 2 for m in rows(db))  # 1, or 2 after a lapsed lease; the 429s spent none
    assert Counter(m["to"] for m in messages(sandbox)) == Counter(dict.fromkeys(seeded.emails, 1))


def test_429s_among_5xx_do_not_bring_a_row_closer_to_failing(
    db: Database, redis: Redis, sandbox: str, send_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workers.sending, "RATE_LIMIT_TRIES", 1)
    seed_due(db, 1)
    dispatch_due()
    set_faults(sandbox, rate_5xx=1.0)
    work(redis)  # one real attempt, failed transiently
    set_faults(sandbox, rate_5xx=0.0, rate_429=1.0)
    release_retries(redis)
    work(redis)  # rate limited: no attempt spent
    [row] = rows(db)
    assert (row.status, row.attempts) == ("queued", 1)
