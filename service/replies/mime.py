"""Re-parse a stored Inbound Parse post: form fields as raw bytes, decoded with the charsets SendGrid names.

Werkzeug decodes every form field as UTF-8, which turns a windows-1252 or ISO-8859-1 reply into
replacement characters, so the web hook stores the raw body and this module parses it again with
the standard library's MIME parser. Both Inbound Parse modes are understood: the default "parsed"
form (headers, text, html, from, to, cc, subject, envelope, charsets, SPF, dkim, attachmentN…) and
"send raw" (the whole MIME message in the `email` field).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email import errors as email_errors
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser, HeaderParser
from email.utils import getaddresses, parseaddr

_FATAL_DEFECTS = (
    email_errors.NoBoundaryInMultipartDefect,
    email_errors.StartBoundaryNotFoundDefect,
    email_errors.CloseBoundaryNotFoundDefect,
)
_MSGID = re.compile(r"<[^<>\s]{1,490}>")
_FOLD = re.compile(r"\r?\n[ \t]+")
# What the standard library's email parser (and the codecs it calls) raises on input it cannot read,
# besides its own MessageError family. The same exception raised by this module's code is a bug:
# it propagates, and the job logs it with its traceback and marks the post "failed", not "malformed".
_PARSER_FAILURES = (ValueError, LookupError, TypeError, IndexError, AttributeError, AssertionError)
_PARSER_MODULES = ("email", "encodings", "codecs")


class MalformedPost(ValueError):
    """The stored post cannot be read as an Inbound Parse form (not multipart, truncated, no fields)."""


@dataclass(frozen=True)
class FormPart:
    value: bytes
    filename: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class ParsedInbound:
    """What processing needs from one inbound email, whichever mode SendGrid posted it in."""

    mode: str
    from_address: str
    subject: str
    message_id: str | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    recipients: tuple[str, ...]
    text: str
    html: str
    spf: str = ""
    dkim: str = ""
    attachments: tuple[str, ...] = ()
    headers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None


def parse_post(content_type: str, body: bytes) -> ParsedInbound:
    """Parse a stored post; MalformedPost when it cannot be an Inbound Parse form."""
    try:
        form = form_fields(content_type, body)
        if "email" in form:
            return _parse_raw(form)
        if not {"headers", "text", "html", "from"} & form.keys():
            raise MalformedPost("no Inbound Parse fields (headers, text, html, from or email)")
        return _parse_fields(form)
    except MalformedPost:
        raise
    except email_errors.MessageError as exc:
        raise MalformedPost(f"unreadable post: {type(exc).__name__}") from exc
    except _PARSER_FAILURES as exc:
        if not raised_by_parser(exc):
            raise
        raise MalformedPost(f"unreadable post: {type(exc).__name__}") from exc


def raised_by_parser(exc: BaseException) -> bool:
    """Whether `exc` came out of the email package or a codec (bad input), not out of our own code (a bug)."""
    frame = exc.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    if frame is None:
        return False
    module = str(frame.tb_frame.f_globals.get("__name__", ""))
    return any(module == name or module.startswith(f"{name}.") for name in _PARSER_MODULES)


def form_fields(content_type: str, body: bytes) -> dict[str, FormPart]:
    """multipart/form-data fields by name (first wins), values as the raw bytes sent."""
    clean_type = " ".join(content_type.split())
    if not clean_type.lower().startswith("multipart/form-data") or "boundary=" not in clean_type.lower():
        raise MalformedPost("not multipart/form-data with a boundary")
    envelope = b"Content-Type: " + clean_type.encode("latin-1", "replace") + b"\r\nMIME-Version: 1.0\r\n\r\n"
    message = BytesParser(policy=policy.default).parsebytes(envelope + body)
    defects = list(message.defects)
    if not message.is_multipart() or any(isinstance(d, _FATAL_DEFECTS) for d in defects):
        raise MalformedPost("truncated or malformed multipart body")
    fields: dict[str, FormPart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name or name in fields:
            continue
        payload = part.get_payload(decode=True)
        value = payload if isinstance(payload, bytes) else part.as_bytes()
        content = part.get("Content-Type")
        fields[name] = FormPart(value, part.get_filename(), str(content) if content else None)
    return fields


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the named charset, else UTF-8, else windows-1252 (the usual mislabel) with replacements."""
    for name in (charset, "utf-8"):
        if not name:
            continue
        try:
            return data.decode(codecs.lookup(name.strip().strip('"')).name)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    return data.decode("cp1252", "replace")


def decode_header_value(value: str) -> str:
    """RFC 2047 encoded words to text; the raw value when they are broken."""
    try:
        return str(make_header(decode_header(value)))
    except email_errors.MessageError:
        return value
    except _PARSER_FAILURES as exc:
        if not raised_by_parser(exc):
            raise
        return value


def _parse_fields(form: Mapping[str, FormPart]) -> ParsedInbound:
    charsets = _charsets(form)

    def text_of(name: str) -> str:
        part = form.get(name)
        return decode_bytes(part.value, charsets.get(name)) if part else ""

    header_text = text_of("headers")
    headers = _header_map(HeaderParser(policy=policy.compat32).parsestr(header_text).items())
    sender = text_of("from") or _first(headers, "from")
    subject = text_of("subject") or decode_header_value(_first(headers, "subject"))
    recipients = _recipients(_envelope_to(text_of("envelope")), [text_of("to"), text_of("cc")], headers)
    attachments = tuple(part.filename or name for name, part in form.items() if part.filename is not None)
    return ParsedInbound(
        mode="parsed",
        from_address=_address(sender) or _envelope_from(text_of("envelope")),
        subject=subject.strip(),
        message_id=_message_id(_first(headers, "message-id")),
        in_reply_to=tuple(_MSGID.findall(_first(headers, "in-reply-to"))),
        references=tuple(_MSGID.findall(_first(headers, "references"))),
        recipients=recipients,
        text=text_of("text"),
        html=text_of("html"),
        spf=text_of("SPF") or text_of("spf"),
        dkim=text_of("dkim"),
        attachments=attachments,
        headers=headers,
    )


def _parse_raw(form: Mapping[str, FormPart]) -> ParsedInbound:
    message = BytesParser(policy=policy.default).parsebytes(form["email"].value)
    if not isinstance(message, EmailMessage):
        raise MalformedPost("the email field is not a MIME message")
    headers = _header_map(message.raw_items())
    envelope = decode_bytes(form["envelope"].value, "utf-8") if "envelope" in form else ""
    sender = decode_header_value(_first(headers, "from"))
    recipients = _recipients(_envelope_to(envelope), [], headers)
    spf = form.get("SPF") or form.get("spf")
    dkim = form.get("dkim")
    return ParsedInbound(
        mode="raw",
        from_address=_address(sender) or _envelope_from(envelope),
        subject=decode_header_value(_first(headers, "subject")).strip(),
        message_id=_message_id(_first(headers, "message-id")),
        in_reply_to=tuple(_MSGID.findall(_first(headers, "in-reply-to"))),
        references=tuple(_MSGID.findall(_first(headers, "references"))),
        recipients=recipients,
        text=_body_text(message, "plain"),
        html=_body_text(message, "html"),
        spf=decode_bytes(spf.value, "utf-8") if spf else "",
        dkim=decode_bytes(dkim.value, "utf-8") if dkim else "",
        attachments=tuple(part.get_filename() or "attachment" for part in _attachments(message)),
        headers=headers,
    )


def _body_text(message: EmailMessage, subtype: str) -> str:
    part = message.get_body(preferencelist=(subtype,))
    if not isinstance(part, EmailMessage) or part.get_content_type() != f"text/{subtype}":
        return ""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_bytes(payload, part.get_content_charset())


def _attachments(message: EmailMessage) -> Iterable[EmailMessage]:
    if not message.is_multipart():
        return []
    return [part for part in message.iter_attachments() if isinstance(part, EmailMessage)]


def _charsets(form: Mapping[str, FormPart]) -> dict[str, str]:
    part = form.get("charsets")
    if part is None:
        return {}
    try:
        data = json.loads(part.value.decode("utf-8", "replace"))
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str)}


def _header_map(items: Iterable[tuple[str, object]]) -> dict[str, tuple[str, ...]]:
    result: dict[str, list[str]] = {}
    for name, value in items:
        text = _FOLD.sub(" ", str(value)).replace("\x00", "").strip()
        result.setdefault(name.strip().lower(), []).append(text)
    return {name: tuple(values) for name, values in result.items()}


def _first(headers: Mapping[str, tuple[str, ...]], name: str) -> str:
    values = headers.get(name)
    return values[0] if values else ""


def _address(value: str) -> str:
    address = parseaddr(value)[1].strip().lower()
    return address if "@" in address else ""


def _message_id(value: str) -> str | None:
    found = _MSGID.search(value)
    if found:
        return found.group(0)
    value = value.strip()
    return f"<{value[:490]}>" if value and " " not in value else None


def _envelope_json(envelope: str) -> dict[str, object]:
    try:
        data = json.loads(envelope) if envelope else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _envelope_to(envelope: str) -> list[str]:
    to = _envelope_json(envelope).get("to")
    if isinstance(to, str):
        return [to]
    return [str(item) for item in to] if isinstance(to, list) else []


def _envelope_from(envelope: str) -> str:
    sender = _envelope_json(envelope).get("from")
    return _address(sender) if isinstance(sender, str) else ""


def _recipients(
    envelope_to: list[str], fields: list[str], headers: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """Envelope recipients first (they are what SendGrid delivered to), then To and Cc."""
    values = [*envelope_to, *fields, *headers.get("to", ()), *headers.get("cc", ())]
    seen: dict[str, None] = {}
    for _, address in getaddresses([v for v in values if v]):
        address = address.strip().lower()
        if "@" in address:
            seen.setdefault(address, None)
    return tuple(seen)
