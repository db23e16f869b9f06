"""Typed settings read once from the environment; a bad value fails fast naming its variable."""

from __future__ import annotations

import base64
import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, has_app_context

from service import logs, secret_strength
from service.redis_client import RedisURLError, is_sentinel_url, parse_sentinel_url
from service.secret_strength import SANDBOX_API_KEY

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"

_DB_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg", "postgres")
_REDIS_SCHEMES = ("redis", "rediss", "unix", "redis+sentinel")
SENDGRID_API = "https://api.sendgrid.com"
MIN_METRICS_TOKEN = 16
# Development defaults that would silently misdirect real mail (links to localhost, replies to a
# domain nobody receives, the sandbox's fake key): production must name them.
PRODUCTION_REQUIRED = ("SENDGRID_API_KEY", "COACH_PUBLIC_URL", "COACH_FROM_EMAIL", "COACH_INBOUND_DOMAIN")


class ConfigError(ValueError):
    """A configuration variable is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    """Every knob the service reads from the environment, parsed and validated."""

    env: str
    instance_path: Path
    database_url: str
    redis_url: str
    redis_embedded: bool
    secret_key: str = field(repr=False)
    port: int
    public_url: str
    sendgrid_api_key: str = field(repr=False)
    sendgrid_api_host: str
    sendgrid_timeout: float
    from_email: str
    from_name: str
    inbound_domain: str
    inbound_auth: str = field(repr=False)
    event_public_key: str
    send_rate: int
    sandbox_port: int
    send_lease: int = 600  # seconds a send job owns a claimed row before the dispatcher may recover it
    send_concurrency: int = 32  # HTTP requests in flight per send job (latency hiding)
    trusted_proxies: int = 0  # reverse proxies in front of the app whose X-Forwarded-For we trust
    log_format: str = "text"  # json | text (service.logs)
    log_level: str = "INFO"
    metrics_token: str = field(default="", repr=False)  # bearer token for GET /metrics
    track_opens: bool = False  # SendGrid's open-tracking pixel (COACH_TRACKING); off for privacy
    track_clicks: bool = False  # SendGrid's click-tracking link rewriting (COACH_TRACKING)
    host: str = "127.0.0.1"  # interface `coach dev` serves the web app on (HOST)

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `environ` (default: os.environ)."""
        env = dict(os.environ if environ is None else environ)
        mode = _choice(env, "COACH_ENV", "development", ("development", "production", "test"))
        instance = Path(env.get("COACH_INSTANCE_PATH") or DEFAULT_INSTANCE).resolve()
        production = mode == "production"
        secret_key = env.get("SECRET_KEY", "")
        if not secret_key:
            if production:
                raise ConfigError("SECRET_KEY is required when COACH_ENV=production")
            secret_key = _dev_secret(instance)
        elif production and (problem := secret_strength.secret_key_problem(secret_key)):
            raise ConfigError(problem)  # first, before any other variable: a weak key is the worst
        elif len(secret_key) < 16 or not secret_key.strip():
            raise ConfigError("SECRET_KEY must be at least 16 characters long and not only whitespace")

        database_url = _url(
            env, "DATABASE_URL", f"sqlite:///{instance / 'coach.db'}", _DB_SCHEMES, required=production
        )
        if database_url.startswith("postgres://") or database_url.startswith("postgresql://"):
            database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
        redis_embedded = not env.get("REDIS_URL")
        redis_url = _redis_url(env, embedded_redis_url(instance), required=production)

        port = _int(env, "PORT", 5000, 1, 65535)
        host = _host(env)
        sandbox_port = _int(env, "SANDBOX_PORT", 8025, 1, 65535)
        for name in PRODUCTION_REQUIRED:
            if production and not env.get(name, "").strip():
                raise ConfigError(f"{name} is required when COACH_ENV=production")
        public_url = _url(env, "COACH_PUBLIC_URL", f"http://localhost:{port}", ("http", "https")).rstrip("/")
        # Development talks to the local sandbox; production to SendGrid itself unless told otherwise.
        default_api_host = SENDGRID_API if production else f"http://127.0.0.1:{sandbox_port}"
        api_host = _url(env, "SENDGRID_API_HOST", default_api_host, ("http", "https")).rstrip("/")
        inbound_auth = env.get("INBOUND_AUTH", "")
        if inbound_auth and (":" not in inbound_auth or inbound_auth.startswith(":")):
            raise ConfigError("INBOUND_AUTH must look like user:password")
        if production and not inbound_auth:
            raise ConfigError("INBOUND_AUTH is required when COACH_ENV=production")
        event_key = env.get("SENDGRID_EVENT_PUBLIC_KEY", "").strip()
        if production and not event_key:
            raise ConfigError("SENDGRID_EVENT_PUBLIC_KEY is required when COACH_ENV=production")
        if event_key:
            _check_event_key(event_key)
        try:
            log_format, log_level = logs.log_format(env), logs.log_level(env)
        except logs.LogConfigError as exc:
            raise ConfigError(str(exc)) from None
        metrics_token = env.get("COACH_METRICS_TOKEN", "").strip()
        if metrics_token and (len(metrics_token) < MIN_METRICS_TOKEN or not metrics_token.isascii()):
            raise ConfigError(f"COACH_METRICS_TOKEN must be at least {MIN_METRICS_TOKEN} ASCII characters")
        tracking = _tracking(env)
        from_email = env.get("COACH_FROM_EMAIL", "coach@coach.localhost")
        if "@" not in from_email:
            raise ConfigError("COACH_FROM_EMAIL must be an email address")
        sendgrid_api_key = env.get("SENDGRID_API_KEY", SANDBOX_API_KEY)
        if production:
            _refuse_weak_secrets(inbound_auth, sendgrid_api_key, public_url)
        return cls(
            env=mode,
            instance_path=instance,
            database_url=database_url,
            redis_url=redis_url,
            redis_embedded=redis_embedded,
            secret_key=secret_key,
            port=port,
            public_url=public_url,
            sendgrid_api_key=sendgrid_api_key,
            sendgrid_api_host=api_host,
            sendgrid_timeout=_float(env, "SENDGRID_TIMEOUT", 10.0, 0.1, 120.0),
            from_email=from_email,
            from_name=env.get("COACH_FROM_NAME", "Collaborative Leadership Coach"),
            inbound_domain=env.get("COACH_INBOUND_DOMAIN", "reply.coach.localhost"),
            inbound_auth=inbound_auth,
            event_public_key=event_key,
            send_rate=_int(env, "COACH_SEND_RATE", 500, 1, 100_000),
            sandbox_port=sandbox_port,
            send_lease=_int(env, "COACH_SEND_LEASE", 600, 1, 86_400),
            send_concurrency=_int(env, "COACH_SEND_CONCURRENCY", 32, 1, 256),
            trusted_proxies=_int(env, "COACH_TRUSTED_PROXIES", 0, 0, 5),
            log_format=log_format,
            log_level=log_level,
            metrics_token=metrics_token,
            track_opens="opens" in tracking,
            track_clicks="clicks" in tracking,
            host=host,
        )


def _refuse_weak_secrets(inbound_auth: str, api_key: str, public_url: str) -> None:
    """Production: a guessable secret or an http:// public URL stops start-up, naming the variable
    (SECRET_KEY is checked first of all, in `from_env`)."""
    for problem in (
        secret_strength.inbound_auth_problem(inbound_auth),
        secret_strength.sendgrid_key_problem(api_key),
        secret_strength.public_url_problem(public_url),
    ):
        if problem is not None:
            raise ConfigError(problem)


def _tracking(env: Mapping[str, str]) -> frozenset[str]:
    """COACH_TRACKING: `off` (the default), or `opens`, `clicks`, or both separated by a comma."""
    raw = env.get("COACH_TRACKING", "").strip().lower()
    if raw in ("", "off", "none"):
        return frozenset()
    parts = frozenset(part.strip() for part in raw.split(","))
    if not parts <= {"opens", "clicks"}:
        raise ConfigError(f"COACH_TRACKING must be off, opens, clicks or opens,clicks (got {raw!r})")
    return parts


def _check_event_key(value: str) -> None:
    """SendGrid shows the verification key as base64 DER of an EC public key; anything else fails here."""
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    try:
        key = load_der_public_key(base64.b64decode(value, validate=True))
    except ValueError:
        raise ConfigError("SENDGRID_EVENT_PUBLIC_KEY must be the base64 public key SendGrid shows") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ConfigError("SENDGRID_EVENT_PUBLIC_KEY must be an elliptic-curve (ECDSA) public key")


def embedded_redis_socket(instance: Path) -> Path:
    """Where the embedded Redis listens; unix socket paths must stay short (108 bytes)."""
    path = instance / "redis.sock"
    if len(str(path)) > 100:
        import hashlib

        digest = hashlib.sha256(str(instance).encode()).hexdigest()[:12]
        path = Path("/tmp") / f"coach-redis-{digest}.sock"  # noqa: S108 - fallback for long paths only
    return path


def embedded_redis_url(instance: Path) -> str:
    return f"unix://{embedded_redis_socket(instance)}?db=0"


def _dev_secret(instance: Path) -> str:
    """A stable development secret kept under instance/ so sessions survive restarts."""
    path = instance / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        instance.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


def _choice(env: Mapping[str, str], name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env.get(name) or default
    if value not in allowed:
        raise ConfigError(f"{name} must be one of {', '.join(allowed)} (got {value!r})")
    return value


def _url(
    env: Mapping[str, str], name: str, default: str, schemes: tuple[str, ...], *, required: bool = False
) -> str:
    value = env.get(name, "").strip()
    if not value:
        if required:
            raise ConfigError(f"{name} is required when COACH_ENV=production")
        return default
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed [ in the host; the value may hold a password, never echo it
        raise ConfigError(f"{name} is not a valid URL") from None
    if parts.scheme not in schemes:
        raise ConfigError(
            f"{name} must be a URL starting with one of {', '.join(s + '://' for s in schemes)}"
        )
    if parts.scheme not in ("sqlite", "unix") and not parts.hostname:
        raise ConfigError(f"{name} has no host name")
    return value


def _redis_url(env: Mapping[str, str], default: str, *, required: bool) -> str:
    """REDIS_URL: redis-py's own forms, or redis+sentinel://hosts/master[/db] (see service.redis_client)."""
    value = env.get("REDIS_URL", "").strip()
    if not is_sentinel_url(value):  # urlsplit cannot parse a list of hosts, so sentinel URLs skip it
        return _url(env, "REDIS_URL", default, _REDIS_SCHEMES, required=required)
    try:
        parse_sentinel_url(value)
    except RedisURLError as exc:
        raise ConfigError(f"REDIS_URL {exc}") from None
    return value


def _host(env: Mapping[str, str]) -> str:
    """HOST: an IP address or a host name for the development web server; loopback unless set."""
    value = env.get("HOST", "").strip()
    if not value:
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        pass
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?", value):
        raise ConfigError("HOST must be an IP address or a host name (e.g. 127.0.0.1 or 0.0.0.0)")
    return value


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number (got {raw!r})") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high} (got {value})")
    return value


def _float(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number (got {raw!r})") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high} (got {value})")
    return value


_current: Settings | None = None


def current_settings() -> Settings:
    """The running app's settings inside an app context (a request, a CLI command), else this process's
    (workers, cron), read from the environment on first use. The app factory sets nothing process-wide."""
    global _current
    if has_app_context():
        app_settings = current_app.config.get("SETTINGS")
        if isinstance(app_settings, Settings):
            return app_settings
    if _current is None:
        _current = Settings.from_env()
    return _current


def use_settings(settings: Settings | None) -> None:
    """Replace this process's settings (the CLI, benchmarks and tests call this)."""
    global _current
    _current = settings
