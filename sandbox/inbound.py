"""Replies as SendGrid's Inbound Parse posts them: Gmail-style quoting, parsed or raw multipart form."""

from __future__ import annotations

import base64
import html as html_lib
import json
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr, getaddresses, make_msgid
from typing import Any

from sandbox import http

MAIL_DOMAIN = "mail.sandbox.localhost"
PARTS = ("both", "text", "html")
HEADER_NAME = re.compile(r"[!-9;-~]+")
LINE_BREAK = re.compile(r"[\r\n]")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> Attachment:
        """An attachment given as SendGrid's mail API gives them: base64 `content`."""
        content = item.get("content")
        if not isinstance(content, str):
            raise ValueError("attachment content must be a base64 string")
        try:
            data = base64.b64decode(content, validate=True)
        except ValueError:
            raise ValueError("attachment content is not valid base64") from None
        return cls(
            str(item.get("filename") or "attachment.bin"),
            str(item.get("type") or "application/octet-stream"),
            data,
        )


@dataclass(frozen=True)
class ReplyOptions:
    """How to shape a reply: Inbound Parse mode, charset, parts, and overrides for edge-case tests."""

    raw: bool = False
    charset: str = "utf-8"
    parts: str = "both"
    to: str | None = None
    sender: str | None = None
    cc: tuple[str, ...] = ()
    subject: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> ReplyOptions:
        """Read the JSON API's options; ValueError names the first bad one."""
        charset = str(data.get("charset") or "utf-8")
        try:
            "".encode(charset)
        except LookupError:
            raise ValueError(f"unknown charset {charset!r}") from None
        parts = data.get("parts", "both")
        if parts not in PARTS:
            raise ValueError(f"parts must be one of {', '.join(PARTS)}")
        cc = data.get("cc") or []
        if not isinstance(cc, list) or not all(isinstance(a, str) and a for a in cc):
            raise ValueError("cc must be a list of addresses")
        headers = data.get("headers") or {}
        if not isinstance(headers, dict) or not all(
            isinstance(k, str)
            and HEADER_NAME.fullmatch(k)
            and isinstance(v, str)
            and not LINE_BREAK.search(v)
            for k, v in headers.items()
        ):
            raise ValueError("headers must map header names to single-line strings")
        overrides = {key: data.get(key) for key in ("to", "from", "subject")}
        for key, value in overrides.items():
            if value is not None and (not isinstance(value, str) or LINE_BREAK.search(value)):
                raise ValueError(f"{key} must be a single-line string")
        items = data.get("attachments") or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ValueError("attachments must be a list of objects")
        return cls(
            raw=bool(data.get("raw", False)),
            charset=charset,
            parts=str(parts),
            to=overrides["to"],
            sender=overrides["from"],
            cc=tuple(cc),
            subject=overrides["subject"],
            headers=tuple(headers.items()),
            attachments=tuple(Attachment.from_api(item) for item in items),
        )


@dataclass(frozen=True)
class FormField:
    name: str
    value: bytes
    filename: str | None = None
    content_type: str | None = None


def quote_header(original: Mapping[str, Any], when: datetime) -> str:
    """Gmail's English attribution line: "On Mon, Jan 6, 2025 at 9:15 AM Coach <coach@x> wrote:"."""
    hour = when.hour % 12 or 12
    stamp = (
        f"{when:%a}, {when:%b} {when.day}, {when.year} at {hour}:{when:%M} {'AM' if when.hour < 12 else 'PM'}"
    )
    sender = formataddr((original.get("from_name") or "", original["from"]))
    return f"On {stamp} {sender} wrote:"


def quoted_text(new_text: str, original: Mapping[str, Any], when: datetime) -> str:
    """The new text, a blank line, the attribution, then the original with "> " on every line."""
    body = original.get("text") or _strip_tags(original.get("html") or "")
    quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
    return f"{new_text.rstrip()}\n\n{quote_header(original, when)}\n{quoted}\n"


def quoted_html(new_text: str, original: Mapping[str, Any], when: datetime) -> str:
    """Gmail's HTML reply: the new text, then the original inside div.gmail_quote > blockquote."""
    new = "<br>".join(html_lib.escape(line) for line in new_text.rstrip().splitlines())
    old_html = original.get("html") or ""
    match = _BODY.search(old_html)
    inner = match.group(1) if match else old_html
    if not inner:
        inner = "<br>".join(html_lib.escape(line) for line in (original.get("text") or "").splitlines())
    attribution = html_lib.escape(quote_header(original, when)).replace(" wrote:", " wrote:<br>")
    return (
        f'<div dir="ltr">{new}</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
        f'{attribution}</div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
        f'border-left:1px solid rgb(204,204,204);padding-left:1ex">{inner}</blockquote></div>\n'
    )


def build_reply(
    original: Mapping[str, Any],
    text: str,
    options: ReplyOptions | None = None,
    *,
    now: datetime | None = None,
) -> EmailMessage:
    """The reply a recipient's Gmail would send to the original's Reply-To (or From)."""
    options = options or ReplyOptions()
    now = now or datetime.now(UTC)
    received = _parse_time(original.get("received_at")) or now
    msg = EmailMessage()
    msg["Received"] = f"by {MAIL_DOMAIN} with SMTP id {secrets.token_hex(8)}; {format_datetime(now)}"
    msg["MIME-Version"] = "1.0"
    msg["From"] = options.sender or formataddr((original.get("to_name") or "", original["to"]))
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=MAIL_DOMAIN)
    msg["Subject"] = options.subject or reply_subject(str(original.get("subject") or ""))
    msg["To"] = options.to or reply_address(original)
    if options.cc:
        msg["Cc"] = ", ".join(options.cc)
    if original.get("smtp_id"):
        msg["In-Reply-To"] = original["smtp_id"]
        msg["References"] = original["smtp_id"]
    for name, value in options.headers:
        msg[name] = value
    charset = options.charset
    plain = representable(quoted_text(text, original, received), charset)
    html = representable(quoted_html(text, original, received), charset)
    if options.parts == "html":
        msg.set_content(html, subtype="html", charset=charset)
    else:
        msg.set_content(plain, charset=charset)
    if options.parts == "both":
        msg.add_alternative(html, subtype="html", charset=charset)
    for item in options.attachments:
        maintype, _, subtype = item.content_type.partition("/")
        msg.add_attachment(
            item.data, maintype=maintype, subtype=subtype or "octet-stream", filename=item.filename
        )
    return msg


def representable(body: str, charset: str) -> str:
    """What a mail client writing in a legacy charset sends: characters it cannot encode become '?'."""
    return body.encode(charset, "replace").decode(charset)


def reply_subject(subject: str) -> str:
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def reply_address(original: Mapping[str, Any]) -> str:
    return str(original.get("reply_to") or original["from"])


def parsed_fields(msg: EmailMessage, charset: str = "utf-8") -> list[FormField]:
    """Inbound Parse's default form: headers, text, html, from, to, subject, envelope, charsets, …."""
    text_part = msg.get_body(("plain",))
    html_part = msg.get_body(("html",))
    text = text_part.get_content() if text_part is not None else ""
    html = html_part.get_content() if html_part is not None else ""
    header_block = msg.as_bytes(policy=SMTP).split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
    files = [part for part in msg.iter_attachments() if isinstance(part, EmailMessage)]
    fields = [
        _field("headers", header_block.replace("\r\n", "\n") + "\n"),
        _field("dkim", f"{{@{MAIL_DOMAIN} : pass}}"),
        _field("to", str(msg["To"])),
        *([FormField("html", html.encode(charset, "replace"))] if html_part is not None else []),
        _field("from", str(msg["From"])),
        *([FormField("text", text.encode(charset, "replace"))] if text_part is not None else []),
        _field("sender_ip", "127.0.0.1"),
        _field("spam_report", ""),
        _field("envelope", json.dumps(_envelope(msg))),
        _field("attachments", str(len(files))),
        _field("subject", str(msg["Subject"])),
        _field("spam_score", "0.1"),
        _field(
            "charsets",
            json.dumps(
                {"to": "UTF-8", "html": charset, "subject": "UTF-8", "from": "UTF-8", "text": charset}
            ),
        ),
        _field("SPF", "pass"),
    ]
    if msg["Cc"]:
        fields.append(_field("cc", str(msg["Cc"])))
    if files:
        info = {}
        for number, part in enumerate(files, start=1):
            name = part.get_filename() or f"attachment{number}"
            info[f"attachment{number}"] = {"filename": name, "name": name, "type": part.get_content_type()}
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            fields.append(FormField(f"attachment{number}", data, name, part.get_content_type()))
        fields.append(_field("attachment-info", json.dumps(info)))
    return fields


def raw_fields(msg: EmailMessage) -> list[FormField]:
    """Inbound Parse's "send raw" form: the whole MIME message in `email`."""
    return [
        _field("dkim", f"{{@{MAIL_DOMAIN} : pass}}"),
        FormField("email", msg.as_bytes(policy=SMTP)),
        _field("to", str(msg["To"])),
        _field("from", str(msg["From"])),
        _field("sender_ip", "127.0.0.1"),
        _field("spam_report", ""),
        _field("envelope", json.dumps(_envelope(msg))),
        _field("subject", str(msg["Subject"])),
        _field("spam_score", "0.1"),
        _field("charsets", json.dumps({"to": "UTF-8", "from": "UTF-8", "subject": "UTF-8"})),
        _field("SPF", "pass"),
    ]


def encode_multipart(fields: Sequence[FormField]) -> tuple[bytes, str]:
    """multipart/form-data bytes, each field in its own charset, and the Content-Type header."""
    boundary = "xYzZY" + secrets.token_hex(12)
    chunks: list[bytes] = []
    for item in fields:
        disposition = f'form-data; name="{item.name}"'
        if item.filename is not None:
            disposition += f'; filename="{item.filename.replace(chr(34), "")}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if item.content_type:
            head += f"Content-Type: {item.content_type}\r\n"
        chunks += [head.encode(), b"\r\n", item.value, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def basic_auth_header(auth: str) -> dict[str, str]:
    """{"Authorization": "Basic …"} from "user:password"; nothing when unset."""
    if not auth:
        return {}
    return {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}


def post_reply(
    url: str,
    auth: str,
    original: Mapping[str, Any],
    text: str,
    options: ReplyOptions | None = None,
    timeout: float = 30.0,
) -> int:
    """Build a reply to `original` and POST it as Inbound Parse would; the webhook's status code."""
    options = options or ReplyOptions()
    msg = build_reply(original, text, options)
    fields = raw_fields(msg) if options.raw else parsed_fields(msg, options.charset)
    body, content_type = encode_multipart(fields)
    headers = {"Content-Type": content_type, "User-Agent": "Sendlib/1.0 sandbox", **basic_auth_header(auth)}
    status, _ = http.post(url, body, headers, timeout)
    return status


def _field(name: str, value: str) -> FormField:
    return FormField(name, value.encode())


def _envelope(msg: EmailMessage) -> dict[str, Any]:
    recipients = [addr for _, addr in getaddresses([str(msg["To"]), str(msg["Cc"] or "")]) if addr]
    sender = getaddresses([str(msg["From"])])
    return {"to": recipients, "from": sender[0][1] if sender else ""}


def _strip_tags(markup: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", markup))


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
