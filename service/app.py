"""The application factory: wires settings, the database, extensions and blueprints; no side effects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

from service import access_log, metrics_web, request_ids, web_db
from service.extensions import init_extensions
from service.settings import Settings

MAX_INBOUND_BYTES = 35 * 1024 * 1024

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app; `config` may hold a `SETTINGS` object and Flask overrides (tests).

    Nothing process-wide changes: code running for this app reads its settings through
    `current_settings()`, which answers the app's own inside its context; no file, directory,
    connection or logger is touched until a request needs it.
    """
    overrides = dict(config or {})
    settings = overrides.pop("SETTINGS", None) or Settings.from_env()

    app = Flask(__name__, instance_path=str(settings.instance_path), instance_relative_config=True)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=MAX_INBOUND_BYTES,
        MAX_FORM_MEMORY_SIZE=MAX_INBOUND_BYTES,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_url.startswith("https://"),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=settings.public_url.startswith("https://"),
    )
    app.config.update(overrides)

    if settings.trusted_proxies:
        # Behind a router/load balancer the client's address (rate limits are per address) is in
        # X-Forwarded-For; trust exactly as many hops as are configured, never a client's own header.
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)  # type: ignore[method-assign]
    web_db.init_app(app)
    request_ids.init_app(app)  # first: every later hook and log line of the request has its id
    access_log.init_app(app)
    init_extensions(app)
    _register_blueprints(app)
    metrics_web.init_app(app)
    app.after_request(_security_headers)
    return app


def _register_blueprints(app: Flask) -> None:
    from service.api import blueprint as api
    from service.api.errors import register_unrouted_errors
    from service.health import blueprint as health
    from service.leads import blueprint as leads
    from service.public import blueprint as public
    from service.webhooks import blueprint as webhooks

    for blueprint in (health, public, api, webhooks, leads):
        app.register_blueprint(blueprint)
    register_unrouted_errors(app)


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
