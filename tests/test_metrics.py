"""GET /metrics: the fleet's counters from Redis, gauges read at scrape time, access by bearer token."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis

from service.app import create_app
from service.db import Database
from service.metrics import add_counts, count
from service.models import utcnow
from service.queues import SEND, SENDING_PAUSED_KEY, queue
from service.settings import Settings
from tests.conftest import settings_env

TOKEN = "metrics-token-0123456789abcdef"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def app_with(db: Database, redis_url: str, tmp_path: Path, **env: str) -> Flask:
    settings = Settings.from_env(settings_env(db.url, redis_url, tmp_path / "instance", **env))
    return create_app({"SETTINGS": settings, "TESTING": True})


def test_metrics_lists_every_required_family(client: FlaskClient, redis: Redis) -> None:
    text = client.get("/metrics").get_data(as_text=True)
    names = {family.name for family in text_string_to_metric_families(text)}
    assert {
        "coach_emails",
        "coach_queue_jobs",
        "coach_dispatch_lag_seconds",
        "coach_replies",
        "coach_events",
        "coach_send_paused",
    } <= names
    for name in ("coach_emails_total", "coach_replies_total", "coach_events_total", "coach_queue_jobs",
                 "coach_dispatch_lag_seconds", "coach_send_paused"):  # fmt: skip
        assert f"# TYPE {name.removesuffix('_total')}" in text


def test_metrics_names_its_content_type_once(client: FlaskClient) -> None:
    """Prometheus' exposition type, as prometheus_client spells it, without a second charset."""
    content_type = client.get("/metrics").headers["Content-Type"]
    assert content_type.startswith("text/plain; version=")
    assert content_type.count("charset") == 1


def test_counters_incremented_anywhere_reach_metrics(client: FlaskClient, redis: Redis) -> None:
    """A worker on another host adds to the same Redis hash this web process reads."""
    add_counts(redis, "coach_emails", {("nudge", "sent"): 5, ("prompt", "failed"): 1})
    add_counts(redis, "coach_emails", {("nudge", "sent"): 2})
    count(redis, "coach_replies", "processed")
    count(redis, "coach_events", "delivered", amount=3)
    found = samples(client.get("/metrics").get_data(as_text=True))
    assert found[("coach_emails_total", (("kind", "nudge"), ("outcome", "sent")))] == 7
    assert found[("coach_emails_total", (("kind", "prompt"), ("outcome", "failed")))] == 1
    assert found[("coach_replies_total", (("outcome", "processed"),))] == 1
    assert found[("coach_events_total", (("type", "delivered"),))] == 3


def test_gauges_are_read_at_scrape_time(client: FlaskClient, redis: Redis, db: Database) -> None:
    from tests.sending.helpers import seed_due

    found = samples(client.get("/metrics").get_data(as_text=True))
    assert found[("coach_send_paused", ())] == 0
    assert found[("coach_dispatch_lag_seconds", ())] == 0
    assert found[("coach_queue_jobs", (("queue", "send"),))] == 0
    seed_due(db, 2, now=utcnow() - timedelta(minutes=9))  # due 10 minutes ago
    redis.set(SENDING_PAUSED_KEY, "SendGrid answered 401")
    queue(SEND, redis).enqueue("workers.sending.send_messages", [1])
    found = samples(client.get("/metrics").get_data(as_text=True))
    assert found[("coach_send_paused", ())] == 1
    assert 590 <= found[("coach_dispatch_lag_seconds", ())] <= 700
    assert found[("coach_queue_jobs", (("queue", "send"),))] == 1


def test_request_metrics_count_answered_requests(client: FlaskClient) -> None:
    before = samples(client.get("/metrics").get_data(as_text=True))
    client.get("/healthz")
    client.get("/healthz")
    after = samples(client.get("/metrics").get_data(as_text=True))
    key = (
        "coach_http_requests_total",
        (("endpoint", "health.healthz"), ("method", "GET"), ("status", "200")),
    )
    assert after[key] - before.get(key, 0) == 2


@pytest.mark.parametrize(
    ("case", "env", "header", "status"),
    [
        ("development, no token configured", {}, None, 200),
        ("production, no token configured: closed", {"COACH_ENV": "production"}, None, 404),
        ("token configured, none given", {"COACH_METRICS_TOKEN": TOKEN}, None, 404),
        ("right token", {"COACH_METRICS_TOKEN": TOKEN}, f"Bearer {TOKEN}", 200),
        ("scheme in another case", {"COACH_METRICS_TOKEN": TOKEN}, f"bearer {TOKEN}", 200),
        ("wrong token", {"COACH_METRICS_TOKEN": TOKEN}, "Bearer wrong", 404),
        ("token as basic auth", {"COACH_METRICS_TOKEN": TOKEN}, f"Basic {TOKEN}", 404),
        ("token prefix only", {"COACH_METRICS_TOKEN": TOKEN}, f"Bearer {TOKEN[:-1]}", 404),
        ("token with a suffix", {"COACH_METRICS_TOKEN": TOKEN}, f"Bearer {TOKEN}x", 404),
        ("empty bearer", {"COACH_METRICS_TOKEN": TOKEN}, "Bearer ", 404),
        ("non-ASCII", {"COACH_METRICS_TOKEN": TOKEN}, "Bearer tökén", 404),
        ("production with the token", {"COACH_ENV": "production", "COACH_METRICS_TOKEN": TOKEN},
         f"Bearer {TOKEN}", 200),
    ],
)  # fmt: skip
def test_access_to_metrics(
    db: Database,
    redis_url: str,
    tmp_path: Path,
    case: str,
    env: dict[str, str],
    header: str | None,
    status: int,
) -> None:
    if env.get("COACH_ENV") == "production":
        env = {**env, **production_env()}
    client = app_with(db, redis_url, tmp_path, **env).test_client()
    response = client.get("/metrics", headers={"Authorization": header} if header is not None else {})
    assert response.status_code == status, case
    if status == 200:
        assert b"coach_queue_jobs" in response.data


def test_a_short_metrics_token_is_refused_at_start(db: Database, redis_url: str, tmp_path: Path) -> None:
    from service.settings import ConfigError

    with pytest.raises(ConfigError, match="COACH_METRICS_TOKEN"):
        Settings.from_env(settings_env(db.url, redis_url, tmp_path, COACH_METRICS_TOKEN="short"))


def production_env() -> dict[str, str]:
    from cryptography.hazmat.primitives.asymmetric import ec

    from service.dev_secrets import public_key_base64

    return {
        "SENDGRID_API_KEY": "SG.AbCdEfGhIjKlMnOpQrStUv.WxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz012",
        "SECRET_KEY": "Jx4pQ9vT2mWc7LrA0sYe8KbN3uZh6GdF1oXiR5tVq",
        "INBOUND_AUTH": "parse:w3Lk9QpZ7xVb2NcR",
        "COACH_PUBLIC_URL": "https://coach.example.com",
        "COACH_FROM_EMAIL": "coach@example.com",
        "COACH_INBOUND_DOMAIN": "reply.example.com",
        "SENDGRID_EVENT_PUBLIC_KEY": public_key_base64(ec.generate_private_key(ec.SECP256R1()).public_key()),
    }
