"""The sandbox's JSON API for tests and benchmarks: messages, replies, events, faults, stats."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request

from sandbox import events
from sandbox.config import FaultSettings
from sandbox.events import EventError
from sandbox.inbound import ReplyOptions
from sandbox.state import current_sandbox

log = logging.getLogger(__name__)
blueprint = Blueprint("api", __name__, url_prefix="/api")
MAX_LIMIT = 10_000
DEFAULT_LIMIT = 100


def _problem(message: str, status: int) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _json_body() -> dict[str, Any]:
    """A JSON object body; JSON only, so a cross-site form cannot drive these endpoints."""
    if not request.is_json:
        abort(_problem("send application/json", 415))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(_problem("the body must be a JSON object", 400))
    return data


def _message_or_404(message_id: int) -> dict[str, Any]:
    message = current_sandbox().store.get(message_id)
    if message is None:
        abort(_problem("no such message", 404))
    return message


@blueprint.get("/messages")
def list_messages() -> Response:
    """Newest first; `to` filters by recipient (any case), `limit` caps the count (default 100)."""
    raw_limit = request.args.get("limit", str(DEFAULT_LIMIT))
    try:
        limit = int(raw_limit)
    except ValueError:
        return _problem("limit must be a whole number", 400)
    if not 1 <= limit <= MAX_LIMIT:
        return _problem(f"limit must be between 1 and {MAX_LIMIT}", 400)
    return jsonify(current_sandbox().store.list(to=request.args.get("to") or None, limit=limit))


@blueprint.delete("/messages")
def clear_messages() -> Response:
    return jsonify({"deleted": current_sandbox().store.clear()})


@blueprint.get("/messages/<int:message_id>")
def get_message(message_id: int) -> Response:
    return jsonify(_message_or_404(message_id))


@blueprint.post("/messages/<int:message_id>/reply")
def reply(message_id: int) -> Response:
    """Post a reply in Inbound Parse format; answers with the webhook's status code.

    Body: {"text"} plus optional "raw", "charset", "parts" (both|text|html), overrides "to", "from",
    "cc", "subject", extra "headers" (e.g. Auto-Submitted) and "attachments" [{filename,type,content}].
    """
    message = _message_or_404(message_id)
    data = _json_body()
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        return _problem("text must be a non-empty string", 400)
    try:
        options = ReplyOptions.from_api(data)
    except ValueError as exc:
        return _problem(str(exc), 400)
    try:
        status = current_sandbox().reply(message, text, options)
    except OSError as exc:
        log.warning("reply to message %s: inbound webhook unreachable: %s", message_id, exc)
        return _problem(f"inbound webhook unreachable: {exc}", 502)
    return _answer(status, {"webhook_status": status})


@blueprint.post("/messages/<int:message_id>/events")
def post_events(message_id: int) -> Response:
    """Post one signed Event Webhook batch; answers with the webhook's status code and the events."""
    message = _message_or_404(message_id)
    specs = _json_body().get("events", list(events.DEFAULT_EVENTS))
    if not isinstance(specs, list) or not specs or not all(isinstance(s, str | dict) for s in specs):
        return _problem("events must be a non-empty list of event names or objects", 400)
    try:
        events.build_batch([message], specs)
    except EventError as exc:
        return _problem(str(exc), 400)
    try:
        status, batch = current_sandbox().post_events([message], specs)
    except OSError as exc:
        log.warning("events for message %s: webhook unreachable: %s", message_id, exc)
        return _problem(f"event webhook unreachable: {exc}", 502)
    return _answer(status, {"webhook_status": status, "events": batch})


def _answer(status: int, body: dict[str, Any]) -> Response:
    """The webhook's status code as ours (a status outside 100-599 would break HTTP, so 502)."""
    response = jsonify(body)
    response.status_code = status if 100 <= status <= 599 else 502
    return response


@blueprint.get("/faults")
def get_faults() -> Response:
    return jsonify(current_sandbox().store.read_faults().as_dict())


@blueprint.post("/faults")
def set_faults() -> Response:
    """Change some or all knobs at once for every server process; omitted knobs keep their value."""
    store = current_sandbox().store
    try:
        faults = FaultSettings.from_mapping(_json_body(), store.read_faults())
    except ValueError as exc:
        return _problem(str(exc), 400)
    store.write_faults(faults)
    return jsonify(faults.as_dict())


@blueprint.get("/stats")
def stats() -> Response:
    return jsonify(current_sandbox().store.stats())


@blueprint.get("/stats/messages")
def message_count() -> Response:
    """{"messages": copies stored}: what a benchmark polls while it waits (no DISTINCT over every row)."""
    return jsonify({"messages": current_sandbox().store.message_count()})


@blueprint.get("/tally")
def tally() -> Response:
    """{"by_message_id": {message_id: copies stored}, "dropped": {message_id: copies dropped after 202}}."""
    return jsonify(current_sandbox().store.tally())


@blueprint.get("/public-key")
def public_key() -> Response:
    """The event-signing key's public half, as SENDGRID_EVENT_PUBLIC_KEY wants it."""
    from service.dev_secrets import public_key_base64

    return jsonify({"public_key": public_key_base64(current_sandbox().private_key.public_key())})
