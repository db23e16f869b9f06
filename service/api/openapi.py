"""GET /api/openapi.json: the OpenAPI 3 description of the JSON API and the two SendGrid webhooks."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Response, jsonify

from service.analytics.managers import COLUMNS, PER_PAGE, STATUSES
from service.analytics.periods import PERIOD_DAYS
from service.api import blueprint
from service.curriculum import load_curriculum
from service.subscriptions.validation import INTENSITIES

JSON = "application/json"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _text(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/plain": {"schema": {"type": "string"}}}}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


PROGRAM_ID = {
    "name": "program_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": 2147483647},
}


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _schemas(lessons: list[str]) -> dict[str, Any]:
    kpi = {
        "type": "object",
        "required": ["label", "value", "previous", "change", "unit"],
        "properties": {
            "label": {"type": "string"},
            "value": _nullable({"type": "number"}),
            "previous": _nullable({"type": "number"}),
            "change": _nullable({"type": "number"}),
            "unit": {"type": "string", "enum": ["count", "percent", "hours"]},
        },
    }
    kpi_keys = ["enrolled", "pending", "active", "paused", "unsubscribed", "sent", "delivered", "reply_rate",
                "median_reply_hours", "active_managers"]  # fmt: skip
    manager = {
        "type": "object",
        "required": ["id", "name", "email", "focus", "status", "last_email_at", "last_reply_at", "replies",
                     "current_streak", "unanswered_prompts", "stalled"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "focus": _nullable({"type": "string"}),
            "status": {"type": "string", "enum": list(STATUSES)},
            "last_email_at": _nullable({"type": "string", "format": "date-time"}),
            "last_reply_at": _nullable({"type": "string", "format": "date-time"}),
            "replies": {"type": "integer", "minimum": 0},
            "current_streak": {"type": "integer", "minimum": 0, "description": "Prompts answered in a row."},
            "unanswered_prompts": {"type": "integer", "minimum": 0},
            "stalled": {"type": "boolean", "description": "3 or more prompts unanswered in a row."},
        },
    }  # fmt: skip
    enrol_row = {
        "type": "object",
        "required": ["email"],
        "additionalProperties": False,
        "properties": {
            "email": {"type": "string", "format": "email", "maxLength": 320},
            "name": {"type": "string", "maxLength": 200},
            "timezone": {"type": "string", "example": "Europe/Berlin"},
            "focus": {"type": "string", "enum": lessons},
        },
    }
    return {
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        "FieldErrors": {
            "type": "object",
            "required": ["errors"],
            "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
        },
        "Kpi": kpi,
        "Engagement": {
            "type": "object",
            "required": ["program", "generated_at", "period", "kpis", "weekly", "lessons", "managers"],
            "properties": {
                "program": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                },
                "generated_at": {"type": "string", "format": "date-time"},
                "period": {
                    "type": "object",
                    "required": ["days", "start", "end", "previous_start", "previous_end"],
                    "properties": {
                        "days": {"type": "integer", "enum": list(PERIOD_DAYS)},
                        **{
                            name: {"type": "string", "format": "date-time"}
                            for name in ("start", "end", "previous_start", "previous_end")
                        },
                    },
                },
                "kpis": {
                    "type": "object",
                    "required": kpi_keys,
                    "properties": {k: _ref("Kpi") for k in kpi_keys},
                },
                "weekly": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["week_start", "sends", "replies"],
                        "properties": {
                            "week_start": {"type": "string", "format": "date", "description": "Monday (UTC)"},
                            "sends": {"type": "integer", "minimum": 0},
                            "replies": {"type": "integer", "minimum": 0},
                        },
                    },
                },
                "lessons": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "lesson",
                            "title",
                            "subscribers",
                            "prompts",
                            "reply_rate",
                            "avg_reply_words",
                        ],
                        "properties": {
                            "lesson": {"type": "string", "enum": lessons},
                            "title": {"type": "string"},
                            "subscribers": {"type": "integer", "minimum": 0},
                            "prompts": {"type": "integer", "minimum": 0},
                            "reply_rate": _nullable({"type": "number", "minimum": 0, "maximum": 100}),
                            "avg_reply_words": _nullable({"type": "number", "minimum": 0}),
                        },
                    },
                },
                "managers": {
                    "type": "object",
                    "required": ["total", "page", "per_page", "pages", "rows"],
                    "properties": {
                        "total": {"type": "integer", "minimum": 0},
                        "page": {"type": "integer", "minimum": 1},
                        "per_page": {"type": "integer", "enum": list(PER_PAGE)},
                        "pages": {"type": "integer", "minimum": 1},
                        "rows": {"type": "array", "items": manager},
                    },
                },
            },
        },
        "SubscriptionRequest": {
            "type": "object",
            "required": ["email", "focus"],
            "additionalProperties": False,
            "properties": {
                "email": {"type": "string", "format": "email", "maxLength": 320},
                "name": {"type": "string", "maxLength": 200},
                "focus": {"type": "string", "enum": lessons},
                "timezone": {"type": "string", "example": "America/New_York"},
                "send_time": {"type": "string", "pattern": "^[0-2]?[0-9]:[0-5][0-9]$", "example": "09:00"},
                "weekdays": {
                    "type": "array",
                    "items": {"type": "string", "enum": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]},
                },
                "program_id": {"type": "integer", "minimum": 1},
                "intensity": {"type": "string", "enum": list(INTENSITIES)},
            },
        },
        "EnrolRequest": {
            "type": "object",
            "required": ["managers"],
            "additionalProperties": False,
            "properties": {
                "managers": {"type": "array", "minItems": 1, "maxItems": 1000, "items": enrol_row}
            },
        },
        "EnrolResult": {
            "type": "object",
            "required": ["invited", "already_enrolled", "duplicates", "errors", "rows"],
            "properties": {
                "invited": {"type": "integer"},
                "already_enrolled": {"type": "integer"},
                "duplicates": {"type": "integer"},
                "errors": {"type": "integer"},
                "rows": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["row", "email", "status", "errors"],
                        "properties": {
                            "row": {"type": "integer"},
                            "email": {"type": "string"},
                            "status": {
                                "type": "string",
                                "enum": ["invited", "already-enrolled", "duplicate", "error"],
                            },
                            "errors": {"type": "object", "additionalProperties": {"type": "string"}},
                        },
                    },
                },
            },
        },
        "SendGridEvent": {
            "type": "object",
            "description": "One Event Webhook event; unknown fields are kept, malformed items ignored.",
            "properties": {
                "email": {"type": "string"},
                "timestamp": {"type": "integer"},
                "event": {"type": "string", "example": "delivered"},
                "sg_event_id": {"type": "string"},
                "sg_message_id": {"type": "string"},
                "message_id": {"type": "string", "description": "Our custom argument: the outbox row id."},
            },
            "additionalProperties": True,
        },
    }


def _paths() -> dict[str, Any]:
    bearer: list[dict[str, list[str]]] = [{"bearerToken": []}]
    table_params = [
        _query(
            "days", {"type": "integer", "enum": list(PERIOD_DAYS), "default": 7}, "Period length in days."
        ),
        _query(
            "sort", {"type": "string", "enum": list(COLUMNS), "default": "name"}, "Manager table sort key."
        ),
        _query("dir", {"type": "string", "enum": ["asc", "desc"], "default": "asc"}, "Sort direction."),
        _query("status", {"type": "string", "enum": list(STATUSES)}, "Only managers with this status."),
        _query("focus", {"type": "string"}, "Only managers focused on this lesson (slug)."),
        _query("q", {"type": "string", "maxLength": 100}, "Search in names and emails."),
        _query("stalled", {"type": "string", "enum": ["0", "1"]}, "1: only stalled managers."),
        _query("page", {"type": "integer", "minimum": 1, "maximum": 1000000, "default": 1}, "Page number."),
        _query("per_page", {"type": "integer", "enum": list(PER_PAGE), "default": 100}, "Rows per page."),
    ]
    return {
        "/api/v1/programs/{program_id}/engagement": {
            "get": {
                "operationId": "getEngagement",
                "summary": "A program's KPIs, weekly series, lessons and one page of per-manager rows",
                "security": bearer,
                "parameters": [PROGRAM_ID, *table_params],
                "responses": {
                    "200": _json(_ref("Engagement"), "Engagement figures."),
                    "401": _error("Missing, unknown or revoked token."),
                    "404": _error("No such program, or not one of yours."),
                },
            }
        },
        "/api/v1/programs/{program_id}/managers": {
            "post": {
                "operationId": "enrolManagers",
                "summary": "Enrol managers into a program; each new one gets an invitation email",
                "security": bearer,
                "parameters": [PROGRAM_ID],
                "requestBody": {"required": True, "content": {JSON: {"schema": _ref("EnrolRequest")}}},
                "responses": {
                    "200": _json(_ref("EnrolResult"), "Per-row results (valid rows imported)."),
                    "400": _error("The body is not valid JSON."),
                    "401": _error("Missing, unknown or revoked token."),
                    "404": _error("No such program, or not one of yours."),
                    "413": _error("The body is too large."),
                    "415": _error("Not JSON."),
                    "422": _json(_ref("FieldErrors"), "The body is unusable."),
                },
            }
        },
        "/api/v1/subscriptions": {
            "post": {
                "operationId": "subscribe",
                "summary": "Subscribe an address; a confirmation email follows (double opt-in)",
                "security": [],
                "requestBody": {"required": True, "content": {JSON: {"schema": _ref("SubscriptionRequest")}}},
                "responses": {
                    "202": _json(
                        {
                            "type": "object",
                            "required": ["id", "status"],
                            "properties": {
                                "id": {"type": "string"},
                                "status": {"type": "string", "enum": ["pending"]},
                            },
                        },
                        "Accepted; the same answer whether or not the address was known.",
                    ),
                    "400": _error("The body is not valid JSON."),
                    "413": _error("The body is too large."),
                    "415": _error("Not JSON."),
                    "422": _json(_ref("FieldErrors"), "Invalid fields; nothing stored."),
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
                    "content": {JSON: {"schema": {"type": "array", "items": _ref("SendGridEvent")}}},
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
        "paths": _paths(),
        "components": {
            "schemas": _schemas(lessons),
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
