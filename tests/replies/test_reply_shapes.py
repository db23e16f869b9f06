"""Replies shaped as real clients send them come out as only the new text (tests/replies/reply_shapes.py)."""

from __future__ import annotations

import base64
import quopri
from collections import Counter
from email.message import Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.policy import SMTP

import pytest

from service.replies.extraction import extract_new_text
from service.replies.mime import parse_post
from tests.replies.payloads import raw_post
from tests.replies.reply_shapes import SHAPES, Shape


def part(content: str, subtype: str, shape: Shape) -> Message:
    """A text part in the shape's charset and transfer encoding, encoded by hand as the client did."""
    charset, encoding = (shape.charset, shape.encoding) if subtype == "plain" else ("utf-8", "qp")
    data = content.replace("\n", "\r\n").encode(charset)
    if encoding == "base64":
        data = base64.encodebytes(data)
    elif encoding == "qp":
        data = quopri.encodestring(data)
    message = Message()
    message["Content-Type"] = f"text/{subtype}; charset={charset}"
    message["Content-Transfer-Encoding"] = {"qp": "quoted-printable"}.get(encoding, encoding)
    message.set_payload(data.decode("latin-1"))
    return message


def message_bytes(shape: Shape) -> bytes:
    """The whole email as the client sends it."""
    parts = [part(shape.text, "plain", shape)] if shape.text is not None else []
    if shape.html is not None:
        parts.append(part(shape.html, "html", shape))
    body = parts[0] if len(parts) == 1 else MIMEMultipart("alternative", _subparts=parts)
    if shape.name.endswith("attachment"):
        pdf = MIMEApplication(b"%PDF-1.4 forecast", "pdf", Name="forecast.pdf")
        pdf["Content-Disposition"] = 'attachment; filename="forecast.pdf"'
        body = MIMEMultipart("mixed", _subparts=[body, pdf])
    body["From"] = "Anna Schmidt <anna.schmidt@example.com>"
    body["To"] = (
        "Collaborative Leadership Coach <reply+0123456789abcdef0123456789abcdef@reply.coach.localhost>"
    )
    body["Subject"] = "Re: What did you share this week?"
    body["Message-ID"] = f"<{shape.name}@mail.example.com>"
    return (
        body.as_bytes(policy=SMTP.clone(cte_type="8bit"))
        if isinstance(body, MIMEMultipart)
        else _single(body)
    )


def _single(body: Message) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in body.items())
    return head.encode() + b"\r\n" + str(body.get_payload()).encode("latin-1")


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_each_shape_gives_only_the_new_text(shape: Shape) -> None:
    form, content_type = raw_post(
        message_bytes(shape), envelope_to=["reply+0123456789abcdef@reply.coach.localhost"]
    )
    parsed = parse_post(content_type, form)
    assert extract_new_text(parsed.text, parsed.html) == shape.expected


def test_the_corpus_has_sixty_shapes_across_clients_scripts_and_encodings() -> None:
    assert len(SHAPES) >= 60
    assert len({s.name for s in SHAPES}) == len(SHAPES)
    families = Counter(s.name.split("-")[0] for s in SHAPES)
    for family in ("gmail", "outlook", "apple", "iphone", "thunderbird", "yahoo", "samsung", "sig", "trap"):
        assert families[family] >= 1, family
    assert {s.charset for s in SHAPES} >= {
        "utf-8",
        "koi8-r",
        "iso-2022-jp",
        "shift_jis",
        "gb2312",
        "windows-1252",
    }
    assert {s.encoding for s in SHAPES} >= {"qp", "base64", "8bit", "7bit"}
    assert any(s.text is None for s in SHAPES) and any(s.text and s.html for s in SHAPES)
