"""What a lead sees about an email's delivery problems, from its stored events (soft ones included)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.enums import SOFT_BOUNCE_TYPES, EventType
from service.models import ProviderEvent

PROBLEM_EVENTS = (EventType.BOUNCE, EventType.DROPPED)
REASON_LIMIT = 60


def delivery_notes(session: Session, message_ids: Collection[int]) -> dict[int, str]:
    """Each message's latest bounce or drop in words: "blocked (temporary, not suppressed)", "bounced"…"""
    if not message_ids:
        return {}
    rows = session.execute(
        select(ProviderEvent.message_id, ProviderEvent.event, ProviderEvent.payload)
        .where(ProviderEvent.message_id.in_(message_ids), ProviderEvent.event.in_(PROBLEM_EVENTS))
        .order_by(ProviderEvent.occurred_at, ProviderEvent.id)
    ).all()
    notes: dict[int, str] = {}
    for message_id, event, payload in rows:
        if isinstance(message_id, int):
            notes[message_id] = describe(str(event), payload)  # by time: the latest one wins
    return notes


def describe(event: str, payload: Any) -> str:
    """One event's note; the drop reason is SendGrid's fixed wording, never the recipient's server text."""
    data = payload if isinstance(payload, dict) else {}
    if event == EventType.BOUNCE:
        kind = str(data.get("type") or "bounce").lower()
        return f"{kind} (temporary, not suppressed)" if kind in SOFT_BOUNCE_TYPES else "bounced"
    reason = str(data.get("reason") or "").split("(")[0].strip()[:REASON_LIMIT]
    return f"dropped: {reason}" if reason else "dropped"
