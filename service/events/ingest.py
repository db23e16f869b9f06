"""Store and apply a batch of SendGrid events with a handful of set-based statements, whatever its size.

Per batch: two lookups (message ids from the `message_id` custom arg, then the `sg_message_id`
prefix, which is the X-Message-Id the send recorded as provider_message_id), one bulk
INSERT … ON CONFLICT DO NOTHING of the events (so each sg_event_id is stored once), and one bulk
UPDATE per timestamp column (service/events/writes.py). Every effect is idempotent (a timestamp
only moves earlier, a Message-ID is recorded once, a suppression is inserted once), so a batch
SendGrid retries, or one whose events were partly seen before, changes nothing twice.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from service.enums import SOFT_BOUNCE_TYPES, SUPPRESSING_EVENTS, EventType, SubscriptionStatus
from service.events import linking, resubscribe, writes
from service.models import Manager, Subscription, Suppression
from service.subscriptions import unsubscribe
from service.text import whole_number

SUPPRESSIONS = cast(Table, Suppression.__table__)
RESUBSCRIBE = EventType.GROUP_RESUBSCRIBE

# SendGrid's event types; anything else is counted as "other" (a metric label must not be free text).
EVENT_TYPES = frozenset(EventType)
# Drops that say the address is bad or opted out. Others ("Spam Content", "Invalid SMTPAPI header")
# are about that one email: recorded and shown, no suppression.
SUPPRESSING_DROP_REASONS = ("invalid", "bounced address", "spam reporting address", "unsubscribed address")
LATEST_TIMESTAMP = 4_102_444_800  # 2100-01-01: anything later is garbage, not a date
_NUL = "\x00"


@dataclass
class IngestResult:
    """Counts for the response body and the log line."""

    received: int = 0
    ignored: int = 0
    matched: int = 0
    suppressed: list[str] = field(default_factory=list)
    by_type: Counter[str] = field(default_factory=Counter)  # distinct events of the batch, for metrics

    def as_dict(self) -> dict[str, int]:
        return {
            "received": self.received,
            "ignored": self.ignored,
            "matched": self.matched,
            "suppressed": len(self.suppressed),
        }


@dataclass(slots=True)
class _Event:
    sg_event_id: str
    event: str
    email: str
    occurred_at: datetime
    custom_id: int | None
    provider_id: str | None
    smtp_id: str | None
    engaged: bool  # false for machine opens (Apple Mail Privacy Protection and friends)
    suppresses: bool
    payload: str  # the event's JSON text as SendGrid sent it
    message_id: int | None = None


def ingest(session: Session, batch: Sequence[tuple[object, str]], now: datetime) -> IngestResult:
    """Store each new event once and apply the batch to messages, suppressions and subscriptions.

    `batch` holds each array item with its JSON text (service.events.batch.parse_batch), which is
    stored as the event's payload."""
    result = IngestResult(received=len(batch))
    events: dict[str, _Event] = {}
    times: dict[object, datetime] = {}  # a batch's events share a few hundred distinct seconds
    for raw, text in batch:
        event = _normalise(raw, text, now, times) if isinstance(raw, dict) else None
        if event is None:
            result.ignored += 1
        else:
            events.setdefault(event.sg_event_id, event)
    if not events:
        return result
    result.by_type.update(e.event if e.event in EVENT_TYPES else "other" for e in events.values())
    _resolve_messages(session, list(events.values()))
    result.matched = sum(1 for e in events.values() if e.message_id is not None)
    _store(session, list(events.values()), now)
    _apply_to_messages(session, list(events.values()))
    result.suppressed = _suppress(session, list(events.values()), now)
    resubscribes = [(e.email, e.occurred_at) for e in events.values() if e.event == RESUBSCRIBE]
    resubscribe.apply(session, resubscribes, now)
    return result


def _normalise(raw: dict[str, Any], text: str, now: datetime, times: dict[object, datetime]) -> _Event | None:
    kind = _text(raw.get("event"), 40).lower()
    if not kind:
        return None
    sg_event_id = _text(raw.get("sg_event_id"), 10_000)
    if not sg_event_id or len(sg_event_id) > 200:
        canonical = json.dumps(raw, sort_keys=True, default=str).encode("utf-8", "surrogatepass")
        sg_event_id = "sha256:" + hashlib.sha256(canonical).hexdigest()
    suppresses = kind in SUPPRESSING_EVENTS
    if kind == EventType.DROPPED:
        reason = _text(raw.get("reason"), 500).lower()
        suppresses = reason.startswith(SUPPRESSING_DROP_REASONS) and not reason.startswith("invalid smtpapi")
    elif kind == EventType.BOUNCE:
        suppresses = _text(raw.get("type"), 40).lower() not in SOFT_BOUNCE_TYPES
    stamp = raw.get("timestamp")
    cacheable = type(stamp) in (int, float, str)
    occurred = times.get(stamp) if cacheable else None
    if occurred is None:
        occurred = _timestamp(stamp, now)
        if cacheable:
            times[stamp] = occurred
    return _Event(
        sg_event_id=sg_event_id,
        event=kind,
        email=_text(raw.get("email"), 320).lower(),
        occurred_at=occurred,
        custom_id=_custom_id(raw.get("message_id")),
        provider_id=linking.provider_id(_text(raw.get("sg_message_id"), 10_000)),
        smtp_id=_text(raw.get("smtp-id"), 500) or None,
        engaged=raw.get("sg_machine_open") not in (True, "true", "True", 1, "1"),
        suppresses=suppresses,
        payload=text,
    )


def _text(value: object, limit: int) -> str:
    if type(value) is str:
        return (value.replace(_NUL, "") if _NUL in value else value).strip()[:limit]
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).replace(_NUL, "").strip()[:limit]


def _timestamp(value: object, now: datetime) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return now
    try:
        seconds = float(value)
    except (ValueError, OverflowError):  # OverflowError: a JSON integer beyond float range
        return now
    if not math.isfinite(seconds) or not 0 < seconds < LATEST_TIMESTAMP:
        return now
    return datetime.fromtimestamp(seconds, UTC)


def _custom_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        number = whole_number(value.strip()) or 0
    else:
        return None
    return number if 0 < number < 2**63 else None


def _resolve_messages(session: Session, events: list[_Event]) -> None:
    """The custom arg when it names a real message; else the sg_message_id's X-Message-Id; else (an
    asynchronous bounce carries neither) the smtp-id."""
    known = writes.existing_messages(session, {e.custom_id for e in events if e.custom_id is not None})
    pending = {e.provider_id for e in events if e.provider_id and e.custom_id not in known}
    by_provider = writes.messages_by_provider_id(session, pending)
    for event in events:
        if event.custom_id in known:
            event.message_id = event.custom_id
        elif event.provider_id:
            event.message_id = by_provider.get(event.provider_id)
    unlinked = [e for e in events if e.message_id is None and e.smtp_id]
    by_smtp = linking.messages_by_smtp_id(session, {e.smtp_id for e in unlinked if e.smtp_id})
    for event in unlinked:
        event.message_id = by_smtp.get(event.smtp_id or "")


def _store(session: Session, events: list[_Event], now: datetime) -> None:
    ordered = sorted(events, key=lambda e: e.sg_event_id)  # one lock order for concurrent retries
    rows = [(e.sg_event_id, e.event, e.message_id, e.email, e.occurred_at, e.payload) for e in ordered]
    writes.insert_events(session, rows, now)


def _apply_to_messages(session: Session, events: list[_Event]) -> None:
    earliest: dict[str, dict[int, datetime]] = {
        "delivered_at": {},
        "opened_at": {},
        "clicked_at": {},
        "bounced_at": {},
    }
    smtp_ids: dict[int, str] = {}
    for e in events:
        if e.message_id is None:
            continue
        if e.smtp_id and e.message_id not in smtp_ids:
            smtp_ids[e.message_id] = e.smtp_id
        column = _column_for(e)
        if column is not None:
            seen = earliest[column].get(e.message_id)
            if seen is None or e.occurred_at < seen:
                earliest[column][e.message_id] = e.occurred_at
    writes.lock_messages(session, set(smtp_ids).union(*earliest.values()))
    for column, values in earliest.items():
        if values:
            writes.set_earliest(session, column, values)
    if smtp_ids:
        writes.set_smtp_ids(session, smtp_ids)


def _column_for(event: _Event) -> str | None:
    if event.event == EventType.DELIVERED:
        return "delivered_at"
    if event.event == EventType.OPEN and event.engaged:
        return "opened_at"
    if event.event == EventType.CLICK:
        return "clicked_at"
    if event.event in (EventType.BOUNCE, EventType.DROPPED) and event.suppresses:
        return "bounced_at"
    return None


def _suppress(session: Session, events: list[_Event], now: datetime) -> list[str]:
    """Suppress each address once and stop its subscription (with its still-queued coaching emails)."""
    reasons: dict[str, str] = {}
    for e in events:
        if e.suppresses and e.email and "@" in e.email:
            reasons.setdefault(e.email, e.event)
    if not reasons:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(SUPPRESSIONS).on_conflict_do_nothing(index_elements=["email"]),
        [{"email": email, "reason": reason, "created_at": now} for email, reason in sorted(reasons.items())],
    )
    live = session.scalars(
        select(Subscription.id)
        .join(Manager, Manager.id == Subscription.manager_id)
        .where(Manager.email.in_(reasons), Subscription.status != SubscriptionStatus.UNSUBSCRIBED)
        .order_by(Subscription.id)
    ).all()
    for subscription_id in live:
        unsubscribe(session, subscription_id, now)
    return sorted(reasons)
