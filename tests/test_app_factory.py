"""The factory has no side effects and a bad environment fails with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from service.app import create_app
from service.settings import Settings
from tests.conftest import settings_env


def test_create_app_touches_neither_database_nor_redis(tmp_path: Path) -> None:
    db_file = tmp_path / "never-created.db"
    dead_redis = f"unix://{tmp_path}/absent.sock"
    settings = Settings.from_env(settings_env(f"sqlite:///{db_file}", dead_redis, tmp_path / "inst"))
    app = create_app({"SETTINGS": settings, "TESTING": True})
    assert app.config["SETTINGS"] is settings
    assert not db_file.exists()
    engine = app.extensions["database"].engine
    assert inspect(engine).get_table_names() == []  # connecting now creates an empty file, no schema


def test_security_headers_on_every_response(client) -> None:
    response = client.get("/healthz")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"].split("script-src")[1]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_cli_reports_a_bad_database_url_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": "foo://", "COACH_INSTANCE_PATH": str(tmp_path)}
    coach = Path(sys.executable).parent / "coach"
    result = subprocess.run([coach, "db", "upgrade"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr
