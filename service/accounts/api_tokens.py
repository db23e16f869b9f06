"""A lead's bearer tokens for the JSON API: shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from service.models import ApiToken, Lead, utcnow
from service.text import single_spaced, unusable_character

TOKEN_PREFIX = "coach_"  # noqa: S105 - a public prefix, recognisable in logs and secret scanners
NAME_MAX = 100
TOUCH_EVERY = timedelta(minutes=5)  # last_used_at is a hint, not an audit log: avoid a write per call


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new token: `secret` is shown to the lead once and never stored."""

    id: int
    name: str
    secret: str


def hash_api_token(secret: str) -> str:
    """The stored form: hex SHA-256 (tokens are 256 random bits, so no salt or stretching is needed)."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_api_token(
    session: Session, lead_id: int, name: str, expires_at: datetime | None = None
) -> IssuedToken:
    """A new token for the lead, valid until revoked or until `expires_at` (if given)."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    shown = "".join(char for char in single_spaced(name) if unusable_character(char) is None)
    label = shown[:NAME_MAX] or "API token"
    token = ApiToken(lead_id=lead_id, name=label, token_hash=hash_api_token(secret), expires_at=expires_at)
    session.add(token)
    session.flush()
    return IssuedToken(token.id, label, secret)


def revoke_api_token(session: Session, lead_id: int, token_id: int, now: datetime | None = None) -> bool:
    """Revoke one of the lead's own tokens; False if it is not theirs or already revoked."""
    result = session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.lead_id == lead_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def lead_for_api_token(session: Session, secret: str, now: datetime | None = None) -> Lead | None:
    """The active lead owning this unrevoked, unexpired token, else None.

    The lookup is by hash, so the database never compares secret bytes; the final compare_digest
    is constant-time on the hashes.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    digest = hash_api_token(secret)
    now = now or utcnow()
    row = session.execute(
        select(ApiToken, Lead)
        .join(Lead, Lead.id == ApiToken.lead_id)
        .where(
            ApiToken.token_hash == digest,
            ApiToken.revoked_at.is_(None),
            or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > now),
        )
    ).first()
    if row is None:
        return None
    token, lead = row
    if not hmac.compare_digest(token.token_hash, digest) or not lead.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        token.last_used_at = now
        session.flush()
    return lead
