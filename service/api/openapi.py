"""GET /api/openapi.json: the OpenAPI 3 description of the JSON API and the two SendGrid webhooks."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Response, jsonify

from service.analytics.managers import (
    COLUMNS,
    MAX_PAGE,
    PER_PAGE,
    SEARCH_MAX,
    STALLED_NO,
    STALLED_YES,
    STATUSES,
)
from service.analytics.periods import PERIOD_DAYS
from service.api import blueprint
from service.api.openapi_schemas import component_schemas, ref
from service.api.params import DIRECTIONS, PERIODS, STALLED
from service.curriculum import load_curriculum
from service.enums import SubscriptionStatus

JSON = "application/json"

# What a subscribe request answers (pending for every new or unknown address).
SUBSCRIBE_ANSWERS = [SubscriptionStatus.PENDING, SubscriptionStatus.ACTIVE, SubscriptionStatus.PAUSED]


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(ref("Error"), description)


def _text(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}}


PROGRAM_ID = {
    "name": "program_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _table_params(lessons: list[str]) -> list[dict[str, Any]]:
    """The engagement query, with the lists service/api/params.py enforces (400 outside them)."""
    return [
        _query(
            "days", {"type": "integer", "enum": list(PERIOD_DAYS), "default": 7}, "Period length in days."
        ),
        _query(
            "period",
            {"type": "string", "enum": list(PERIODS)},
            "ptd: the program to date; range: from..to; a number: that many days (as `days`, which may "
            "then be left out or be the same number).",
        ),
        _query(
            "from",
            {"type": "string", "format": "date"},
            "First day of a range (the token owner's timezone); only with period=range or alone.",
        ),
        _query("to", {"type": "string", "format": "date"}, "Last day of a range."),
        _query(
            "sort", {"type": "string", "enum": list(COLUMNS), "default": "name"}, "Manager table sort key."
        ),
        _query("dir", {"type": "string", "enum": list(DIRECTIONS), "default": "asc"}, "Sort direction."),
        _query("status", {"type": "string", "enum": list(STATUSES)}, "Only managers with this status."),
        _query("focus", {"type": "string", "enum": lessons}, "Only managers focused on this lesson (slug)."),
        _query("q", {"type": "string", "maxLength": SEARCH_MAX}, "Search in names and emails."),
        _query(
            "stalled",
            {"type": "string", "enum": list(STALLED)},
            f"{', '.join(STALLED_YES)}: only stalled managers; {', '.join(STALLED_NO)}: every manager.",
        ),
        _query(
            "page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            "Page number. A page past the last answers no rows; `managers.pages` says how many there are.",
        ),
        _query("per_page", {"type": "integer", "enum": list(PER_PAGE), "default": 100}, "Rows per page."),
    ]


def _paths(lessons: list[str]) -> dict[str, Any]:
    bearer: list[dict[str, list[str]]] = [{"bearerToken": []}]
    return {
        "/api/v1/programs/{program_id}/engagement": {
            "get": {
                "operationId": "getEngagement",
                "summary": "A program's KPIs, weekly series, lessons and one page of per-manager rows",
                "security": bearer,
                "parameters": [PROGRAM_ID, *_table_params(lessons)],
                "responses": {
                    "200": _json(ref("Engagement"), "Engagement figures."),
                    "400": _error(
                        "An unusable query parameter, named in the message with the values it accepts: "
                        "one outside its list or range, given twice, or a period chosen two ways; or an "
                        "unusable date range (reversed, in the future, malformed, too long). Empty values "
                        "count as not given; unknown parameters are ignored."
                    ),
                    "401": _error("Missing, unknown, expired or revoked token."),
                    "404": _error("No such program, or not one of yours."),
                },
            }
        },
        "/api/v1/programs/{program_id}/managers": {
            "post": {
                "operationId": "enrolManagers",
                "summary": "Invite managers to a program; each new address gets one invitation email",
                "security": bearer,
                "parameters": [PROGRAM_ID],
                "requestBody": {"required": True, "content": {JSON: {"schema": ref("EnrolRequest")}}},
                "responses": {
                    "200": _json(ref("EnrolResult"), "Per-row results (valid rows imported)."),
                    "400": _error("The body is not valid JSON."),
                    "401": _error("Missing, unknown or revoked token."),
                    "404": _error("No such program, or not one of yours."),
                    "413": _error("The body is too large."),
                    "415": _error("Not JSON."),
                    "422": _json(ref("FieldErrors"), "The body is unusable."),
                },
            }
        },
        "/api/v1/subscriptions": {
            "post": {
                "operationId": "subscribe",
                "summary": "Subscribe an address; a confirmation email follows (double opt-in)",
                "security": [],
                "requestBody": {"required": True, "content": {JSON: {"schema": ref("SubscriptionRequest")}}},
                "responses": {
                    "202": _json(
                        {
                            "type": "object",
                            "required": ["id", "status"],
                            "properties": {
                                "id": {"type": "string"},
                                "status": {
                                    "type": "string",
                                    "enum": [
                                        SubscriptionStatus.PENDING,
                                        SubscriptionStatus.ACTIVE,
                                        SubscriptionStatus.PAUSED,
                                    ],
                                },
                            },
                        },
                        "Accepted; the same answer (pending) whether or not the address was known. With a "
                        "valid invitation the address joins the program at once (active, or paused).",
                    ),
                    "400": _error("The body is not valid JSON."),
                    "413": _error("The body is too large."),
                    "415": _error("Not JSON."),
                    "422": _json(ref("FieldErrors"), "Invalid fields; nothing stored."),
                    "429": _error("Too many requests."),
                },
            }
        },
        "/webhooks/sendgrid/inbound": {
            "post": {
                "operationId": "inboundParse",
                "summary": "SendGrid Inbound Parse: a manager's emailed reply, stored raw before processing",
                "security": [{"inboundBasic": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    name: {"type": "string"}
                                    for name in (
                                        "headers",
                                        "from",
                                        "to",
                                        "subject",
                                        "text",
                                        "html",
                                        "envelope",
                                        "charsets",
                                        "SPF",
                                        "dkim",
                                        "sender_ip",
                                        "attachments",
                                    )
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": _text("Stored (processing follows in a job)."),
                    "400": _text("Empty body."),
                    "401": _text("Missing or wrong Basic credentials."),
                    "413": _text("Body too large."),
                    "503": _text("Could not store it now; SendGrid retries."),
                },
            }
        },
        "/webhooks/sendgrid/events": {
            "post": {
                "operationId": "eventWebhook",
                "summary": "SendGrid Event Webhook: delivery, open, click, bounce... events for sent emails",
                "security": [],
                "parameters": [
                    {
                        "name": "X-Twilio-Email-Event-Webhook-Signature",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": "ECDSA signature (required in production).",
                    },
                    {
                        "name": "X-Twilio-Email-Event-Webhook-Timestamp",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                    },
                ],
                "requestBody": {
                    "required": True,
                    "content": {JSON: {"schema": {"type": "array", "items": ref("SendGridEvent")}}},
                },
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["received", "ignored", "matched", "suppressed"],
                            "properties": {
                                name: {"type": "integer"}
                                for name in ("received", "ignored", "matched", "suppressed")
                            },
                        },
                        "Stored and applied.",
                    ),
                    "400": _error("Not a JSON array."),
                    "403": _error("Bad or stale signature."),
                    "503": _error("Could not store it now; SendGrid retries."),
                },
            }
        },
    }


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The document as a dict (tests load it into schemathesis)."""
    lessons = list(load_curriculum().slugs)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Collaborative Leadership Coach API",
            "version": "1.0.0",
            "description": "Program engagement and enrolment for program leads (bearer tokens created on "
            "the leads' API tokens page), public subscription, and the SendGrid webhooks.",
        },
        "paths": _paths(lessons),
        "components": {
            "schemas": component_schemas(lessons),
            "securitySchemes": {
                "bearerToken": {"type": "http", "scheme": "bearer", "description": "A lead's API token."},
                "inboundBasic": {
                    "type": "http",
                    "scheme": "basic",
                    "description": "INBOUND_AUTH user:password.",
                },
            },
        },
    }


@blueprint.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
