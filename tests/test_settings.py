"""Settings parse once from the environment and fail fast, naming the variable at fault."""

from __future__ import annotations

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
        ("COACH_ENV", "staging", "COACH_ENV must be one of"),
        ("COACH_SEND_RATE", "0", "COACH_SEND_RATE must be between"),
        ("SENDGRID_TIMEOUT", "soon", "SENDGRID_TIMEOUT must be a number"),
        ("SENDGRID_API_HOST", "ftp://x", "SENDGRID_API_HOST must be a URL"),
        ("INBOUND_AUTH", "nocolon", "INBOUND_AUTH must look like user:password"),
        ("COACH_FROM_EMAIL", "not-an-address", "COACH_FROM_EMAIL must be an email address"),
    ],
)
def test_bad_values_name_their_variable(tmp_path: Path, variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(_env(tmp_path, **{variable: value}))


def _production_env(tmp_path: Path) -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec

    from service.dev_secrets import public_key_base64

    return _env(
        tmp_path,
        COACH_ENV="production",
        DATABASE_URL="postgresql://db.example/coach",
        REDIS_URL="redis://cache.example:6379/0",
        SECRET_KEY="s" * 32,
        INBOUND_AUTH="parse:pw",
        SENDGRID_EVENT_PUBLIC_KEY=public_key_base64(ec.generate_private_key(ec.SECP256R1()).public_key()),
        SENDGRID_API_KEY="SG.live-key",
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
