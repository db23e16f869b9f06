"""Fixtures shared by the areas that send for real: one sandbox per test session, emptied per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.testing import api, running_sandbox, set_faults
from service.db import Database
from service.settings import Settings, use_settings
from tests.conftest import settings_env

NO_FAULTS = {"latency_ms": 0, "rate_429": 0, "rate_5xx": 0, "rate_drop": 0}
TEST_API_KEY = "SG.test-key-that-must-never-be-logged"


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_sandbox(
        tmp_path_factory.mktemp("sandbox"), SANDBOX_SEED="7", SANDBOX_API_KEY=TEST_API_KEY
    ) as url:
        yield url


@pytest.fixture()
def sandbox(sandbox_server: str) -> Iterator[str]:
    """The sandbox's base URL, emptied and without faults."""
    api(sandbox_server, "DELETE", "/api/messages")
    set_faults(sandbox_server, **NO_FAULTS)
    yield sandbox_server
    set_faults(sandbox_server, **NO_FAULTS)


def sandbox_env(db: Database, redis_url: str, tmp_path: Path, sandbox: str, **extra: str) -> dict[str, str]:
    """Environment for in-process code and subprocess workers alike, pointed at the sandbox."""
    return settings_env(
        db.url,
        redis_url,
        tmp_path / "instance",
        SENDGRID_API_HOST=sandbox,
        SENDGRID_API_KEY=TEST_API_KEY,
        COACH_SEND_RATE="10000",
        **extra,
    )


@pytest.fixture()
def send_settings(send_env: dict[str, str]) -> Iterator[Settings]:
    value = Settings.from_env(send_env)
    use_settings(value)
    yield value
    use_settings(None)
