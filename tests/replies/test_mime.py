"""Re-parsing stored posts: both Inbound Parse modes, the charsets SendGrid names, attachments, bad bodies."""

from __future__ import annotations

import pytest

from service.replies.mime import MalformedPost, decode_bytes, decode_header_value, parse_post
from tests.replies.payloads import (
    MANAGER,
    Attachment,
    Field,
    mime_reply,
    multipart,
    parsed_post,
    raw_post,
    reply_address,
)

TOKEN = "0123456789abcdef0123456789abcdef"
CHARSET_TEXTS = {
    "cp850": "Grüße aus Köln: Ärger vermieden, Erfolg geteilt ½",
    "iso-8859-1": "Très bien, j'ai partagé le mérite avec l'équipe à Zürich",
    "windows-1252": "I said “well done” to ops \u2013 and meant it… €20k saved",
    "utf-8": "Compartí el mérito 🎉 com a equipe de São Paulo",
}
PDF = Attachment("plan.pdf", "application/pdf", b"%PDF-1.4\n" + bytes(range(256)) * 40)
PNG = Attachment("board.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00\xff\r\n" * 500)


@pytest.mark.parametrize("charset", sorted(CHARSET_TEXTS))
def test_parsed_mode_text_and_html_are_decoded_with_the_named_charset(charset: str) -> None:
    words = CHARSET_TEXTS[charset]
    body, content_type = parsed_post(text=words, html=f"<p>{words}</p>", charset=charset, attachments=[PDF])
    parsed = parse_post(content_type, body)
    assert parsed.mode == "parsed"
    assert parsed.text == words
    assert parsed.html == f"<p>{words}</p>"
    assert "\ufffd" not in parsed.text


@pytest.mark.parametrize("charset", ["cp850", "iso-8859-1", "windows-1252", "utf-8"])
def test_raw_mode_decodes_each_part_with_its_own_charset(charset: str) -> None:
    words = CHARSET_TEXTS[charset]
    email = mime_reply(
        text=words, html=f"<div>{words}</div>", charset=charset, to=reply_address(TOKEN), attachments=[PNG]
    )
    parsed = parse_post(*reversed(raw_post(email, envelope_to=[reply_address(TOKEN)])))
    assert parsed.mode == "raw"
    assert parsed.text.strip() == words
    assert parsed.html.strip() == f"<div>{words}</div>"
    assert parsed.attachments == ("board.png",)


def test_parsed_mode_headers_recipients_and_thread_ids() -> None:
    body, content_type = parsed_post(
        text="hi",
        to=f"Coach <{reply_address(TOKEN)}>",
        cc="Boss <boss@example.com>",
        envelope_to=["Reply+ABC@reply.coach.localhost"],
        message_id="<m1@mail.example.com>",
        in_reply_to="<prompt-1@ismtpd-sandbox>",
        references="<nudge-1@ismtpd-sandbox> <prompt-1@ismtpd-sandbox>",
        extra_headers=[("Auto-Submitted", "auto-replied")],
        attachments=[PDF, PNG],
    )
    parsed = parse_post(content_type, body)
    assert parsed.from_address == MANAGER
    assert parsed.recipients[0] == "reply+abc@reply.coach.localhost"
    assert reply_address(TOKEN) in parsed.recipients
    assert "boss@example.com" in parsed.recipients
    assert parsed.message_id == "<m1@mail.example.com>"
    assert parsed.in_reply_to == ("<prompt-1@ismtpd-sandbox>",)
    assert parsed.references == ("<nudge-1@ismtpd-sandbox>", "<prompt-1@ismtpd-sandbox>")
    assert parsed.header("Auto-Submitted") == "auto-replied"
    assert parsed.attachments == ("plan.pdf", "board.png")
    assert parsed.spf == "pass"


def test_an_encoded_subject_in_raw_mode_is_decoded() -> None:
    email = mime_reply(text="hi", subject="Re: Größer denken \u2013 was hat sich geändert?")
    parsed = parse_post(*reversed(raw_post(email, envelope_to=["x@y.z"])))
    assert parsed.subject == "Re: Größer denken \u2013 was hat sich geändert?"


def test_a_mislabelled_charset_falls_back_without_losing_the_post() -> None:
    assert decode_bytes("Grüße".encode("cp1252"), "utf-8") == "Grüße"
    assert decode_bytes("Grüße".encode(), "no-such-charset") == "Grüße"
    assert decode_bytes(b"\x81\xff", None) == "\ufffdÿ"


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("application/x-www-form-urlencoded", b"text=hello", "multipart"),
        ("multipart/form-data", b"--x\r\n\r\nhello\r\n--x--\r\n", "multipart"),
        ("text/plain", b"hello", "multipart"),
        ("", b"\x00\x01\x02", "multipart"),
    ],
)
def test_not_multipart_is_malformed(content_type: str, body: bytes, reason: str) -> None:
    with pytest.raises(MalformedPost, match=reason):
        parse_post(content_type, body)


def test_a_truncated_multipart_body_is_malformed() -> None:
    body, content_type = parsed_post(text="I shared the credit with Priya.", attachments=[PDF])
    for cut in (len(body) // 3, len(body) // 2, len(body) - 20):
        with pytest.raises(MalformedPost, match="truncated"):
            parse_post(content_type, body[:cut])


def test_a_form_without_inbound_fields_is_malformed() -> None:
    body, content_type = multipart([Field("name", b"value")])
    with pytest.raises(MalformedPost, match="no Inbound Parse fields"):
        parse_post(content_type, body)


def test_a_raw_email_field_that_is_garbage_still_parses_to_something_empty() -> None:
    body, content_type = multipart([Field("email", b"\xff\xfe not an email at all \x00")])
    parsed = parse_post(content_type, body)
    assert parsed.mode == "raw"
    assert parsed.from_address == ""
    assert parsed.message_id is None


@pytest.mark.parametrize("subject", ["=?x-made-up?q?hi?=", "=?utf-8?b?////?="])
def test_a_header_the_email_package_cannot_decode_keeps_its_raw_value(subject: str) -> None:
    """The parser's own failure on bad input (an unknown charset, undecodable bytes in an encoded word)
    raises inside the email package: the raw header is kept, nothing crashes."""
    assert decode_header_value(subject) == subject


def test_a_bug_in_our_parsing_code_is_raised_not_called_malformed(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.replies import mime

    def buggy(_form: object) -> None:
        raise AttributeError("'NoneType' object has no attribute 'value'")

    monkeypatch.setattr(mime, "_parse_fields", buggy)
    body, content_type = parsed_post(text="Fine.")
    with pytest.raises(AttributeError):
        parse_post(content_type, body)


def test_only_errors_raised_inside_the_email_package_count_as_parser_errors() -> None:
    from email.message import EmailMessage

    from service.replies.mime import raised_by_parser

    try:
        EmailMessage()["Subject"] = "a\nb"  # the email package refuses a header with a line break
    except ValueError as exc:
        assert raised_by_parser(exc)
    try:
        None.value  # type: ignore[attr-defined]  # noqa: B018 - the point is the AttributeError
    except AttributeError as exc:
        assert not raised_by_parser(exc)
