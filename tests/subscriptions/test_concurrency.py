"""Racing requests: the same address subscribed at once, a Confirm button pressed twice at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select

from service.db import Database
from service.models import Manager, Message, Subscription
from service.subscriptions import confirm, subscribe, validate_subscription

NOW = datetime(2025, 3, 5, 10, 0, tzinfo=UTC)
RACERS = 4


def _race(work: Callable[[], object]) -> list[BaseException]:
    """Run `work` in RACERS threads released together; the exceptions they raised."""
    barrier = threading.Barrier(RACERS)
    errors: list[BaseException] = []

    def run() -> None:
        barrier.wait()
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_the_same_new_address_subscribed_at_once_makes_one_manager_and_one_email(db: Database) -> None:
    def work() -> None:
        with db.transaction() as session:
            request = validate_subscription({"email": "race@example.com", "focus": "share-credit"})
            subscribe(session, request, NOW)

    assert _race(work) == []
    assert (_count(db, Manager), _count(db, Subscription), _count(db, Message)) == (1, 1, 1)


def test_confirm_pressed_twice_at_once_sends_one_welcome(db: Database) -> None:
    with db.transaction() as session:
        request = validate_subscription({"email": "race@example.com", "focus": "share-credit"})
        sid = subscribe(session, request, NOW).subscription_id

    def work() -> None:
        with db.transaction() as session:
            confirm(session, sid, NOW)

    assert _race(work) == []
    with db.session() as session:
        kinds = sorted(session.scalars(select(Message.kind)))
    assert kinds == ["confirm", "welcome"]
