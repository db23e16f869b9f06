"""JSON bodies in, JSON errors out: every HTTP error under /api answers {"error": message}."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException, RequestEntityTooLarge, UnsupportedMediaType

from service.api import blueprint
from service.error_pages import html_error_page

MESSAGES = {
    401: "Authentication required.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The request body is too large.",
    415: "Send JSON with 'Content-Type: application/json'.",
    429: "Too many requests. Please wait a minute and try again.",
}


def json_body(max_bytes: int) -> Any:
    """The parsed JSON body; 415 for another content type, 413 when too large, 400 when malformed."""
    if request.mimetype != "application/json":
        raise UnsupportedMediaType(MESSAGES[415])
    if request.content_length is not None and request.content_length > max_bytes:
        raise RequestEntityTooLarge(f"The request body must be at most {max_bytes // 1024} KB.")
    raw = request.get_data(cache=False)
    if len(raw) > max_bytes:
        raise RequestEntityTooLarge(f"The request body must be at most {max_bytes // 1024} KB.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest("The request body is not valid JSON.") from None


def field_errors(errors: dict[str, str], status: int = 422) -> tuple[Response, int]:
    return jsonify(errors=errors), status


def register_unrouted_errors(app: Flask) -> None:
    """404 and 405 are raised before routing picks the blueprint: answer them in JSON under /api too."""

    def unrouted(error: HTTPException) -> Response | HTTPException:
        if request.path == "/api" or request.path.startswith("/api/"):
            return _http_error(error)
        return html_error_page(error)

    app.register_error_handler(404, unrouted)
    app.register_error_handler(405, unrouted)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Werkzeug's HTML error pages are no use to an API client."""
    status = error.code or 500
    default = type(error).description
    message = error.description if error.description and error.description != default else None
    if status == 429:  # Flask-Limiter's description is only the limit, e.g. "10 per 1 minute"
        message = f"{MESSAGES[429]} (Limit: {message or 'exceeded'}.)"
    response = jsonify(error=message or MESSAGES.get(status) or error.name)
    response.status_code = status
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response
