"""The every-minute dispatcher: turn due subscriptions into outbox rows, and recover rows stuck mid-send.

`next_due_at` says *when*: every writer of it (confirmation, preferences, replies, resumes, this
dispatcher after each send) sets it to the slot the spacing engine plans, so a subscription whose
`next_due_at` has passed is sent now. The engine, asked again here with the full history, says *what*
(or that the subscription pauses).

Cost grows with the number due, not with the number of subscriptions: due rows are read through
`ix_subscriptions_due (status, next_due_at)` in batches, their histories in two queries per batch.
Concurrency: on PostgreSQL a batch is locked with `FOR UPDATE SKIP LOCKED`, so two dispatchers take
disjoint batches; on SQLite every transaction starts with `BEGIN IMMEDIATE`, so they take turns and
the second one finds the first one's subscriptions already advanced. The outbox's unique
(subscription_id, seq) is the last line of defence: a duplicate insert rolls back, never a 2nd email.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.commitments.due import Owed, owed_checkbacks
from service.curriculum import load_curriculum
from service.db import Database, database
from service.enums import EmailKind, MessageStatus, SubscriptionStatus
from service.models import Commitment, Manager, Message, Subscription, utcnow
from service.outbox import enqueue_send_jobs, new_reply_token, send_chunk, waiting
from service.outbox import rows as outbox_rows
from service.queues import redis_connection, sending_paused_reason
from service.settings import current_settings
from service.spacing import Pause, Plan, SentItem, plan_next
from service.spacing.calendar import local_day, zone
from service.subscriptions.history import History, load_histories
from service.subscriptions.schedule import next_due_at, schedule_for
from service.subscriptions.status import record as record_status
from service.subscriptions.status import set_status
from workers.errors import private_errors

log = logging.getLogger(__name__)

DISPATCH_BATCH = 200  # subscriptions per transaction: short write locks, one history query pair each
RECOVERY_BATCH = 1000
TICK_BUDGET = 50.0  # seconds; whatever is still due waits for the next minute's tick
RETRY_BROKEN_AFTER = timedelta(hours=1)  # a subscription the engine cannot plan is looked at again later
MIN_NEXT_CHECK = timedelta(minutes=1)
SUBSCRIPTIONS = cast(Table, Subscription.__table__)


@private_errors
def dispatch_due(now: datetime | None = None, budget: float = TICK_BUDGET) -> dict[str, int]:
    """Cron job, every minute. Idempotent: a subscription is advanced in the same transaction that
    creates its Message, and (subscription_id, seq) is unique, so a repeated or concurrent tick finds
    nothing left to do."""
    now = now or utcnow()
    settings = current_settings()
    db = database()
    counts: Counter[str] = Counter()
    with db.transaction() as session:
        counts["resumed"] = resume_paused(session, now)
    paused = sending_paused_reason(redis_connection())
    recover(db, now, settings.send_lease, counts, enqueue=not paused)
    if paused:
        log.warning("dispatch: sending is paused (%s); nothing new is queued", paused)
        return dict(counts)
    deadline = time.monotonic() + budget
    chunk = send_chunk()
    waiting_ids: list[int] = []  # committed, not yet enqueued: jobs go out in whole chunks
    try:
        while True:
            ids, selected = dispatch_batch(db, now, DISPATCH_BATCH, counts, lease=settings.send_lease)
            waiting_ids += ids
            whole = len(waiting_ids) - len(waiting_ids) % chunk
            enqueue_send_jobs(waiting_ids[:whole])
            del waiting_ids[:whole]
            if selected < DISPATCH_BATCH or time.monotonic() > deadline:
                break
    finally:
        enqueue_send_jobs(waiting_ids)  # should this tick fail, the rows' lease brings them back anyway
    log.info("dispatch: %s", " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return dict(counts)


def resume_paused(session: Session, now: datetime) -> int:
    """Subscriptions whose pause ran out become active again, due at the engine's next slot."""
    ended = session.scalars(
        select(Subscription)
        .where(Subscription.status == SubscriptionStatus.PAUSED, Subscription.paused_until <= now)
        .order_by(Subscription.id)
        .limit(RECOVERY_BATCH)
    ).all()
    for subscription in ended:
        set_status(session, subscription, SubscriptionStatus.ACTIVE, now)
        subscription.paused_until, subscription.pause_reason = None, None
        subscription.resumed_at = now
        subscription.next_due_at = next_due_at(session, subscription, subscription.manager, now)
    return len(ended)


def recover(db: Database, now: datetime, grace: float, counts: Counter[str], *, enqueue: bool) -> None:
    """Rows whose sender died (lease expired) or whose job vanished (still queued past its lease).

    A queued row past its lease whose send job still waits in the queue (a backlog, a scheduled
    retry) is left to that job: handing it to another one would only add work."""
    with db.transaction() as session:
        sent, requeued = outbox_rows.expired_leases(session, now, grace, RECOVERY_BATCH)
        stale = outbox_rows.stale_queued(session, now, grace, RECOVERY_BATCH) if enqueue else []
    if stale:
        alive = waiting.still_waiting(redis_connection(), stale)
        stale = [mid for mid in stale if mid not in alive]
        counts["stale_job_waiting"] += len(alive)
    counts["recovered_sent"] += len(sent)
    counts["recovered_requeued"] += len(requeued)
    counts["requeued_stale"] += len(stale)
    if requeued or stale:
        log.warning(
            "dispatch: re-queued %d expired leases and %d stale queued rows", len(requeued), len(stale)
        )
    if enqueue:
        enqueue_send_jobs(requeued + stale)


def dispatch_batch(
    db: Database, now: datetime, limit: int, counts: Counter[str], *, lease: float
) -> tuple[list[int], int]:
    """One transaction over up to `limit` due subscriptions: (new message ids, subscriptions selected)."""
    try:
        with db.transaction() as session:
            rows = _lock_due(session, db, now, limit)
            return _advance(session, rows, now, counts, lease), len(rows)
    except IntegrityError:
        log.warning("dispatch: a concurrent writer created one of these messages; going one by one")
    ids: list[int] = []
    with db.session() as session:
        due = list(session.scalars(due_query(now, limit).with_only_columns(Subscription.id)))
    for sid in due:
        try:
            with db.transaction() as session:
                ids += _advance(session, _lock_due(session, db, now, 1, only=sid), now, counts, lease)
        except IntegrityError:
            counts["duplicates_avoided"] += 1
    return ids, len(due)


def due_query(now: datetime, limit: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Subscription.id,
            Subscription.lesson_slug,
            Subscription.send_time,
            Subscription.weekdays,
            Subscription.intensity,
            Subscription.next_seq,
            Subscription.next_due_at,
            Subscription.lesson_started_at,
            Subscription.confirmed_at,
            Subscription.created_at,
            Subscription.resumed_at,
            Manager.id.label("manager_id"),
            Manager.email,
            Manager.timezone,
            Manager.program_id,
        )
        .join(Manager, Manager.id == Subscription.manager_id)
        .where(Subscription.status == SubscriptionStatus.ACTIVE, Subscription.next_due_at <= now)
        .order_by(Subscription.next_due_at, Subscription.id)
        .limit(limit)
    )


def _lock_due(
    session: Session, db: Database, now: datetime, limit: int, only: int | None = None
) -> list[Any]:
    query = due_query(now, limit)
    if only is not None:
        query = query.where(Subscription.id == only)
    if not db.is_sqlite:
        query = query.with_for_update(of=Subscription, skip_locked=True)
    return list(session.execute(query).all())


def _advance(
    session: Session, rows: Sequence[Any], now: datetime, counts: Counter[str], lease: float
) -> list[int]:
    """Ask the engine about each subscription; insert the due messages and move every next_due_at on.

    Plain set-based INSERT ... RETURNING and executemany UPDATEs: no ORM unit of work per row."""
    if not rows:
        return []
    curriculum = load_curriculum()
    histories = load_histories(session, [row.id for row in rows])
    owed = owed_checkbacks(session, [row.manager_id for row in rows])
    messages: list[dict[str, Any]] = []
    moves: list[dict[str, Any]] = []
    pauses: list[dict[str, Any]] = []
    for row in rows:
        history = histories[row.id]
        try:
            schedule = schedule_for(row, row.timezone)
            commitments = owed[row.manager_id]
            plan = plan_next(schedule, history.items, now, curriculum, commitments.due)
        except Exception:  # one bad subscription must not stall everyone due after it
            log.exception("dispatch: subscription %s cannot be planned; retrying in an hour", row.id)
            moves.append({"sid": row.id, "seq": row.next_seq, "due": now + RETRY_BROKEN_AFTER})
            counts["broken"] += 1
            continue
        if isinstance(plan, Pause):
            pauses.append({"sid": row.id, "reason": plan.reason})
            counts["paused"] += 1
            continue
        messages.append(message_row(row, plan, history, now, lease, commitments))
        counts["created"] += 1
        history.items.append(SentItem(plan.kind, plan.content_id, plan.lesson_slug, now))
        after = plan_next(schedule, history.items, now, curriculum, commitments.due)
        # A Pause after this email is applied by the next tick, once this email is in the history.
        soonest = now + MIN_NEXT_CHECK
        due = soonest if isinstance(after, Pause) else max(after.send_at, soonest)
        moves.append({"sid": row.id, "seq": row.next_seq + 1, "due": due})
    ids: list[int] = []
    if messages:
        # Only the set of ids matters (they go to send jobs), so the rows need not come back in order:
        # that lets SQLAlchemy send them as multi-row INSERT ... RETURNING batches, not one per row.
        ids = list(session.scalars(insert(Message).returning(Message.id), messages))
    by_id = SUBSCRIPTIONS.c.id == bindparam("sid")
    if moves:
        session.execute(
            update(SUBSCRIPTIONS)
            .where(by_id)
            .values(next_seq=bindparam("seq"), next_due_at=bindparam("due")),
            moves,
        )
    if pauses:
        session.execute(
            update(SUBSCRIPTIONS)
            .where(by_id)
            .values(
                status=SubscriptionStatus.PAUSED,
                pause_reason=bindparam("reason"),
                paused_until=None,
                next_due_at=None,
            ),
            pauses,
        )
        record_status(session, [pause["sid"] for pause in pauses], SubscriptionStatus.PAUSED, now)
    return ids


def message_row(
    row: Any,
    plan: Plan,
    history: History,
    now: datetime,
    lease: float,
    owed: Owed | None = None,
) -> dict[str, Any]:
    """An outbox row; its lease is when the dispatcher re-enqueues it should its send job go missing."""
    return {
        "kind": plan.kind,
        "to_email": row.email,
        "manager_id": row.manager_id,
        "subscription_id": row.id,
        "program_id": row.program_id,
        "lesson_slug": plan.lesson_slug,
        "content_id": plan.content_id,
        "seq": row.next_seq,
        "context": _context(plan, history, owed or Owed(), row.timezone),
        "status": MessageStatus.QUEUED,
        "reply_token": new_reply_token(),
        "due_at": row.next_due_at,  # when it was due, even if the engine alone would pick a later slot
        "created_at": now,
        "lease_expires_at": now + timedelta(seconds=lease),
    }


def _context(plan: Plan, history: History, owed: Owed, timezone: str) -> dict[str, object]:
    """What the template needs beyond the content item: the quoted reply (with the step it already
    chose, if any), the re-ask flag, or the commitment a check-back asks about (its words as they
    were when it was planned)."""
    if plan.kind == EmailKind.COMMITMENT:
        return dict(owed.contexts.get(plan.content_id, {}))
    quoted = history.quote_for(plan.in_reply_to) if plan.kind == EmailKind.FOLLOWUP else None
    if quoted is not None:
        context: dict[str, object] = {"quote": quoted[0], "reply_id": quoted[1]}
        chosen = owed.by_reply.get(quoted[1])
        if chosen is not None:
            context["commitment"] = _chosen_step(chosen, plan, timezone)
        return context
    if plan.kind == EmailKind.PROMPT and plan.reask:
        return {"reask": True}
    return {}


def _chosen_step(commitment: Commitment, plan: Plan, timezone: str) -> dict[str, object]:
    """No words, only where the step stood: whether its date (and so its check-back) is still ahead
    on the follow-up's local day."""
    follow_up_day = local_day(plan.send_at, zone(timezone))
    return {
        "commitment_id": commitment.id,
        "status": commitment.status,
        "due_on": commitment.due_on.isoformat(),
        "ahead": commitment.due_on >= follow_up_day,
    }
