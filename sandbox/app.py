"""The sandbox's Flask app factory: SendGrid's mail/send, a JSON API for tests, and an inbox UI."""

from __future__ import annotations

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect

from sandbox.config import SandboxConfig
from sandbox.faults import FaultInjector
from sandbox.hosts import HostCheck
from sandbox.state import AutoEvents, Sandbox
from sandbox.store import Store

PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def create_sandbox_app(config: SandboxConfig | None = None, *, init_store: bool = True) -> Flask:
    """Build the sandbox app; `init_store=False` when the server's master process already did it."""
    config = config or SandboxConfig.from_env()
    store = Store(config.db_path)
    if init_store:
        store.init(config.faults)
    sandbox = Sandbox(
        config=config, store=store, injector=FaultInjector(config.seed), private_key=config.private_key()
    )
    if config.auto_events:
        sandbox.auto_events = AutoEvents(sandbox)

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        MAX_CONTENT_LENGTH=32 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.extensions["sandbox"] = sandbox
    csrf = CSRFProtect(app)

    from sandbox.api import blueprint as api
    from sandbox.inbox import blueprint as inbox
    from sandbox.mailsend import MailSend

    csrf.exempt(api)
    for blueprint in (api, inbox):
        app.register_blueprint(blueprint)
    app.wsgi_app = HostCheck(MailSend(app.wsgi_app, sandbox))  # type: ignore[method-assign]
    app.add_url_rule("/healthz", "healthz", _healthz)
    app.after_request(_security_headers)
    return app


def _healthz() -> Response:
    """Readiness for `running_sandbox` and `coach dev`: answers once the store is reachable."""
    from sandbox.state import current_sandbox

    current_sandbox().store.read_faults()
    return Response('{"status": "ok"}', mimetype="application/json")


def _security_headers(response: Response) -> Response:
    for name, value in PAGE_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
