"""The data model: import every table here so Alembic and callers see one metadata."""

from service.models.base import Base, UTCDateTime, utcnow
from service.models.coaching import DEFAULT_WEEKDAYS, Subscription
from service.models.commitments import COMMITMENT_STATUSES, OUTCOMES, Commitment, CommitmentOutcome
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
    "COMMITMENT_STATUSES",
    "DEFAULT_WEEKDAYS",
    "OUTCOMES",
    "TERMINAL_STATUSES",
    "ApiToken",
    "Base",
    "Commitment",
    "CommitmentOutcome",
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
