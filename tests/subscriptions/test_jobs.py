"""The housekeeping job runs on a real RQ worker and is registered with the cron schedule."""

from __future__ import annotations

from datetime import timedelta

from redis import Redis
from sqlalchemy import select

from service.db import Database
from service.models import Subscription, utcnow
from service.queues import enqueue
from service.settings import Settings
from tests.subscriptions.conftest import add_subscription
from tests.subscriptions.live import run_jobs
from workers import cron
from workers.subscriptions import expire_unconfirmed_subscriptions


def test_expiry_runs_on_a_worker_and_a_rerun_changes_nothing(
    db: Database, redis: Redis, settings: Settings
) -> None:
    week_ago = utcnow() - timedelta(days=7, hours=1)
    stale = add_subscription(db, "stale@example.com", status="pending", confirmation_sent_at=week_ago)
    fresh = add_subscription(db, "fresh@example.com", status="pending", confirmation_sent_at=utcnow())
    first = enqueue("workers.subscriptions.expire_unconfirmed_subscriptions")
    second = enqueue("workers.subscriptions.expire_unconfirmed_subscriptions")
    assert run_jobs(redis) == 2
    assert (first.return_value(), second.return_value()) == (1, 0)
    with db.session() as session:
        statuses = {
            row.id: row.status for row in session.execute(select(Subscription.id, Subscription.status))
        }
    assert statuses == {stale: "expired", fresh: "pending"}


def test_expiry_is_on_the_cron_schedule() -> None:
    entries = [entry for entry in cron.SCHEDULE if entry["func"] is expire_unconfirmed_subscriptions]
    assert len(entries) == 1 and entries[0]["cron"] == "17 3 * * *"
