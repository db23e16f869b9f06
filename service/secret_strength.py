"""Production refuses guessable secrets: each check returns the refusal, naming its variable, or None."""

from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import urlsplit

MIN_SECRET_KEY = 32  # characters, whitespace not counted
MIN_SECRET_BITS = 90  # estimated from the key's own character frequencies (32 random hex: ~115)
MIN_SECRET_DISTINCT = 10  # different characters
MIN_INBOUND_PASSWORD = 16
SANDBOX_API_KEY = "SG.sandbox-key"
# SendGrid shows API keys once, as SG.<key id>.<secret>, both base64url.
_SENDGRID_KEY = re.compile(r"SG\.[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]{32,128}")
# Keys written into this repository (tests, benchmarks, examples) and the usual placeholders: any of
# these in production means a copied configuration, not a secret.
DEVELOPMENT_SECRETS = frozenset(
    {
        "test-secret-key-that-is-long-enough",
        "bench-secret-key-long-enough",
        "change-me",
        "changeme",
        "secret",
        "secret-key",
        "dev",
        "development",
        "please-change-me",
        "your-secret-key",
    }
)
_LONG_DEFAULTS = tuple(d for d in DEVELOPMENT_SECRETS if len(d) >= 16)  # refused inside longer keys too
GENERATE = "python -c 'import secrets; print(secrets.token_urlsafe(48))'"


def secret_key_problem(value: str) -> str | None:
    """Why SECRET_KEY is too weak to sign sessions and link tokens in production, or None."""
    compact = "".join(value.split())
    if not compact:
        return "SECRET_KEY must not be empty or whitespace"
    if compact.lower() in DEVELOPMENT_SECRETS or any(d in compact.lower() for d in _LONG_DEFAULTS):
        return f"SECRET_KEY is a development default; generate one with {GENERATE}"
    if len(compact) < MIN_SECRET_KEY:
        return f"SECRET_KEY must be at least {MIN_SECRET_KEY} characters long, whitespace not counted"
    if _period(compact) < len(compact) or len(set(compact)) < MIN_SECRET_DISTINCT:
        return f"SECRET_KEY repeats a few characters; generate one with {GENERATE}"
    if estimated_bits(compact) < MIN_SECRET_BITS:
        return (
            f"SECRET_KEY has too little entropy (under {MIN_SECRET_BITS} bits); generate one with {GENERATE}"
        )
    return None


def estimated_bits(value: str) -> float:
    """Shannon entropy of the value's own character frequencies, times its length."""
    counts = Counter(value)
    total = len(value)
    return -sum(n * math.log2(n / total) for n in counts.values())


def _period(value: str) -> int:
    """The length of the shortest unit the value repeats ("abab" -> 2; no repetition -> its length)."""
    return (value + value).find(value, 1)


def inbound_auth_problem(value: str) -> str | None:
    """Why INBOUND_AUTH's password is too weak for the Parse URL, or None."""
    password = value.partition(":")[2]
    if len(password) < MIN_INBOUND_PASSWORD:
        return f"INBOUND_AUTH's password must be at least {MIN_INBOUND_PASSWORD} characters long"
    if len(set(password)) < 6:
        return "INBOUND_AUTH's password repeats a few characters; use a random one"
    return None


def sendgrid_key_problem(value: str) -> str | None:
    """Why SENDGRID_API_KEY cannot be a real SendGrid key, or None."""
    if value.strip() == SANDBOX_API_KEY:
        return "SENDGRID_API_KEY is the sandbox's default; set the key SendGrid showed you"
    if not _SENDGRID_KEY.fullmatch(value.strip()):
        return "SENDGRID_API_KEY must be a SendGrid API key of the form SG.<id>.<secret>"
    return None


def public_url_problem(value: str) -> str | None:
    """Why COACH_PUBLIC_URL cannot carry links to sign-in and tokens in production, or None."""
    if urlsplit(value).scheme != "https":
        return "COACH_PUBLIC_URL must start with https:// in production (links carry tokens and sign-ins)"
    return None
