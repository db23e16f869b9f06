"""Inbound Parse posts as SendGrid sends them, in both modes, built byte for byte for the tests."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, getaddresses

from tests.conftest import TEST_INBOUND_AUTH

INBOUND_URL = "/webhooks/sendgrid/inbound"
MANAGER = "anna.schmidt@example.com"


@dataclass(frozen=True)
class Field:
    name: str
    value: bytes
    filename: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def auth_header(auth: str = TEST_INBOUND_AUTH) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode()}


def multipart(fields: Sequence[Field], boundary: str | None = None) -> tuple[bytes, str]:
    """multipart/form-data exactly as SendGrid frames it: every field's bytes untouched."""
    boundary = boundary or "xYzZY" + secrets.token_hex(8)
    chunks: list[bytes] = []
    for item in fields:
        disposition = f'form-data; name="{item.name}"'
        if item.filename is not None:
            disposition += f'; filename="{item.filename}"'
        head = f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
        if item.content_type:
            head += f"Content-Type: {item.content_type}\r\n"
        chunks += [head.encode(), b"\r\n", item.value, b"\r\n"]
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def reply_headers(
    *,
    sender: str,
    to: str,
    subject: str,
    cc: str | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str]]:
    headers = [
        ("Received", "by mx.example.com with SMTP id abc123; Mon, 6 Jan 2025 10:00:00 +0000"),
        ("MIME-Version", "1.0"),
        ("From", sender),
        ("Date", "Mon, 6 Jan 2025 10:00:00 +0100"),
        ("Message-ID", message_id or f"<{secrets.token_hex(8)}@mail.example.com>"),
        ("Subject", subject),
        ("To", to),
    ]
    if cc:
        headers.append(("Cc", cc))
    if in_reply_to:
        headers.append(("In-Reply-To", in_reply_to))
    if references:
        headers.append(("References", references))
    headers.extend(extra)
    return headers


def parsed_post(
    *,
    text: str | None,
    html: str | None = None,
    charset: str = "utf-8",
    sender: str = f"Anna Schmidt <{MANAGER}>",
    to: str = "coach@coach.localhost",
    cc: str | None = None,
    envelope_to: Sequence[str] | None = None,
    subject: str = "Re: What did you share this week?",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    extra_headers: Sequence[tuple[str, str]] = (),
    attachments: Sequence[Attachment] = (),
    spf: str = "pass",
    dkim: str = "{@example.com : pass}",
) -> tuple[bytes, str]:
    """The default Inbound Parse form: headers, text and html in `charset`, named in `charsets`."""
    headers = reply_headers(
        sender=sender,
        to=to,
        subject=subject,
        cc=cc,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        extra=extra_headers,
    )
    header_block = "".join(f"{name}: {value}\n" for name, value in headers)
    recipients = list(envelope_to) if envelope_to is not None else _addresses(to, cc)
    charsets = {"to": "UTF-8", "from": "UTF-8", "subject": "UTF-8", "cc": "UTF-8"}
    fields = [
        Field("headers", header_block.encode("utf-8")),
        Field("dkim", dkim.encode()),
        Field("to", to.encode()),
        Field("from", sender.encode()),
        Field("sender_ip", b"203.0.113.7"),
        Field("spam_report", b""),
        Field("envelope", json.dumps({"to": recipients, "from": _addresses(sender)[0]}).encode()),
        Field("subject", subject.encode("utf-8")),
        Field("spam_score", b"0.1"),
        Field("SPF", spf.encode()),
    ]
    if cc:
        fields.append(Field("cc", cc.encode()))
    if text is not None:
        fields.append(Field("text", text.encode(charset)))
        charsets["text"] = charset
    if html is not None:
        fields.append(Field("html", html.encode(charset)))
        charsets["html"] = charset
    fields.append(Field("charsets", json.dumps(charsets).encode()))
    fields.append(Field("attachments", str(len(attachments)).encode()))
    info = {}
    for number, item in enumerate(attachments, start=1):
        name = f"attachment{number}"
        info[name] = {"filename": item.filename, "name": item.filename, "type": item.content_type}
        fields.append(Field(name, item.data, item.filename, item.content_type))
    if attachments:
        fields.append(Field("attachment-info", json.dumps(info).encode()))
    return multipart(fields)


def mime_reply(
    *,
    text: str | None,
    html: str | None = None,
    charset: str = "utf-8",
    sender: str = f"Anna Schmidt <{MANAGER}>",
    to: str = "coach@coach.localhost",
    cc: str | None = None,
    subject: str = "Re: What did you share this week?",
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    extra_headers: Sequence[tuple[str, str]] = (),
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """A whole reply as a mail client would send it (what "send raw" puts in the `email` field)."""
    msg = EmailMessage()
    for name, value in reply_headers(
        sender=sender,
        to=to,
        subject=subject,
        cc=cc,
        message_id=message_id,
        in_reply_to=in_reply_to,
        references=references,
        extra=extra_headers,
    ):
        msg[name] = value
    if text is not None:
        msg.set_content(text, charset=charset)
        if html is not None:
            msg.add_alternative(html, subtype="html", charset=charset)
    elif html is not None:
        msg.set_content(html, subtype="html", charset=charset)
    for item in attachments:
        maintype, _, subtype = item.content_type.partition("/")
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename)
    return msg.as_bytes(policy=SMTP)


def raw_post(
    email_bytes: bytes, *, envelope_to: Sequence[str], sender: str = MANAGER, spf: str = "pass"
) -> tuple[bytes, str]:
    """The "send raw" Inbound Parse form: the whole message in `email`."""
    fields = [
        Field("dkim", b"{@example.com : pass}"),
        Field("email", email_bytes),
        Field("to", ", ".join(envelope_to).encode()),
        Field("from", sender.encode()),
        Field("sender_ip", b"203.0.113.7"),
        Field("spam_report", b""),
        Field("envelope", json.dumps({"to": list(envelope_to), "from": sender}).encode()),
        Field("subject", b"Re: What did you share this week?"),
        Field("spam_score", b"0.1"),
        Field("charsets", json.dumps({"to": "UTF-8", "from": "UTF-8", "subject": "UTF-8"}).encode()),
        Field("SPF", spf.encode()),
    ]
    return multipart(fields)


def reply_address(token: str, domain: str = "reply.coach.localhost") -> str:
    return f"reply+{token}@{domain}"


def coach_address(token: str) -> str:
    return formataddr(("Collaborative Leadership Coach", reply_address(token)))


def _addresses(*values: str | None) -> list[str]:
    return [address for _, address in getaddresses([v for v in values if v]) if address]
