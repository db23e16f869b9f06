"""The pure spacing engine: what a manager receives next, and when (no I/O, no clock)."""

from __future__ import annotations

from service.spacing.calendar import format_weekdays, parse_weekdays, slot_on, wall_time_exists, zone
from service.spacing.engine import plan_next
from service.spacing.records import (
    CHECKIN_CONTENT_ID,
    GRADUATION_CONTENT_ID,
    HANDOVER_CONTENT_IDS,
    CommitmentDue,
    Pause,
    Plan,
    Schedule,
    SentItem,
)
from service.spacing.simulate import REPLY_PATTERNS, Journey, simulate

__all__ = [
    "CHECKIN_CONTENT_ID",
    "GRADUATION_CONTENT_ID",
    "HANDOVER_CONTENT_IDS",
    "REPLY_PATTERNS",
    "CommitmentDue",
    "Journey",
    "Pause",
    "Plan",
    "Schedule",
    "SentItem",
    "format_weekdays",
    "parse_weekdays",
    "plan_next",
    "simulate",
    "slot_on",
    "wall_time_exists",
    "zone",
]
