"""Flask extensions shared by the blueprints: CSRF, rate limits, logins."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from service.redis_client import SENTINEL_SCHEME, is_sentinel_url, parse_sentinel_url

csrf = CSRFProtect()
# Moving window: a fixed window lets a client spend two windows' worth of attempts across a boundary.
limiter = Limiter(key_func=get_remote_address, strategy="moving-window", headers_enabled=True)
login_manager = LoginManager()


def limiter_storage(redis_url: str) -> tuple[str, dict[str, Any]]:
    """Flask-Limiter's storage URI and options for REDIS_URL, in the `limits` library's spelling.

    `limits` spells unix sockets redis+unix://path. It reads redis+sentinel://hosts/master itself,
    but takes no database in the path and no percent-encoding in the password, so for a sentinel
    URL the database, the decoded credentials and the timeouts of `service.redis_client` go in as
    options: the limiter then talks to the same master, database and sentinels as everything else.
    """
    if redis_url.startswith("unix://"):
        path, _, query = redis_url[len("unix://") :].partition("?")
        db = dict(part.split("=", 1) for part in query.split("&") if "=" in part).get("db", "0")
        return f"redis+unix://{path}?db={db}", {}
    if is_sentinel_url(redis_url):
        target = parse_sentinel_url(redis_url)
        options = {
            **target.connection_kwargs(),
            "sentinel_kwargs": target.sentinel_kwargs(),
            # Counters are read back right after they are written: read them from the master, not
            # from a replica that may lag (and hold no second pool of connections to replicas).
            "use_replicas": False,
        }
        return f"{SENTINEL_SCHEME}://{target.locations}/{target.master}", options
    return redis_url, {}


def init_extensions(app: Flask) -> None:
    settings = app.config["SETTINGS"]
    storage_uri, storage_options = limiter_storage(settings.redis_url)
    app.config.setdefault("RATELIMIT_STORAGE_URI", storage_uri)
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", storage_options)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "coach-limits")
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    # Over HTTPS Flask-WTF also demands a same-origin Referer, but every page sends
    # Referrer-Policy: no-referrer (tokens in link URLs must not leak), so browsers send none and every
    # form would fail. The session-bound token and SameSite=Lax cookies are the CSRF defence.
    app.config.setdefault("WTF_CSRF_SSL_STRICT", False)
    csrf.init_app(app)
    # The Limiter is shared by every app of the process and init_app merges RATELIMIT_STORAGE_OPTIONS
    # into what it holds: start from none, or one app's sentinel options would leak into the next's.
    limiter._storage_options = {}
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "leads.login"
