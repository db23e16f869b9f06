"""Validation of v3 mail/send bodies with SendGrid's documented limits and error JSON."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from sandbox.store import NewMessage

MAX_PERSONALIZATIONS = 1000
MAX_RECIPIENTS = 1000
MAX_CUSTOM_ARGS_BYTES = 10_000
MAX_CATEGORIES = 10
MAX_CATEGORY_LENGTH = 255
HELP = "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message."
RESERVED_HEADERS = frozenset(
    h.lower()
    for h in (
        "x-sg-id",
        "x-sg-eid",
        "received",
        "dkim-signature",
        "Content-Type",
        "Content-Transfer-Encoding",
        "To",
        "From",
        "Subject",
        "Reply-To",
        "CC",
        "BCC",
    )
)
# SendGrid answers 202 for a display name holding one of these, then silently drops that recipient;
# the sandbox answers 400 instead so the service's tests catch a name that was not cleaned.
NAME_BREAKERS = (",", ";")
_LOCAL = r"[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
ADDRESS = re.compile(rf"{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")


@dataclass
class Errors:
    """SendGrid's error list: every problem found, not only the first."""

    items: list[dict[str, str | None]] = field(default_factory=list)

    def add(self, message: str, field_name: str | None, help_anchor: str | None = None) -> None:
        anchor = help_anchor if help_anchor is not None else (field_name or "").split(".")[0]
        self.items.append(
            {"message": message, "field": field_name, "help": HELP + anchor if field_name else None}
        )

    def body(self) -> dict[str, list[dict[str, str | None]]]:
        return {"errors": self.items}


@dataclass(frozen=True)
class Accepted:
    """A valid request: one copy per "to" recipient, or none at all in sandbox mode."""

    messages: list[NewMessage]
    sandbox_mode: bool = False


def error_body(message: str, field_name: str | None = None) -> dict[str, list[dict[str, str | None]]]:
    """A one-error body in SendGrid's shape (401, 429, 5xx and request-level 400s)."""
    return {"errors": [{"message": message, "field": field_name, "help": None}]}


def validate_send(body: bytes, content_type: str | None) -> Accepted | Errors:
    """Check a request the way SendGrid does and build the copies to store."""
    errors = Errors()
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        errors.items.append(error_body("Content-Type should be application/json.")["errors"][0])
        return errors
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        errors.items.append(error_body("Bad Request")["errors"][0])
        return errors
    if not isinstance(data, dict):
        errors.add(f"Invalid type. Expected: object, given: {_type_name(data)}.", "(root)", "")
        return errors

    sender = _address(data.get("from"), "from", errors, required=True)
    reply_to = _address(data.get("reply_to"), "reply_to", errors, required=False)
    base_subject = data.get("subject")
    if base_subject is not None and not isinstance(base_subject, str):
        errors.add(f"Invalid type. Expected: string, given: {_type_name(base_subject)}.", "subject")
    template_id = data.get("template_id")
    text, html = _content(data.get("content"), errors, required=not template_id)
    base_headers = _string_map(data.get("headers"), "headers", errors, headers=True)
    base_args = _string_map(data.get("custom_args"), "custom_args", errors)
    categories = _categories(data.get("categories"), errors)
    personalizations = _personalizations(data.get("personalizations"), errors)
    subject_given = isinstance(base_subject, str) and bool(base_subject)
    each_has_one = all(isinstance(p.get("subject"), str) and p.get("subject") for p in personalizations)
    if personalizations and not template_id and not subject_given and not each_has_one:
        errors.add(
            "The subject is required. You can get around this requirement if you use a template "
            "with a subject defined or if every single personalization has a subject defined.",
            "subject",
        )
    if errors.items:
        return errors

    mail_settings = data.get("mail_settings")
    sandbox_mode = isinstance(mail_settings, dict) and bool(
        (mail_settings.get("sandbox_mode") or {}).get("enable")
    )
    messages: list[NewMessage] = []
    for index, p in enumerate(personalizations):
        args = {
            **base_args,
            **_string_map(p.get("custom_args"), f"personalizations.{index}.custom_args", errors),
        }
        if sum(len(k.encode()) + len(v.encode()) for k, v in args.items()) > MAX_CUSTOM_ARGS_BYTES:
            errors.add(
                f"The custom_args parameter must not exceed {MAX_CUSTOM_ARGS_BYTES} bytes in total "
                "(message and personalization combined).",
                f"personalizations.{index}.custom_args",
                "custom_args",
            )
            continue
        headers = {
            **base_headers,
            **_string_map(p.get("headers"), f"personalizations.{index}.headers", errors, headers=True),
        }
        subject = p.get("subject") or base_subject or ""
        subs = p.get("substitutions")
        p_text, p_html = text, html
        if isinstance(subs, dict) and subs:
            subject, p_text, p_html = (_substitute(s, subs) for s in (subject, text, html))
        extra: dict[str, Any] = {}
        for key in ("cc", "bcc"):
            if p.get(key):
                extra[key] = [r["email"] for r in p[key]]
        for key in ("send_at", "template_id", "batch_id"):
            value = p.get(key, data.get(key))
            if value is not None:
                extra[key] = value
        if data.get("attachments"):
            extra["attachments"] = [
                {"filename": a.get("filename"), "type": a.get("type"), "disposition": a.get("disposition")}
                for a in data["attachments"]
                if isinstance(a, dict)
            ]
        for recipient in p["to"]:
            messages.append(
                NewMessage(
                    to_addr=recipient["email"],
                    to_name=recipient.get("name") or "",
                    from_addr=sender[0],
                    from_name=sender[1],
                    reply_to=reply_to[0],
                    reply_to_name=reply_to[1],
                    subject=subject,
                    text=p_text,
                    html=p_html,
                    headers=headers,
                    custom_args=args,
                    categories=categories,
                    extra=extra,
                )
            )
    if errors.items:
        return errors
    return Accepted(messages=messages, sandbox_mode=sandbox_mode)


def is_address(value: object) -> bool:
    return isinstance(value, str) and len(value) <= 254 and ADDRESS.fullmatch(value) is not None


def _type_name(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _address(value: object, name: str, errors: Errors, *, required: bool) -> tuple[str, str]:
    """(email, name) of an address object; ("", "") when absent and optional."""
    if value is None:
        if required:
            errors.add(
                f"The {name} object must be provided for every email send. It is an object that requires "
                "an email parameter, but may also contain a name parameter.",
                name,
            )
        return "", ""
    if not isinstance(value, dict):
        errors.add(f"Invalid type. Expected: object, given: {_type_name(value)}.", name)
        return "", ""
    email = value.get("email")
    if not is_address(email):
        errors.add("Does not contain a valid address.", f"{name}.email", name)
        return "", ""
    display = value.get("name")
    if display is not None and not isinstance(display, str):
        errors.add(f"Invalid type. Expected: string, given: {_type_name(display)}.", f"{name}.name", name)
        return "", ""
    if not _name_ok(display, f"{name}.name", name, errors):
        return "", ""
    return str(email), display or ""


def _name_ok(display: object, where: str, anchor: str, errors: Errors) -> bool:
    """A display name SendGrid will deliver to: no `,` or `;` (it accepts those, then drops the mail)."""
    if isinstance(display, str) and any(mark in display for mark in NAME_BREAKERS):
        errors.add(
            "The name parameter may not contain ',' or ';' (SendGrid accepts it and then drops the "
            "recipient; the sandbox refuses it).",
            where,
            anchor,
        )
        return False
    return True


def _content(value: object, errors: Errors, *, required: bool) -> tuple[str, str]:
    """(text, html) from the content array, enforcing text/plain first, then text/html, once each."""
    if value is None:
        if required:
            errors.add(
                "Unless a valid template_id is provided, the content parameter is required. There must "
                "be at least one defined content block. We typically suggest both text/plain and "
                "text/html blocks are included, but only one block is required.",
                "content",
            )
        return "", ""
    if not isinstance(value, list) or not value:
        errors.add("The content parameter must be an array with at least one content block.", "content")
        return "", ""
    text, html, seen = "", "", []
    for index, block in enumerate(value):
        where = f"content.{index}"
        if not isinstance(block, dict):
            errors.add(f"Invalid type. Expected: object, given: {_type_name(block)}.", where, "content")
            continue
        kind, body = block.get("type"), block.get("value")
        if not isinstance(kind, str) or not kind:
            errors.add(
                "The content type must be a string at least one character in length.",
                f"{where}.type",
                "content.type",
            )
            continue
        if not isinstance(body, str) or not body:
            errors.add(
                "The content value must be a string at least one character in length.",
                f"{where}.value",
                "content.value",
            )
            continue
        kind = kind.lower()
        if kind in seen and kind in ("text/plain", "text/html"):
            errors.add("If present, text/plain and text/html may only be provided once.", where, "content")
        seen.append(kind)
        if kind == "text/plain":
            text = body
        elif kind == "text/html":
            html = body
    expected = [kind for kind in ("text/plain", "text/html") if kind in seen]
    if seen[: len(expected)] != expected:
        errors.add(
            "If present, text/plain must be first, followed by text/html, followed by any other content.",
            "content",
        )
    return text, html


def _string_map(value: object, name: str, errors: Errors, *, headers: bool = False) -> dict[str, str]:
    """A JSON object whose values must all be strings (custom_args, headers)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.add(f"Invalid type. Expected: object, given: {_type_name(value)}.", name)
        return {}
    result: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(item, str):
            errors.add(
                f"Invalid type. Expected: string, given: {_type_name(item)}.",
                f"{name}.{key}",
                name.split(".")[-1],
            )
            continue
        if headers and key.lower() in RESERVED_HEADERS:
            errors.add(f"The header {key} is reserved and cannot be set.", f"{name}.{key}", "headers")
            continue
        result[key] = item
    if not headers and sum(len(k.encode()) + len(v.encode()) for k, v in result.items()) > (
        MAX_CUSTOM_ARGS_BYTES
    ):
        errors.add(
            f"The custom_args parameter must not exceed {MAX_CUSTOM_ARGS_BYTES} bytes in total.",
            name,
            "custom_args",
        )
    return result


def _categories(value: object, errors: Errors) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(f"Invalid type. Expected: array, given: {_type_name(value)}.", "categories")
        return []
    if len(value) > MAX_CATEGORIES:
        errors.add(f"You may not have more than {MAX_CATEGORIES} categories per request.", "categories")
    if len(set(map(str, value))) != len(value):
        errors.add("The categories must be unique.", "categories")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item or len(item) > MAX_CATEGORY_LENGTH:
            errors.add(
                f"A category must be a string of 1 to {MAX_CATEGORY_LENGTH} characters.",
                f"categories.{index}",
                "categories",
            )
    return [str(item) for item in value]


def _personalizations(value: object, errors: Errors) -> list[dict[str, Any]]:
    """The personalizations, checked for count, recipients and well-formed addresses."""
    if not isinstance(value, list) or not value:
        errors.add(
            "The personalizations field is required and must have at least one personalization.",
            "personalizations",
        )
        return []
    if len(value) > MAX_PERSONALIZATIONS:
        errors.add(
            f"The personalization block is limited to {MAX_PERSONALIZATIONS} personalizations per API "
            f"request. You have provided {len(value)} personalizations. Please consider splitting this "
            "into multiple requests and resending your request.",
            "personalizations",
        )
        return []
    total = 0
    for index, p in enumerate(value):
        where = f"personalizations.{index}"
        if not isinstance(p, dict):
            errors.add(f"Invalid type. Expected: object, given: {_type_name(p)}.", where, "personalizations")
            continue
        if not isinstance(p.get("to"), list) or not p["to"]:
            errors.add(
                "The to array is required for all personalization objects, and must have at least "
                "one email object with a valid email address.",
                f"{where}.to",
                "personalizations.to",
            )
        seen: set[str] = set()
        for key in ("to", "cc", "bcc"):
            recipients = p.get(key)
            if recipients is None or (key == "to" and not isinstance(recipients, list)):
                continue
            if not isinstance(recipients, list):
                errors.add(
                    f"Invalid type. Expected: array, given: {_type_name(recipients)}.",
                    f"{where}.{key}",
                    f"personalizations.{key}",
                )
                continue
            total += len(recipients)
            for number, recipient in enumerate(recipients):
                email = recipient.get("email") if isinstance(recipient, dict) else None
                if not is_address(email):
                    errors.add(
                        "Does not contain a valid address.",
                        f"{where}.{key}.{number}.email",
                        f"personalizations.{key}",
                    )
                    continue
                display = recipient.get("name")
                if display is not None and not isinstance(display, str):
                    errors.add(
                        f"Invalid type. Expected: string, given: {_type_name(display)}.",
                        f"{where}.{key}.{number}.name",
                        f"personalizations.{key}",
                    )
                _name_ok(display, f"{where}.{key}.{number}.name", f"personalizations.{key}", errors)
                if str(email).lower() in seen:
                    errors.add(
                        "Each email address in the personalization block should be unique between to, cc, "
                        f"and bcc. We found the first duplicate instance of [{email}] in the "
                        f"{where}.{key} field.",
                        where,
                        "personalizations",
                    )
                seen.add(str(email).lower())
        subject = p.get("subject")
        if subject is not None and not isinstance(subject, str):
            errors.add(
                f"Invalid type. Expected: string, given: {_type_name(subject)}.",
                f"{where}.subject",
                "personalizations.subject",
            )
    if total > MAX_RECIPIENTS:
        errors.add(
            f"There is a limit of {MAX_RECIPIENTS} total recipients (to + cc + bcc) per request.",
            "personalizations",
        )
    return [p for p in value if isinstance(p, dict)]


def _substitute(template: str, substitutions: dict[str, Any]) -> str:
    for key, value in substitutions.items():
        if isinstance(key, str) and isinstance(value, str) and key:
            template = template.replace(key, value)
    return template
