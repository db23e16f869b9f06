"""One access line per web request, written by the app rather than gunicorn: gunicorn's request line
holds the URL, and links in emails carry signed tokens in their path. This line names the route's
pattern (`/confirm/<token>`), never the path that was asked for. Static files served fine are logged
at DEBUG."""

from __future__ import annotations

import logging
import time

from flask import Flask, Response, g, request

log = logging.getLogger("service.access")


def init_app(app: Flask) -> None:
    app.before_request(_started)
    app.after_request(_log)


def _started() -> None:
    g.access_started = time.perf_counter()


def _log(response: Response) -> Response:
    started = g.get("access_started")
    elapsed = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    rule = request.url_rule.rule if request.url_rule is not None else "<unrouted>"
    # Stylesheets, scripts and icons come with every page: at INFO they would bury the requests.
    level = logging.DEBUG if request.endpoint == "static" and response.status_code < 400 else logging.INFO
    log.log(level, "%s %s %s %.0fms", request.method, rule, response.status_code, elapsed)
    return response
