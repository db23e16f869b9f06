"""Outbox row transitions (queued → sending → sent/failed/skipped), each one a guarded, set-based UPDATE.

A row's `lease_expires_at` means: while `sending`, when the claimant is presumed dead; while `queued`,
when its send job is presumed lost (Redis restarted, retries exhausted) and the dispatcher re-enqueues it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, select, update
from sqlalchemy.orm import Session

from service.enums import COACHING_KINDS, STOPPED_SUBSCRIPTIONS, EmailKind, EventType, MessageStatus
from service.models import Message, ProviderEvent, Subscription, Suppression

# Suppression reasons that still allow transactional mail (a confirmation of the unsubscribe itself).
SOFT_SUPPRESSIONS = frozenset({EventType.UNSUBSCRIBE, EventType.GROUP_UNSUBSCRIBE})
ERROR_LIMIT = 2000
MESSAGES = cast(Table, Message.__table__)  # Core table for executemany UPDATEs keyed by id


@dataclass(frozen=True)
class Outcome:
    """The final word of one send job about one claimed row."""

    message_id: int
    status: str  # sent | failed | queued (released for a retry)
    provider_message_id: str | None = None
    error: str | None = None
    retry_in: float = 0.0  # queued rows: seconds until the retry job runs
    uncount: bool = False  # queued rows never reached the provider: the attempt does not count
    # Write only while the row still carries this claim's lease: a sender that outlived its lease
    # must not touch a row the dispatcher may have handed to someone else.
    only_if_lease: datetime | None = None


def claim(session: Session, message_ids: Sequence[int], now: datetime, lease: float) -> list[Message]:
    """Atomically move still-queued rows to `sending` under a lease; a second claimant gets nothing."""
    if not message_ids:
        return []
    stmt = (
        update(Message)
        .where(Message.id.in_(message_ids), Message.status == MessageStatus.QUEUED)
        .values(
            status=MessageStatus.SENDING,
            lease_expires_at=now + timedelta(seconds=lease),
            attempts=Message.attempts + 1,
        )
        .returning(Message.id)
        .execution_options(synchronize_session=False)
    )
    claimed = list(session.scalars(stmt))
    if not claimed:
        return []
    return list(session.scalars(select(Message).where(Message.id.in_(claimed)).order_by(Message.id)))


def skip_reasons(session: Session, messages: Sequence[Message]) -> dict[int, str]:
    """Rows that must not be sent: suppressed addresses, and coaching mail after an unsubscribe."""
    emails = {m.to_email.lower() for m in messages}
    suppressed = dict(
        session.execute(
            select(Suppression.email, Suppression.reason).where(Suppression.email.in_(emails))
        ).all()
    )
    sub_ids = {m.subscription_id for m in messages if m.subscription_id is not None}
    statuses = dict(
        session.execute(
            select(Subscription.id, Subscription.status).where(Subscription.id.in_(sub_ids))
        ).all()
    )
    reasons: dict[int, str] = {}
    for message in messages:
        coaching = message.kind in COACHING_KINDS
        reason = suppressed.get(message.to_email.lower())
        unwanted = coaching or message.kind == EmailKind.INVITATION  # an unsubscribe also stops invitations
        if reason is not None and (unwanted or reason not in SOFT_SUPPRESSIONS):
            reasons[message.id] = f"suppressed: {reason}"
        elif coaching and message.subscription_id is not None:
            status = statuses.get(message.subscription_id)
            if status is None or status in STOPPED_SUBSCRIPTIONS:
                reasons[message.id] = f"subscription {status or 'deleted'}"
    return reasons


def mark_skipped(session: Session, reasons: dict[int, str]) -> None:
    if not reasons:
        return
    table = MESSAGES
    session.execute(
        update(table)
        .where(table.c.id == bindparam("mid"))
        .values(status=MessageStatus.SKIPPED, lease_expires_at=None, last_error=bindparam("err")),
        [{"mid": mid, "err": reason} for mid, reason in reasons.items()],
    )


def record(session: Session, outcomes: Iterable[Outcome], now: datetime, grace: float) -> None:
    """Write a batch of outcomes; released rows get a lease after which the dispatcher re-enqueues them."""
    table = MESSAGES
    sent: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    released: list[dict[str, Any]] = []
    lapsed: list[dict[str, Any]] = []
    for o in outcomes:
        if o.status == MessageStatus.SENT:
            sent.append({"mid": o.message_id, "pmid": o.provider_message_id})
        elif o.status == MessageStatus.FAILED:
            failed.append({"mid": o.message_id, "err": (o.error or "")[:ERROR_LIMIT]})
        else:
            values = {
                "mid": o.message_id,
                "err": (o.error or "")[:ERROR_LIMIT] or None,
                "lease": now + timedelta(seconds=o.retry_in + grace),
                "uncount": 1 if o.uncount else 0,
            }
            if o.only_if_lease is None:
                released.append(values)
            else:
                lapsed.append({**values, "claim": o.only_if_lease})
    row = table.c.id == bindparam("mid")
    if sent:
        # Unconditional: if the dispatcher already re-queued this row, marking it sent stops a second send.
        session.execute(
            update(table)
            .where(row)
            .values(
                status=MessageStatus.SENT,
                provider_message_id=bindparam("pmid"),
                sent_at=now,
                lease_expires_at=None,
                last_error=None,
            ),
            sent,
        )
    if failed:
        session.execute(
            update(table)
            .where(row, table.c.status == MessageStatus.SENDING)
            .values(status=MessageStatus.FAILED, lease_expires_at=None, last_error=bindparam("err")),
            failed,
        )
    release = {
        "status": MessageStatus.QUEUED,
        "lease_expires_at": bindparam("lease"),
        "last_error": bindparam("err"),
        "attempts": table.c.attempts - bindparam("uncount"),
    }
    if released:
        session.execute(
            update(table).where(row, table.c.status == MessageStatus.SENDING).values(release), released
        )
    if lapsed:
        claim = table.c.lease_expires_at == bindparam("claim")
        session.execute(
            update(table).where(row, table.c.status == MessageStatus.SENDING, claim).values(release), lapsed
        )


def expired_leases(session: Session, now: datetime, grace: float, limit: int) -> tuple[list[int], list[int]]:
    """Resolve `sending` rows whose claimant died: (marked sent via a `processed` event, re-queued)."""
    stmt = (
        select(Message.id)
        .where(Message.status == MessageStatus.SENDING, Message.lease_expires_at < now)
        .order_by(Message.lease_expires_at)
        .limit(limit)
    )
    ids = list(session.scalars(stmt))
    if not ids:
        return [], []
    processed: dict[int, datetime] = dict(
        session.execute(  # type: ignore[arg-type]
            select(ProviderEvent.message_id, func.min(ProviderEvent.occurred_at))
            .where(ProviderEvent.message_id.in_(ids), ProviderEvent.event == EventType.PROCESSED)
            .group_by(ProviderEvent.message_id)
        ).all()
    )
    table = MESSAGES
    guard = and_(table.c.id == bindparam("mid"), table.c.status == MessageStatus.SENDING)
    if processed:
        session.execute(
            update(table)
            .where(guard)
            .values(status=MessageStatus.SENT, sent_at=bindparam("at"), lease_expires_at=None),
            [{"mid": mid, "at": at} for mid, at in processed.items()],
        )
    requeue = [mid for mid in ids if mid not in processed]
    if requeue:
        session.execute(
            update(table)
            .where(table.c.id.in_(requeue), table.c.status == MessageStatus.SENDING)
            .values(
                status=MessageStatus.QUEUED,
                lease_expires_at=now + timedelta(seconds=grace),
                last_error="lease expired: the send job died before recording an outcome",
            )
        )
    return list(processed), requeue


def stale_queued(session: Session, now: datetime, grace: float, limit: int) -> list[int]:
    """Queued rows whose job seems lost; their lease is pushed out so each is re-enqueued once per grace."""
    lapsed = select(Message.id).where(Message.status == MessageStatus.QUEUED, Message.lease_expires_at < now)
    never_leased = select(Message.id).where(
        Message.status == MessageStatus.QUEUED,
        Message.lease_expires_at.is_(None),
        Message.due_at < now - timedelta(seconds=grace),
    )
    ids = list(session.scalars(lapsed.order_by(Message.lease_expires_at).limit(limit)))
    if len(ids) < limit:
        ids += session.scalars(never_leased.order_by(Message.id).limit(limit - len(ids)))
    if ids:
        session.execute(
            update(Message)
            .where(Message.id.in_(ids), Message.status == MessageStatus.QUEUED)
            .values(lease_expires_at=now + timedelta(seconds=grace))
            .execution_options(synchronize_session=False)
        )
    return ids
