"""Every web request gets an id: the caller's X-Request-ID when it is sane, else a new one. It is on
every log line written for the request and echoed in the response's X-Request-ID header."""

from __future__ import annotations

import re
import uuid

from flask import Flask, Response, g, request

from service.logs import request_id_var

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")  # a load balancer's id, never text to echo blindly


def init_app(app: Flask) -> None:
    app.before_request(_begin)
    app.after_request(_echo)
    app.teardown_request(_end)


def current_request_id(given: str | None) -> str:
    """The caller's id if it is a short token, else a fresh one (a hostile header is replaced, not echoed)."""
    if given is not None and _SANE.fullmatch(given):
        return given
    return uuid.uuid4().hex


def _begin() -> None:
    g.request_id = current_request_id(request.headers.get(HEADER))
    g.request_id_token = request_id_var.set(g.request_id)


def _echo(response: Response) -> Response:
    request_id = g.get("request_id")
    if request_id:
        response.headers[HEADER] = request_id
    return response


def _end(_exc: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id_var.reset(token)
