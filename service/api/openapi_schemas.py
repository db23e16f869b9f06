"""Component schemas of the OpenAPI document (request and response bodies)."""

from __future__ import annotations

from typing import Any

from service.analytics.definitions import KPI_DEFINITIONS, KPI_KEYS, Unit
from service.analytics.managers import PER_PAGE, STATUSES
from service.analytics.periods import PERIOD_DAYS
from service.enums import EnrolmentRowStatus
from service.subscriptions.validation import INTENSITIES


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


def component_schemas(lessons: list[str]) -> dict[str, Any]:
    kpi = {
        "type": "object",
        "required": ["label", "value", "previous", "change", "unit", "higher_is_better"],
        "properties": {
            "label": {"type": "string"},
            "value": nullable({"type": "number"}),
            "previous": nullable({"type": "number"}),
            "change": nullable({"type": "number"}),
            "unit": {"type": "string", "enum": list(Unit)},
            "higher_is_better": {"type": "boolean", "description": "Whether a rise is good news."},
            "sample_size": nullable(
                {"type": "integer", "minimum": 0, "description": "Percentages: out of how many."}
            ),
            "previous_sample_size": nullable({"type": "integer", "minimum": 0}),
        },
    }
    kpi_keys = list(KPI_KEYS)
    rate = nullable({"type": "number", "minimum": 0, "maximum": 100, "description": "Percent, one decimal."})
    count = {"type": "integer", "minimum": 0}
    manager = {
        "type": "object",
        "required": ["id", "name", "email", "focus", "status", "last_email_at", "last_reply_at", "replies",
                     "current_streak", "unanswered_prompts", "stalled"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "email": {"type": "string"},
            "timezone": {"type": "string", "description": "The manager's IANA timezone."},
            "focus": nullable({"type": "string"}),
            "focus_title": nullable({"type": "string"}),
            "status": {"type": "string", "enum": list(STATUSES)},
            "last_email_at": nullable({"type": "string", "format": "date-time"}),
            "last_reply_at": nullable({"type": "string", "format": "date-time"}),
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
            "required": [
                "program",
                "generated_at",
                "figures_as_of",
                "period",
                "headline",
                "kpis",
                "weekly",
                "lessons",
                "newly_stalled",
                "managers",
            ],
            "properties": {
                "program": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                },
                "generated_at": {"type": "string", "format": "date-time"},
                "figures_as_of": {
                    "type": "string",
                    "format": "date-time",
                    "description": "KPIs, weekly series and lessons are a snapshot at most a minute old.",
                },
                "period": {
                    "type": "object",
                    "required": ["key", "days", "start", "end", "previous_start", "previous_end"],
                    "properties": {
                        "key": {"type": "string", "enum": ["ptd", "range", *(str(d) for d in PERIOD_DAYS)]},
                        "days": nullable({"type": "integer", "enum": list(PERIOD_DAYS)}),
                        "start": {"type": "string", "format": "date-time"},
                        "end": {"type": "string", "format": "date-time"},
                        "previous_start": nullable({"type": "string", "format": "date-time"}),
                        "previous_end": nullable({"type": "string", "format": "date-time"}),
                    },
                },
                "headline": {
                    "type": "object",
                    "description": "Program to date, whatever the period.",
                    "required": [
                        "active_managers",
                        "taking_part",
                        "prompts_to_date",
                        "prompts_answered_to_date",
                        "reply_rate_to_date",
                    ],
                    "properties": {
                        "active_managers": count,
                        "taking_part": count,
                        "prompts_to_date": count,
                        "prompts_answered_to_date": count,
                        "reply_rate_to_date": rate,
                    },
                },
                "newly_stalled": {
                    "type": "object",
                    "required": ["total", "managers"],
                    "properties": {
                        "total": count,
                        "managers": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "name", "focus", "unanswered_prompts", "stalled_since"],
                                "properties": {
                                    "id": {"type": "integer"},
                                    "name": {"type": "string"},
                                    "focus": nullable({"type": "string"}),
                                    "unanswered_prompts": count,
                                    "stalled_since": {"type": "string", "format": "date-time"},
                                },
                            },
                        },
                    },
                },
                "kpis": {
                    "type": "object",
                    "required": kpi_keys,
                    "properties": {
                        d.key: {"allOf": [ref("Kpi")], "description": d.definition} for d in KPI_DEFINITIONS
                    },
                },
                "weekly": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "week_start",
                            "sends",
                            "replies",
                            "prompts",
                            "prompts_answered",
                            "reply_rate",
                            "commitments_due",
                            "commitments_kept",
                            "commitments_kept_rate",
                        ],
                        "properties": {
                            "week_start": {"type": "string", "format": "date", "description": "Monday (UTC)"},
                            "sends": count,
                            "replies": count,
                            "prompts": count,
                            "prompts_answered": count,
                            "reply_rate": rate,
                            "commitments_due": count,
                            "commitments_kept": count,
                            "commitments_kept_rate": rate,
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
                            "prompts_answered": count,
                            "reply_rate": rate,
                            "avg_reply_words": nullable({"type": "number", "minimum": 0}),
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
                "program_id": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "Only with `invitation`, the token of that program's invitation to this "
                    "address (422 naming program_id otherwise): joins the program at once.",
                },
                "invitation": {
                    "type": "string",
                    "maxLength": 512,
                    "description": "The token at the end of an invitation email's join link.",
                },
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
                            "email": {
                                "type": "string",
                                "description": "The address as stored; on an error row, as it was sent "
                                "(at most 320 characters; empty when none was sent as text).",
                            },
                            "status": {
                                "type": "string",
                                "enum": [str(status) for status in EnrolmentRowStatus],
                                "description": "invited: every new address, known to the service or not "
                                "(nothing about the person is revealed; they join only by accepting).",
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
