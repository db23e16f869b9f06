"""Resetting a forgotten password by an emailed link: signed, expiring within the hour, single-use.

The token names the account together with a fingerprint of its password hash. Using it changes the
hash, so the same link, and every other reset link sent before, stops working: single use without
storing anything.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.accounts.leads import find_lead
from service.enums import EmailKind
from service.models import Lead, Message
from service.outbox import queue_message
from service.tokens import TokenError

RESET_MAX_AGE = timedelta(hours=1)
RESET_COOLDOWN = timedelta(minutes=2)  # one email per account in this window: no mail bombing
MAX_TOKEN_CHARS = 512
_SALT = "coach.password-reset"


def password_fingerprint(lead: Lead) -> str:
    """A short digest of the password hash: any change of password gives another one."""
    return hashlib.sha256(lead.password_hash.encode()).hexdigest()[:16]


def reset_token(secret_key: str, lead: Lead) -> str:
    """A link token for this account in its present state."""
    payload = [lead.id, password_fingerprint(lead)]
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(payload)


def lead_for_reset(session: Session, secret_key: str, token: str) -> Lead:
    """The active account a valid, unused, unexpired token names; TokenError otherwise."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        raise TokenError("invalid")
    serializer = URLSafeTimedSerializer(secret_key, salt=_SALT)
    try:
        payload = serializer.loads(token, max_age=int(RESET_MAX_AGE.total_seconds()))
    except SignatureExpired:
        raise TokenError("expired") from None
    except (BadSignature, ValueError):
        raise TokenError("invalid") from None
    if (
        not isinstance(payload, list)
        or len(payload) != 2
        or not isinstance(payload[0], int)
        or isinstance(payload[0], bool)
        or not isinstance(payload[1], str)
    ):
        raise TokenError("invalid")
    lead_id, fingerprint = payload
    lead = session.get(Lead, lead_id) if 0 < lead_id < 2**62 else None
    if lead is None or not lead.is_active:
        raise TokenError("invalid")
    if not hmac.compare_digest(fingerprint, password_fingerprint(lead)):
        raise TokenError("used")
    return lead


def request_reset(session: Session, email: str, now: datetime) -> Message | None:
    """Queue a reset email to an active account with this address; None (silently) otherwise."""
    if len(email) > 320 or "\x00" in email:
        return None
    lead = find_lead(session, email)
    if lead is None or not lead.is_active:
        return None
    recent = session.scalars(
        select(Message.id)
        .where(
            Message.lead_id == lead.id,
            Message.kind == EmailKind.PASSWORD_RESET,
            Message.created_at > now - RESET_COOLDOWN,
        )
        .limit(1)
    ).first()
    if recent is not None:
        return None
    return queue_message(
        session,
        kind=EmailKind.PASSWORD_RESET,
        to_email=lead.email,
        lead_id=lead.id,
        context={},
        dedupe_key=f"password-reset:{lead.id}:{now.isoformat()}",
        due_at=now,
    )
