"""The sandbox's own settings, read once from the environment; a bad value names its variable."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from service.dev_secrets import public_key_base64
from service.settings import DEFAULT_INSTANCE, ConfigError

log = logging.getLogger(__name__)

DEFAULT_SERVICE_URL = "http://127.0.0.1:5000"
DEFAULT_API_KEY = "SG.sandbox-key"  # SENDGRID_API_KEY's development default: make run works as is
DEFAULT_RESTRICTED_KEY = "SG.sandbox-no-mail-send"  # a key that exists but lacks Mail Send: 403
INBOUND_PATH = "/webhooks/sendgrid/inbound"
EVENTS_PATH = "/webhooks/sendgrid/events"


@dataclass(frozen=True)
class FaultSettings:
    """How often, and how slowly, /v3/mail/send misbehaves."""

    latency_ms: float = 0.0
    rate_429: float = 0.0
    rate_5xx: float = 0.0
    rate_drop: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "latency_ms": self.latency_ms,
            "rate_429": self.rate_429,
            "rate_5xx": self.rate_5xx,
            "rate_drop": self.rate_drop,
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, object], base: FaultSettings | None = None) -> FaultSettings:
        """Merge `data` over `base`; raise ValueError naming the first bad knob."""
        values = (base or cls()).as_dict()
        for name, raw in data.items():
            if name not in values:
                raise ValueError(f"unknown fault knob {name!r}")
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                raise ValueError(f"{name} must be a number")
            high = 600_000.0 if name == "latency_ms" else 1.0
            if not 0.0 <= float(raw) <= high:
                raise ValueError(f"{name} must be between 0 and {high:g}")
            values[name] = float(raw)
        return cls(**values)


@dataclass(frozen=True)
class SandboxConfig:
    """Everything the sandbox reads from the environment, parsed and validated."""

    db_path: Path
    service_url: str = DEFAULT_SERVICE_URL
    inbound_auth: str = field(default="", repr=False)
    api_key: str = field(default=DEFAULT_API_KEY, repr=False)  # the one key with Mail Send permission
    restricted_key: str = field(default=DEFAULT_RESTRICTED_KEY, repr=False)  # known, but 403
    private_key_pem: str = field(default="", repr=False)
    auto_events: bool = False
    seed: int | None = None
    faults: FaultSettings = FaultSettings()
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @property
    def inbound_url(self) -> str:
        return self.service_url + INBOUND_PATH

    @property
    def events_url(self) -> str:
        return self.service_url + EVENTS_PATH

    def private_key(self) -> ec.EllipticCurvePrivateKey:
        """The event-signing key; raises ConfigError if the PEM is not a P-256 private key."""
        return load_private_key(self.private_key_pem)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> SandboxConfig:
        """Build the config from `environ` (default: os.environ), generating a signing key if unset."""
        env = dict(os.environ if environ is None else environ)
        instance = Path(env.get("COACH_INSTANCE_PATH") or DEFAULT_INSTANCE).resolve()
        db_path = Path(env.get("SANDBOX_DB") or instance / "sandbox.db").resolve()
        service_url = (env.get("COACH_SERVICE_URL") or DEFAULT_SERVICE_URL).strip().rstrip("/")
        if not service_url.startswith(("http://", "https://")):
            raise ConfigError("COACH_SERVICE_URL must start with http:// or https://")
        inbound_auth = env.get("INBOUND_AUTH", "")
        if inbound_auth and ":" not in inbound_auth:
            raise ConfigError("INBOUND_AUTH must look like user:password")
        pem = env.get("SANDBOX_EVENT_PRIVATE_KEY", "").strip()
        if pem:
            load_private_key(pem)
        else:
            pem = generate_private_key_pem()
            public = public_key_base64(load_private_key(pem).public_key())
            log.warning(
                "SANDBOX_EVENT_PRIVATE_KEY is unset; signing events with a new key whose public half "
                "(set it as SENDGRID_EVENT_PUBLIC_KEY) is %s",
                public,
            )
        seed_raw = env.get("SANDBOX_SEED", "").strip()
        try:
            seed = int(seed_raw) if seed_raw else None
        except ValueError:
            raise ConfigError(f"SANDBOX_SEED must be a whole number (got {seed_raw!r})") from None
        faults = FaultSettings(
            latency_ms=_number(env, "SANDBOX_LATENCY_MS", 600_000.0),
            rate_429=_number(env, "SANDBOX_RATE_429", 1.0),
            rate_5xx=_number(env, "SANDBOX_RATE_5XX", 1.0),
            rate_drop=_number(env, "SANDBOX_RATE_DROP", 1.0),
        )
        api_key = (env.get("SANDBOX_API_KEY") or DEFAULT_API_KEY).strip()
        restricted_key = (env.get("SANDBOX_RESTRICTED_KEY") or DEFAULT_RESTRICTED_KEY).strip()
        if api_key == restricted_key:
            raise ConfigError("SANDBOX_API_KEY and SANDBOX_RESTRICTED_KEY must differ")
        return cls(
            db_path=db_path,
            service_url=service_url,
            inbound_auth=inbound_auth,
            api_key=api_key,
            restricted_key=restricted_key,
            private_key_pem=pem,
            auto_events=env.get("SANDBOX_AUTO_EVENTS", "").strip().lower() in ("1", "true", "yes", "on"),
            seed=seed,
            faults=faults,
        )


def load_private_key(pem: str) -> ec.EllipticCurvePrivateKey:
    """Parse a PEM private key and insist on ECDSA P-256, as SendGrid signs with."""
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError):
        raise ConfigError("SANDBOX_EVENT_PRIVATE_KEY is not a readable PEM private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ConfigError("SANDBOX_EVENT_PRIVATE_KEY must be an ECDSA P-256 key")
    return key


def generate_private_key_pem() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _number(env: Mapping[str, str], name: str, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number (got {raw!r})") from None
    if not 0.0 <= value <= high:
        raise ConfigError(f"{name} must be between 0 and {high:g} (got {raw})")
    return value
