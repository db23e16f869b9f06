"""Send jobs: claim a chunk of queued rows, render them, send them over a small thread pool, record outcomes.

Throughput design: the dispatcher enqueues one job per chunk of `send_chunk()` message ids, whole
rounds of COACH_SEND_CONCURRENCY (`service.outbox.enqueue_send_jobs`), and
workers run `rq.worker.SimpleWorker` (no fork per job), so the database engine, the templates, the
curriculum and the thread pool stay warm across jobs. Inside a job the main thread claims the first
round of rows on its own, then the rest while those are sent, and renders while up
to `COACH_SEND_CONCURRENCY` threads wait on SendGrid, which hides provider latency (100 ms of
latency with 32 requests in flight ≈ 320 emails/s per worker process). Every send first takes a slot
from the Redis send-rate limiter shared by all workers (`COACH_SEND_RATE` per second).

Failures, per row: 429 -> every worker holds back until the limit lifts (the later of Retry-After and
X-RateLimit-Reset), then the row is retried in the same job; a limit that outlasts RATE_LIMIT_TRIES
tries or MAX_RATE_LIMIT_WAIT seconds gives the row back `queued` without spending an attempt, to be
sent after the reset (by the job's retry or, once those are spent, the dispatcher): rate limiting
delays mail, never fails it. 5xx, timeouts, dropped connections -> the row goes back to `queued` and
the job raises, so RQ's Retry (30 s, 2 min, 10 min, 1 h) re-runs it and re-claims only such rows
(after MAX_ATTEMPTS the row is `failed`); a whole round of them in a row (COACH_SEND_CONCURRENCY,
at least TRIP_AFTER) means SendGrid is down or unreachable, so the job stops sending and gives its
unsent rows back `queued`, uncounted, for that same retry: an outage costs one round of timeouts
per job, not a timeout for every row of the chunk; other 4xx -> `failed` with SendGrid's error
text; 401/403 -> SENDING_PAUSED_KEY is set, /healthz reports it, and nothing is sent or dispatched
until an operator runs `coach sending resume`. A worker that dies mid-chunk leaves rows in `sending`;
once their lease (`COACH_SEND_LEASE`) expires the dispatcher resolves them. A live sender held past
its lease (at the rate limiter, or sitting out 429s) gives the row up unsent: by then the dispatcher
may have handed it to another worker, and sending it too would deliver a second copy.
"""

from __future__ import annotations

import enum
import logging
import queue
import threading
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from rq import get_current_job
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db import Database, database
from service.emails import render_message
from service.emails.personalise import RenderCache
from service.enums import MessageStatus
from service.metrics import add_counts
from service.models import Manager, Message, Subscription, utcnow
from service.outbox import rows as outbox_rows
from service.outbox.rows import Outcome
from service.queues import SENDING_PAUSED_KEY, redis_connection, sending_paused_reason
from service.settings import Settings, current_settings
from service.transport import Outcome as Sent
from service.transport import Outgoing, SendGridTransport, SendResult, build_payload, transport_for
from workers.errors import private_errors
from workers.send_rate import SendRateLimiter

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # provider attempts before a transiently failing message is marked failed
RATE_LIMIT_TRIES = 5  # 429s tolerated per message inside one job before it waits for the job retry
MAX_RATE_LIMIT_WAIT = 60.0  # longer waits give the row back until the reset (no attempt spent)
FLUSH_EVERY = 50  # outcomes written per transaction while a chunk is in flight
TRIP_AFTER = 8  # provider failures in a row that stop a job, at least (a whole round of sends otherwise)


class Withheld(enum.Enum):
    """Why a pool thread returned without sending."""

    STOPPED = "stopped"  # a 401/403 paused sending, the provider kept failing, or the job is ending
    LEASE_LOST = "lease lost"  # the claim's lease ran out: the row may already belong to another sender


class TransientSendError(Exception):
    """Some rows of a chunk hit provider hiccups; RQ retries the job, which re-claims only those rows."""


@private_errors
def send_messages(message_ids: list[int]) -> dict[str, int]:
    """Send the still-queued rows among `message_ids`.

    Idempotent: a row is claimed only while `queued` (one UPDATE, so a rerun, an RQ retry or a
    duplicate job never sends a row twice), and each row's outcome is written back as it lands.
    """
    settings = current_settings()
    redis = redis_connection()
    job = get_current_job()
    tag = f"job {job.id}" if job else "send"
    if sending_paused_reason(redis):
        log.warning("%s: sending is paused; %d messages stay queued", tag, len(message_ids))
        return {"paused": len(message_ids)}
    retry_in = float(job.get_retry_interval()) if job is not None and job.retries_left else 0.0
    run = SendRun(settings, database(), redis, retry_in)
    counts = run.execute(message_ids)
    log.info("%s: %s", tag, " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    if run.retryable or run.tripped:
        given_back = (
            " (the provider kept failing, so the job gave its unsent rows back too)" if run.tripped else ""
        )
        raise TransientSendError(
            f"{run.retryable} of {counts['claimed']} messages hit transient provider errors or rate limits"
            f"{given_back}; the retry in {retry_in:.0f}s re-claims the rows still queued"
        )
    return counts


@dataclass
class SendRun:
    """One job's pass over a chunk; main thread owns the database, pool threads only talk HTTP."""

    settings: Settings
    db: Database
    redis: Redis
    retry_in: float
    retryable: int = 0
    tripped: bool = False  # the provider kept failing: the rows given back unsent need the job's retry
    counts: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _buffer: list[Outcome] = field(default_factory=list)
    _lease_ends: float = 0.0  # Unix seconds after which this run may no longer send its claimed rows
    _kinds: dict[int, str] = field(default_factory=dict)  # claimed message id -> email kind
    _tally: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, outcome) for the metrics
    _failing: int = 0  # provider failures (5xx, timeouts, dropped connections) since the last accepted send
    _stop_reason: str = "sending paused"  # the error a row held back by `_stop` is given back with
    _paused: bool = False  # this run saw a 401/403 and paused sending for everyone

    def execute(self, message_ids: Sequence[int]) -> dict[str, int]:
        self.counts = dict.fromkeys(
            ("claimed", "skipped", "sent", "failed", "retry", "rate_limited", "released", "lease_lost"), 0
        )
        transport = transport_for(self.settings)
        limiter = _limiter(self.redis, self.settings.send_rate)
        pending: dict[Future[SendResult | Withheld], Message] = {}
        finished: queue.SimpleQueue[Future[SendResult | Withheld]] = queue.SimpleQueue()
        untouched: dict[int, Message] = {}
        # The first round is claimed on its own, so sends start while the rest is claimed and loaded.
        first = self.settings.send_concurrency
        batches = [list(message_ids[:first]), list(message_ids[first:])]
        try:
            with self.db.session() as session:
                kept: list[object] = []  # strong refs keep the identity map warm for rendering
                for batch in batches:
                    if not batch or self._stop.is_set():
                        continue
                    claimed, names = self._claim(batch)
                    untouched.update((m.id, m) for m in claimed)
                    kept += _preload(session, claimed) if claimed else []
                    for message in claimed:
                        if self._stop.is_set():
                            break
                        del untouched[message.id]
                        payload = self._render(session, message, names.get(message.manager_id or 0, ""))
                        if payload is not None:
                            pool = _pool(self.settings.send_concurrency)
                            send = pool.submit(
                                _deliver, transport, limiter, payload, self._stop, self._lease_ends
                            )
                            pending[send] = message
                            send.add_done_callback(finished.put)
                        self._collect(pending, finished, block=False)
            while pending:
                self._collect(pending, finished, block=True)
        finally:
            # Whatever happened (a timeout, a crash), record what landed and give back what never left.
            # Sends not yet started are cancelled and the rest stop before sending: none may run after
            # this job ended. Rows still in flight stay `sending`; lease expiry lets the dispatcher
            # resolve them.
            unsent = self._stop_reason if self.tripped or self._paused else "not attempted"
            self._stop.set()
            cancelled = [message for future, message in pending.items() if future.cancel()]
            for message in [*cancelled, *untouched.values()]:
                self._add(self._given_back(message, unsent), "released")
            self._flush()
        return self.counts

    def _claim(self, message_ids: Sequence[int]) -> tuple[list[Message], dict[int, str]]:
        now = utcnow()
        # Stop sending early enough that a request started just before the deadline ends within the lease.
        margin = min(self.settings.sendgrid_timeout, self.settings.send_lease / 2)
        self._lease_ends = now.timestamp() + self.settings.send_lease - margin
        with self.db.transaction() as session:
            claimed = outbox_rows.claim(session, message_ids, now, self.settings.send_lease)
            if not claimed:
                return [], {}
            skips = outbox_rows.skip_reasons(session, claimed)
            outbox_rows.mark_skipped(session, skips)
            manager_ids = {m.manager_id for m in claimed if m.manager_id is not None}
            names = dict(
                session.execute(select(Manager.id, Manager.name).where(Manager.id.in_(manager_ids))).all()
            )
        self.counts["claimed"] += len(claimed)
        self.counts["skipped"] += len(skips)
        self._kinds.update((m.id, m.kind) for m in claimed)
        self._tally.update((self._kinds[mid], "skipped") for mid in skips)
        return [m for m in claimed if m.id not in skips], names

    def _render(self, session: Session, message: Message, name: str) -> dict[str, Any] | None:
        """The payload for `message`, or None after recording a rendering failure on the row."""
        try:
            rendered = render_message(message, session, _renders)
            if session.in_transaction():
                session.commit()  # end the read: on SQLite every transaction holds the write lock
        except Exception as exc:
            session.rollback()
            log.exception("message %s: rendering failed", message.id)
            error = f"rendering failed: {type(exc).__name__}"  # the message may quote the row's data
            self._add(Outcome(message.id, MessageStatus.FAILED, error=error), "failed")
            return None
        outgoing = Outgoing(
            message_id=message.id,
            to_email=message.to_email,
            to_name=name,
            subject=rendered.subject,
            html=rendered.html,
            text=rendered.text,
            reply_token=message.reply_token,
            kind=message.kind,
            lesson_slug=message.lesson_slug,
            unsubscribe_url=rendered.list_unsubscribe_url,
        )
        return build_payload(outgoing, self.settings)

    def _collect(
        self,
        pending: dict[Future[SendResult | Withheld], Message],
        finished: queue.SimpleQueue[Future[SendResult | Withheld]],
        *,
        block: bool,
    ) -> None:
        """Record the sends that finished (each future lands in `finished` once, from its callback)."""
        try:
            future = finished.get(timeout=1.0) if block else finished.get_nowait()
            while True:
                if future in pending:
                    self._add(*self._outcome(pending.pop(future), future))
                future = finished.get_nowait()
        except queue.Empty:
            pass
        if len(self._buffer) >= FLUSH_EVERY:
            self._flush()

    def _outcome(self, message: Message, future: Future[SendResult | Withheld]) -> tuple[Outcome, str]:
        """The row's next state, and the counter it adds to."""
        try:
            result = future.result()
        except RedisError as exc:  # the rate limiter could not reach Redis: nothing was sent
            self.retryable += 1
            error = f"rate limiter unavailable: {type(exc).__name__}"
            return Outcome(
                message.id, MessageStatus.QUEUED, error=error, retry_in=self.retry_in, uncount=True
            ), "retry"
        if result is Withheld.LEASE_LOST:
            # Given back only if the dispatcher has not already handed it on (the lease is still ours).
            log.warning("message %s: lease ran out before sending; given back unsent", message.id)
            error = "lease ran out before sending (held at the rate limit)"
            return Outcome(
                message.id,
                MessageStatus.QUEUED,
                error=error,
                uncount=True,
                only_if_lease=message.lease_expires_at,
            ), "lease_lost"
        if result is Withheld.STOPPED:
            return self._given_back(message, self._stop_reason), "released"
        if result.outcome is Sent.ACCEPTED:
            self._failing = 0
            return Outcome(
                message.id, MessageStatus.SENT, provider_message_id=result.provider_message_id
            ), "sent"
        if result.outcome is Sent.PERMANENT:
            log.warning("message %s: rejected by the provider (%s)", message.id, result.status)
            return Outcome(message.id, MessageStatus.FAILED, error=result.error), "failed"
        if result.outcome is Sent.AUTH:
            self._pause(result)
            return Outcome(
                message.id, MessageStatus.QUEUED, error=f"sending paused: {result.status}", uncount=True
            ), "released"
        if result.outcome is Sent.RATE_LIMITED:
            # Not a failed attempt: SendGrid refused to look at it yet. Back in the queue until the reset.
            self.retryable += 1
            wait_for = max(self.retry_in, (result.reset_at or 0.0) - time.time())
            error = f"rate limited until the reset: {result.error}"[:500]
            return Outcome(
                message.id, MessageStatus.QUEUED, error=error, retry_in=wait_for, uncount=True
            ), "rate_limited"
        self._provider_failing(result)
        if message.attempts >= MAX_ATTEMPTS:
            error = f"gave up after {message.attempts} attempts: {result.error}"
            return Outcome(message.id, MessageStatus.FAILED, error=error), "failed"
        self.retryable += 1
        return Outcome(message.id, MessageStatus.QUEUED, error=result.error, retry_in=self.retry_in), "retry"

    def _given_back(self, message: Message, error: str) -> Outcome:
        """A row that never reached SendGrid goes back `queued` without spending an attempt; after an
        outage it waits for the job's retry like the rows that failed."""
        retry_in = self.retry_in if self.tripped else 0.0
        return Outcome(message.id, MessageStatus.QUEUED, error=error, retry_in=retry_in, uncount=True)

    def _provider_failing(self, result: SendResult) -> None:
        """A whole round failing in a row: stop this job, whose retry re-claims every row it gives back."""
        self._failing += 1
        if self._failing < max(TRIP_AFTER, self.settings.send_concurrency) or self._stop.is_set():
            return
        last = str(result.status) if result.status else result.error.split(":", 1)[0]
        self._stop_reason = (
            f"not sent: {self._failing} sends in a row failed (last: {last}); retried with the job"
        )
        self.tripped = True
        self._stop.set()
        log.warning(
            "%d sends in a row failed (last: %s); the job gives its unsent rows back", self._failing, last
        )

    def _pause(self, result: SendResult) -> None:
        """After a 401/403 nobody sends until an operator runs `coach sending resume`."""
        if not self._paused:
            self._paused = True
            self._stop_reason = "sending paused"
            self._stop.set()
            reason = (
                f"SendGrid answered {result.status} at {utcnow():%Y-%m-%d %H:%M:%S} UTC "
                f"({result.error[:200]}); fix SENDGRID_API_KEY, then run `coach sending resume`"
            )
            self.redis.set(SENDING_PAUSED_KEY, reason)
            log.error("sending paused for everyone: %s", reason)

    def _add(self, outcome: Outcome, counter: str) -> None:
        self._buffer.append(outcome)
        self.counts[counter] += 1
        self._tally[(self._kinds.get(outcome.message_id, "unknown"), counter)] += 1

    def _flush(self) -> None:
        """Write the buffered outcomes, then count them for /metrics (service.metrics)."""
        if self._buffer:
            batch, self._buffer = self._buffer, []
            with self.db.transaction() as session:
                outbox_rows.record(session, batch, utcnow(), grace=self.settings.send_lease)
        if self._tally:
            tally, self._tally = self._tally, Counter()
            add_counts(self.redis, "coach_emails", tally)


def _preload(session: Session, messages: Sequence[Message]) -> list[object]:
    """Load the chunk's managers and subscriptions in two queries; rendering's `session.get()` calls
    then hit the identity map instead of opening a transaction (a write lock on SQLite) per email."""
    manager_ids = {m.manager_id for m in messages if m.manager_id is not None}
    sub_ids = {m.subscription_id for m in messages if m.subscription_id is not None}
    rows: list[object] = [*session.scalars(select(Manager).where(Manager.id.in_(manager_ids)))]
    rows += session.scalars(select(Subscription).where(Subscription.id.in_(sub_ids)))
    session.commit()
    return rows


def _deliver(
    transport: SendGridTransport,
    limiter: SendRateLimiter,
    payload: dict[str, Any],
    stop: threading.Event,
    lease_ends: float,
) -> SendResult | Withheld:
    """Runs in a pool thread: take a rate slot, send, and sit out 429s until SendGrid's reset time."""
    result: SendResult | None = None
    for _ in range(RATE_LIMIT_TRIES):
        if stop.is_set():
            return Withheld.STOPPED
        limiter.wait()
        if stop.is_set():
            return Withheld.STOPPED
        if time.time() > lease_ends:
            return Withheld.LEASE_LOST
        result = transport.send(payload)
        if result.outcome is not Sent.RATE_LIMITED:
            return result
        reset_at = result.reset_at if result.reset_at is not None else time.time() + 1.0
        if reset_at - time.time() > MAX_RATE_LIMIT_WAIT:
            break
        limiter.throttle_until(reset_at)
    assert result is not None  # noqa: S101 - the loop runs at least once
    return result  # still RATE_LIMITED: the row goes back to the queue without spending an attempt


_renders = RenderCache()  # per process: each lesson item is rendered once, then personalised per email
_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()
_limiters: dict[tuple[int, int], SendRateLimiter] = {}


def _pool(size: int) -> ThreadPoolExecutor:
    """One pool per process and size, kept across jobs (SimpleWorker runs every job in this process)."""
    with _pools_lock:
        pool = _pools.get(size)
        if pool is None:
            pool = _pools[size] = ThreadPoolExecutor(max_workers=size, thread_name_prefix="send")
        return pool


def _limiter(redis: Redis, rate: int) -> SendRateLimiter:
    """One limiter per process and rate, so the slots it holds carry over from one job to the next."""
    key = (id(redis), rate)
    with _pools_lock:
        limiter = _limiters.get(key)
        if limiter is None or limiter.redis is not redis:
            limiter = _limiters[key] = SendRateLimiter(redis, rate)
        return limiter
