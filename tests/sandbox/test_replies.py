"""Replies reach the service's inbound webhook as Inbound Parse posts: fields, quoting, auth, modes."""

from __future__ import annotations

import base64
import email
import json
import re
from email import policy
from pathlib import Path
from typing import Any

import pytest

from sandbox.testing import api, messages
from tests.conftest import TEST_INBOUND_AUTH
from tests.sandbox.conftest import Receiver, raw_send, send_body

PARSED_FIELDS = {
    "headers",
    "dkim",
    "to",
    "html",
    "from",
    "text",
    "sender_ip",
    "envelope",
    "attachments",
    "subject",
    "charsets",
    "SPF",
    "spam_score",
    "spam_report",
}


def _stored(sandbox: str) -> dict[str, Any]:
    assert raw_send(sandbox, send_body())[0] == 202
    return messages(sandbox)[0]


def _field_bytes(post: Any, name: str) -> bytes:
    """One multipart/form-data field's raw bytes, cut at the form's own boundary."""
    boundary = post.headers["Content-Type"].split("boundary=", 1)[1].strip('"').encode()
    for part in post.body.split(b"--" + boundary):
        head, _, value = part.partition(b"\r\n\r\n")
        if f'name="{name}"'.encode() in head:
            return bytes(value.removesuffix(b"\r\n"))
    raise AssertionError(f"no {name!r} field")


def _basic(header: str) -> str:
    scheme, _, value = header.partition(" ")
    assert scheme == "Basic"
    return base64.b64decode(value).decode()


def test_parsed_reply_posts_inbound_parse_fields_with_basic_auth(sandbox: str, receiver: Receiver) -> None:
    original = _stored(sandbox)

    status, body = api(
        sandbox, "POST", f"/api/messages/{original['id']}/reply", {"text": "I thanked Sam.\nIn public."}
    )

    assert (status, body) == (200, {"webhook_status": 200})
    [post] = receiver.wait_for(1)
    assert post.path == "/webhooks/sendgrid/inbound"
    assert post.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert _basic(post.headers["Authorization"]) == TEST_INBOUND_AUTH
    form = post.form
    assert set(form) >= PARSED_FIELDS
    assert form["to"] == "reply+tok123@reply.coach.localhost"
    assert form["from"] == "Mia Manager <manager@example.com>"
    assert form["subject"] == "Re: Share the credit this week"
    assert json.loads(form["envelope"]) == {
        "to": ["reply+tok123@reply.coach.localhost"],
        "from": "manager@example.com",
    }
    assert json.loads(form["charsets"])["text"] == "utf-8"
    assert form["SPF"] == "pass" and form["attachments"] == "0"
    assert f"In-Reply-To: {original['smtp_id']}" in form["headers"]
    assert f"References: {original['smtp_id']}" in form["headers"]
    lines = form["text"].splitlines()
    assert lines[:2] == ["I thanked Sam.", "In public."]
    assert re.fullmatch(
        r"On \w{3}, \w{3} \d{1,2}, \d{4} at \d{1,2}:\d{2} [AP]M Coach <coach@coach\.localhost> wrote:",
        lines[3],
    )
    assert lines[4:] == ["> Hello Mia,", "> Name one person whose work made a deal possible."]
    assert form["html"].startswith('<div dir="ltr">I thanked Sam.<br>In public.</div>')
    assert '<blockquote class="gmail_quote"' in form["html"]
    assert "<p>Name one person.</p></blockquote>" in form["html"]
    assert api(sandbox, "GET", "/api/stats")[1]["replies_posted"] == 1


def test_raw_reply_posts_the_whole_mime_message_in_email(sandbox: str, receiver: Receiver) -> None:
    original = _stored(sandbox)

    status, _ = api(sandbox, "POST", f"/api/messages/{original['id']}/reply", {"text": "Done.", "raw": True})

    assert status == 200
    [post] = receiver.wait_for(1)
    assert "text" not in post.form and "headers" not in post.form
    assert {"email", "to", "from", "envelope", "charsets", "SPF", "dkim"} <= set(post.form)
    parsed = email.message_from_string(post.form["email"], policy=policy.default)
    assert parsed["In-Reply-To"] == original["smtp_id"]
    assert parsed["To"] == "reply+tok123@reply.coach.localhost"
    assert parsed["Subject"] == "Re: Share the credit this week"
    text = parsed.get_body(("plain",))
    assert text is not None
    assert text.get_content().replace("\r\n", "\n").startswith("Done.\n\nOn ")
    assert parsed.get_body(("html",)) is not None


def test_reply_in_a_legacy_charset_is_encoded_and_named(sandbox: str, receiver: Receiver) -> None:
    original = _stored(sandbox)
    api(
        sandbox,
        "POST",
        f"/api/messages/{original['id']}/reply",
        {"text": "Très bien, merci.", "charset": "iso-8859-1"},
    )
    [post] = receiver.wait_for(1)
    assert json.loads(post.form["charsets"])["text"] == "iso-8859-1"
    assert "Très bien, merci.".encode("iso-8859-1") in post.body
    assert "Très bien".encode() not in post.body


@pytest.mark.parametrize("raw", [False, True], ids=["parsed", "raw"])
def test_legacy_charset_reply_quoting_characters_it_cannot_encode(
    sandbox: str, receiver: Receiver, raw: bool
) -> None:
    """The quoted original (an em dash, a curly quote, an emoji) is not all windows-1252: no 500."""
    content = [
        {
            "type": "text/plain",
            "value": "Name one person \u2014 \u201cthe deal\u201d \u2705 \u0141\u00f3d\u017a",
        }
    ]
    assert raw_send(sandbox, send_body(content=content))[0] == 202
    original = messages(sandbox)[0]
    status, body = api(
        sandbox,
        "POST",
        f"/api/messages/{original['id']}/reply",
        {"text": "Très bien \u2014 merci.", "charset": "windows-1252", "raw": raw},
    )
    assert (status, body) == (200, {"webhook_status": 200})
    [post] = receiver.wait_for(1)
    if raw:  # Werkzeug's form decodes as UTF-8: read the field's bytes as the service does
        parsed = email.message_from_bytes(_field_bytes(post, "email"), policy=policy.default)
        text = parsed.get_body(("plain",))
        assert text is not None and text.get_content_charset() == "windows-1252"
        decoded = text.get_content()
    else:
        assert json.loads(post.form["charsets"])["text"] == "windows-1252"
        decoded = _field_bytes(post, "text").decode("cp1252")
    assert "Très bien \u2014 merci." in decoded  # cp1252 has the em dash
    assert "\u201cthe deal\u201d" in decoded
    assert "\u2705" not in decoded and "?" in decoded  # what cp1252 cannot hold becomes '?', as clients do


def test_reply_attachments_arrive_as_files_with_attachment_info(sandbox: str, receiver: Receiver) -> None:
    original = _stored(sandbox)
    attachment = {
        "filename": "notes.txt",
        "type": "text/plain",
        "content": base64.b64encode(b"my notes").decode(),
    }
    status, _ = api(
        sandbox,
        "POST",
        f"/api/messages/{original['id']}/reply",
        {"text": "See attached.", "attachments": [attachment]},
    )
    assert status == 200
    [post] = receiver.wait_for(1)
    assert post.form["attachments"] == "1"
    assert json.loads(post.form["attachment-info"])["attachment1"]["filename"] == "notes.txt"
    assert post.files["attachment1"] == ("notes.txt", "text/plain", b"my notes")


def test_the_webhook_status_is_passed_back(sandbox: str, receiver: Receiver) -> None:
    original = _stored(sandbox)
    receiver.status = 401
    status, body = api(sandbox, "POST", f"/api/messages/{original['id']}/reply", {"text": "x"})
    assert (status, body) == (401, {"webhook_status": 401})


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"text": ""},
        {"text": "   "},
        {"text": 5},
        {"text": "x", "charset": "no-such-charset"},
        {"text": "x", "attachments": [{"filename": "a", "content": "***"}]},
        {"text": "x", "parts": "pdf"},
        {"text": "x", "headers": {"X-A": "1\r\nBcc: evil@example.com"}},
        {"text": "x", "headers": {"X A": "1"}},
        {"text": "x", "cc": "a@example.com"},
        {"text": "x", "to": "a@example.com\nBcc: b@example.com"},
    ],
    ids=[
        "no-text",
        "empty",
        "blank",
        "not-a-string",
        "unknown-charset",
        "bad-base64",
        "bad-parts",
        "header-injection",
        "header-name",
        "cc-not-a-list",
        "to-with-newline",
    ],
)
def test_bad_reply_requests_get_400_and_post_nothing(
    sandbox: str, receiver: Receiver, payload: dict[str, Any]
) -> None:
    original = _stored(sandbox)
    assert api(sandbox, "POST", f"/api/messages/{original['id']}/reply", payload)[0] == 400
    assert receiver.posts == []


def test_reply_to_an_unknown_message_is_404(sandbox: str) -> None:
    assert api(sandbox, "POST", "/api/messages/999999/reply", {"text": "x"})[0] == 404


def test_html_only_reply_with_overrides_for_matching_and_auto_reply_cases(
    sandbox: str, receiver: Receiver
) -> None:
    original = _stored(sandbox)
    options = {
        "text": "Je suis absent.", "parts": "html", "to": "coach@coach.localhost",
        "from": "Mia <mia.private@example.org>", "cc": ["boss@example.com"], "subject": "Abwesenheit",
        "headers": {"Auto-Submitted": "auto-replied", "X-Autoreply": "yes"},
    }  # fmt: skip

    assert api(sandbox, "POST", f"/api/messages/{original['id']}/reply", options)[0] == 200

    [post] = receiver.wait_for(1)
    form = post.form
    assert "text" not in form
    assert form["html"].startswith('<div dir="ltr">Je suis absent.</div>')
    assert (form["to"], form["from"], form["cc"], form["subject"]) == (
        "coach@coach.localhost", "Mia <mia.private@example.org>", "boss@example.com", "Abwesenheit"
    )  # fmt: skip
    assert json.loads(form["envelope"]) == {
        "to": ["coach@coach.localhost", "boss@example.com"], "from": "mia.private@example.org"
    }  # fmt: skip
    assert "Auto-Submitted: auto-replied" in form["headers"]
    assert f"In-Reply-To: {original['smtp_id']}" in form["headers"]


def test_unreachable_inbound_webhook_is_a_502(tmp_path: Path) -> None:
    from sandbox.testing import free_port, running_sandbox

    with running_sandbox(tmp_path, COACH_SERVICE_URL=f"http://127.0.0.1:{free_port()}") as url:
        original = _stored(url)
        status, body = api(url, "POST", f"/api/messages/{original['id']}/reply", {"text": "x"})
    assert status == 502
    assert "unreachable" in body["error"]
