"""Fixtures for the sending pipeline: a real sandbox, and settings pointed at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.db import Database
from tests.sandbox_stack import sandbox, sandbox_env, sandbox_server, send_settings

__all__ = ["sandbox", "sandbox_server", "send_env", "send_settings"]


@pytest.fixture()
def send_env(db: Database, redis_url: str, tmp_path: Path, sandbox: str) -> dict[str, str]:
    """Short lease and timeout: the recovery tests wait them out."""
    return sandbox_env(db, redis_url, tmp_path, sandbox, SENDGRID_TIMEOUT="10", COACH_SEND_LEASE="2")
