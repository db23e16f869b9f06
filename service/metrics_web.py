"""GET /metrics on the web process, and the web process's own request metrics.

Access: with COACH_METRICS_TOKEN set, only `Authorization: Bearer <token>` (compared in constant time);
without it, open in development and test and closed (404) in production, so metrics are never public
by accident. Request metrics use prometheus_client's multiprocess mode when PROMETHEUS_MULTIPROC_DIR is
set (gunicorn's config and `coach dev` set it), so any gunicorn worker reports its whole host.
"""

from __future__ import annotations

import hmac
import os
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from service.metrics import FleetCollector
from service.queues import redis_connection
from service.settings import Settings
from service.web_db import current_database

blueprint = Blueprint("metrics", __name__)

REQUESTS = Counter(
    "coach_http_requests", "HTTP requests answered, by endpoint and status.", ["endpoint", "method", "status"]
)
LATENCY = Histogram(
    "coach_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint.",
    ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def init_app(app: Flask) -> None:
    app.register_blueprint(blueprint)
    app.before_request(_started)
    app.after_request(_observed)


@blueprint.get("/metrics")
def metrics() -> Response:
    settings: Settings = current_app.config["SETTINGS"]
    if not authorized(request.headers.get("Authorization"), settings.metrics_token, settings.is_production):
        abort(404)
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        collectors = [registry]
    else:
        collectors = [REGISTRY, registry]
    registry.register(FleetCollector(redis_connection(settings.redis_url), current_database()))
    body = b"".join(generate_latest(r) for r in collectors)
    response = Response(body, content_type=CONTENT_TYPE_LATEST)  # it names its charset already
    response.headers["Cache-Control"] = "no-store"
    return response


def authorized(header: str | None, token: str, production: bool) -> bool:
    """Bearer `token` in constant time; no token configured: open outside production only."""
    if not token:
        return not production
    scheme, _, given = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8"))


def _started() -> None:
    g.metrics_started = time.perf_counter()


def _observed(response: Response) -> Response:
    started = g.get("metrics_started")
    if started is not None and request.endpoint != "metrics.metrics":
        endpoint = request.endpoint or "unrouted"
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response
