"""Flask extensions shared by the blueprints: CSRF, rate limits, logins."""

from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, strategy="fixed-window", headers_enabled=True)
login_manager = LoginManager()


def limiter_storage_uri(redis_url: str) -> str:
    """The `limits` library spells unix sockets redis+unix://path."""
    if redis_url.startswith("unix://"):
        path, _, query = redis_url[len("unix://") :].partition("?")
        db = dict(part.split("=", 1) for part in query.split("&") if "=" in part).get("db", "0")
        return f"redis+unix://{path}?db={db}"
    return redis_url


def init_extensions(app: Flask) -> None:
    settings = app.config["SETTINGS"]
    app.config.setdefault("RATELIMIT_STORAGE_URI", limiter_storage_uri(settings.redis_url))
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "coach-limits")
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "leads.login"
