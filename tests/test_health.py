"""GET /healthz reports each dependency and answers 503 naming the part that is down."""

from __future__ import annotations

from pathlib import Path

from service.app import create_app
from service.settings import Settings
from tests.conftest import settings_env


def test_healthz_ok_when_database_and_redis_answer(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"db": "ok", "redis": "ok"}


def test_healthz_503_names_redis_when_it_is_down(db, tmp_path: Path) -> None:
    dead = f"unix://{tmp_path}/nothing-listens-here.sock"
    settings = Settings.from_env(settings_env(db.url, dead, tmp_path / "instance"))
    client = create_app({"SETTINGS": settings, "TESTING": True}).test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"db": "ok", "redis": "down"}


def test_healthz_503_names_the_database_when_it_is_down(redis_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-dir" / "sub" / "x.db"
    settings = Settings.from_env(settings_env(f"sqlite:///{missing}", redis_url, tmp_path / "instance"))
    app = create_app({"SETTINGS": settings, "TESTING": True})
    missing.parent.rmdir() if missing.parent.exists() else None
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["db"] == "down"
    assert response.get_json()["redis"] == "ok"


def test_healthz_reports_paused_sending(client, redis) -> None:
    from service.queues import SENDING_PAUSED_KEY

    redis.set(SENDING_PAUSED_KEY, "SendGrid answered 401")
    body = client.get("/healthz").get_json()
    assert body["sending"] == "paused: SendGrid answered 401"
