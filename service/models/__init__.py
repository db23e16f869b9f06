"""The data model: import every table here so Alembic and callers see one metadata."""

from service.models.base import Base, UTCDateTime, iso_utc, utcnow
from service.models.changes import PendingChange
from service.models.coaching import DEFAULT_WEEKDAYS, Subscription, SubscriptionStatusChange
from service.models.commitments import COMMITMENT_STATUSES, OUTCOMES, Commitment, CommitmentOutcome
from service.models.invitations import ProgramInvitation
from service.models.messaging import (
    InboundPost,
    Message,
    ProviderEvent,
    Reply,
    Suppression,
)
from service.models.people import ApiToken, Lead, Manager, Program, program_leads

__all__ = [
    "COMMITMENT_STATUSES",
    "DEFAULT_WEEKDAYS",
    "OUTCOMES",
    "ApiToken",
    "Base",
    "Commitment",
    "CommitmentOutcome",
    "InboundPost",
    "Lead",
    "Manager",
    "Message",
    "PendingChange",
    "Program",
    "ProgramInvitation",
    "ProviderEvent",
    "Reply",
    "Subscription",
    "SubscriptionStatusChange",
    "Suppression",
    "UTCDateTime",
    "iso_utc",
    "program_leads",
    "utcnow",
]
