"""The data model: import every table here so Alembic and callers see one metadata."""

from service.models.base import Base, UTCDateTime, utcnow
from service.models.coaching import DEFAULT_WEEKDAYS, Subscription
from service.models.messaging import (
    COACHING_KINDS,
    TERMINAL_STATUSES,
    InboundPost,
    Message,
    ProviderEvent,
    Reply,
    Suppression,
)
from service.models.people import ApiToken, Lead, Manager, Program, program_leads

__all__ = [
    "COACHING_KINDS",
    "DEFAULT_WEEKDAYS",
    "TERMINAL_STATUSES",
    "ApiToken",
    "Base",
    "InboundPost",
    "Lead",
    "Manager",
    "Message",
    "Program",
    "ProviderEvent",
    "Reply",
    "Subscription",
    "Suppression",
    "UTCDateTime",
    "program_leads",
    "utcnow",
]
