"""Helpers for the sending tests: due subscriptions in bulk, in-process RQ workers, fast-forwarded retries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from redis import Redis
from rq import SimpleWorker
from rq.job import Job
from sqlalchemy import insert, select

from service.curriculum import load_curriculum
from service.db import Database
from service.models import Manager, Message, Subscription, utcnow
from service.queues import ALL_QUEUES, queue


@dataclass
class Seeded:
    manager_ids: list[int]
    subscription_ids: list[int]
    emails: list[str]


def seed_due(db: Database, n: int, *, prefix: str = "manager", now: datetime | None = None) -> Seeded:
    """`n` active subscriptions whose first nudge is due right now (every weekday, 30 minutes ago)."""
    now = now or utcnow()
    lesson = load_curriculum().lessons[0].slug
    emails = [f"{prefix}{i}@example.com" for i in range(n)]
    with db.transaction() as session:
        session.execute(
            insert(Manager),
            [{"email": email, "name": f"Manager {i}", "timezone": "UTC"} for i, email in enumerate(emails)],
        )
        rows = session.execute(select(Manager.email, Manager.id).where(Manager.email.in_(emails))).all()
        managers: dict[str, int] = dict(rows)  # type: ignore[arg-type]
        session.execute(
            insert(Subscription),
            [
                {
                    "manager_id": managers[email],
                    "lesson_slug": lesson,
                    "status": "active",
                    "send_time": (now - timedelta(minutes=30)).time().replace(microsecond=0),
                    "weekdays": "mon,tue,wed,thu,fri,sat,sun",
                    "intensity": "standard",
                    "next_due_at": now - timedelta(minutes=1),
                    "next_seq": 1,
                    "lesson_started_at": now - timedelta(hours=1),
                    "confirmed_at": now - timedelta(hours=1),
                }
                for email in emails
            ],
        )
        subs = list(
            session.scalars(
                select(Subscription.id)
                .where(Subscription.manager_id.in_(managers.values()))
                .order_by(Subscription.id)
            )
        )
    return Seeded([managers[e] for e in emails], subs, emails)


def work(redis: Redis) -> None:
    """Run every queued job in this process with the production worker class, then return."""
    SimpleWorker([queue(name, redis) for name in ALL_QUEUES], connection=redis).work(burst=True)


def release_retries(redis: Redis) -> int:
    """Move RQ's scheduled retries (30 s, 2 min, ...) onto their queues now: the tests cannot wait."""
    moved = 0
    for name in ALL_QUEUES:
        q = queue(name, redis)
        registry = q.scheduled_job_registry
        for job_id in registry.get_job_ids():
            job = Job.fetch(job_id, connection=redis)
            registry.remove(job)
            q.enqueue_job(job)
            moved += 1
    return moved


def statuses(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(select(Message.status, Message.id)).all()
    counts: dict[str, int] = {}
    for status, _ in rows:
        counts[status] = counts.get(status, 0) + 1
    return counts
