"""The factory has no side effects and a bad environment fails with a clear message."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import inspect

from service import settings as settings_module
from service.app import create_app
from service.settings import Settings, current_settings, use_settings
from tests.conftest import settings_env


def test_create_app_touches_neither_database_nor_redis(tmp_path: Path) -> None:
    db_file = tmp_path / "never-created" / "coach.db"
    dead_redis = f"unix://{tmp_path}/absent.sock"
    settings = Settings.from_env(settings_env(f"sqlite:///{db_file}", dead_redis, tmp_path / "inst"))
    app = create_app({"SETTINGS": settings, "TESTING": True})
    assert app.config["SETTINGS"] is settings
    assert not db_file.parent.exists()  # not even the SQLite file's folder: migrations create it
    db_file.parent.mkdir()
    engine = app.extensions["database"].engine
    assert inspect(engine).get_table_names() == []  # connecting now creates an empty file, no schema


def test_create_app_changes_nothing_process_wide(tmp_path: Path) -> None:
    """Two apps with different settings side by side: each request sees its own, the process neither."""
    use_settings(None)
    noisy = ("urllib3", "http.client", "python_http_client")
    levels = {name: logging.getLogger(name).level for name in noisy}
    env = settings_env(f"sqlite:///{tmp_path}/a.db", f"unix://{tmp_path}/absent.sock", tmp_path / "inst")
    first = create_app({"SETTINGS": Settings.from_env({**env, "COACH_PUBLIC_URL": "http://first.test"})})
    second = create_app({"SETTINGS": Settings.from_env({**env, "COACH_PUBLIC_URL": "http://second.test"})})
    with first.app_context():
        assert current_settings().public_url == "http://first.test"
    with second.app_context():
        assert current_settings().public_url == "http://second.test"
    assert settings_module._current is None  # nothing was installed for the whole process
    assert {name: logging.getLogger(name).level for name in noisy} == levels


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
