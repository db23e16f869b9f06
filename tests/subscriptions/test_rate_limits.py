"""Rate limits (Flask-Limiter on the real Redis): subscribing, confirming and asking for links."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from service.db import Database
from service.settings import Settings, use_settings
from tests.conftest import settings_env
from tests.subscriptions.conftest import add_subscription, csrf_token, snapshot, token

GOOD = {"email": "jo@example.com", "focus": "share-credit"}


def test_subscribing_is_limited_per_address_across_page_and_api(client: FlaskClient, db: Database) -> None:
    csrf = csrf_token(client)
    for i in range(5):
        assert (
            client.post("/api/v1/subscriptions", json={**GOOD, "email": f"api{i}@example.com"}).status_code
            == 202
        )
        form = {"csrf_token": csrf, **GOOD, "email": f"page{i}@example.com", "weekdays": ["mon"]}
        assert client.post("/", data=form).status_code == 303
    before = snapshot(db)
    api = client.post("/api/v1/subscriptions", json={**GOOD, "email": "late@example.com"})
    assert api.status_code == 429 and "Too many requests" in api.get_json()["error"]
    assert int(api.headers["Retry-After"]) > 0
    page = client.post("/", data={"csrf_token": csrf, **GOOD, "weekdays": ["mon"]})
    assert page.status_code == 429 and "Please try again in" in page.get_data(as_text=True)
    assert snapshot(db) == before
    assert client.get("/").status_code == 200  # reading the page is not limited by posting it


def test_another_client_address_has_its_own_budget(client: FlaskClient) -> None:
    for _ in range(10):
        client.post("/api/v1/subscriptions", json=GOOD)
    assert client.post("/api/v1/subscriptions", json=GOOD).status_code == 429
    other = client.post("/api/v1/subscriptions", json=GOOD, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 202


def test_confirm_links_are_limited(client: FlaskClient, db: Database, app: Flask) -> None:
    url = f"/confirm/{token(app, 'confirm', add_subscription(db, status='pending'))}"
    statuses = [client.get(url).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_link_requests_are_limited(client: FlaskClient) -> None:
    csrf = csrf_token(client, "/preferences/link")
    statuses = [
        client.post("/preferences/link", data={"csrf_token": csrf, "email": f"x{i}@example.com"}).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget(
    db: Database, redis_url: str, tmp_path: Path
) -> None:
    env = settings_env(db.url, redis_url, tmp_path / "instance", COACH_TRUSTED_PROXIES="1")
    client = create_app({"SETTINGS": Settings.from_env(env)}).test_client()
    try:
        for _ in range(10):
            client.post("/api/v1/subscriptions", json=GOOD, headers={"X-Forwarded-For": "198.51.100.1"})
        limited = client.post("/api/v1/subscriptions", json=GOOD, headers={"X-Forwarded-For": "198.51.100.1"})
        other = client.post("/api/v1/subscriptions", json=GOOD, headers={"X-Forwarded-For": "198.51.100.2"})
        assert (limited.status_code, other.status_code) == (429, 202)
    finally:
        use_settings(None)
