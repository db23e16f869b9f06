"""Drive one chaos wave: seed due subscriptions, tick like cron, kill workers, restart Redis, then audit.

Time is real except for two fast-forwards the test cannot afford to wait for, both simulating only
the passage of time, never doing a component's work for it:
- RQ's retry backoff (30 s, 2 min, 10 min, 1 h): scheduled retries are moved onto their queue now.
- When nothing is in flight (no row `sending`, no send job queued or scheduled) but rows are still
  `queued`, their jobs were lost (with Redis, or with a killed worker): the real `dispatch_due` runs
  with its clock two hours ahead, so its stale-row recovery re-enqueues them as it would later on.
Leases of rows held by a SIGKILLed worker expire in real time (COACH_SEND_LEASE), and are resolved
by the ordinary dispatch ticks, which run on the workers from the `default` queue as `rq cron` does.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from redis.exceptions import RedisError
from rq import Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from sqlalchemy import func, insert, select

from sandbox.testing import api, set_faults
from service import queues
from service.curriculum import load_curriculum
from service.db import Database
from service.models import Manager, Message, Subscription, utcnow
from tests.chaos.stack import ChaosStack
from workers.cron import SCHEDULE
from workers.dispatch import dispatch_due

FAULTS = {"latency_ms": 0, "rate_5xx": 0.05, "rate_429": 0.02, "rate_drop": 0.01}
TERMINAL = frozenset({"sent", "failed", "skipped"})
SEED_CHUNK = 2000


@dataclass
class Plan:
    """What to do to the stack while the wave runs."""

    size: int
    kills: int
    kill_every: tuple[float, float]  # seconds between kills, drawn uniformly
    redis_restart_at: float  # share of emails sent before Redis restarts
    redis_loses_everything: bool = False
    tick_every: float = 2.0
    chaos_until: float = 0.9  # no more kills once this share is sent
    timeout: float = 600.0
    seed: int = 20260101


@dataclass
class Audit:
    """The figures of one wave, and the verdicts the test asserts."""

    plan: Plan
    elapsed: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    messages: int = 0
    subscriptions_without_message: int = 0
    lost: list[int] = field(default_factory=list)
    duplicates: dict[int, int] = field(default_factory=dict)  # message id -> extra copies
    dropped: dict[int, int] = field(default_factory=dict)  # message id -> copies dropped after acceptance
    unaccounted: list[int] = field(default_factory=list)
    copies: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    kills: int = 0
    worker_restarts: int = 0
    redis_restarts: int = 0
    ticks: int = 0
    clock_jumps: int = 0
    retries_released: int = 0
    redis_errors: int = 0
    sending_at_kills: list[int] = field(default_factory=list)  # rows held by senders when each kill hit
    send_jobs_at_restart: int = -1
    dispatch: Counter[str] = field(default_factory=Counter)  # summed dispatch_due counts (ticks and jumps)
    ticks_lost: int = 0  # tick jobs gone before their result was read (a wiped Redis, a killed worker)

    @property
    def reenqueued(self) -> int:
        """Ids the dispatcher's recovery handed to a new send job."""
        return self.dispatch["requeued_stale"] + self.dispatch["recovered_requeued"]

    @property
    def handed(self) -> int:
        """Ids given to send jobs: each outbox row once when created, plus every re-enqueue (a tick whose
        result was lost is missing from both dispatcher counts, so `created` is not used)."""
        return self.messages + self.reenqueued

    def summary(self) -> str:
        lines = [
            f"chaos: {self.plan.size} due, {self.messages} outbox rows {dict(sorted(self.statuses.items()))}",
            f"  sandbox copies {self.copies}, lost {len(self.lost)}, duplicates "
            f"{sum(self.duplicates.values())} over {len(self.duplicates)} emails "
            f"({len(self.unaccounted)} unaccounted), dropped after acceptance {sum(self.dropped.values())}",
            f"  injected: 429 {self.faults.get('rate_429', 0)}, 5xx {self.faults.get('rate_5xx', 0)}, "
            f"drops {self.faults.get('rate_drop', 0)}",
            f"  kills {self.kills} (rows held by senders at each: {self.sending_at_kills}), worker restarts "
            f"{self.worker_restarts}, Redis restarts {self.redis_restarts} "
            f"({'data lost' if self.plan.redis_loses_everything else 'persisted'}, "
            f"{self.send_jobs_at_restart} send jobs queued then)",
            f"  dispatch ticks {self.ticks} ({self.ticks_lost} results lost), clock jumps "
            f"{self.clock_jumps}, RQ retries fast-forwarded {self.retries_released}",
            f"  ids handed to send jobs {self.handed} for {self.messages} emails "
            f"({self.handed / max(1, self.messages):.3f} per email); re-enqueued {self.reenqueued}, each a "
            f"recovery: {self.dispatch['requeued_stale']} queued rows whose job no longer waited (lost with "
            f"Redis or a killed worker), {self.dispatch['recovered_requeued']} expired leases of killed "
            f"senders; {self.dispatch['stale_job_waiting']} sightings of stale rows whose job still waited "
            "were left to that job",
            f"  dispatcher totals {dict(sorted(self.dispatch.items()))}",
            f"  elapsed {self.elapsed:.1f}s",
        ]
        return "\n".join(lines)


def seed_due(db: Database, n: int, prefix: str = "chaos") -> list[int]:
    """`n` active subscriptions whose first nudge is due now, bulk-inserted in chunks; their ids."""
    now = utcnow()
    lesson = load_curriculum().lessons[0].slug
    ids: list[int] = []
    for start in range(0, n, SEED_CHUNK):
        emails = [f"{prefix}{i}@example.com" for i in range(start, min(n, start + SEED_CHUNK))]
        with db.transaction() as session:
            session.execute(
                insert(Manager), [{"email": e, "name": "Chaos Manager", "timezone": "UTC"} for e in emails]
            )
            managers = list(session.scalars(select(Manager.id).where(Manager.email.in_(emails))))
            session.execute(
                insert(Subscription),
                [
                    {
                        "manager_id": mid,
                        "lesson_slug": lesson,
                        "status": "active",
                        "send_time": (now - timedelta(minutes=30)).time().replace(microsecond=0),
                        "weekdays": "mon,tue,wed,thu,fri,sat,sun",
                        "next_due_at": now - timedelta(minutes=1),
                        "lesson_started_at": now - timedelta(hours=1),
                        "confirmed_at": now - timedelta(hours=1),
                    }
                    for mid in managers
                ],
            )
            ids += session.scalars(select(Subscription.id).where(Subscription.manager_id.in_(managers)))
    return ids


def status_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        rows = session.execute(select(Message.status, func.count()).group_by(Message.status)).all()
    return {status: int(count) for status, count in rows}


class Cron(threading.Thread):
    """`rq cron` with a short interval: enqueue dispatch_due on `default`; fast-forward RQ's retries."""

    def __init__(self, audit: Audit, every: float) -> None:
        super().__init__(name="chaos-cron", daemon=True)
        self.audit = audit
        self.every = every
        self.stopped = threading.Event()
        self.entry: dict[str, Any] = dict(SCHEDULE[0])
        self.pending: list[str] = []  # tick jobs whose result is not read yet

    def run(self) -> None:
        next_tick = 0.0
        while not self.stopped.wait(0.25):
            try:
                self._collect()
                self.audit.retries_released += release_retries()
                if time.monotonic() >= next_tick:
                    next_tick = time.monotonic() + self.every
                    if self._enqueue_tick():
                        self.audit.ticks += 1
            except (RedisError, OSError):
                self.audit.redis_errors += 1  # Redis is restarting: cron tries again next time

    def _enqueue_tick(self) -> bool:
        default = queues.queue(self.entry["queue_name"])
        if default.count:  # the last tick has not started yet (workers drain `send` first)
            return False
        job = default.enqueue(
            self.entry["func"], job_timeout=self.entry["job_timeout"], result_ttl=self.entry["result_ttl"]
        )
        self.pending.append(job.id)
        return True

    def _collect(self) -> None:
        """Add up what each finished tick did (read as soon as it finishes: a wiped Redis forgets it)."""
        for job_id in list(self.pending):
            try:
                job = Job.fetch(job_id, connection=queues.redis_connection())
            except NoSuchJobError:
                self.pending.remove(job_id)
                self.audit.ticks_lost += 1
                continue
            status = job.get_status()
            if status == JobStatus.FINISHED:
                result = job.return_value()
                if isinstance(result, dict):
                    self.audit.dispatch.update({k: int(v) for k, v in result.items()})
                self.pending.remove(job_id)
            elif status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
                self.pending.remove(job_id)
                self.audit.ticks_lost += 1


def release_retries() -> int:
    """Move RQ's scheduled retries onto their queues now (the backoff is minutes; the test has seconds)."""
    moved = 0
    for name in queues.ALL_QUEUES:
        q = queues.queue(name)
        registry = q.scheduled_job_registry
        for job_id in registry.get_job_ids():
            job = Job.fetch(job_id, connection=q.connection)
            registry.remove(job)
            q.enqueue_job(job)
            moved += 1
    return moved


def quiet(db: Database) -> bool:
    """Nothing in flight: no row held by a sender, no send job waiting or scheduled."""
    send = queues.queue(queues.SEND)
    return (
        send.count == 0 and len(send.scheduled_job_registry) == 0 and status_counts(db).get("sending", 0) == 0
    )


def run_wave(stack: ChaosStack, db: Database, plan: Plan) -> Audit:
    """Seed, release the wave, hurt the stack on schedule, wait until every row is terminal, then audit."""
    rng = random.Random(plan.seed)
    audit = Audit(plan)
    subscription_ids = seed_due(db, plan.size)
    set_faults(stack.sandbox_url, **FAULTS)
    started = time.monotonic()
    cron = Cron(audit, plan.tick_every)
    cron.start()
    next_kill = started + rng.uniform(*plan.kill_every)
    restarted_redis = False
    quiet_since: float | None = None
    try:
        while True:
            now = time.monotonic()
            assert now - started < plan.timeout, (
                f"wave still running after {plan.timeout:.0f}s: {status_counts(db)}"
            )
            counts = status_counts(db)
            done = counts.get("sent", 0) / plan.size
            # Redis goes down at the planned point, once send jobs are waiting in it (or a little later).
            if not restarted_redis and done >= plan.redis_restart_at:
                backlog = _send_backlog()
                if backlog > 0 or done >= plan.redis_restart_at + 0.25:
                    audit.send_jobs_at_restart = backlog
                    stack.restart_redis(lose_everything=plan.redis_loses_everything)
                    restarted_redis = True
            # A kill lands at a random moment while some rows are being sent (else it proves little).
            if (
                stack.kills < plan.kills
                and now >= next_kill
                and done < plan.chaos_until
                and counts.get("sending")
            ):
                stack.kill_random_worker(rng, prefer=_busy_worker_pids())
                audit.sending_at_kills.append(counts["sending"])
                next_kill = now + rng.uniform(*plan.kill_every)
            stack.revive_workers()
            created = sum(counts.values())
            if created == plan.size and not set(counts) - TERMINAL:
                break
            quiet_since = _maybe_jump_clock(db, audit, quiet_since, now, settled=created == plan.size)
            time.sleep(0.2)
    finally:
        cron.stopped.set()
        cron.join(10)
    audit.ticks_lost += len(cron.pending)
    audit.elapsed = time.monotonic() - started
    _audit(stack, db, audit, subscription_ids)
    return audit


def _maybe_jump_clock(
    db: Database, audit: Audit, quiet_since: float | None, now: float, *, settled: bool
) -> float | None:
    """After 3 s of quiet with rows still queued, run the real dispatcher two hours ahead (see above)."""
    try:
        if not quiet(db):
            return None
    except (RedisError, OSError):
        return None
    if quiet_since is None:
        return now
    if now - quiet_since < 3.0:
        return quiet_since
    if settled and not status_counts(db).get("queued"):
        return quiet_since
    try:
        audit.dispatch.update(dispatch_due(utcnow() + timedelta(hours=2)))
        audit.clock_jumps += 1
    except (RedisError, OSError):
        audit.redis_errors += 1
    return None


def _busy_worker_pids() -> set[int]:
    """Workers in the middle of a job, by pid (a kill there leaves rows `sending` for the lease to expire)."""
    try:
        return {
            int(w.pid) for w in Worker.all(connection=queues.redis_connection()) if w.get_state() == "busy"
        }
    except (RedisError, OSError):
        return set()


def _send_backlog() -> int:
    try:
        return int(queues.queue(queues.SEND).count)
    except (RedisError, OSError):
        return -1


def _audit(stack: ChaosStack, db: Database, audit: Audit, subscription_ids: list[int]) -> None:
    audit.statuses = status_counts(db)
    with db.session() as session:
        rows = session.execute(select(Message.id, Message.subscription_id)).all()
    audit.messages = len(rows)
    covered = {sid for _, sid in rows}
    audit.subscriptions_without_message = sum(1 for sid in subscription_ids if sid not in covered)
    status, tally = api(stack.sandbox_url, "GET", "/api/tally", timeout=120)
    assert status == 200, tally
    copies: Counter[int] = Counter({int(k): int(v) for k, v in tally["by_message_id"].items()})
    audit.copies = sum(copies.values())
    audit.lost = sorted(mid for mid, _ in rows if copies[mid] == 0)
    audit.duplicates = {mid: n - 1 for mid, n in copies.items() if n > 1}
    audit.dropped = {int(k): int(v) for k, v in tally["dropped"].items()}
    # Each extra copy needs a dropped one behind it: the sender could not know that one went through.
    audit.unaccounted = sorted(
        mid for mid, extra in audit.duplicates.items() if extra > audit.dropped.get(mid, 0)
    )
    stats = api(stack.sandbox_url, "GET", "/api/stats")[1]
    audit.faults = dict(stats["faults"])
    audit.kills = stack.kills
    audit.worker_restarts = stack.worker_restarts
    audit.redis_restarts = stack.redis_restarts
