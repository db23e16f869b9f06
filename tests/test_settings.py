"""Settings parse once from the environment and fail fast, naming the variable at fault."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import pytest

from service.settings import ConfigError, Settings


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"COACH_INSTANCE_PATH": str(tmp_path), **values}


def test_defaults_need_nothing_configured(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path))
    assert settings.database_url == f"sqlite:///{tmp_path / 'coach.db'}"
    assert settings.redis_embedded is True
    assert settings.redis_url.startswith("unix://")
    assert settings.port == 5000
    assert settings.sandbox_port == 8025
    assert settings.sendgrid_api_host == "http://127.0.0.1:8025"


def test_development_secret_is_generated_once_and_kept(tmp_path: Path) -> None:
    first = Settings.from_env(_env(tmp_path)).secret_key
    second = Settings.from_env(_env(tmp_path)).secret_key
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_values_win_over_defaults(tmp_path: Path) -> None:
    settings = Settings.from_env(
        _env(
            tmp_path,
            DATABASE_URL="postgresql://u:p@db.example:5432/coach",
            REDIS_URL="redis://cache.example:6379/2",
            PORT="8080",
            SECRET_KEY="x" * 20,
            COACH_SEND_RATE="42",
        )
    )
    assert settings.database_url == "postgresql+psycopg://u:p@db.example:5432/coach"
    assert settings.redis_url == "redis://cache.example:6379/2"
    assert settings.redis_embedded is False
    assert settings.port == 8080
    assert settings.send_rate == 42
    assert settings.public_url == "http://localhost:8080"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DATABASE_URL", "foo://", "DATABASE_URL must be a URL"),
        ("DATABASE_URL", "mysql://h/db", "DATABASE_URL must be a URL"),
        ("DATABASE_URL", "postgresql:///nohost", "DATABASE_URL has no host"),
        ("REDIS_URL", "http://localhost", "REDIS_URL must be a URL"),
        ("PORT", "eighty", "PORT must be a whole number"),
        ("PORT", "70000", "PORT must be between 1 and 65535"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 16"),
        ("SECRET_KEY", " " * 20, "SECRET_KEY must be at least 16"),
        ("COACH_ENV", "staging", "COACH_ENV must be one of"),
        ("COACH_SEND_RATE", "0", "COACH_SEND_RATE must be between"),
        ("SENDGRID_TIMEOUT", "soon", "SENDGRID_TIMEOUT must be a number"),
        ("SENDGRID_API_HOST", "ftp://x", "SENDGRID_API_HOST must be a URL"),
        ("INBOUND_AUTH", "nocolon", "INBOUND_AUTH must look like user:password"),
        ("COACH_FROM_EMAIL", "not-an-address", "COACH_FROM_EMAIL must be an email address"),
        ("COACH_TRACKING", "on", "COACH_TRACKING must be off, opens, clicks"),
        ("COACH_TRACKING", "opens,bounces", "COACH_TRACKING must be off, opens, clicks"),
        ("HOST", "0.0.0.0; rm -rf /", "HOST must be an IP address or a host name"),
        ("HOST", "http://localhost", "HOST must be an IP address or a host name"),
        ("HOST", "-bind", "HOST must be an IP address or a host name"),
        ("HOST", "127.0.0.1:5000", "HOST must be an IP address or a host name"),
    ],
)
def test_bad_values_name_their_variable(tmp_path: Path, variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(_env(tmp_path, **{variable: value}))


STRONG_KEY = "Jx4pQ9vT2mWc7LrA0sYe8KbN3uZh6GdF1oXiR5tVq"  # 43 characters like secrets.token_urlsafe(32)
STRONG_PASSWORD = "w3Lk9QpZ7xVb2NcR"
LIVE_API_KEY = "SG.AbCdEfGhIjKlMnOpQrStUv.WxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz012"


def _production_env(tmp_path: Path) -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec

    from service.dev_secrets import public_key_base64

    return _env(
        tmp_path,
        COACH_ENV="production",
        DATABASE_URL="postgresql://db.example/coach",
        REDIS_URL="redis://cache.example:6379/0",
        SECRET_KEY=STRONG_KEY,
        INBOUND_AUTH=f"parse:{STRONG_PASSWORD}",
        SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(ec.generate_private_key(ec.SECP256R1()).public_key()),
        SENDGRID_API_KEY=LIVE_API_KEY,
        COACH_PUBLIC_URL="https://coach.example.com",
        COACH_FROM_EMAIL="coach@example.com",
        COACH_INBOUND_DOMAIN="reply.example.com",
    )


@pytest.mark.parametrize(
    "missing",
    [
        "DATABASE_URL",
        "REDIS_URL",
        "SECRET_KEY",
        "INBOUND_AUTH",
        "SENDGRID_EVENT_PUBLIC_KEY",
        "SENDGRID_API_KEY",
        "COACH_PUBLIC_URL",
        "COACH_FROM_EMAIL",
        "COACH_INBOUND_DOMAIN",
    ],
)
def test_production_requires_explicit_secrets_and_services(tmp_path: Path, missing: str) -> None:
    env = _production_env(tmp_path)
    del env[missing]
    with pytest.raises(ConfigError, match=missing):
        Settings.from_env(env)


def test_production_sends_through_sendgrid_itself_not_the_sandbox(tmp_path: Path) -> None:
    settings = Settings.from_env(_production_env(tmp_path))
    assert settings.sendgrid_api_host == "https://api.sendgrid.com"
    assert settings.public_url == "https://coach.example.com"
    development = Settings.from_env(_env(tmp_path))
    assert development.sendgrid_api_host == f"http://127.0.0.1:{development.sandbox_port}"


def test_secrets_stay_out_of_repr(tmp_path: Path) -> None:
    settings = Settings.from_env(_env(tmp_path, SECRET_KEY="k" * 20, SENDGRID_API_KEY="SG.very-secret"))
    assert "SG.very-secret" not in repr(settings)
    assert "k" * 20 not in repr(settings)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", " " * 16, "SECRET_KEY must not be empty or whitespace"),
        ("SECRET_KEY", "\t \n" * 12, "SECRET_KEY must not be empty or whitespace"),
        ("SECRET_KEY", "s" * 64, "SECRET_KEY repeats"),
        ("SECRET_KEY", "ab" * 20, "SECRET_KEY repeats"),
        ("SECRET_KEY", "Jx4pQ9vT2mWc" * 4, "SECRET_KEY repeats"),
        ("SECRET_KEY", "a" * 40 + "bcdefghijkl", "SECRET_KEY has too little entropy"),
        ("SECRET_KEY", "test-secret-key-that-is-long-enough", "SECRET_KEY is a development default"),
        ("SECRET_KEY", "bench-secret-key-long-enough", "SECRET_KEY is a development default"),
        ("SECRET_KEY", "xx-test-secret-key-that-is-long-enough-xx", "SECRET_KEY is a development default"),
        ("SECRET_KEY", "ChangeMe", "SECRET_KEY is a development default"),
        ("SECRET_KEY", "Jx4pQ9vT2mWc7LrA0sYe8KbN3u", "SECRET_KEY must be at least 32 characters"),
        ("SECRET_KEY", "Jx4pQ9vT 2mWc7LrA 0sYe8KbN 3u     ", "SECRET_KEY must be at least 32 characters"),
        ("INBOUND_AUTH", "u:p", "INBOUND_AUTH's password must be at least 16"),
        ("INBOUND_AUTH", "parse:w3Lk9QpZ7xVb2Nc", "INBOUND_AUTH's password must be at least 16"),
        ("INBOUND_AUTH", "parse:" + "p" * 20, "INBOUND_AUTH's password repeats"),
        ("SENDGRID_API_KEY", "SG.sandbox-key", "SENDGRID_API_KEY is the sandbox's default"),
        ("SENDGRID_API_KEY", "SG.live-key", "SENDGRID_API_KEY must be a SendGrid API key"),
        ("SENDGRID_API_KEY", "SG.abc.def", "SENDGRID_API_KEY must be a SendGrid API key"),
        ("SENDGRID_API_KEY", LIVE_API_KEY + "\nX-Evil: 1", "SENDGRID_API_KEY must be a SendGrid API key"),
        ("SENDGRID_API_KEY", "sk_live_" + "a" * 40, "SENDGRID_API_KEY must be a SendGrid API key"),
        ("COACH_PUBLIC_URL", "http://coach.example.com", "COACH_PUBLIC_URL must start with https://"),
    ],
)
def test_production_refuses_weak_secrets_naming_the_variable(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as refused:
        Settings.from_env({**_production_env(tmp_path), variable: value})
    assert variable in str(refused.value)
    if variable != "SECRET_KEY":
        assert value not in str(refused.value)  # a secret never appears in the message


def test_a_weak_secret_key_is_named_before_anything_else_is_missing(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings.from_env(_env(tmp_path, COACH_ENV="production", SECRET_KEY=" " * 16))


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(secrets.token_urlsafe(48), id="token_urlsafe-48"),
        pytest.param(secrets.token_urlsafe(32), id="token_urlsafe-32"),
        pytest.param(secrets.token_hex(32), id="token_hex-32"),
        pytest.param(secrets.token_hex(16), id="token_hex-16"),
        pytest.param("correct horse battery staple quickly jumps", id="passphrase"),
    ],
)
def test_production_accepts_generated_keys(tmp_path: Path, key: str) -> None:
    assert Settings.from_env({**_production_env(tmp_path), "SECRET_KEY": key}).secret_key == key


def test_development_keeps_its_short_keys_but_not_whitespace(tmp_path: Path) -> None:
    assert Settings.from_env(_env(tmp_path, SECRET_KEY="x" * 16)).secret_key == "x" * 16
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings.from_env(_env(tmp_path, SECRET_KEY=" " * 16))


@pytest.mark.parametrize(
    ("value", "bind"),
    [
        (None, "127.0.0.1:5000"),
        ("", "127.0.0.1:5000"),
        ("0.0.0.0", "0.0.0.0:5000"),  # noqa: S104 - the explicit opt-in this test checks
        ("::", "[::]:5000"),
        ("[::1]", "[::1]:5000"),
        ("dev.example.internal", "dev.example.internal:5000"),
    ],
)
def test_the_dev_web_server_binds_loopback_unless_host_says_otherwise(
    tmp_path: Path, value: str | None, bind: str
) -> None:
    from service.cli.dev import process_commands

    env = _env(tmp_path) if value is None else _env(tmp_path, HOST=value)
    web = process_commands(Settings.from_env(env))["web"]
    assert web[web.index("--bind") + 1] == bind
